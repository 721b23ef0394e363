package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.EdgePushing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review R12 of issue 19: {@code mHessianEdges} through calls of other differentiable methods and
 * over {@code double[][]}, against the dense {@code mHessian}, {@code mGradient} and the method's
 * value at two or more points each. Callees that write a local matrix, take one array twice,
 * return a parameter unchanged or a constant, return inside a loop, are called in {@code ?:} and
 * {@code &&} conditions or a {@code while} condition, recurse over an array or mutually, take int
 * parameters between doubles, are overloaded or read an instance field; callers that pass a
 * written parameter or a local overwritten each iteration; matrices without rows or with ragged
 * rows passed (a parameter's ragged rows, a local matrix without rows or without columns); a
 * refill after a callee threw. (A wrt-subset callee given active arguments in its other slots is
 * refused, ADJ044, as for every kind.)
 */
class EdgeCallsMatricesReviewTest {
  private static final String SOURCE =
      """
      package review;

      import dev.adjoint.Differentiable;

      public final class R {
        private R() {}

        @Differentiable
        static double g(double u, double v) {
          return u * v + Math.sin(u);
        }

        @Differentiable
        static double cornerOfOuter(double[] v) {
          double[][] m = new double[v.length][v.length];
          for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
              m[i][j] = v[i] * Math.cos(v[j]);
            }
          }
          m[0][0] = m[0][0] * m[v.length - 1][0];
          return m[0][0] + m[v.length - 1][v.length - 1] * m[0][v.length - 1];
        }

        @Differentiable
        static double callsLocalMatrixCallee(double[] x) {
          return cornerOfOuter(x) * x[0] + cornerOfOuter(x);
        }

        @Differentiable
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i] * b[i];
          }
          return s;
        }

        @Differentiable
        static double sameArrayTwice(double[] x) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[0];
          }
          return dot(x, x) * dot(y, y) + dot(x, y);
        }

        @Differentiable
        static double writtenParameterPassed(double x, double y) {
          x = x * y + 1;
          double t = g(x, y);
          x = Math.sin(x) * t;
          return g(y, x) + x;
        }

        @Differentiable
        static double same(double a) {
          return a;
        }

        @Differentiable
        static double constant(double a) {
          return 2.5;
        }

        @Differentiable
        static double identityAndConstant(double x, double y) {
          return same(x) * same(y * x) + constant(x) * x + constant(y) + same(same(y)) * y;
        }

        @Differentiable
        static double firstAbove(double[] v, double t) {
          for (int i = 0; i < v.length; i++) {
            if (v[i] > t) {
              return v[i] * v[i] * t;
            }
          }
          return t * t;
        }

        @Differentiable(wrt = "x")
        static double returnInLoop(double[] x) {
          return firstAbove(x, x[0]) * x[1] + firstAbove(x, 10.0) + firstAbove(x, x[1] * x[2]);
        }

        @Differentiable
        static double inConditions(double x, double y) {
          double s = g(x, y) > 0 ? g(y, x) * x : x * y * y;
          if (g(x, x) > 0.5 && same(y) < 1 || constant(x) * g(y, y) > 100) {
            s += g(x * y, y);
          }
          return s;
        }

        @Differentiable
        static double tail(double[] v, int i) {
          if (i == v.length) {
            return 0;
          }
          return v[i] * v[i] * v[0] + tail(v, i + 1) * v[i];
        }

        @Differentiable
        static double arrayRecursion(double[] x) {
          return tail(x, 0) + tail(x, 1) * x[1];
        }

        @Differentiable
        static double even(double u, int k) {
          return k == 0 ? u * u : odd(u * 1.1, k - 1) * u;
        }

        @Differentiable
        static double odd(double u, int k) {
          return k == 0 ? Math.sin(u) : even(u + 0.3, k - 1) + u * u * u;
        }

        @Differentiable
        static double mutual(double x, double y) {
          return even(x * y, 3) + odd(y, 2) * x;
        }

        @Differentiable(wrt = "x")
        static double overwrittenArgument(double[] x) {
          double s = 0.5;
          double t;
          for (int i = 0; i < x.length; i++) {
            t = x[i] * x[(i + 1) % x.length];
            s += g(t, s);
            t = s * x[i];
            s = g(s, t) * 0.1;
          }
          return s;
        }

        @Differentiable
        static double rowSum(double[][] a, double[] x) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
              s += a[i][j] * x[j % x.length] * a[i][0];
            }
          }
          return s;
        }

        @Differentiable
        static double unusualMatrices(double[][] a, double[] x) {
          double[][] none = new double[0][3];
          double[][] empty = new double[2][0];
          double[][] m = new double[2][x.length];
          for (int j = 0; j < x.length; j++) {
            m[1][j] = x[j] * a[0][0];
          }
          return rowSum(a, x) + rowSum(none, x) * x[0] + rowSum(empty, x) + rowSum(m, x) * rowSum(a, x);
        }

        @Differentiable
        static double whileOnCall(double x, double y) {
          double s = x;
          int n = 0;
          while (g(s, y) < 4 && n < 20) {
            s = s * 1.3 + y * 0.1;
            n++;
          }
          return s * g(s, x);
        }

        @Differentiable
        static double slots(double a, int k, double b, int j, double c) {
          return a * b * k + c * c * j + a * c;
        }

        @Differentiable
        static double intsBetween(double x, double y, double z) {
          return slots(x, 2, y, 3, z) * slots(z, 1, x * y, -1, y);
        }

        @Differentiable
        static double h(double u) {
          return u * u * u;
        }

        @Differentiable
        static double h(double u, double v) {
          return u * Math.exp(v);
        }

        @Differentiable
        static double h(double[] u) {
          return u[0] * u[1];
        }

        @Differentiable
        static double overloads(double[] x) {
          return h(x[0]) + h(x[1], x[0]) * h(x) + h(h(x[2]), h(x[0], x[2]));
        }

        @Differentiable
        static double viaInstance(Field f, double x, double y) {
          return f.scaled(x * y) * f.scaled(y) + f.scaled(x);
        }

        @Differentiable
        static double guarded(double u) {
          if (u < 0) {
            throw new IllegalArgumentException("negative");
          }
          return Math.sqrt(u) * u;
        }

        @Differentiable
        static double throwsInCallee(double x, double y) {
          double t = g(x, y) * x;
          return t * guarded(x) + guarded(y * y) * t;
        }

        @Differentiable
        static double total(double... v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i] * v[0];
          }
          return s;
        }

        @Differentiable
        static double varargs(double[] x) {
          return total(x) * x[0] + total(x);
        }

        @Differentiable
        static double pair(double[][] a, double[][] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
              s += a[i][j] * b[i][j] * b[0][0];
            }
          }
          return s;
        }

        @Differentiable
        static double matrixTwiceAndCallsIntoElements(double[][] a, double[] x) {
          double[][] m = new double[a.length][x.length];
          for (int j = 0; j < x.length; j++) {
            m[0][j] = x[j] * a[0][0];
          }
          for (int i = 1; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
              m[i][j] = g(m[i - 1][j], x[j]) * a[i][0];
            }
          }
          return pair(m, m) + pair(a, a) * g(a[0][0], a[a.length - 1][0]) + rowSum(m, x);
        }

        @Differentiable
        static double rowPassedThenWritten(double[] x) {
          double[][] m = new double[2][x.length];
          for (int k = 0; k < x.length; k++) {
            m[0][k] = x[k] * x[0];
          }
          double s = dot(m[0], x);
          for (int k = 0; k < x.length; k++) {
            m[0][k] = s * x[k];
          }
          return s + dot(m[0], m[0]) + dot(m[1], x);
        }

        @Differentiable
        static double allConstantArguments(double x) {
          double[] none = new double[0];
          return g(2.0, 3.0) * x + dot(none, none) + g(x, 0.5) * g(1.5, 1.5);
        }

        @Differentiable
        static double varyingDepth(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += pow(x[i] * s + x[0], i);
          }
          return s;
        }

        @Differentiable
        static double pow(double u, int k) {
          return k == 0 ? u : pow(u, k - 1) * Math.sin(u);
        }

        @Differentiable(wrt = "a")
        static double weighted(double[][] a, double[][] d) {
          return pair(a, d) * a[0][0];
        }

        @Differentiable(wrt = "x")
        static double dataMatrixPassed(double[] x, double[][] d) {
          double[][] m = new double[d.length][d[0].length];
          for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d[0].length; j++) {
              m[i][j] = x[(i + j) % x.length] * x[j % x.length];
            }
          }
          return weighted(m, d) + pair(d, m) * weighted(m, d);
        }

        @Differentiable
        static double writesItsParameters(double u, double v, int k) {
          u = u * v;
          switch (k) {
            case 0:
              return u * u;
            case 1:
              v = Math.sin(u) * v;
              return v * u;
            default:
              u += v;
          }
          return u * u * v;
        }

        @Differentiable(wrt = "x")
        static double elementsOfAnOverwrittenMatrix(double[] x, int k) {
          double[][] m = new double[2][x.length];
          double s = 0;
          for (int r = 0; r < 3; r++) {
            for (int j = 0; j < x.length; j++) {
              m[r % 2][j] = writesItsParameters(x[j], m[(r + 1) % 2][j] + 1, (j + k) % 3);
            }
            s += r % 2 == 0 ? writesItsParameters(m[0][0], s, r) : m[1][x.length - 1] * s;
          }
          return s;
        }

        @Differentiable(wrt = "v")
        static double onlySecond(int k, double u, double v, double w) {
          return u * v * v * k + Math.exp(w * v) + u * w;
        }

        @Differentiable(wrt = {"x", "y"})
        static double wrtSubsetScalars(double x, double c, double y) {
          return onlySecond(2, c, x * y, c * c) + onlySecond(-1, c * 2, y, 0.5) * x;
        }
      }

      final class Field {
        private final double k;

        Field(double k) {
          this.k = k;
        }

        @Differentiable
        double scaled(double u) {
          return k * u * u + Math.sin(k * u);
        }
      }
      """;

  private static Class<?> cases;
  private static Class<?> companion;
  private static Class<?> field;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("review.R", SOURCE));
    assertThat(compilation).succeeded();
    ClassLoader loader = DiagnosticSources.classes(compilation);
    cases = loader.loadClass("review.R");
    companion = loader.loadClass("review.RDerivatives");
    field = loader.loadClass("review.Field");
  }

  @Test
  void calleeWritingALocalMatrix() throws Exception {
    check("callsLocalMatrixCallee", (Object) new double[] {0.5, -1.0, 1.5});
    check("callsLocalMatrixCallee", (Object) new double[] {1.2, 0.3});
  }

  @Test
  void oneArrayPassedTwice() throws Exception {
    check("sameArrayTwice", (Object) new double[] {0.5, -1.0, 1.5});
    check("sameArrayTwice", (Object) new double[] {-0.7, 0.3});
  }

  @Test
  void writtenParameterPassed() throws Exception {
    check("writtenParameterPassed", 0.6, -0.9);
    check("writtenParameterPassed", -1.2, 0.4);
  }

  @Test
  void calleesReturningAParameterOrAConstant() throws Exception {
    check("identityAndConstant", 0.6, -0.9);
    check("identityAndConstant", 1.7, 0.4);
  }

  @Test
  void calleeReturningInsideALoop() throws Exception {
    check("returnInLoop", (Object) new double[] {0.5, -1.0, 1.5});
    check("returnInLoop", (Object) new double[] {-0.5, 0.2, 0.1, 0.9});
    check("returnInLoop", (Object) new double[] {2.0, 0.7, 0.3});
  }

  @Test
  void callsInConditions() throws Exception {
    check("inConditions", 0.6, -0.9);
    check("inConditions", 1.7, 0.4);
    check("inConditions", -1.2, 0.3);
    check("inConditions", 3.0, 5.0);
  }

  @Test
  void recursionOverAnArrayAndMutualRecursion() throws Exception {
    check("arrayRecursion", (Object) new double[] {0.5, -1.0, 1.5});
    check("arrayRecursion", (Object) new double[] {1.1, 0.3, -0.2, 0.8});
    check("mutual", 0.6, -0.9);
    check("mutual", 1.1, 0.4);
  }

  @Test
  void argumentALocalOverwrittenEachIteration() throws Exception {
    check("overwrittenArgument", (Object) new double[] {0.5, -1.0, 1.5});
    check("overwrittenArgument", (Object) new double[] {1.1, 0.3, -0.2, 0.8});
  }

  @Test
  void matricesWithoutRowsOrRaggedPassed() throws Exception {
    check("unusualMatrices", new double[][] {{0.5, -1.0}, {}, {1.5, 0.2, 0.7}}, new double[] {0.3, -0.8, 1.2});
    check("unusualMatrices", new double[][] {{1.5}}, new double[] {-1.3, 0.4, 0.6});
  }

  @Test
  void callsInAWhileCondition() throws Exception {
    check("whileOnCall", 0.6, 0.9);
    check("whileOnCall", 1.7, 0.4);
    check("whileOnCall", 5.0, 0.4);
  }

  @Test
  void intParametersBetweenDoubles() throws Exception {
    check("intsBetween", 0.6, -0.9, 1.3);
    check("intsBetween", 1.7, 0.4, -0.2);
  }

  @Test
  void overloadedCallees() throws Exception {
    check("overloads", (Object) new double[] {0.6, -0.9, 1.3});
    check("overloads", (Object) new double[] {1.7, 0.4, -0.2});
  }

  @Test
  void instanceCalleeReadingAField() throws Exception {
    java.lang.reflect.Constructor<?> make = field.getDeclaredConstructor(double.class);
    make.setAccessible(true);
    check("viaInstance", make.newInstance(1.5), 0.6, -0.9);
    check("viaInstance", make.newInstance(-0.5), 1.7, 0.4);
  }

  /** A callee throws mid-recording; the next begin starts a clean recording (frames included). */
  @Test
  void refillAfterACalleeThrew() throws Exception {
    check("throwsInCallee", 0.6, -0.9);
    Method edges = find(companion, "throwsInCalleeHessianEdges", 3);
    EdgePushing recording = new EdgePushing();
    recording.begin(2);
    try {
      edges.invoke(null, recording, -0.6, 0.9);
      throw new AssertionError("no throw");
    } catch (InvocationTargetException e) {
      assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    }
    check(recording, "throwsInCallee", 0.6, -0.9);
    check(recording, "throwsInCallee", 1.6, 0.2);
  }

  /** A varargs callee given one array is recorded; given spread arguments, refused (was ADJ003). */
  @Test
  void varargsCallee() throws Exception {
    check("varargs", (Object) new double[] {0.6, -0.9, 1.3});
    check("varargs", (Object) new double[] {1.7});
    DiagnosticSources.expectErrors(
        "spread.S",
        """
        package spread;
        import dev.adjoint.Differentiable;
        final class S {
          @Differentiable
          static double total(double... v) {
            return v[0] * v[v.length - 1];
          }

          @Differentiable
          static double spread(double x, double y) {
            return total(x, y, x * y)  //! ADJ034
                + total(y) * x;  //! ADJ034
          }
        }
        """);
  }

  /** One matrix passed twice, a parameter whose rows are one array, calls written into a local matrix. */
  @Test
  void matrixPassedTwiceAndAliasedRows() throws Exception {
    double[] row = {0.5, -1.0};
    check("matrixTwiceAndCallsIntoElements", new double[][] {{0.5, -1.0}, {1.5, 0.2}, {0.7, 0.3}}, new double[] {0.3, -0.8});
    check("matrixTwiceAndCallsIntoElements", new double[][] {row, row}, new double[] {1.3, 0.4});
    check("matrixTwiceAndCallsIntoElements", new double[][] {{1.5}}, new double[] {1.3, 0.4, -0.2});
  }

  @Test
  void matrixRowPassedThenWrittenThenPassedAgain() throws Exception {
    check("rowPassedThenWritten", (Object) new double[] {0.5, -1.0, 1.5});
    check("rowPassedThenWritten", (Object) new double[] {-0.7, 0.3});
  }

  @Test
  void callsWithOnlyConstantArguments() throws Exception {
    check("allConstantArguments", 0.6);
    check("allConstantArguments", -1.7);
  }

  @Test
  void recursionDepthVaryingInALoop() throws Exception {
    check("varyingDepth", (Object) new double[] {0.5, -1.0, 1.5, 0.3});
    check("varyingDepth", (Object) new double[] {-0.7, 0.3});
  }

  @Test
  void wrtSubsetMatrixCalleeGivenDataInItsOtherSlot() throws Exception {
    check("dataMatrixPassed", new double[] {0.5, -1.0, 1.5}, new double[][] {{0.5, -1.0}, {1.5, 0.2}});
    check("dataMatrixPassed", new double[] {-0.7, 0.3}, new double[][] {{0.5, -1.0, 2.0}});
  }

  /** A callee writing its own parameters and returning from a switch, its arguments elements of a matrix rewritten. */
  @Test
  void calleeWritingItsParametersGivenElementsOfARewrittenMatrix() throws Exception {
    check("elementsOfAnOverwrittenMatrix", new double[] {0.5, -1.0, 1.5}, 0);
    check("elementsOfAnOverwrittenMatrix", new double[] {0.3, 0.7}, 2);
    check("writesItsParameters", 0.6, -0.9, 1);
    check("writesItsParameters", 0.6, -0.9, 4);
  }

  /** A callee differentiated in one slot of four (an int first), given data in the others. */
  @Test
  void wrtSubsetCalleeGivenDataInItsOtherSlots() throws Exception {
    check("wrtSubsetScalars", 0.6, 1.3, -0.9);
    check("wrtSubsetScalars", -0.4, -0.7, 0.8);
  }

  private static boolean hasEdges(String name) {
    return Arrays.stream(companion.getDeclaredMethods())
        .anyMatch(g -> g.getName().equals(name + "HessianEdges"));
  }

  private static void check(String name, Object... args) throws Exception {
    check(new EdgePushing(), name, args);
  }

  /** The edge route of {@code name} at {@code args}, recorded into {@code recording}, against the dense Hessian. */
  private static void check(EdgePushing recording, String name, Object... args) throws Exception {
    new EdgeRouteCheck(cases, companion).check(recording, name, args);
  }

  private static Method find(Class<?> owner, String name, int parameters) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError(owner.getSimpleName() + " has no " + name + " of " + parameters + " parameters");
  }
}
