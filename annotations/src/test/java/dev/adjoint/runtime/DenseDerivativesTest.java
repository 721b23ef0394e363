package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dense Hessian laid in sweep by sweep equals, bit for bit, the plain construction: row i is
 * the product with the i-th unit vector, then each entry is averaged with its mirror image. The
 * products are those of a random matrix that is not symmetric, so every mean is tested; they are
 * computed as rows, and in lanes as a generated {@code mHessianVectors} computes them (through
 * {@link Lanes#gather} and {@link Lanes#scatter}, which a companion's dense Hessian short-cuts,
 * {@link DenseDerivatives#hessianOfGeneratedSweeps}).
 */
class DenseDerivativesTest {
  @Test
  void sweepsLaidInEqualRowsThenMirrorMeans() {
    Random random = new Random(5);
    for (int n : new int[] {1, 2, 3, 15, 16, 17, 33, 100}) {
      double[][] m = new double[n][n];
      for (double[] row : m) {
        for (int j = 0; j < n; j++) {
          row[j] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
      }
      double[][] expected = rowsThenMirrorMeans(m);
      for (int chunk : new int[] {0, 1, 3, 8, 16, 32, 200}) {
        for (boolean inLanes : new boolean[] {false, true}) {
        int[] sweeps = {0};
        DenseDerivatives.HessianVectors product =
                (vs, grad, hvs) -> {
                  sweeps[0]++;
                  if (inLanes) {
                    multiplyInLanes(m, vs, hvs);
                  } else {
                    multiply(m, vs, hvs);
                  }
                };
        // In lanes, as a companion's mHessian calls its generated mHessianVectors.
        double[][] h =
            inLanes
                ? DenseDerivatives.hessianOfGeneratedSweeps(n, chunk, product)
                : DenseDerivatives.hessian(n, chunk, product);
        int width = Math.max(1, Math.min(chunk, n));
        assertEquals((n + width - 1) / width, sweeps[0], "sweeps, n = " + n + ", chunk " + chunk);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals(
                Double.doubleToRawLongBits(expected[i][j]),
                Double.doubleToRawLongBits(h[i][j]),
                "n = " + n + ", chunk " + chunk + (inLanes ? " in lanes" : "") + ", (" + i
                    + ", " + j + ")");
          }
        }
        }
      }
    }
  }

  /**
   * A dense Hessian built inside a product (its own sweeps) leaves the outer sweeps' short cuts
   * right, and a product that throws leaves none behind.
   */
  @Test
  void sweepsNestAndEndWhenAProductThrows() {
    double[][] outer = {{2, 1, 0}, {1, 3, 4}, {0, 4, 5}};
    double[][] inner = {{7, 1}, {1, 8}};
    double[][] h =
        DenseDerivatives.hessianOfGeneratedSweeps(
            3,
            2,
            (vs, grad, hvs) -> {
              double[][] nested =
                  DenseDerivatives.hessianOfGeneratedSweeps(
                      2, 1, (ws, g, hws) -> multiplyInLanes(inner, ws, hws));
              assertEquals(8.0, nested[1][1]);
              multiplyInLanes(outer, vs, hvs);
            });
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(outer[i][j], h[i][j]);
      }
    }
    double[][][] seen = new double[1][][];
    assertThrows(
        IllegalStateException.class,
        () ->
            DenseDerivatives.hessianOfGeneratedSweeps(
                3,
                3,
                (vs, grad, hvs) -> {
                  seen[0] = hvs;
                  throw new IllegalStateException("model check");
                }));
    // The thrown sweep's rows for products, written again, take what they are given.
    double[] lanes = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    Lanes.scatter(lanes, 3, seen[0]);
    assertEquals(6.0, seen[0][2][1]);
  }

  /** hvs[l] = M vs[l] for the rows of vs; the rows of hvs past them are made garbage. */
  private static void multiply(double[][] m, double[][] vs, double[][] hvs) {
    int n = m.length;
    for (int l = 0; l < vs.length; l++) {
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += m[i][j] * vs[l][j];
        }
        hvs[l][i] = sum;
      }
    }
    for (int l = vs.length; l < hvs.length; l++) {
      java.util.Arrays.fill(hvs[l], Double.NaN);
    }
  }

  /** {@link #multiply} as generated code does it: directions into lanes, products out of them. */
  private static void multiplyInLanes(double[][] m, double[][] vs, double[][] hvs) {
    int n = m.length;
    int k = vs.length;
    double[] v = new double[n * k];
    Lanes.gather(vs, v);
    double[] hv = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < k; l++) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += m[i][j] * v[j * k + l];
        }
        hv[i * k + l] = sum;
      }
    }
    Lanes.scatter(hv, k, hvs);
  }

  /** Row i = M e_i (row i of Mᵀ), then each entry the mean of itself and its mirror image. */
  private static double[][] rowsThenMirrorMeans(double[][] m) {
    int n = m.length;
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i][j] = m[j][i];
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (h[i][j] + h[j][i]);
        h[i][j] = mean;
        h[j][i] = mean;
      }
    }
    return h;
  }
}
