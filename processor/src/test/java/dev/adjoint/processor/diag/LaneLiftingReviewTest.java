package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.Tape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of the merged lane loops (issue 17, branches lanes-speed, lane-calls, dense): programs
 * whose primal statements, moved around the lane loops, change what a coefficient or a later loop
 * reads (local array and matrix elements written after they are read, a callee
 * between such writes, values kept across iterations), each {@code hvs[j]} against {@code mHessianVector(vs[j])} and the dense
 * Hessian against central differences of the gradient; an index out of bounds part way gives the
 * original's exception and writes nothing.
 */
class LaneLiftingReviewTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
        static double scale = 1.25;

        @Differentiable
        static double doWhileAfterLoop(double a, double b, double[][] mat) {
          b += 0.5;
          for (int i = mat.length - 1; i >= 0; i -= 1) {
            a /= 8.0;
            double t0;
            t0 = b;
          }
          b /= 4.0;
          double t0 = scale;
          int k2 = 0;
          do {
            ++k2;
            b = t0;
            b = Math.cbrt((b * Math.acos(0.5 * Math.sin(a))) + 0.3183);
          } while ((mat[(k2 + 1) % mat.length][0] / (1.5 + Math.cos(b))) <= (0.2 * k2 / (1 + t0 * t0))
              && k2 < 4);
          return a + 0.25 * a + 0.25 * b;
        }

        @Differentiable
        static double rewritten(double[] x) {
          double[] a = new double[x.length];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] * x[i];
            s += a[i] * Math.sin(a[(i + 1) % x.length]);
            a[(i + 1) % x.length] = s * x[i];
          }
          return s * a[0];
        }

        @Differentiable
        static double matrixRewritten(double[] x) {
          int n = x.length;
          double[][] m = new double[2][n];
          double s = 0;
          for (int i = 0; i < n; i++) {
            m[0][i] = x[i] * x[(i + 1) % n];
            s += m[1][i] * m[0][(i + n - 1) % n] + m[0][i];
            m[1][(i + 1) % n] = Math.sin(0.1 * s) * m[0][i];
            m[0][(i + n - 1) % n] = s;
          }
          return s * m[1][0];
        }

        @Differentiable
        static double sq(double a, double b) {
          return a * a * b + Math.sin(b);
        }

        @Differentiable
        static double calleeBetweenWrites(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          double s = 0.5;
          for (int i = 0; i < n; i++) {
            a[i] = s * x[i];
            double c = sq(a[i], a[(i + 1) % n]);
            a[(i + 1) % n] = c * x[i];
            s = s + c * a[i];
            if (s > 4) {
              s = 1 / s;
            }
          }
          return s;
        }

        @Differentiable
        static double carried(double[] x) {
          double c = x[0];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double t = c * x[i];
            c = Math.sin(t) + c;
            double u = t * c;
            if (u > 0.7) {
              c = c * x[i];
              continue;
            }
            s += u * u;
          }
          return s + c;
        }

        @Differentiable
        static double outOfBounds(double[] x, int extra) {
          double s = x[0] * x[0];
          double[] a = new double[x.length];
          for (int i = 0; i < x.length + extra; i++) {
            a[i % x.length] = s * x[i];
            s += a[i % x.length] * x[i];
          }
          return s;
        }

        @Differentiable
        static double throughArrayAndScalars(double[] x) {
          int n = x.length;
          double[] p = new double[n];
          double acc = 0;
          for (int i = 0; i < n; i++) {
            p[i] = x[i] * acc + 1;
            acc += p[i] * x[i];
            p[i] = p[i] * p[i];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += p[i] * p[(i + 1) % n];
            p[(i + 1) % n] = s;
          }
          return s * acc;
        }
      }
      """;

  private static Class<?> companion;

  @BeforeAll
  static void compile() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", SOURCE);
    companion = DiagnosticSources.classes(c).loadClass("p.FooDerivatives");
  }

  private static Method find(String name, int params) {
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + params + " parameters");
  }

  private static Object call(Method m, Object... args) throws Throwable {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"rewritten", "matrixRewritten", "calleeBetweenWrites", "carried", "throughArrayAndScalars"})
  void everyLaneIsItsOwnProductAndTheHessianItsDifferences(String name) throws Throwable {
    Random random = new Random(name.hashCode());
    Method one = find(name + "HessianVector", 4);
    Method many = find(name + "HessianVectors", 4);
    Method gradient = find(name + "Gradient", 2);
    Method hessian = find(name + "Hessian", 1);
    for (int n : new int[] {1, 3, 5, 33, 40}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 0.2 + 0.8 * random.nextDouble();
      }
      for (int k : new int[] {0, 1, 3, 40}) {
        double[][] vs = new double[k][n];
        for (double[] v : vs) {
          for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextDouble() - 1;
          }
        }
        double[][] hvs = new double[k][n];
        double[] grad = new double[n];
        call(many, x.clone(), vs, grad, hvs);
        assertEquals(0, Tape.get().size());
        for (int j = 0; j < k; j++) {
          double[] hv = new double[n];
          double[] g = new double[n];
          call(one, x.clone(), vs[j].clone(), g, hv);
          assertArrayEquals(g, grad, name + " gradient");
          for (int i = 0; i < n; i++) {
            if (!(Math.abs(hvs[j][i] - hv[i]) <= 1e-12 * Math.max(1, Math.abs(hv[i])))) {
              fail(name + ", n = " + n + ", k = " + k + ": hvs[" + j + "] = "
                  + Arrays.toString(hvs[j]) + " but mHessianVector gives " + Arrays.toString(hv));
            }
          }
        }
      }
      double[][] h = (double[][]) call(hessian, (Object) x.clone());
      double step = 1e-5;
      for (int j = 0; j < n; j++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[j] += step;
        down[j] -= step;
        double[] gUp = new double[n];
        double[] gDown = new double[n];
        call(gradient, up, gUp);
        call(gradient, down, gDown);
        for (int i = 0; i < n; i++) {
          double fd = (gUp[i] - gDown[i]) / (2 * step);
          double scale = Math.max(1, Math.abs(fd));
          if (!(Math.abs(h[i][j] - fd) <= 1e-5 * scale)) {
            fail(name + ", n = " + n + ": H[" + i + "][" + j + "] = " + h[i][j]
                + " but differences give " + fd);
          }
        }
      }
    }
  }

  /**
   * Found by RandomProgramsTest (seed 777001, Gen28.m4): b = t0 makes b's tangent a known zero, so
   * the tape recorded it as one value 0.0 while the lanes popped k values back: AIOOBE in
   * Tape.pop for k > 1 (or, with more on the tape, values that are not b's). Now the lifting
   * refuses and the product falls back to one mHessianVector per direction.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 8, 40})
  void knownZeroTangentRecordedInALoop(int k) throws Throwable {
    Method many = find("doWhileAfterLoopHessianVectors", 6);
    Method one = find("doWhileAfterLoopHessianVector", 6);
    double[][] mat = {{-1.8, 1.5, 1.4}, {-1.0, 1.4, -1.7}};
    Random random = new Random(k);
    double[][] vs = new double[k][8];
    for (double[] v : vs) {
      for (int i = 0; i < 8; i++) {
        v[i] = 2 * random.nextDouble() - 1;
      }
    }
    double[][] hvs = new double[k][8];
    call(many, 1.87, 1.15, mat, vs, new double[8], hvs);
    assertEquals(0, Tape.get().size());
    for (int j = 0; j < k; j++) {
      double[] hv = new double[8];
      call(one, 1.87, 1.15, mat, vs[j].clone(), new double[8], hv);
      assertArrayEquals(hv, hvs[j], 1e-12);
    }
  }

  /**
   * An index out of bounds part way: the original's exception and message, grad as {@code
   * mHessianVector} leaves it, no product written, tape empty, the next call right.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 0, 40})
  void outOfBoundsPartWayWritesNothing(int k) throws Throwable {
    Method original = Class.forName("p.Foo", true, companion.getClassLoader())
        .getDeclaredMethod("outOfBounds", double[].class, int.class);
    original.setAccessible(true);
    Method many = find("outOfBoundsHessianVectors", 5);
    Method one = find("outOfBoundsHessianVector", 5);
    double[] x = {0.5, 0.7, 0.9};
    Throwable expected = assertThrows(Throwable.class, () -> call(original, x.clone(), 2));
    double[][] vs = new double[k][3];
    for (double[] v : vs) {
      Arrays.fill(v, 0.25);
    }
    double[] grad = {7, 7, 7};
    double[][] hvs = new double[k][3];
    for (double[] hv : hvs) {
      Arrays.fill(hv, 7);
    }
    Throwable thrown = assertThrows(Throwable.class, () -> call(many, x.clone(), 2, vs, grad, hvs));
    assertEquals(expected.getClass(), thrown.getClass());
    assertEquals(expected.getMessage(), thrown.getMessage());
    double[] oneGrad = {7, 7, 7};
    double[] oneHv = {7, 7, 7};
    assertThrows(
        Throwable.class,
        () -> call(one, x.clone(), 2, new double[] {.25, .25, .25}, oneGrad, oneHv));
    assertArrayEquals(oneGrad, grad);
    // grad is cleared first, as mHessianVector clears it; the products are left as they were.
    for (double[] hv : hvs) {
      assertArrayEquals(new double[] {7, 7, 7}, hv);
    }
    assertEquals(0, Tape.get().size());
    double[][] hvs2 = new double[k][3];
    double[] grad2 = new double[3];
    call(many, x.clone(), 0, vs, grad2, hvs2);
    for (int j = 0; j < k; j++) {
      double[] hv = new double[3];
      call(one, x.clone(), 0, vs[j].clone(), new double[3], hv);
      assertArrayEquals(hv, hvs2[j], 1e-12);
    }
  }
}
