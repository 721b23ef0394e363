package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static dev.adjoint.processor.diag.DiagnosticSources.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics on a {@code @Differentiable} method's body (ADJ020–ADJ043), each pinned to the
 * line of the construct. Expected errors are marked in the sources; see {@link DiagnosticSources}.
 */
class DiagnosticsTestBodyTest {

  @Test
  void adj020UnsupportedStatements() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x) {
            synchronized (Foo.class) {  //! ADJ020
              x = x + 1;
            }
            label:  //! ADJ020
            x = x * 2;
            class Local {  //! ADJ020
            }
            record Pair(double a, double b) {  //! ADJ020
            }
            new Object();  //! ADJ020
            return x;
          }
        }
        """);
  }

  @Test
  void adj020LabeledBreakAndContinue() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x) {
            outer:
            while (x > 1) {
              if (x > 100) {
                break outer;  //! ADJ020
              }
              x = x / 2;
              continue outer;  //! ADJ020
            }
            return x;
          }
        }
        """);
  }

  /**
   * A return inside any kind of loop of a vector-valued method, on its line (a method returning a
   * number may return inside loops); the fence keeps looking inside and after each loop, so the
   * errors in a loop body and after the loops are reported in the same compilation.
   */
  @Test
  void adj021ReturnInsideEveryLoopKindOfAVectorMethod() {
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
          static double[] f(double x, int n, double[] v) {
            double[] out = new double[1];
            for (int i = 0; i < n; i++) {
              x = x * 1.5;
              if (x > 3) {
                return out;  //! ADJ021
              }
            }
            for (double d : new double[] {1, 2}) {  //! ADJ038
              x = x + d;
            }
            for (double d : v) {
              return out;  //! ADJ021
            }
            while (x > 10) {
              x = helper(x);
            }
            do {
              return out;  //! ADJ021
            } while (x > 5);
            double r = Math.random();  //! ADJ036
            out[0] = x + r;
            return out;
          }
        }
        """);
  }

  /**
   * try/catch is refused; a throw is accepted when it makes a new unchecked exception from strings
   * and numbers (the first throw here), and refused, on its line, otherwise.
   */
  @Test
  void adj022TryAndThrowsThatCannotBeKept() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x, int n) throws java.io.IOException {
                if (x < 0) {
                  throw new IllegalArgumentException("negative: " + x + " at " + (n + 1));
                }
                if (n < 0) {
                  throw new java.io.IOException("checked");  //! ADJ022
                }
                if (n > 5) {
                  throw new IllegalStateException("n: " + Integer.toString(n));  //! ADJ022
                }
                if (n > 6) {
                  throw new IllegalStateException("cause", null);  //! ADJ022
                }
                try {  //! ADJ022
                  x = Math.sqrt(x);
                } catch (RuntimeException e) {
                  x = 0;
                }
                try {  //! ADJ022
                  x = x * 2;
                } finally {
                  x = x + 1;
                }
                return x;
              }
            }
            """);
    assertTrue(
        c.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .anyMatch(t -> t.startsWith("[ADJ022] Throwing the checked exception IOException")),
        DiagnosticSources.listing(c));
  }

  /**
   * Errors inside the cases of a switch are reported, each on its line, with the shapes a chain
   * of ifs cannot take: falling through into the next case, a break in the middle of a case, a
   * switch expression running statements inside a larger expression, a selector with a call read
   * once per case.
   */
  @Test
  void adj023SwitchShapesAndErrorsInsideCases() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          static int pick(int n) {
            return n;
          }

          @Differentiable
          static double f(double x, int n) {
            switch (n) {
              case 1:
                x = x * Math.random();  //! ADJ036
                break;
              case 2:
                x = x * 1.5f;  //! ADJ037
                break;
              case 3:
                x = x * 2;  //! ADJ023
              case 4:
                if (x > 1) {
                  break;  //! ADJ023
                }
                x = x + 1;
                break;
              default:
                x = x * 3;
            }
            double y =
                2 * switch (n) {
                  case 1 -> x;
                  default -> {  //! ADJ023
                    double t = x * x;
                    yield t;
                  }
                };
            double z = x + switch (pick(n)) {  //! ADJ023
                  case 1 -> x;
                  default -> 2 * x;
                };
            return x + y + z;
          }
        }
        """);
  }

  @Test
  void adj030ObjectAllocation() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x) {
                Object o = new Object();  //! ADJ037 ADJ030
                return x;
              }
            }
            """);
    assertTrue(message(c, "ADJ030").contains("new Object"), message(c, "ADJ030"));
  }

  @Test
  void adj031LambdaAndMethodReference() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        import java.util.function.DoubleUnaryOperator;
        class Foo {
          @Differentiable
          static double f(double x) {
            DoubleUnaryOperator square = t -> t * t;  //! ADJ037 ADJ031
            DoubleUnaryOperator sine = Math::sin;  //! ADJ037 ADJ031
            return x;
          }
        }
        """);
  }

  @Test
  void adj032FieldWrite() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          static double last;
          static int calls;

          @Differentiable
          static double f(double x) {
            last = x;  //! ADJ032
            Foo.last += x;  //! ADJ032
            calls++;  //! ADJ032
            return x;
          }
        }
        """);
  }

  @Test
  void adj033CallToAMethodThatIsNotDifferentiable() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          double instanceHelper(double x) {
            return x;
          }

          @Differentiable
          static double f(double x, int n) {
            double len = "abc".indexOf("b");  //! ADJ080
            double b = Double.valueOf(x);  //! ADJ081
            return len + b;
          }

          @Differentiable
          double g(double x) {
            return instanceHelper(x) + instanceHelper(1.0);  //! ADJ082
          }
        }
        """);
  }

  /**
   * A helper that is not differentiable may compute data: from data, or an int or boolean from
   * anything. Its value is a constant to the derivative, which is then right.
   */
  @Test
  void helpersComputingDataAreAllowed() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static double weight(int n, double scale) {
                double w = 0;
                for (int i = 1; i <= n; i++) {
                  w += scale / i;
                }
                return w;
              }

              static int bucket(double x) {
                return (int) Math.floor(x * 4);
              }

              @Differentiable(wrt = "x")
              static double f(double x, double scale, int n) {
                boolean nan = Double.isNaN(x);
                int k = bucket(x);
                return weight(n, scale) * x * x + k + (nan ? 0 : 1);
              }
            }
            """);
    java.lang.reflect.Method gradient =
        DiagnosticSources.classes(c)
            .loadClass("p.FooDerivatives")
            .getDeclaredMethod("fGradient", double.class, double.class, int.class, double[].class);
    gradient.setAccessible(true);
    double[] grad = new double[1];
    gradient.invoke(null, 0.3, 2.0, 3, grad);
    double weight = 2.0 / 1 + 2.0 / 2 + 2.0 / 3;
    assertEquals(2 * weight * 0.3, grad[0], 1e-12);
  }

  /** Math functions on int and long (no derivative needed) are allowed, and so are constants. */
  @Test
  void mathOnIntegersIsAllowed() {
    expectClean(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x, int n, long m) {
            int a = Math.floorMod(n, 3);
            int b = Math.abs(n) + Math.max(n, 2) + Math.min(a, 7);
            long c = Math.floorDiv(m, 4L) + Math.round(x);
            int d = Math.getExponent(x) + Math.addExact(n, 1);
            return x * (a + b + c + d) + Math.PI * StrictMath.sin(x) + Math.E;
          }
        }
        """);
  }

  /**
   * {@code Math.round(n)} of an int or long calls {@code Math.round(float)}, as {@code
   * Math.getExponent(n)} calls {@code getExponent(float)}: data, computed as the original computes
   * it (once a NullPointerException in the processor, from the float parameter).
   */
  @Test
  void mathOnIntegersThroughAFloatOverload() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x, int n, long m) {
                int k = n + 1;
                return x * Math.round(k) + x * x * Math.round(m) + Math.getExponent(n) * x;
              }
            }
            """);
    Class<?> companion = DiagnosticSources.classes(c).loadClass("p.FooDerivatives");
    java.lang.reflect.Method gradient =
        companion.getDeclaredMethod(
            "fGradient", double.class, int.class, long.class, double[].class);
    java.lang.reflect.Method derivative =
        companion.getDeclaredMethod(
            "fDerivative", double.class, int.class, long.class, double[].class);
    gradient.setAccessible(true);
    derivative.setAccessible(true);
    // 16777217 is no float: round((float) 16777217) is 16777216, as the original computes it.
    for (int n : new int[] {3, 16777216, -40}) {
      double x = 0.75;
      long m = 16777217L;
      double want = Math.round(n + 1) + 2 * x * Math.round(m) + Math.getExponent(n);
      double[] grad = new double[1];
      double value = (double) gradient.invoke(null, x, n, m, grad);
      assertEquals(
          x * Math.round(n + 1) + x * x * Math.round(m) + Math.getExponent(n) * x, value);
      assertEquals(want, grad[0], 1e-9 * Math.abs(want), "n = " + n);
      assertEquals(
          want, (double) derivative.invoke(null, x, n, m, new double[] {1.0}), 1e-9 * Math.abs(want));
    }
  }

  /** A float overload whose value is a float is refused on its line (ADJ037, or ADJ035 first). */
  @Test
  void mathOfIntegersReturningFloatIsRefused() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x, int n) {
            double s = Math.signum(n);  //! ADJ037
            return x * s;
          }

          @Differentiable
          static double g(double x, long n) {
            return x * Math.ulp(n);  //! ADJ035
          }
        }
        """);
  }

  @Test
  void adj034CallsThatCannotBeDifferentiated() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              double scaled(double x) {
                return 2 * x;
              }

              @Differentiable
              double g(double x) {
                return scaled(x);  //! ADJ034
              }

              @Differentiable
              static double f(double x) {
                return Other.hidden(x) + Other.square(x);  //! ADJ034
              }
            }

            class Other {
              @Differentiable
              private static double hidden(double x) {
                return x * x;
              }

              @Differentiable
              static double square(double x) {
                return x * x;
              }
            }
            """);
    assertTrue(
        c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains("a subclass may override it")),
        DiagnosticSources.listing(c));
    assertTrue(
        c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains("make it package-private")),
        DiagnosticSources.listing(c));
  }

  /** A derivative must not flow into a parameter the callee does not differentiate. */
  @Test
  void adj044DerivativeIntoAParameterTheCalleeDoesNotDifferentiate() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable(wrt = "x")
              static double scaled(double x, double scale) {
                return scale * x;
              }

              @Differentiable
              static double f(double x, double y) {
                double s = x + 1;
                return scaled(x, s * y);
              }
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining(
            "[ADJ044] Line 12 passes a value that depends on the differentiated parameters to"
                + " parameter \"scale\" of scaled")
        .inFile(file)
        .onLine(12);
    assertThat(c).hadErrorContaining("Add \"scale\" to that method's wrt");
  }

  /**
   * An enhanced for over an array the loop changes (Java reads it once, Adjoint in every
   * iteration), and writes through the row variable of an enhanced for.
   */
  @Test
  void adj038EnhancedForPitfalls() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double[][] m, int n) {
            double[][] local = new double[2][n];
            int k = 0;
            double s = 0;
            for (double v : m[k]) {  //! ADJ038
              s += v * v;
              k = 1;
            }
            for (double[] r : m) {
              r[0] = s;  //! ADJ038
            }
            for (double[] r : local) {
              r[1] = s;  //! ADJ038
            }
            double[] u = new double[3];
            u[u[1] > 0.5 ? 2 : 1] = s;  //! ADJ038
            for (double v : m[n]) {
              s += v;
            }
            return s;
          }
        }
        """);
  }

  /**
   * Arrays passed to calls: only to @Differentiable methods, only named arrays, rows or whole
   * matrices.
   */
  @Test
  void adj034AndAdj038ArraysPassedToCalls() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
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
                return m[0][0];
              }

              static double special(double[] v) {
                return v[0];
              }

              @GradientOf("special")
              static double specialGradient(double[] v, double[] grad) {
                grad[0] = 1;
                return v[0];
              }

              @Differentiable
              static double f(double[] x, double[][] m) {
                double a = sum(x) + sum(m[1]);
                double b = total(m);
                double c = special(x);  //! ADJ034
                double d = sum(new double[] {a});  //! ADJ038
                return a + b + c + d;
              }
            }
            """);
    assertTrue(
        c.errors().stream()
            .anyMatch(d -> d.getMessage(Locale.ROOT).contains("@GradientOf methods with array parameters")),
        DiagnosticSources.listing(c));
  }

  /** A derivative in an array passed to an array parameter the callee does not differentiate. */
  @Test
  void adj044ActiveArrayIntoAnArrayParameterTheCalleeDoesNotDifferentiate() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable(wrt = "w")
              static double dot(double[] w, double[] data) {
                double s = 0;
                for (int i = 0; i < w.length; i++) {
                  s += w[i] * data[i];
                }
                return s;
              }

              @Differentiable
              static double f(double[] x) {
                double[] twice = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                  twice[i] = 2 * x[i];
                }
                return dot(x, twice);
              }
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("parameter \"data\" of dot")
        .inFile(file)
        .onLine(19);
  }

  /** Also when only the parameter the callee does not differentiate receives a derivative. */
  @Test
  void adj044EvenWhenTheDifferentiatedArgumentsAreData() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable(wrt = "x")
              static double scaled(double x, double scale) {
                return scale * x;
              }

              @Differentiable
              static double f(double x) {
                return scaled(2.0, x);
              }
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[ADJ044] Line 11").inFile(file).onLine(11);
  }

  /**
   * A method calling one that has errors fails too, with an error that says so, instead of
   * generated code that does not compile.
   */
  @Test
  void callersOfAFailedMethodFailWithAClearError() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double broken(double x) {
                return x + Math.random();
              }

              @Differentiable
              static double caller(double x) {
                return broken(x) * x;
              }

              @Differentiable
              static double fine(double x) {
                return x * x;
              }
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("[ADJ036]").inFile(file).onLine(6);
    assertThat(c)
        .hadErrorContaining("[ADJ034] The call to broken(...) cannot be differentiated: it has errors")
        .inFile(file)
        .onLine(10);
    assertTrue(
        c.errors().stream().noneMatch(d -> d.getMessage(Locale.ROOT).contains("cannot find symbol")),
        DiagnosticSources.listing(c));
  }

  /**
   * A call whose value carries no derivative (after && or ||, in a comparison, a condition) stays
   * a plain call, evaluated exactly where the source evaluates it; a call in a branch of ?: inside
   * a larger expression runs only on its branch.
   */
  @Test
  void callsRunOnlyWhereTheSourceRunsThem() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double t1(double a, int n) {
                boolean deeper = n > 0 && t1(a, n - 1) > 0;
                return deeper ? a : a * a;
              }

              @Differentiable
              static double bump(double a) {
                return a > 0 ? Math.log(a) : Math.sqrt(-a);
              }

              @Differentiable
              static double f(double a, double b) {
                return a + (a > 0 ? bump(a) * b : b * b) + (bump(b) > 0 ? a : b);
              }
            }
            """);
    ClassLoader loader = DiagnosticSources.classes(c);
    java.lang.reflect.Method t1 =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("t1Gradient", double.class, int.class, double[].class);
    t1.setAccessible(true);
    double[] g = new double[1];
    // Recursion ends where the original's does.
    assertEquals(0.94 * 0.94, (double) t1.invoke(null, -0.94, 2, g), 1e-12);
    assertEquals(2 * -0.94, g[0], 1e-12);
    java.lang.reflect.Method f = loader.loadClass("p.Foo").getDeclaredMethod("f", double.class, double.class);
    java.lang.reflect.Method fGradient =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class, double.class, double[].class);
    f.setAccessible(true);
    fGradient.setAccessible(true);
    double h = 1e-6;
    for (double[] p : new double[][] {{0.7, 1.3}, {-0.4, 2.1}, {1.9, -0.6}, {-1.2, -0.3}}) {
      double[] grad = new double[2];
      assertEquals((double) f.invoke(null, p[0], p[1]), (double) fGradient.invoke(null, p[0], p[1], grad), 0.0);
      double da = ((double) f.invoke(null, p[0] + h, p[1]) - (double) f.invoke(null, p[0] - h, p[1])) / (2 * h);
      double db = ((double) f.invoke(null, p[0], p[1] + h) - (double) f.invoke(null, p[0], p[1] - h)) / (2 * h);
      assertEquals(da, grad[0], 1e-6 * Math.max(1, Math.abs(da)), java.util.Arrays.toString(p));
      assertEquals(db, grad[1], 1e-6 * Math.max(1, Math.abs(db)), java.util.Arrays.toString(p));
    }
  }

  /** Variables named like the classes generated code names are kept; the classes get qualified. */
  @Test
  void variablesNamedLikeClassesDoNotObscureThem() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static final double K = 2;

              @Differentiable
              static double soft(double x) {
                return Math.log1p(Math.exp(x));
              }

              @Differentiable
              static double f(double Checks, double[] Arrays) {
                double Foo = Checks * Arrays[0];
                double FooDerivatives = soft(Foo) * K;
                {
                  double Math = Foo * 2;
                  Foo = Math * Foo;
                }
                return java.lang.Math.sin(Foo) + FooDerivatives;
              }
            }
            """);
    java.lang.reflect.Method f =
        DiagnosticSources.classes(c).loadClass("p.Foo").getDeclaredMethod("f", double.class, double[].class);
    java.lang.reflect.Method gradient =
        DiagnosticSources.classes(c)
            .loadClass("p.FooDerivatives")
            .getDeclaredMethod("fGradient", double.class, double[].class, double[].class);
    f.setAccessible(true);
    gradient.setAccessible(true);
    double[] grad = new double[2];
    double value = (double) gradient.invoke(null, 0.3, new double[] {0.5}, grad);
    assertEquals((double) f.invoke(null, 0.3, new double[] {0.5}), value, 0.0);
    double h = 1e-6;
    double d0 =
        ((double) f.invoke(null, 0.3 + h, new double[] {0.5}) - (double) f.invoke(null, 0.3 - h, new double[] {0.5}))
            / (2 * h);
    assertEquals(d0, grad[0], 1e-6 * Math.max(1, Math.abs(d0)));
  }

  /** A recursive @Differentiable method calls its own companion, and its gradient is right. */
  @Test
  void recursionGoesThroughTheCompanion() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x) {
                return x < 1 ? Math.sin(x) : f(x / 2) * x;
              }
            }
            """);
    java.lang.reflect.Method f =
        DiagnosticSources.classes(c).loadClass("p.Foo").getDeclaredMethod("f", double.class);
    java.lang.reflect.Method gradient =
        DiagnosticSources.classes(c)
            .loadClass("p.FooDerivatives")
            .getDeclaredMethod("fGradient", double.class, double[].class);
    f.setAccessible(true);
    gradient.setAccessible(true);
    for (double x : new double[] {0.3, 1.7, 5.3}) {
      double[] grad = new double[1];
      assertEquals((double) f.invoke(null, x), (double) gradient.invoke(null, x, grad), 0.0);
      double h = 1e-6;
      double fd = ((double) f.invoke(null, x + h) - (double) f.invoke(null, x - h)) / (2 * h);
      assertEquals(fd, grad[0], 1e-6 * Math.max(1, Math.abs(fd)), "at " + x);
    }
  }

  @Test
  void adj035MathFunctionWithoutRule() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x) {
                double u = Math.ulp(x);  //! ADJ035
                double s = Math.scalb(x, 2);  //! ADJ035
                return u + s;
              }
            }
            """);
    assertTrue(
        c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).startsWith("[ADJ035] Math.ulp()")),
        DiagnosticSources.listing(c));
  }

  @Test
  void adj036Random() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x) {
            double r = Math.random();  //! ADJ036
            double s = StrictMath.random();  //! ADJ036
            return x * r * s;
          }
        }
        """);
  }

  @Test
  void adj037UnsupportedValueTypes() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x, int n) {
            double a = 1.5f;  //! ADJ037
            String s = "text";  // another name for the literal
            double c = 'c';  // a character literal is the int Java widens it to
            float g = 2;  //! ADJ037
            double h = (float) x;  //! ADJ037
            int k = (char) n;  //! ADJ037
            return x + a + c + h + k;
          }
        }
        """);
  }

  @Test
  void adj038Arrays() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          static final double[] TABLE = {1, 2, 3};

          static double sum(double[] v) {
            return v[0];
          }

          @Differentiable
          static double f(double x, double[] p, int[] k, int m) {
            double[] a = new double[3];
            double b = a[0];
            a[1] = x;
            p[0] = x;  //! ADJ038
            k[0] = 1;  //! ADJ038
            double n = TABLE.length + TABLE[1];
            double[] c;  //! ADJ038
            double[] d = {1, 2};  //! ADJ038
            double[] alias = p;  //! ADJ038
            int[] counts = new int[2];  //! ADJ038
            double[][] grid = new double[2][];  //! ADJ038
            for (int i = 0; i < m; i++) {
              double[] inLoop = new double[2];
              double[] shared = inLoop;  //! ADJ038
              b += inLoop[0];
            }
            double s = sum(p);
            double e = p[k[0]] * p.length + k.length;
            return x + b + n + e + s;
          }
        }
        """);
  }

  @Test
  void adj039AssignmentOrIncrementUsedAsAValue() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x, int n) {
            double y = (x = 2);  //! ADJ039
            double z = x++ * x;  //! ADJ039
            double w;
            w = y = z;  //! ADJ039
            int m = n > 0 ? --n + 1 : 1;  //! ADJ039
            x += (y *= 2);  //! ADJ039
            return x + y + z + w + m;
          }
        }
        """);
  }

  /** Private static fields, final or not, are read through handles: no error, and right. */
  @Test
  void privateStaticFieldsAreRead() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static double scale = 2;
              private static final double ROOT = Math.sqrt(2);

              @Differentiable
              static double f(double x) {
                double a = x * x * scale;
                return a + ROOT * x;
              }
            }
            """);
    java.lang.reflect.Method gradient =
        DiagnosticSources.classes(c).loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class);
    gradient.setAccessible(true);
    assertEquals(2 * 3.0 * 2 + Math.sqrt(2), ((double[]) gradient.invoke(null, 3.0))[0], 1e-12);
  }

  /**
   * A private field that a helper called as a statement changes is read through its handle where
   * the source reads it, not once at the start of the method: the value after the call is seen.
   */
  @Test
  void privateFieldChangedByAStatementCallIsReadAfterIt() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static double factor = 1;

              static void reset() {
                factor = 1;
              }

              private static void bump() {
                factor += 1;
              }

              @Differentiable
              static double f(double x) {
                bump();
                return factor * x * x;
              }
            }
            """);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    java.lang.reflect.Method reset = foo.getDeclaredMethod("reset");
    java.lang.reflect.Method f = foo.getDeclaredMethod("f", double.class);
    reset.setAccessible(true);
    f.setAccessible(true);
    java.lang.reflect.Method gradient =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class);
    gradient.setAccessible(true);
    double x = 0.7;
    double h = 1e-6;
    reset.invoke(null);
    double plus = (double) f.invoke(null, x + h);
    reset.invoke(null);
    double minus = (double) f.invoke(null, x - h);
    reset.invoke(null);
    double g = ((double[]) gradient.invoke(null, x))[0];
    assertEquals((plus - minus) / (2 * h), g, 1e-6);
  }

  /**
   * The companion's handles are named after their fields, never like a variable of the method,
   * which would shadow them: a parameter {@code DATA} beside a private field {@code data}, a local
   * {@code SCALE} beside a private constant {@code SCALE}.
   */
  @Test
  void handlesNeverTakeTheNameOfAVariable() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static final double SCALE = 3;
              private double[] data = {1, 2};

              @Differentiable(wrt = "x")
              double f(double x, double DATA) {
                double SCALE = Foo.SCALE * DATA;
                return SCALE * x * data[1];
              }
            }
            """);
    String companion =
        c.generatedSourceFile("p.FooDerivatives").orElseThrow().getCharContent(true).toString();
    assertTrue(companion.contains("VarHandle DATA2 ="), companion);
    assertTrue(companion.contains("double SCALE2 = 3.0;"), companion);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    java.lang.reflect.Constructor<?> make = foo.getDeclaredConstructor();
    make.setAccessible(true);
    java.lang.reflect.Method gradient =
        loader.loadClass("p.FooDerivatives")
            .getDeclaredMethod("fGradient", foo, double.class, double.class);
    gradient.setAccessible(true);
    assertEquals(3 * 0.5 * 2, ((double[]) gradient.invoke(null, make.newInstance(), 0.7, 0.5))[0], 1e-12);
  }

  /** A private static final compile-time constant is copied by value, so it is accepted. */
  @Test
  void privateCompileTimeConstantsAreAccepted() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static final double SCALE = 2.5;
              private static final int TWO = 2;
              private static final boolean ON = true;
              static double offset = 0.5;

              @Differentiable
              static double f(double x) {
                return ON ? SCALE * x * x * TWO + offset : x;
              }
            }
            """);
    Class<?> companion = DiagnosticSources.classes(c).loadClass("p.FooDerivatives");
    java.lang.reflect.Method gradient = companion.getDeclaredMethod("fGradient", double.class);
    gradient.setAccessible(true);
    double[] g = (double[]) gradient.invoke(null, 3.0);
    assertEquals(2.5 * 2 * 2 * 3.0, g[0], 1e-12);
  }

  @Test
  void adj041InstanceFieldRead() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              double weight = 3;

              @Differentiable
              static double f(double x) {
                return x * new Foo().weight;  //! ADJ041
              }

              @Differentiable
              double g(double x) {
                double w = weight;
                return x * this.weight * w;
              }

              class Inner {
                @Differentiable
                double h(double x) {
                  return x * weight;  //! ADJ041
                }
              }
            }
            """);
    assertTrue(
        c.errors().stream()
            .anyMatch(d -> d.getMessage(Locale.ROOT).contains("Field Foo.weight belongs to another object")),
        DiagnosticSources.listing(c));
  }

  /** An instance method reads its receiver's fields; a private one is an error naming the fix. */
  /** Private instance fields are read through handles, a private constant one by its copy. */
  @Test
  void privateInstanceFieldsAreRead() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private double hidden = 2;
              private final double constant = 3;
              double visible = 4;

              @Differentiable
              double f(double x) {
                return x * x * hidden
                    + x * constant * visible;
              }
            }
            """);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    java.lang.reflect.Constructor<?> make = foo.getDeclaredConstructor();
    make.setAccessible(true);
    java.lang.reflect.Method gradient =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", foo, double.class);
    gradient.setAccessible(true);
    assertEquals(2 * 1.5 * 2 + 3 * 4, ((double[]) gradient.invoke(null, make.newInstance(), 1.5))[0], 1e-12);
  }

  @Test
  void adj042InstanceofAndThis() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              double f(double x) {
                Object self = this;  //! ADJ037 ADJ042
                boolean isFoo = self instanceof Foo;  //! ADJ042
                return x;
              }
            }
            """);
    assertTrue(
        c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).anyMatch(t -> t.startsWith("[ADJ042] this ")),
        DiagnosticSources.listing(c));
  }

  /**
   * ADJ043 is only reachable from code javac itself rejects: every name that valid Java can assign
   * in the constructs the fence lets through is a local, a parameter (both fine), a field (ADJ032)
   * or an array element (ADJ038). Here an unknown name and an enum constant.
   */
  @Test
  void adj043AssigningSomethingElse() {
    Compilation c =
        DiagnosticSources.compile(
            DiagnosticSources.source(
                "p.Foo",
                """
                package p;
                import dev.adjoint.Differentiable;
                class Foo {
                  enum Kind { A }

                  @Differentiable
                  static double f(double x) {
                    undefinedName = 2;
                    return x;
                  }

                  @Differentiable
                  static double g(double x) {
                    Kind.A = Kind.A;
                    return x;
                  }
                }
                """));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[ADJ043]").inFile(c.sourceFiles().get(0)).onLine(8);
    assertThat(c).hadErrorContaining("[ADJ043]").inFile(c.sourceFiles().get(0)).onLine(14);
    // The enum constant read on the right is data, as anywhere; javac's own errors are ignored.
    List<String> adj =
        DiagnosticSources.actual(c).stream().filter(s -> !s.endsWith(":javac")).toList();
    assertEquals(List.of("14:ADJ043", "8:ADJ043"), adj, DiagnosticSources.listing(c));
    assertTrue(
        c.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(t -> t.startsWith("[ADJ043]"))
            .allMatch(t -> t.endsWith("Assign to a local variable instead.")),
        DiagnosticSources.listing(c));
  }

  /** Parenthesized assignment targets are still locals: accepted. */
  @Test
  void parenthesizedTargetsAreAccepted() {
    expectClean(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x) {
            double y = x;
            (y) = y * x;
            (y)++;
            return y;
          }
        }
        """);
  }

  /**
   * A call whose value is dropped cannot change a derivative: it is accepted, for a Math function
   * (it once passed the fence and made MethodReader throw, then was ADJ020) and for a helper that
   * returns nothing, even with an argument that carries a derivative; the companion is written.
   */
  @Test
  void droppedCallsCompile() {
    JavaFileObject file =
        DiagnosticSources.source(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static void log(double value) {}
              @Differentiable
              static double f(double x, int k) {
                Math.sin(x);
                Math.sqrt(k);
                log(x);
                return x;
              }
            }
            """);
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("p.FooDerivatives");
  }

  /** An operand of an unsupported type is reported where it is, with the other problems beside it. */
  @Test
  void anUnsupportedTypeDoesNotHideTheOtherProblemsOfItsExpression() {
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
                return Double.sum(x, 1) + Math.random() + 1.5f;  //! ADJ081 ADJ036 ADJ037
              }
            }
            """);
    assertTrue(
        c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).anyMatch(t -> t.contains("type float")),
        DiagnosticSources.listing(c));
  }

  /**
   * For an operator with an unsupported operand, ADJ037 names the operand's type, not the
   * (supported) type of the whole expression: it once said "Values of type boolean are not
   * supported ...; use double (or int, long, boolean for data)" for {@code "a" == "b"}.
   */
  @Test
  void adj037NamesTheUnsupportedOperandType() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x, int n) {
                boolean same = "a" == "b";  //! ADJ037 ADJ037
                int k = (short) n + 1;  //! ADJ037
                return x;
              }
            }
            """);
    List<String> texts = c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).sorted().toList();
    assertEquals(3, texts.size(), DiagnosticSources.listing(c));
    assertTrue(texts.get(0).startsWith("[ADJ037] Values of type String are not supported"), texts.get(0));
    assertTrue(texts.get(1).startsWith("[ADJ037] Values of type String are not supported"), texts.get(1));
    assertTrue(texts.get(2).startsWith("[ADJ037] Values of type short are not supported"), texts.get(2));
  }
}
