package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.EdgePushing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mHessianEdges} of methods that call other differentiable methods, which record through
 * the callee's own {@code mHessianEdges}: each run into the pattern of the method's own {@code
 * mHessianSparse} and compared with the dense {@code mHessian} (to rounding) and {@code
 * mGradient} at two points. A callee called twice with different arguments, with one argument
 * twice, in a loop, recursively, nested (one call's value another's argument, and a callee that
 * calls another), private, in another class, an instance method; array arguments (an input
 * array, a local one, data); an argument computed first. A callee without a recording leaves its
 * callers without one (transitively); an argument out of its array throws the method's own
 * exception.
 */
class CallsEdgesTest {
  private static final String SOURCE =
      """
      package calls;

      import dev.adjoint.Differentiable;

      public final class Cases {
        private Cases() {}

        @Differentiable
        static double g(double u, double v) {
          return u * v + Math.sin(u);
        }

        @Differentiable
        static double twice(double x, double y) {
          return g(x, y) * g(y, 2 * x);
        }

        @Differentiable
        static double sameArgument(double x) {
          return g(x, x) + x;
        }

        @Differentiable(wrt = "x")
        static double inLoop(double[] x) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            s += g(x[i], x[i + 1]) * x[i];
          }
          return s;
        }

        @Differentiable
        static double power(double x, int k) {
          if (k == 0) {
            return x;
          }
          double inner = power(x, k - 1);
          return Math.sin(inner) * x + inner * inner;
        }

        @Differentiable
        static double recursion(double x, double y) {
          return power(x * y, 3) + power(y, 1);
        }

        @Differentiable
        static double middle(double u, double v) {
          return g(v, u) * u;
        }

        @Differentiable
        static double nested(double x, double y, double z) {
          return g(g(x, y), z) + middle(z, x);
        }

        @Differentiable
        private static double hidden(double u) {
          return Math.exp(u) * u;
        }

        @Differentiable
        static double callsPrivate(double x, double y) {
          return hidden(x * y) + hidden(y);
        }

        @Differentiable
        static double callsOtherClass(double x, double y) {
          return Other.bond(x, y) * Other.bond(y, 1.0);
        }

        @Differentiable
        static double sumSquares(double[] a, double[] w) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += w[i] * a[i] * a[i];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double arrays(double[] x, double[] data) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = Math.sin(x[i]) * x[0];
          }
          return sumSquares(x, y) + sumSquares(y, data) * sumSquares(data, x);
        }

        @Differentiable(wrt = "x")
        static double element(double[] x, int i) {
          return g(x[i], x[0]);
        }

        @Differentiable
        static double form(double[][] a, double[] x) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
              s += x[i] * a[i][j] * Math.sin(x[j]);
            }
          }
          return s;
        }

        @Differentiable
        static double matrixParameterPassed(double[][] a, double[] x) {
          return form(a, x) * x[0] + a[1][0] * form(a, x);
        }

        @Differentiable
        static double localMatrixPassed(double[] x, double[][] data) {
          double[][] m = new double[x.length][x.length];
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
              m[i][j] = x[i] * x[j] + data[i][j];
            }
          }
          double[][] none = new double[0][2];
          return form(m, x) + form(data, x) * x[1] + form(none, x);
        }

        @Differentiable
        static double rowsPassed(double[][] a, double[] x) {
          double[][] m = new double[2][a[0].length];
          for (int j = 0; j < a[0].length; j++) {
            m[1][j] = a[0][j] * x[j];
          }
          return g(a[1][0], x[0]) + norm(a[0]) + norm(m[1]) * norm(a[1]);
        }

        @Differentiable(wrt = "x")
        static double grownMatrixPassed(double[] x, int[] rows) {
          double t = 0;
          for (int r = 0; r < rows.length; r++) {
            double[][] m = new double[rows[r]][x.length];
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < x.length; j++) {
                m[i][j] = x[j] * (i + 1) + x[i % x.length];
              }
            }
            t += norm(m[0]) * 0.1 + norm(m[m.length - 1]);
          }
          return t;
        }

        @Differentiable
        static double norm(double[] v) {
          double s = 0;
          for (int k = 0; k < v.length; k++) {
            s += v[k] * v[k] * v[k];
          }
          return s;
        }

        @Differentiable
        static double refusedCallee(double x) {
          double s = 0;
          for (double t = x * x; t < 4; t = t * 2 + 1) {  // its header writes a value: no recording
            s += t * t;
          }
          return s;
        }

        @Differentiable
        static double callsRefused(double x) {
          return refusedCallee(x) * x;
        }

        @Differentiable
        static double callsCallerOfRefused(double x) {
          return callsRefused(x) + g(x, x);
        }

        @Differentiable
        static double callsInstance(Scaled s, double x, double y) {
          return s.apply(x * y) + s.apply(x);
        }
      }

      final class Other {
        private Other() {}

        @Differentiable
        static double bond(double a, double b) {
          double d = a - b;
          return d * d * d + a;
        }
      }

      final class Scaled {
        private final double k;

        Scaled(double k) {
          this.k = k;
        }

        @Differentiable
        double apply(double u) {
          return k * u * Math.cos(u);
        }
      }
      """;

