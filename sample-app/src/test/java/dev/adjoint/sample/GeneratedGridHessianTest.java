package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.SparseHessian;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Review R8 of issue 18: the generated {@code negativeLogJointHessianSparse} against the generated
 * dense {@code negativeLogJointHessian} on grids down to 1×1, at the first call and after a refill
 * at another point and tau; other counts are refilled right, another number of rows is refused; two
 * threads refill two matrices at once.
 */
class GeneratedGridHessianTest {
  @Test
  void generatedSparseHessianEqualsTheDenseOneOnEveryShape() {
    for (int[] shape : new int[][] {{1, 1}, {1, 5}, {4, 1}, {3, 4}, {7, 6}}) {
      GridModel.Data d = GridModel.simulate(shape[0], shape[1], 2.0, 0.3, 21);
      int n = d.areas();
      Random random = new Random(5);
      double[] u = random.doubles(n, -1, 1).toArray();
      SparseHessian h = GridModelDerivatives.negativeLogJointHessianSparse(
          u, 0.1, 2.5, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns());
      String where = shape[0] + "x" + shape[1] + " " + h;
      assertSameEntries(GridModelDerivatives.negativeLogJointHessian(
          u, 0.1, 2.5, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns()), h, where);
      // The stencil and mu's row: 4 per area less the edges' missing neighbours, and mu's corner.
      assertEquals(4 * n - d.rows() - d.columns() + 1, h.nonZeros(), where);
      assertTrue(h.colors() <= 6, where);

      double[] v = random.doubles(n, -2, 2).toArray();
      double[] grad = new double[n + 1];
      double f = GridModelDerivatives.negativeLogJointHessianSparse(
          v, -0.7, 9.0, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns(), grad, h);
      assertEquals(d.negativeLogJoint(v, -0.7, 9.0), f, 0.0, where);
      assertSameEntries(GridModelDerivatives.negativeLogJointHessian(
          v, -0.7, 9.0, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns()), h,
          where + " refilled");

      // Other counts (they only scale values: the key holds their length alone) are refilled,
      // right; another number of rows is refused.
      int[] otherCounts = d.counts().clone();
      otherCounts[0]++;
      GridModelDerivatives.negativeLogJointHessianSparse(
          v, -0.7, 9.0, d.ridge(), otherCounts, d.expected(), d.rows(), d.columns(), grad, h);
      assertSameEntries(GridModelDerivatives.negativeLogJointHessian(
          v, -0.7, 9.0, d.ridge(), otherCounts, d.expected(), d.rows(), d.columns()), h,
          where + " other counts");
      assertThrows(IllegalArgumentException.class, () ->
          GridModelDerivatives.negativeLogJointHessianSparse(
              v, -0.7, 9.0, d.ridge(), d.counts(), d.expected(), d.rows() + 1, d.columns(),
              grad, h));
    }
  }

  private static void assertSameEntries(double[][] dense, SparseHessian h, String where) {
    double[][] sparse = h.toDense();
    for (int i = 0; i < dense.length; i++) {
      assertArrayEquals(dense[i], sparse[i], 1e-10 * (1 + Math.abs(dense[i][i])), where + " row " + i);
    }
  }

  /** Two threads refilling two matrices at once get what one thread gets. */
  @Test
  void twoThreadsRefillTwoMatricesAtOnce() throws Exception {
    GridModel.Data d = GridModel.simulate(20, 30, 2.0, 0.3, 4);
    int n = d.areas();
    double[][] points = new double[2 * 40][];
    Random random = new Random(9);
    for (int p = 0; p < points.length; p++) {
      points[p] = random.doubles(n, -1, 1).toArray();
    }
    SparseHessian[] matrices = new SparseHessian[2];
    double[][][] seen = new double[2][points.length / 2][];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      matrices[t] = GridModelDerivatives.negativeLogJointHessianSparse(
          points[0], 0.1, 2.5, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns());
      int which = t;
      threads[t] = new Thread(() -> {
        double[] grad = new double[n + 1];
        for (int i = 0; i < points.length / 2; i++) {
          for (int repeat = 0; repeat < 20; repeat++) {
            GridModelDerivatives.negativeLogJointHessianSparse(points[2 * i + which], 0.2, 3.0,
                d.ridge(), d.counts(), d.expected(), d.rows(), d.columns(), grad, matrices[which]);
          }
          seen[which][i] = matrices[which].values().clone();
        }
      });
    }
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    SparseHessian alone = GridModelDerivatives.negativeLogJointHessianSparse(
        points[0], 0.1, 2.5, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns());
    double[] grad = new double[n + 1];
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < points.length / 2; i++) {
        GridModelDerivatives.negativeLogJointHessianSparse(points[2 * i + t], 0.2, 3.0,
            d.ridge(), d.counts(), d.expected(), d.rows(), d.columns(), grad, alone);
        assertArrayEquals(alone.values(), seen[t][i], 0.0, "thread " + t + " point " + i);
      }
    }
  }
}
