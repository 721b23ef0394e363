package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static dev.adjoint.processor.diag.DiagnosticSources.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics on a {@code @Differentiable} method's signature (ADJ010–ADJ018), and what holds
 * for all diagnostics: every error of a method in one compilation, the other methods' companion
 * still generated, and a remedy in every text. Body diagnostics are in {@link
 * DiagnosticsTestBodyTest}, limits and robustness in {@link DiagnosticsTestLimitsTest}.
 *
 * <p>Expected errors are marked in the sources; see {@link DiagnosticSources}. Errors about the
 * method itself are on the line of its name, errors about a parameter's type on the parameter's
 * line, errors about {@code wrt} on the line of its value.
 */
class DiagnosticsTest {

  @Test
  void adj010InstanceMethodOfAGenericClass() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo<T> {
          @Differentiable
          double f(double x) {  //! ADJ010
            return x * x;
          }

          @Differentiable
          static double g(double x) {
            return x * x;
          }

          class Inner {
            @Differentiable
            double h(double x) {  //! ADJ010
              return x;
            }
          }
        }
        """);
  }

  @Test
  void adj011ReturnTypeOtherThanDouble() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static int asInt(double x) {  //! ADJ011
            return 1;
          }

          @Differentiable
          static float asFloat(double x) {  //! ADJ011
            return 1;
          }

          @Differentiable
          static void nothing(double x) {  //! ADJ011
          }
        }
        """);
  }

  @Test
  void adj012WrtNamesNoParameter() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable(wrt = {"x", "z"})  //! ADJ012
              static double f(double x, int n) {
                return x * n;
              }

              @Differentiable(wrt = "z")  //! ADJ012
              static double onlyUnknown(double x) {  //! ADJ014
                return x;
              }
            }
            """);
    // ADJ012 names the wrong name and lists the parameters.
    assertTrue(
        c.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .anyMatch(
                t ->
                    t.equals(
                        "[ADJ012] wrt names \"z\", but f has no parameter of that name (its"
                            + " parameters: x, n).")),
        DiagnosticSources.listing(c));
  }

  @Test
  void adj013WrtNamesAnIntOrLongParameter() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable(
              wrt = {"x", "n", "m"})  //! ADJ013 ADJ013
          static double f(
              double x,
              int n,
              long m) {
            return x * n * m;
          }
        }
        """);
  }

  @Test
  void adj014NoDifferentiableParameter() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(int n, long m, boolean b) {  //! ADJ014
            return b ? n : m;
          }

          @Differentiable
          static double none() {  //! ADJ014
            return 1.0;
          }
        }
        """);
  }

  @Test
  void adj015UnsupportedParameterTypesEachOnItsLine() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(
              double x,
              Object o,  //! ADJ015
              float g,  //! ADJ015
              double[] a,
              double[][][] cube,  //! ADJ015
              long[] longs,  //! ADJ015
              Double boxed,  //! ADJ015
              double... rest) {
            return x + a[0] + rest.length;
          }
        }
        """);
  }

  @Test
  void adj016NoBody() {
    // Abstract, native and interface methods without a body.
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        abstract class Foo {
          @Differentiable
          abstract double f(double x);  //! ADJ016

          @Differentiable
          static native double g(double x);  //! ADJ016

          interface Shape {
            @Differentiable
            double area(double r);  //! ADJ016
          }
        }
        """);
  }

  @Test
  void adj016SaysWhatToDo() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static native double g(double x);  //! ADJ016
            }
            """);
    assertContains(message(c, "ADJ016"), "Annotate a static method with a body instead");
  }

  /**
   * A static method without body (a javac error too) is ADJ016, not an internal error (it once was
   * ADJ003, a NullPointerException in MethodReader).
   */
  @Test
  void adj016StaticMethodWithoutBody() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x);
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorContaining("[ADJ016]").inFile(file).onLine(5);
    assertFalse(
        c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).startsWith("[ADJ003]")),
        DiagnosticSources.listing(c));
  }

  @Test
  void adj017MethodInAPrivateClass() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static class Hidden {
                @Differentiable
                static double f(double x) {  //! ADJ017
                  return x * x;
                }

                static class Deeper {
                  @Differentiable
                  static double g(double x) {  //! ADJ017
                    return x * x;
                  }
                }
              }
            }
            """);
    assertTrue(
        c.errors().stream()
            .allMatch(d -> d.getMessage(Locale.ROOT).contains(
                "Declare Hidden without `private`; package-private keeps it out of your API")),
        DiagnosticSources.listing(c));
  }

  /**
   * ADJ017's advice, followed: Hidden declared without {@code private} compiles, and its
   * derivative reads its private state (through handles) and is right.
   */
  @Test
  void adj017AdviceFollowedCompilesAndIsRight() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static class Hidden {
                private static final double HALF = 0.5;
                private double scale = 3;
                protected double shift = 1;

                @Differentiable
                double f(double x) {
                  return HALF * scale * (x - shift) * (x - shift);
                }
              }
            }
            """);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> hidden = loader.loadClass("p.Foo$Hidden");
    java.lang.reflect.Constructor<?> make = hidden.getDeclaredConstructor();
    make.setAccessible(true);
    Object model = make.newInstance();
    java.lang.reflect.Method gradient =
        loader.loadClass("p.Foo_HiddenDerivatives").getDeclaredMethod("fGradient", hidden, double.class);
    gradient.setAccessible(true);
    java.lang.reflect.Method f = hidden.getDeclaredMethod("f", double.class);
    f.setAccessible(true);
    double x = 2.5;
    double h = 1e-6;
    double fd = ((double) f.invoke(model, x + h) - (double) f.invoke(model, x - h)) / (2 * h);
    assertEquals(fd, ((double[]) gradient.invoke(null, model, x))[0], 1e-6);
  }

  /** A field of a private class (even a protected one) cannot be reached: ADJ040, whose advice works. */
  @Test
  void adj040FieldOfAPrivateClassAndItsAdvice() throws Exception {
    String source =
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          private static class Params {
            protected static double scale = 2;
            private static final double ROOT = 1.5;
          }

          @Differentiable
          static double f(double x) {
            return x * Params.scale  //! ADJ040
                + Params.ROOT * x;
          }
        }
        """;
    Compilation c = expectErrors("p.Foo", source);
    assertContains(
        message(c, "ADJ040"),
        "Field Params.scale is in the private class Params, which the generated companion class");
    assertContains(message(c, "ADJ040"), "Declare Params without `private`");
    Compilation fixed =
        expectClean(
            "p.Foo",
            source.replace("private static class Params", "static class Params").replace("  //! ADJ040", ""));
    java.lang.reflect.Method gradient =
        DiagnosticSources.classes(fixed).loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class);
    gradient.setAccessible(true);
    assertEquals(2 + 1.5, ((double[]) gradient.invoke(null, 0.7))[0], 1e-12);
  }

  /**
   * A private helper computing data is called through its method handle, but not one of a
   * private class, which the companion cannot name to make the handle: ADJ034, whose advice works
   * (and the private helper, called in a loop, gives the gradient of the original).
   */
  @Test
  void adj034DataHelperOfAPrivateClassAndItsAdvice() throws Exception {
    String source =
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          private static final class Steps {
            private static int count(int n) {
              return 2 * n + 1;
            }
          }

          @Differentiable
          static double f(double x, int n) {
            double s = 0;
            for (int i = 0; i < Steps.count(n); i++) {  //! ADJ034
              s += Math.sin(x * i);
            }
            return s;
          }
        }
        """;
    Compilation c = expectErrors("p.Foo", source);
    assertContains(message(c, "ADJ034"), "its class Steps is private");
    assertContains(message(c, "ADJ034"), "declare Steps without `private`");
    Compilation fixed =
        expectClean(
            "p.Foo",
            source
                .replace("private static final class Steps", "static final class Steps")
                .replace("  //! ADJ034", ""));
    ClassLoader loader = DiagnosticSources.classes(fixed);
    java.lang.reflect.Method original = loader.loadClass("p.Foo").getDeclaredMethod("f", double.class, int.class);
    java.lang.reflect.Method gradient =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class, int.class);
    original.setAccessible(true);
    gradient.setAccessible(true);
    double x = 0.3;
    double h = 1e-6;
    double difference =
        ((double) original.invoke(null, x + h, 2) - (double) original.invoke(null, x - h, 2)) / (2 * h);
    assertEquals(difference, ((double[]) gradient.invoke(null, x, 2))[0], 1e-6);
  }

  @Test
  void adj018DuplicateWrt() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable(wrt = {"x", "y", "x"})  //! ADJ018
          static double f(double x, double y) {
            return x * y;
          }
        }
        """);
  }

  /** Four problems on four lines, in statements and expressions: four errors, one compilation. */
  @Test
  void allErrorsOfAMethodAreReportedInOneCompilation() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static double helper(double x) {
                return x;
              }

              @Differentiable
              static double f(double x) {
                double a = Math.random();  //! ADJ036
                while (x > 10) {
                  x = x * 1.5f;  //! ADJ037
                }
                double b = Double.sum(x, 1);  //! ADJ081
                double c = 1.5f;  //! ADJ037
                return a + b + c;
              }
            }
            """);
    assertThat(c).hadErrorCount(4);
  }

  /** Signature and body problems of one method are reported together too. */
  @Test
  void signatureAndBodyErrorsTogether() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable(wrt = "q")  //! ADJ012
          int f(double x) {  //! ADJ011 ADJ014
            try {  //! ADJ022
              x = x + 1;
            } finally {
            }
            return (int) Math.ulp(x);  //! ADJ035
          }
        }
        """);
  }

  /**
   * A bad method does not stop the companion of the good ones. compile-testing hides generated
   * files of a failed compilation, so this runs javac directly with a source output directory.
   */
  @Test
  void otherMethodsStillGetTheirCompanion(@TempDir Path dir) throws IOException {
    String text =
        """
        package p;
        import dev.adjoint.Differentiable;
        public class Foo {
          @Differentiable
          public static double good(double x, double y) {
            return Math.sin(x) * y;
          }

          @Differentiable
          public static double bad(double x) {
            double[] a = {x};
            return a[0];
          }

          @Differentiable
          public static double alsoGood(double x) {
            return x * x;
          }
        }
        """;
    Path src = dir.resolve("src/p/Foo.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, text, StandardCharsets.UTF_8);
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              List.of("-classpath", System.getProperty("java.class.path")),
              null,
              files.getJavaFileObjects(src));
      task.setProcessors(List.of(new AdjointProcessor()));
      ok = task.call();
    }
    assertFalse(ok, "the bad method must fail the compilation");
    List<String> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .map(d -> d.getLineNumber() + ":" + d.getMessage(Locale.ROOT).substring(0, 8))
            .sorted()
            .collect(Collectors.toList());
    assertEquals(
        List.of("11:[ADJ038]"),
        errors,
        diagnostics.getDiagnostics().toString());
    Path companion = generated.resolve("p/FooDerivatives.java");
    assertTrue(Files.exists(companion), "p/FooDerivatives.java was not generated");
    String code = Files.readString(companion, StandardCharsets.UTF_8);
    assertTrue(
        code.contains("public static double goodGradient(double x, double y, double[] grad)"), code);
    assertTrue(
        code.contains("public static double goodDerivative(double x, double y, double[] direction)"),
        code);
    assertTrue(code.contains("public static double alsoGoodGradient(double x, double[] grad)"), code);
    assertFalse(code.contains("badGradient"), code);
    assertFalse(code.contains("badDerivative"), code);
  }

  /** Each text says what to do; a distinctive phrase of each remedy is pinned here. */
  @Test
  void messagesSayWhatToDo() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static class Params {
                static double hidden = 1;
              }
              static double helper(double x) {
                return x;
              }

              @Differentiable(wrt = {"x", "x", "n"})  //! ADJ018 ADJ013
              double f(double x, int n, Object s) {  //! ADJ015
                double a = Double.sum(x, 1) + Params.hidden;  //! ADJ081 ADJ040
                double b = Math.random();  //! ADJ036
                x = b = a;  //! ADJ039
                double u = Math.ulp(x);  //! ADJ035
                return u + 1.5f;  //! ADJ037
              }

              @Differentiable
              static boolean g(double x) {  //! ADJ011
                return x > 0;
              }

              @Differentiable
              static double[] v(double x, int n) {
                double[] r = new double[1];
                for (int i = 0; i < n; i++) {
                  return r;  //! ADJ021
                }
                r[0] = x;
                return r;
              }
            }
            """);
    assertContains(message(c, "ADJ011"), "it must return double");
    assertContains(message(c, "ADJ013"), "Remove it from wrt: it is then used as data");
    assertContains(message(c, "ADJ015"), "use double or double[] (to differentiate), or int, long, boolean, int[], String or an enum (as data)");
    assertContains(message(c, "ADJ018"), "more than once. Name each parameter once.");
    assertContains(message(c, "ADJ021"), "leave the loop with break, and return after it");
    assertContains(message(c, "ADJ081"), "give that wrapper a @GradientOf method beside it, or pass it only values");
    assertContains(message(c, "ADJ035"), "Use a function with a derivative");
    assertContains(message(c, "ADJ036"), "Draw the random numbers outside and pass them in as parameters");
    assertContains(message(c, "ADJ037"), "use double (or int, long, boolean for data)");
    assertContains(message(c, "ADJ039"), "as a statement of its own");
    assertContains(message(c, "ADJ040"), "Declare Params without `private`; package-private keeps it out of your API");
  }

  private static void assertContains(String text, String phrase) {
    assertTrue(text.contains(phrase), () -> "expected \"" + phrase + "\" in: " + text);
  }

  /** A @GradientOf method is checked against the method it names, each problem on its line. */
  @Test
  void adj045GradientOfSignatures() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
            class Foo {
              static double f(double x, int n) {
                return x * n;
              }

              @GradientOf("missing")
              static double g1(double x, double[] grad) {  //! ADJ045
                return x;
              }

              @GradientOf("f")
              static double g2(double x, double[] grad) {  //! ADJ045
                return x;
              }

              @GradientOf("f")
              double g3(double x, int n, double[] grad) {  //! ADJ045
                return x;
              }

              @Differentiable
              static double h(double x) {
                return x * x;
              }

              @GradientOf("h")
              static double g4(double x, double[] grad) {  //! ADJ045
                return x;
              }

              @GradientOf("f")
              static double good(double x, int n, double[] grad) {
                grad[0] = n;
                return f(x, n);
              }
            }
            """);
    List<String> texts = c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    assertTrue(texts.stream().anyMatch(t -> t.contains("this class has no method named \"missing\"")), texts.toString());
    assertTrue(texts.stream().anyMatch(t -> t.contains("do not match f(double, int) followed by double[] grad")), texts.toString());
    assertTrue(texts.stream().anyMatch(t -> t.contains("it must be static")), texts.toString());
    assertTrue(texts.stream().anyMatch(t -> t.contains("h is @Differentiable already")), texts.toString());
  }

  /** A call of a method with a @GradientOf method is differentiated through it. */
  @Test
  void callsGoThroughAGradientOfMethod() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
            import dev.adjoint.HessianVectorOf;
            class Foo {
              static double cube(double x) {
                double y = 1;
                for (int i = 0; i < 3; i++) {
                  y *= x;
                }
                return y;
              }

              @GradientOf("cube")
              static double cubeGradient(double x, double[] grad) {
                grad[0] = 3 * x * x;
                return cube(x);
              }

              @HessianVectorOf("cube")
              static double cubeHessianVector(double x, double[] v, double[] grad, double[] hv) {
                hv[0] = 6 * x * v[0];
                return cubeGradient(x, grad);
              }

              @Differentiable
              static double f(double x) {
                return cube(Math.sin(x)) + x;
              }
            }
            """);
    Class<?> companion = DiagnosticSources.classes(c).loadClass("p.FooDerivatives");
    java.lang.reflect.Method gradient =
        companion.getDeclaredMethod("fGradient", double.class, double[].class);
    gradient.setAccessible(true);
    double x = 0.4;
    double[] grad = new double[1];
    gradient.invoke(null, x, grad);
    double s = Math.sin(x);
    double cos = Math.cos(x);
    assertEquals(3 * s * s * cos + 1, grad[0], 1e-12);
    // f'' = 6 s cos^2 - 3 s^3, through the custom second derivative.
    java.lang.reflect.Method hessianVector =
        companion.getDeclaredMethod(
            "fHessianVector", double.class, double[].class, double[].class, double[].class);
    hessianVector.setAccessible(true);
    double[] hv = new double[1];
    hessianVector.invoke(null, x, new double[] {2.0}, grad, hv);
    assertEquals(3 * s * s * cos + 1, grad[0], 1e-12);
    assertEquals(2.0 * (6 * s * cos * cos - 3 * s * s * s), hv[0], 1e-12);
  }

  /**
   * A call whose value carries no derivative (a condition) needs no second derivatives of its
   * callee: the Hessian compiles (it was ADJ046 while calls were judged before being prepared).
   */
  @Test
  void aFirstOrderCalleeInAConditionNeedsNoSecondDerivatives() {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable(order = 1)
              static double once(double x) {
                return Math.sin(x);
              }

              @Differentiable
              static double f(double x) {
                double y = x * x;
                if (once(x) > 0) {
                  y = 2 * y;
                }
                return y;
              }
            }
            """);
    assertThat(c)
        .generatedSourceFile("p.FooDerivatives")
        .contentsAsUtf8String()
        .contains("fHessianVector(");
  }

  /**
   * A Hessian needs the callee's second derivatives: a callee with only a @GradientOf method, or
   * with order = 1, is an error on the call's line, and order = 1 on the caller is the way out.
   */
  @Test
  void adj046CalleeWithoutSecondDerivatives() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
            class Foo {
              static double cube(double x) {
                return x * x * x;
              }

              @GradientOf("cube")
              static double cubeGradient(double x, double[] grad) {
                grad[0] = 3 * x * x;
                return cube(x);
              }

              @Differentiable(order = 1)
              static double once(double x) {
                return Math.sin(x);
              }

              @Differentiable
              static double f(double x) {
                double y = 0;
                for (int i = 0; i < 3; i++) {
                  y += cube(x + i) + cube(x - i);  //! ADJ046
                }
                return y + once(x);  //! ADJ046
              }

              @Differentiable(order = 1)
              static double g(double x) {
                return cube(x) + once(x);
              }

              @Differentiable(wrt = "x")
              static double data(double x, double c) {
                return x * cube(c);
              }
            }
            """);
    String messages = c.errors().toString();
    assertContains(
        messages,
        "[ADJ046] The Hessian of f needs the second derivatives of cube, which has only a first"
            + " derivative, its @GradientOf method cubeGradient: give it a @HessianVectorOf method"
            + " too. Or generate first derivatives only, with @Differentiable(order = 1) on f.");
    assertContains(messages, "once, which is @Differentiable(order = 1): remove order = 1 there");
  }

  /** A @HessianVectorOf method is checked like a @GradientOf method; order is 1 or 2. */
  @Test
  void adj047HessianVectorOfSignaturesAndAdj019Order() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
            import dev.adjoint.HessianVectorOf;
            class Foo {
              static double f(double x) {
                return x * x;
              }

              @GradientOf("f")
              static double fGradient(double x, double[] grad) {
                grad[0] = 2 * x;
                return f(x);
              }

              static double g(double x) {
                return x * x;
              }

              @HessianVectorOf("f")
              static double h1(double x, double[] grad, double[] hv) {  //! ADJ047
                return x;
              }

              @HessianVectorOf("g")
              static double h2(double x, double[] v, double[] grad, double[] hv) {  //! ADJ047
                return x;
              }

              @Differentiable(order = 3)
              static double k(double x) {  //! ADJ019
                return x;
              }
            }
            """);
    String messages = c.errors().toString();
    assertContains(messages, "on h1: its parameters or return type do not match f(double) followed"
        + " by double[] v, double[] grad, double[] hv");
    assertContains(messages, "on h2: g has no @GradientOf method, which first derivatives need");
    assertContains(message(c, "ADJ019"), "it must be 1");
  }

  /**
   * A vector-valued method returns one of its local arrays by name; a private one cannot be
   * called by its Jacobian; its result declares a local of another differentiable method (read in
   * place, see {@link InlinedHelperDiagnosticsTest}) and is refused anywhere else.
   */
  @Test
  void vectorValuedMethods() {
    Compilation c =
        expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double[] ok(double x) {
            double[] r = new double[2];
            r[0] = x;
            r[1] = x * x;
            return r;
          }

          @Differentiable
          static double[] parameter(double[] x) {
            return x;  //! ADJ038
          }

          @Differentiable
          static double[] matrixRow(double x) {
            double[][] m = new double[2][2];
            m[0][0] = x;
            return m[0];  //! ADJ038
          }

          @Differentiable
          private static double[] hidden(double x) {  //! ADJ048
            double[] r = new double[1];
            r[0] = x;
            return r;
          }

          @Differentiable
          static double caller(double x) {
            double[] r = ok(x);
            return r[0] + ok(x)[1];  //! ADJ038
          }

          @Differentiable
          static int wrongType(double x) {  //! ADJ011
            return 1;
          }
        }
        """);
    long advised =
        c.errors().stream()
            .filter(d -> d.getMessage(Locale.ROOT).contains("its result is used other than to declare"
                + " a local, double[] name = call(...)"))
            .count();
    assertEquals(1, advised, DiagnosticSources.listing(c));
  }

  /**
   * Arrays and matrices made inside loops are written and read there, their lengths too, and go to
   * calls, a matrix row by row; what they cannot do yet is go to a call as a whole matrix, or be
   * made in a checkpointed loop, each an error on its line.
   */
  @Test
  void arraysMadeInsideLoops() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        import dev.adjoint.Checkpointed;
        class Foo {
          @Differentiable
          static double sum(double[] v) {
            double s = 0;
            for (double e : v) {
              s += e;
            }
            return s;
          }

          @Differentiable
          static double total(double[][] m) {
            return m[0][0] + m[1][1];
          }

          @Differentiable
          static double ok(double[] x, int[] n) {
            double t = 0;
            for (int i = 0; i < n.length; i++) {
              double[] p = new double[n[i]];
              double[][] m = new double[n[i]][2];
              for (int k = 0; k < p.length; k++) {
                p[k] = x[k % x.length] * k;
                m[k][1] = p[k];
              }
              t += p[p.length - 1] + m[0][1] + m[0].length;
            }
            return t;
          }

          @Differentiable
          static double passed(double[] x, int[] n) {
            double t = 0;
            for (int i = 0; i < n.length; i++) {
              double[] p = new double[n[i]];
              double[][] m = new double[n[i]][2];
              p[0] = x[0];
              t += sum(p) + sum(m[0]);
              t += total(m);  //! ADJ038
            }
            return t;
          }

          @Differentiable
          @Checkpointed(snapshots = 2)
          static double checkpointed(double x, int steps) {
            double y = x;
            for (int t = 0; t < steps; t++) {  //! ADJ072
              double[] p = new double[2];
              p[0] = y;
              y = Math.sin(p[0]);
            }
            return y;
          }
        }
        """);
  }

  /** Overloads whose generated methods would collide are an error on the later one, not javac's. */
  @Test
  void adj007OverloadsWhoseGeneratedMethodsCollide() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x) {
                return x * x;
              }

              @Differentiable
              static double f(double x, double[] y) {  //! ADJ007
                return x * y[0];
              }

              @Differentiable
              static double g(double x) {
                return x * x;
              }

              @Differentiable
              static double g(double x, double y) {
                return x * y;
              }
            }
            """);
    assertContains(
        message(c, "ADJ007"),
        "The generated method fGradient(double,double[]) for f(double, double[]) would have the"
            + " same signature as one generated for f(double).");
  }

  private static final String DIFFERENTIABLE_FOO =
      """
      package p;
      import dev.adjoint.Differentiable;
      class Foo {  //! ADJ008
        @Differentiable
        static double f(double x) {
          return x * x;
        }
      }
      """;

  /** A companion that cannot be written, here for a class of its name, is ADJ008 on the class. */
  @Test
  void adj008CompanionThatCannotBeWritten() {
    JavaFileObject foo = DiagnosticSources.source("p.Foo", DIFFERENTIABLE_FOO);
    JavaFileObject existing =
        DiagnosticSources.source("p.FooDerivatives", "package p;\nclass FooDerivatives {}\n");
    Compilation c = DiagnosticSources.compile(foo, existing);
    assertThat(c).hadErrorContaining("[ADJ008]").inFile(foo).onLine(3);
    assertEquals(
        DiagnosticSources.markers(DIFFERENTIABLE_FOO),
        DiagnosticSources.actual(c),
        DiagnosticSources.listing(c));
    assertContains(message(c, "ADJ008"), "Adjoint could not write p.FooDerivatives: ");
  }

  /**
   * Stages that cannot be written ({@code -Aadjoint.stages} names a file, not a directory) are a
   * warning, ADJ009, on the method; its derivatives are generated all the same.
   */
  @Test
  void adj009StagesThatCannotBeWritten(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("stages"), "a file");
    JavaFileObject foo =
        DiagnosticSources.source("p.Foo", DIFFERENTIABLE_FOO.replace("  //! ADJ008", ""));
    Compilation c = DiagnosticSources.compile(List.of("-Aadjoint.stages=" + notADirectory), foo);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[ADJ009]").inFile(foo).onLine(5);
    assertEquals(1, c.warnings().size(), DiagnosticSources.listing(c));
    assertContains(
        c.warnings().get(0).getMessage(Locale.ROOT),
        "[ADJ009] Adjoint could not write the stages of f to "
            + notADirectory.resolve("p.Foo.f.txt"));
    assertThat(c).generatedSourceFile("p.FooDerivatives");
  }

  private static final String HAND_OPTIMISED =
      """
      package p;
      import dev.adjoint.DerivativeOf;
      import dev.adjoint.Differentiable;
      public class Rb {
        public static int handCalls;

        @Differentiable
        public static double rosenbrock(double x, double y) {
          double a = 1.0 - x;
          double b = y - x * x;
          return a * a + 100.0 * b * b;
        }

        /** Copied from the companion and simplified by hand. */
        @DerivativeOf("rosenbrock")
        static double rosenbrockGradientFast(double x, double y, double[] grad) {
          handCalls++;
          double a = 1.0 - x;
          double b = y - x * x;
          grad[0] = -2.0 * a - 400.0 * b * x;
          grad[1] = 200.0 * b * FACTOR;
          return a * a + 100.0 * b * b;
        }

        static final double FACTOR = 1.0;

        @DerivativeOf(value = "rosenbrock", kind = DerivativeOf.Kind.HESSIAN_VECTOR)
        static double rosenbrockHessianVectorFast(
            double x, double y, double[] v, double[] grad, double[] hv) {
          double value = rosenbrockGradientFast(x, y, grad);
          hv[0] = (2.0 - 400.0 * (y - x * x) + 800.0 * x * x) * v[0] - 400.0 * x * v[1];
          hv[1] = -400.0 * x * v[0] + 200.0 * v[1];
          return value;
        }

        @Differentiable
        public static double caller(double t) {
          return rosenbrock(t, 2 * t) + t;
        }
      }
      """;

  /**
   * A hand-optimised gradient answers every call of the companion's gradient, generated callers
   * included; the generated one stays, and verify methods compare the two.
   */
  @Test
  void handOptimisedDerivativesAreUsedAndVerified() throws Exception {
    Compilation c = expectClean("p.Rb", HAND_OPTIMISED);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> rb = loader.loadClass("p.Rb");
    Class<?> companion = loader.loadClass("p.RbDerivatives");
    java.lang.reflect.Field calls = rb.getField("handCalls");
    double[] grad = new double[2];
    companion.getMethod("rosenbrockGradient", double.class, double.class, double[].class)
        .invoke(null, -1.2, 1.0, grad);
    assertEquals(1, calls.getInt(null));
    double[] generated = new double[2];
    companion.getMethod("rosenbrockGradientGenerated", double.class, double.class, double[].class)
        .invoke(null, -1.2, 1.0, generated);
    assertEquals(generated[0], grad[0], 1e-12);
    assertEquals(generated[1], grad[1], 1e-12);
    // The caller's gradient goes through the hand version too.
    companion.getMethod("callerGradient", double.class, double[].class).invoke(null, 0.5, new double[1]);
    assertTrue(calls.getInt(null) >= 2, "the caller did not use the hand-optimised gradient");
    // The verify methods pass for a right edit: one point, and ten seeded ones.
    companion.getMethod("verifyRosenbrockGradient", double.class, double.class).invoke(null, 0.3, -0.7);
    companion.getMethod("verifyRosenbrockGradient").invoke(null);
    companion.getMethod("verifyRosenbrockHessianVector").invoke(null);
  }

  /** An edit that changes the result fails the one-line verification, naming the element. */
  @Test
  void aWrongHandEditFailsVerification() throws Exception {
    Compilation c =
        expectClean("p.Rb", HAND_OPTIMISED.replace("FACTOR = 1.0", "FACTOR = 1.001"));
    Class<?> companion = DiagnosticSources.classes(c).loadClass("p.RbDerivatives");
    java.lang.reflect.InvocationTargetException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> companion.getMethod("verifyRosenbrockGradient").invoke(null));
    assertTrue(e.getCause() instanceof AssertionError, String.valueOf(e.getCause()));
    String message = e.getCause().getMessage();
    assertContains(message, "Rb.rosenbrockGradientFast disagrees with the generated derivative");
    assertContains(message, "element 1");
    assertTrue(!message.contains("element 0"), message);
  }

  /** A @DerivativeOf method is checked against the method it names. */
  @Test
  void adj049DerivativeOfSignatures() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.DerivativeOf;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x) {
                return x * x;
              }

              @Differentiable(order = 1)
              static double once(double x) {
                return x * x;
              }

              @DerivativeOf("g")
              static double a(double x, double[] grad) {  //! ADJ049
                return x;
              }

              @DerivativeOf("f")
              static double b(double x) {  //! ADJ049
                return x;
              }

              @DerivativeOf("f")
              double c(double x, double[] grad) {  //! ADJ049
                return x;
              }

              @DerivativeOf(value = "once", kind = DerivativeOf.Kind.HESSIAN_VECTOR)
              static double d(double x, double[] v, double[] grad, double[] hv) {  //! ADJ049
                return x;
              }

              @DerivativeOf("f")
              static double e(double x, double[] grad) {
                return x;
              }

              @DerivativeOf("f")
              static double e2(double x, double[] grad) {  //! ADJ049
                return x;
              }
            }
            """);
    String messages = c.errors().toString();
    assertContains(messages, "this class has no @Differentiable method named \"g\"");
    assertContains(messages, "do not match f(double) followed by double[] grad, returning double");
    assertContains(messages, "it must be static");
    assertContains(messages, "once is @Differentiable(order = 1)");
    assertContains(messages, "another method is already the hand-optimised gradient of f");
  }
}