  private static Class<?> cases;
  private static Class<?> companion;
  private static Class<?> scaled;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("calls.Cases", SOURCE));
    assertThat(compilation).succeeded();
    ClassLoader loader = DiagnosticSources.classes(compilation);
    cases = loader.loadClass("calls.Cases");
    companion = loader.loadClass("calls.CasesDerivatives");
    scaled = loader.loadClass("calls.Scaled");
  }

  @Test
  void aCalleeCalledTwiceWithDifferentArguments() throws Exception {
    check("twice", 0.7, -1.3);
    check("twice", 1.9, 0.4);
  }

  @Test
  void oneArgumentPassedTwice() throws Exception {
    check("sameArgument", 0.8);
    check("sameArgument", -2.1);
  }

  @Test
  void aCalleeInALoop() throws Exception {
    check("inLoop", (Object) new double[] {0.5, -1.0, 1.5, 0.25});
    check("inLoop", (Object) new double[] {1.1, 0.3});
  }

  @Test
  void recursion() throws Exception {
    check("recursion", 0.6, 0.9);
    check("recursion", -0.4, 1.3);
  }

  @Test
  void nestedCalls() throws Exception {
    check("nested", 0.6, 0.9, -0.7);
    check("nested", 1.4, -0.2, 0.3);
  }

  @Test
  void privateCalleeAndOneInAnotherClass() throws Exception {
    check("callsPrivate", 0.6, 0.9);
    check("callsPrivate", -0.3, 1.2);
    check("callsOtherClass", 0.6, 0.9);
    check("callsOtherClass", 2.3, -1.2);
  }

  @Test
  void anInstanceMethodCalled() throws Exception {
    java.lang.reflect.Constructor<?> make = scaled.getDeclaredConstructor(double.class);
    make.setAccessible(true);
    Object s = make.newInstance(1.5);
    check("callsInstance", s, 0.6, 0.9);
    check("callsInstance", s, -1.1, 0.4);
  }

  @Test
  void arraysPassedWhole() throws Exception {
    check("arrays", new double[] {0.5, -1.0, 1.5}, new double[] {2.0, 0.5, -1.0});
    check("arrays", new double[] {1.2, 0.1}, new double[] {-0.3, 0.7});
  }

  /**
   * Matrices passed whole (a differentiated one, a local one, data, one without rows) and rows of
   * matrices passed as arrays: the callee's matrix keys follow the caller's row after row.
   */
  @Test
  void matricesAndRowsPassed() throws Exception {
    double[][] a = {{0.5, -1.0, 1.5}, {2.0, 0.5}, {-0.3, 0.7, 1.1}};
    double[][] square = {{0.5, -1.0, 1.5}, {2.0, 0.5, 0.2}, {-0.3, 0.7, 1.1}};
    check("matrixParameterPassed", a, new double[] {0.3, -0.8, 1.2});
    check("matrixParameterPassed", square, new double[] {1.3, 0.4, -0.6});
    check("localMatrixPassed", new double[] {0.3, -0.8, 1.2}, square);
    check("localMatrixPassed", new double[] {-1.1, 0.6, 0.9}, square);
    check("rowsPassed", square, new double[] {0.3, -0.8, 1.2});
    check("rowsPassed", a, new double[] {1.3, 0.4, -0.6});
    // Rows of a matrix made in a loop (a buffer grown to each shape, its rows longer than the
    // shape's; the matrix itself cannot be passed whole, ADJ038).
    check("grownMatrixPassed", new double[] {0.3, -0.8, 1.2}, new int[] {1, 3, 2, 5});
    check("grownMatrixPassed", new double[] {1.3, 0.4, -0.6, 0.2}, new int[] {4, 2});
  }

  @Test
  void anElementPassed() throws Exception {
    check("element", new double[] {0.5, -1.0, 1.5}, 2);
    check("element", new double[] {0.5, -1.0, 1.5}, 0);
  }

  @Test
  void anArgumentOutOfItsArrayThrowsTheMethodsOwnException() throws Exception {
    Method edges = find(companion, "elementHessianEdges", 3);
    EdgePushing recording = new EdgePushing();
    recording.begin(3);
    InvocationTargetException thrown =
        assertThrows(
            InvocationTargetException.class,
            () -> edges.invoke(null, recording, new double[] {0.5, -1.0, 1.5}, 3));
    assertTrue(thrown.getCause() instanceof ArrayIndexOutOfBoundsException, thrown.getCause().toString());
    Method m = find(cases, "element", 2);
    InvocationTargetException own =
        assertThrows(InvocationTargetException.class, () -> m.invoke(null, new double[] {0.5, -1.0, 1.5}, 3));
    assertEquals(own.getCause().getMessage(), thrown.getCause().getMessage());
  }

  /** A callee without a recording takes its callers' away, and theirs callers', but no other kind. */
  @Test
  void aCalleeWithoutARecordingLeavesItsCallersWithoutOne() {
    for (String name : new String[] {"refusedCallee", "callsRefused", "callsCallerOfRefused"}) {
      boolean has =
          Arrays.stream(companion.getDeclaredMethods())
              .anyMatch(m -> m.getName().equals(name + "HessianEdges"));
      assertTrue(!has, name + " has mHessianEdges");
      assertNotNull(find(companion, name + "HessianSparse", 1));
    }
  }

  /**
   * A library compiled on its own, with this Adjoint, and a caller compiled later against its
   * classes: the caller's recording calls the library's from its companion on the class path.
   */
  @Test
  void aCalleeCompiledSeparatelyIsRecordedThroughItsCompanion(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Compilation library =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new dev.adjoint.processor.AdjointProcessor())
            .withClasspath(java.util.List.of(SeparateCompilationTest.annotationsJar()))
            .compile(
                com.google.testing.compile.JavaFileObjects.forSourceString(
                    "lib.Curve",
                    """
                    package lib;
                    import dev.adjoint.Differentiable;
                    public final class Curve {
                      private Curve() {}

                      @Differentiable
                      public static double bump(double a, double b) {
                        return Math.exp(a * b) + a * a * b;
                      }
                    }
                    """));
    assertThat(library).succeeded();
    SeparateCompilationTest.writeClasses(library, dir);
    Compilation caller =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new dev.adjoint.processor.AdjointProcessor())
            .withClasspath(java.util.List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
            .compile(
                com.google.testing.compile.JavaFileObjects.forSourceString(
                    "app.Chain",
                    """
                    package app;
                    import dev.adjoint.Differentiable;
                    import lib.Curve;
                    public class Chain {
                      @Differentiable
                      public static double energy(double[] x) {
                        double s = 0;
                        for (int i = 0; i + 1 < x.length; i++) {
                          s += Curve.bump(x[i], x[i + 1]) * x[i];
                        }
                        return s + x[0] * x[0];
                      }
                    }
                    """));
    assertThat(caller).succeededWithoutWarnings();
    String generated =
        caller.generatedSourceFile("app.ChainDerivatives").orElseThrow().getCharContent(true).toString();
    assertTrue(generated.contains("CurveDerivatives.bumpHessianEdges(edges, "), generated);
    SeparateCompilationTest.writeClasses(caller, dir);
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, CallsEdgesTest.class.getClassLoader())) {
      Class<?> chain = loader.loadClass("app.Chain");
      Class<?> chainCompanion = loader.loadClass("app.ChainDerivatives");
      check(chain, chainCompanion, "energy", (Object) new double[] {0.5, -0.3, 0.8, 0.1});
      check(chain, chainCompanion, "energy", (Object) new double[] {-0.7, 0.4, 0.2});
    }
  }

  /** The edge route of {@code name} at {@code args} against the dense Hessian and the gradient. */
  private static void check(String name, Object... args) throws Exception {
    check(cases, companion, name, args);
  }

  private static void check(Class<?> cases, Class<?> companion, String name, Object... args)
      throws Exception {
    new EdgeRouteCheck(cases, companion).check(name, args);
  }

  private static Method find(Class<?> owner, String name, int parameters) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    fail(owner.getSimpleName() + " has no " + name + " of " + parameters + " parameters");
    return null;
  }
}
