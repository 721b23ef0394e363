package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A helper computing an {@code int}, {@code long} or {@code boolean} given a differentiated array
 * (issue 16, corpus class {@code LennardJones}: {@code int n = numberOfParticles(positions);}) is
 * data, called as written, when it only reads the array: through rows, locals, enhanced for,
 * copies and helpers it passes the array on to. One that may change the array (an element written,
 * here or in a helper it passes the array to; the array stored, returned or the destination of a
 * copy; a matrix copied, whose copy shares its rows) is refused on the call's line (ADJ034); an
 * array made in a loop goes to it as that iteration's elements.
 */
class DataHelperGivenArraysTest {

  private static final String READERS =
      """
        static int count(double[] p) {
          double[] copy = p.clone();
          double[] head = java.util.Arrays.copyOf(p, 2);
          double[] tail = new double[2];
          System.arraycopy(p, p.length - 2, tail, 0, 2);
          copy[0] = head[1] + tail[0];
          return copy.length / 3;
        }

        static boolean anyNegative(double[][] rows) {
          for (double[] row : rows) {
            double[] same = row;
            if (lowest(same) < 0) {
              return true;
            }
          }
          return false;
        }

        private static double lowest(double[] a) {
          double low = a[0];
          for (int i = 1; i < a.length; i++) {
            low = Math.min(low, a[i]);
          }
          return low;
        }

        private long sign(double[] p, int i) {
          return p == null ? 0 : (long) Math.signum(p[i]);
        }

      """;

  /** Every kind of f and of g against differences: the helpers' results only choose branches. */
  @Test
  void readingHelpersAreDataInEveryKind() throws Exception {
    Compilation c =
        expectClean(
            "p.Foo",
            foo(READERS
                + "  @Differentiable\n  double f(double[] x) {\n    int n = count(x);\n"
                + "    double s = 0;\n    for (int i = 0; i < n; i++) {\n"
                + "      s += sign(x, i) * x[3 * i] * x[3 * i + 1] + x[3 * i + 2];\n    }\n"
                + "    return s;\n  }\n\n"
                + "  @Differentiable\n  static double g(double[][] m, double y) {\n"
                + "    return anyNegative(m) ? y * m[0][0] : y * y * m[1][1];\n  }\n"));
    ClassLoader loader = classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    Class<?> companion = loader.loadClass("p.FooDerivatives");
    Object self = construct(foo);
    Method f = declared(foo, "f", double[].class);
    double[] x = {0.7, -1.2, 0.4, -0.3, 0.9, 1.1};
    Method fGradient = declared(companion, "fGradient", foo, double[].class, double[].class);
    Method fDerivative = declared(companion, "fDerivative", foo, double[].class, double[].class);
    Method fHessianVector =
        declared(companion, "fHessianVector", foo, double[].class, double[].class, double[].class, double[].class);
    ScalarKinds.check(
        y -> (Double) invoke(f, self, (Object) y),
        (y, grad) -> (Double) invoke(fGradient, null, self, y, grad),
        (y, v) -> (Double) invoke(fDerivative, null, self, y, v),
        (y, v, grad, hv) -> (Double) invoke(fHessianVector, null, self, y, v, grad, hv),
        x);
    Method g = declared(foo, "g", double[][].class, double.class);
    Method gGradient = declared(companion, "gGradient", double[][].class, double.class, double[].class);
    Method gDerivative = declared(companion, "gDerivative", double[][].class, double.class, double[].class);
    Method gHessianVector =
        declared(companion, "gHessianVector", double[][].class, double.class, double[].class, double[].class, double[].class);
    for (double sign : new double[] {1, -1}) {
      double[] at = {0.8, 0.3 * sign, 0.5, 1.3, 0.6};
      ScalarKinds.check(
          y -> (Double) invoke(g, null, matrix(y), y[4]),
          (y, grad) -> (Double) invoke(gGradient, null, matrix(y), y[4], grad),
          (y, v) -> (Double) invoke(gDerivative, null, matrix(y), y[4], v),
          (y, v, grad, hv) -> (Double) invoke(gHessianVector, null, matrix(y), y[4], v, grad, hv),
          at);
    }
  }

  @Test
  void helpersThatMayChangeTheArrayAreRefusedOnTheCall() {
    Compilation c =
        expectErrors(
            "p.Foo",
            foo("""
                  static double[] kept;

                  static int clamp(double[] p) {
                    p[0] = Math.max(p[0], 0);
                    return p.length;
                  }

                  static int viaHelper(double[] p) {
                    double[] q = p;
                    return clamp(q);
                  }

                  static boolean keep(double[] p) {
                    kept = p;
                    return true;
                  }

                  static int library(double[] p) {
                    return java.util.Arrays.binarySearch(p, 0.5);
                  }

                  static int copiedInto(double[] p) {
                    System.arraycopy(p, 1, p, 0, 1);
                    return 1;
                  }

                  static boolean rowsShared(double[][] m) {
                    double[][] c = m.clone();
                    c[0][0] = 1;
                    return true;
                  }

                  @Differentiable
                  static double f(double[] x) {
                    int n = clamp(x);  //! ADJ034
                    int m = viaHelper(x);  //! ADJ034
                    boolean k = keep(x);  //! ADJ034
                    int b = library(x);  //! ADJ034
                    int c = copiedInto(x);  //! ADJ034
                    double[][] g = new double[1][1];
                    g[0][0] = x[0];
                    boolean r = rowsShared(g);  //! ADJ034
                    double s = 0;
                    for (int i = 0; i < 2; i++) {
                      double[] d = new double[2];
                      d[0] = x[i];
                      s += count(d) * d[0];
                    }
                    return s + n + m + b + c + g[0][0] + (k ? 1 : 0) + (r ? 1 : 0);
                  }

                  static int count(double[] p) {
                    return p.length;
                  }
                """));
    String clamp = message(c, "Foo.clamp(...)");
    assertTrue(clamp.contains("p[0] = Math.max(p[0], 0)"), clamp);
    assertTrue(message(c, "Foo.viaHelper(...)").contains("p[0] = Math.max(p[0], 0)"));
    assertTrue(message(c, "Foo.keep(...)").contains("kept = p"));
    assertTrue(message(c, "Foo.library(...)").contains("binarySearch"));
    assertTrue(message(c, "Foo.copiedInto(...)").contains("arraycopy"));
    assertTrue(message(c, "Foo.rowsShared(...)").contains("m.clone"));
  }

  private static String message(Compilation c, String call) {
    return c.errors().stream()
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(t -> t.startsWith("[ADJ034] The call to " + call))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ADJ034 on " + call + ": " + DiagnosticSources.listing(c)));
  }

  /** The first four coordinates as the rows {@code {y0, y1}, {y2, y3}}. */
  private static double[][] matrix(double[] y) {
    return new double[][] {{y[0], y[1]}, {y[2], y[3]}};
  }

  private static Object construct(Class<?> type) throws ReflectiveOperationException {
    var constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  private static Method declared(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method m = type.getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }

  private static Object invoke(Method m, Object receiver, Object... args) {
    try {
      return m.invoke(receiver, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(m.getName() + " failed", e);
    }
  }
}
