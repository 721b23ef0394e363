package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * FIXED (found by review R5 of issue 17, branch dense at b89f825; the public {@code hessian} now
 * never short-cuts, only {@link DenseDerivatives#hessianOfGeneratedSweeps}, which generated {@code
 * mHessian}s call, does). What was wrong: {@link DenseDerivatives#hessian(int,
 * int, DenseDerivatives.HessianVectors)} is public and takes any product, but while it runs,
 * {@link Lanes#scatter} recognises its rows for products by identity ({@code UnitSweep}) and lays
 * the lanes straight into the Hessian instead of writing those rows, and {@link Lanes#gather}
 * recognises its directions by identity and puts unit vectors in lanes without reading them. A
 * product that does anything around a generated {@code mHessianVectors} call is then silently
 * wrong: the Hessian of f + g built as "f's products into hvs, g's into a buffer, add the buffer to
 * hvs" is the Hessian of f alone (the sum goes into rows nobody reads, laidIn is set); products
 * scaled after the call keep their old scale; directions scaled before the call are read as units.
 * Root cause: UnitSweep.writingInto / directedBy (annotations/.../runtime/UnitSweep.java) decide
 * from array identity alone that a call of Lanes is the whole product. The generated
 * {@code mHessian} lambdas (one {@code mHessianVectors} call each) are not affected.
 *
 * <p>Expected (each case): the Hessian of what the product computes.
 */
class DenseHessianShortCutIgnoresWhatTheProductDoesAfterItsLanesTest {
  private static final double[][] F = {{2, 1, 0}, {1, 3, 4}, {0, 4, 5}};
  private static final double[][] G = {{1, 0, 2}, {0, 1, 0}, {2, 0, 7}};

  @Test
  void hessianOfASumOfTwoGeneratedProducts() {
    double[][] h =
        DenseDerivatives.hessian(
            3,
            32,
            (vs, grad, hvs) -> {
              multiplyInLanes(F, vs, hvs);
              double[][] more = new double[vs.length][3];
              multiplyInLanes(G, vs, more);
              for (int l = 0; l < vs.length; l++) {
                for (int i = 0; i < 3; i++) {
                  hvs[l][i] += more[l][i];
                }
              }
            });
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(F[i][j] + G[i][j], h[i][j], "H of f + g at (" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void productsScaledAfterTheCall() {
    double[][] h =
        DenseDerivatives.hessian(
            3,
            32,
            (vs, grad, hvs) -> {
              multiplyInLanes(F, vs, hvs);
              for (double[] hv : hvs) {
                for (int i = 0; i < hv.length; i++) {
                  hv[i] *= 2;
                }
              }
            });
    assertEquals(2 * F[1][2], h[1][2], "H of 2 f at (1, 2)");
  }

  @Test
  void directionsScaledBeforeTheCall() {
    double[][] h =
        DenseDerivatives.hessian(
            3,
            32,
            (vs, grad, hvs) -> {
              for (double[] v : vs) {
                for (int i = 0; i < v.length; i++) {
                  v[i] *= 3;
                }
              }
              multiplyInLanes(F, vs, hvs);
              for (double[] v : vs) {
                for (int i = 0; i < v.length; i++) {
                  v[i] /= 3;
                }
              }
            });
    assertEquals(3 * F[1][2], h[1][2], "products along 3 e_j at (1, 2)");
  }

  /** hvs[l] = M vs[l] as a generated mHessianVectors computes it: through Lanes. */
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
}
