package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dense Hessian laid in sweep by sweep equals, bit for bit, the plain construction: row i is
 * the product with the i-th unit vector, then each entry is averaged with its mirror image. The
 * products are those of a random matrix that is not symmetric, so every mean is tested.
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
        int[] sweeps = {0};
        double[][] h =
            DenseDerivatives.hessian(
                n,
                chunk,
                (vs, grad, hvs) -> {
                  sweeps[0]++;
                  multiply(m, vs, hvs);
                });
        int width = Math.max(1, Math.min(chunk, n));
        assertEquals((n + width - 1) / width, sweeps[0], "sweeps, n = " + n + ", chunk " + chunk);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals(
                Double.doubleToRawLongBits(expected[i][j]),
                Double.doubleToRawLongBits(h[i][j]),
                "n = " + n + ", chunk " + chunk + ", (" + i + ", " + j + ")");
          }
        }
      }
    }
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
