package dev.adjoint.processor.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "a dead call is still differentiated": a call whose value no adjoint reaches, with an
 * array argument that carries one (never read, read only by a condition, or overwritten before it
 * is read), made the gradient call the callee's gradient (in a loop, once
 * per iteration) and add its partials times 0.0; an infinite partial ({@code Math.sqrt(w[0])} at
 * {@code w[0] = 0}) then gave NaN for {@code w[0]}, whose derivative is ordinary. Such a call is
 * now a plain call ({@link UnusedCalls}): the derivatives are checked against central differences
 * of the original, which never involve the callee's slope. The callee also counts its runs: every
 * generated method runs it exactly as often as the original.
 */
class UnusedCallsTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static int runs;

        static void count() {
          runs++;
        }

        @Differentiable
        static double root(double[] w, double a) {
          count();
          return a * Math.sqrt(w[0]);
        }

        /** Unread, read by a condition only, overwritten before it is read, and in a loop. */
        @Differentiable
        static double f(double[] w, double a) {
          double unread = root(w, a);
          double decides = root(w, a) + a;
          double s = decides > 100 ? a * a : w[1] * w[1];
          double overwritten = root(w, a);
          overwritten = a * a;
          s += overwritten;
          for (int i = 0; i < 3; i++) {
            double alsoUnread = root(w, a * i);
            s += w[0] * a;
          }
          return s + w[0] * w[0];
        }

        /** Values read in a later iteration, after a break, after a continue: all used. */
        @Differentiable
        static double carried(double[] w, double a) {
          double s = 0;
          double previous = 0;
          for (int i = 0; i < 4; i++) {
            s += previous;
            previous = root(w, a + i);
          }
          double last = 0;
          int k = 0;
          do {
            last = root(w, a * k);
            k++;
            if (k > 2) {
              break;
            }
            last = 0;
          } while (true);
          double skipped = 0;
          for (int i = 0; i < 3; i++) {
            skipped = root(w, a - i);
            if (i < 2) {
              continue;
            }
            skipped = 0;
          }
          return s + last + skipped;
        }

        /** A callee taking the rows of a ragged matrix, in a loop: its partials are taped. */
        @Differentiable
        static double rows(double[][] m, double b) {
          double t = 0;
          for (int i = 0; i < m.length; i++) {
            t += Math.tanh(root(m[i], b) + b);
            b = 0.5 * b + t;
          }
          return t;
        }
      }
      """;

  private static Class<?> original;
  private static Class<?> companion;
  private static Field runs;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    original = loader.loadClass("repro.C");
    companion = loader.loadClass("repro.CDerivatives");
    runs = original.getField("runs");
  }

  @Test
  void anUnusedCallWithAnInfinitePartialLeavesTheGradientFinite() throws Exception {
    double[] w = {0.0, 0.7};
    double a = 0.3;
    double[] differences = differences(w, a);
    assertEquals(6, runsOf(() -> method(original, "f", 2).invoke(null, w, a)), "f");

    double[] grad = new double[3];
    assertEquals(6, runsOf(() -> method(companion, "fGradient", 3).invoke(null, w, a, grad)));
    assertClose(differences, grad, "fGradient");

    double[] direction = {0.4, -0.9, 0.6};
    double[] tangent = new double[1];
    assertEquals(
        6,
        runsOf(
            () ->
                tangent[0] =
                    (double) method(companion, "fDerivative", 3).invoke(null, w, a, direction)));
    assertClose(new double[] {dot(differences, direction)}, tangent, "fDerivative");

    double[] hvGrad = new double[3];
    double[] hv = new double[3];
    assertEquals(
        6,
        runsOf(
            () ->
                method(companion, "fHessianVector", 5).invoke(null, w, a, direction, hvGrad, hv)));
    assertClose(differences, hvGrad, "fHessianVector's gradient");
    // H·v against differences of the differences along the direction.
    double h = 1e-4;
    double[] plus = differences(shifted(w, direction, h), a + h * direction[2]);
    double[] minus = differences(shifted(w, direction, -h), a - h * direction[2]);
    double[] expected = new double[3];
    for (int k = 0; k < 3; k++) {
      expected[k] = (plus[k] - minus[k]) / (2 * h);
    }
    assertClose(expected, hv, "fHessianVector");
  }

  @Test
  void valuesReadLaterInALoopAreStillDifferentiated() throws Exception {
    double[] w = {0.5, 0.7};
    double a = 0.3;
    double[] grad = new double[3];
    method(companion, "carriedGradient", 3).invoke(null, w, a, grad);
    double h = 1e-6;
    double[] expected = new double[3];
    for (int k = 0; k < 2; k++) {
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += h;
      down[k] -= h;
      expected[k] = (carried(up, a) - carried(down, a)) / (2 * h);
    }
    expected[2] = (carried(w, a + h) - carried(w, a - h)) / (2 * h);
    assertTrue(Math.abs(expected[0]) > 1, "the test reads the callee's slope");
    assertClose(expected, grad, "carriedGradient");
  }

  @Test
  void aCalleeTakingRowsOfARaggedMatrixInALoopRunsOncePerIteration() throws Exception {
    double[][] m = {{0.3, 0.2, 0.5}, {0.6}, {0.1, 0.9}};
    double b = 0.4;
    assertEquals(3, runsOf(() -> method(original, "rows", 2).invoke(null, m, b)));
    double[] grad = new double[7];
    assertEquals(3, runsOf(() -> method(companion, "rowsGradient", 3).invoke(null, m, b, grad)));
    double[] expected = new double[7];
    double h = 1e-6;
    int k = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++, k++) {
        double keep = m[i][j];
        m[i][j] = keep + h;
        double up = rows(m, b);
        m[i][j] = keep - h;
        double down = rows(m, b);
        m[i][j] = keep;
        expected[k] = (up - down) / (2 * h);
      }
    }
    expected[6] = (rows(m, b + h) - rows(m, b - h)) / (2 * h);
    assertClose(expected, grad, "rowsGradient");

    double[] v = {0.5, -0.2, 0.1, 0.7, -0.4, 0.3, 0.9};
    double[] hvGrad = new double[7];
    double[] hv = new double[7];
    assertEquals(
        3,
        runsOf(
            () -> method(companion, "rowsHessianVector", 5).invoke(null, m, b, v, hvGrad, hv)));
    assertClose(expected, hvGrad, "rowsHessianVector's gradient");
    double[] plus = new double[7];
    double[] minus = new double[7];
    double step = 1e-4;
    method(companion, "rowsGradient", 3).invoke(null, moved(m, v, step), b + step * v[6], plus);
    method(companion, "rowsGradient", 3).invoke(null, moved(m, v, -step), b - step * v[6], minus);
    double[] hvExpected = new double[7];
    for (int i = 0; i < 7; i++) {
      hvExpected[i] = (plus[i] - minus[i]) / (2 * step);
    }
    assertClose(hvExpected, hv, "rowsHessianVector");
  }

  /** Central differences of {@code f} in each of its three inputs. */
  private static double[] differences(double[] w, double a) throws Exception {
    double h = 1e-6;
    double[] out = new double[3];
    for (int k = 0; k < 2; k++) {
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += h;
      down[k] -= h;
      out[k] = (f(up, a) - f(down, a)) / (2 * h);
    }
    out[2] = (f(w, a + h) - f(w, a - h)) / (2 * h);
    return out;
  }

  private static double f(double[] w, double a) throws Exception {
    return (double) method(original, "f", 2).invoke(null, w, a);
  }

  private static double carried(double[] w, double a) throws Exception {
    return (double) method(original, "carried", 2).invoke(null, w, a);
  }

  private static double rows(double[][] m, double b) throws Exception {
    return (double) method(original, "rows", 2).invoke(null, m, b);
  }

  private static double[] shifted(double[] w, double[] direction, double h) {
    return new double[] {w[0] + h * direction[0], w[1] + h * direction[1]};
  }

  private static double[][] moved(double[][] m, double[] v, double h) {
    double[][] out = new double[m.length][];
    int k = 0;
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
      for (int j = 0; j < m[i].length; j++) {
        out[i][j] += h * v[k++];
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    for (int k = 0; k < expected.length; k++) {
      assertTrue(
          Math.abs(expected[k] - actual[k]) <= 1e-6 * Math.max(1, Math.abs(expected[k])),
          what + ": expected " + Arrays.toString(expected) + " but was " + Arrays.toString(actual));
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  /** How many times the callee ran during {@code call}. */
  private static int runsOf(Call call) throws Exception {
    runs.setInt(null, 0);
    call.run();
    return runs.getInt(null);
  }

  private static Method method(Class<?> cls, String name, int parameters) {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters");
  }
}
