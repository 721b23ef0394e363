package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Arrays in the gradient: flattened in declaration order, checked against differences. */
class ArrayFunctionsTest {
  private static final double H = 1e-5;
  private final Random random = new Random(11);

  /** Central differences of f over the flattened inputs. */
  private static double[] differences(ToDoubleFunction<double[]> f, double[] flat) {
    double[] out = new double[flat.length];
    for (int k = 0; k < flat.length; k++) {
      double[] up = flat.clone();
      double[] down = flat.clone();
      up[k] += H;
      down[k] -= H;
      out[k] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * H);
    }
    return out;
  }

  private static void assertClose(double[] expected, double[] actual, String where) {
    assertEquals(expected.length, actual.length, where);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(
          expected[k], actual[k], 1e-6 * Math.max(1, Math.abs(expected[k])), where + " at " + k);
    }
  }

  @Test
  void rosenbrockOfAVector() {
    for (int t = 0; t < 5; t++) {
      double[] p = {random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1};
      double[] grad = {Double.NaN, Double.NaN, 42};
      double value = ArrayFunctionsDerivatives.rosenbrockGradient(p, grad);
      assertEquals(ArrayFunctions.rosenbrock(p), value, 0.0);
      assertClose(differences(ArrayFunctions::rosenbrock, p), Arrays.copyOf(grad, 2), "rosenbrock");
      assertEquals(42, grad[2], 0.0);
      double[] direction = {random.nextGaussian(), random.nextGaussian()};
      assertEquals(
          grad[0] * direction[0] + grad[1] * direction[1],
          ArrayFunctionsDerivatives.rosenbrockDerivative(p, direction),
          1e-9 * (1 + Math.abs(grad[0]) + Math.abs(grad[1])));
      assertArrayEquals(p, new double[] {p[0], p[1]});
    }
  }

  @Test
  void scalarThenArrayWithDataArrays() {
    for (int t = 0; t < 5; t++) {
      int n = 3 + t;
      double[] w = random.doubles(n, -1, 1).toArray();
      double[] data = random.doubles(n, -1, 1).toArray();
      int[] counts = {2 + t, 1};
      double scale = 0.5 + random.nextDouble();
      double[] flat = new double[n + 1];
      flat[0] = scale;
      System.arraycopy(w, 0, flat, 1, n);
      ToDoubleFunction<double[]> f =
          v -> ArrayFunctions.weighted(v[0], Arrays.copyOfRange(v, 1, v.length), data, counts);
      double[] grad = new double[n + 1];
      Arrays.fill(grad, Double.NaN);
      double value = ArrayFunctionsDerivatives.weightedGradient(scale, w, data, counts, grad);
      assertEquals(ArrayFunctions.weighted(scale, w, data, counts), value, 0.0);
      assertClose(differences(f, flat), grad, "weighted n=" + n);
      assertArrayEquals(grad, ArrayFunctionsDerivatives.weightedGradient(scale, w, data, counts), 0.0);
      double[] direction = random.doubles(n + 1, -1, 1).toArray();
      double dot = 0;
      for (int k = 0; k <= n; k++) {
        dot += grad[k] * direction[k];
      }
      assertEquals(
          dot,
          ArrayFunctionsDerivatives.weightedDerivative(scale, w, data, counts, direction),
          1e-9 * (1 + Math.abs(dot)));
    }
  }

  @Test
  void twoArraysAndAScalarBetweenThem() {
    for (int t = 0; t < 8; t++) {
      double[] a = random.doubles(3, -1, 1).toArray();
      double[] b = random.doubles(2 + t % 3, -1, 1).toArray();
      double x = random.nextDouble() + 0.5;
      int n = a.length + 1 + b.length;
      double[] flat = new double[n];
      System.arraycopy(a, 0, flat, 0, 3);
      flat[3] = x;
      System.arraycopy(b, 0, flat, 4, b.length);
      ToDoubleFunction<double[]> f =
          v ->
              ArrayFunctions.twoArrays(
                  Arrays.copyOfRange(v, 0, 3), v[3], Arrays.copyOfRange(v, 4, v.length));
      double[] grad = new double[n];
      assertEquals(
          ArrayFunctions.twoArrays(a, x, b),
          ArrayFunctionsDerivatives.twoArraysGradient(a, x, b, grad),
          0.0);
      assertClose(differences(f, flat), grad, "twoArrays");
      double[] direction = random.doubles(n, -1, 1).toArray();
      double dot = 0;
      for (int k = 0; k < n; k++) {
        dot += grad[k] * direction[k];
      }
      assertEquals(
          dot, ArrayFunctionsDerivatives.twoArraysDerivative(a, x, b, direction), 1e-9 * (1 + Math.abs(dot)));
    }
  }

  @Test
  void shortGradientArraysAreRefusedWithTheLengthNeeded() {
    double[] a = {1, 2, 3};
    double[] b = {4, 5};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ArrayFunctionsDerivatives.twoArraysGradient(a, 1.0, b, new double[5]));
    assertEquals("grad has length 5 but needs length 6", e.getMessage());
  }
}
