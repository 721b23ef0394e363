package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Jacobian products of a vector-valued method calling helpers without annotations ({@link
 * ImplicitVectorHelpers}) against central differences of the original.
 */
class ImplicitVectorHelpersTest {
  private static final double H = 1e-6;

  @Test
  void jacobianProductsMatchDifferences() {
    double[] w = {0.4, -0.9};
    double t = 0.7;
    double[] v = {0.3, -1.1, 0.8};
    double[] up = ImplicitVectorHelpers.rates(new double[] {w[0] + H * v[0], w[1] + H * v[1]}, t + H * v[2]);
    double[] down =
        ImplicitVectorHelpers.rates(new double[] {w[0] - H * v[0], w[1] - H * v[1]}, t - H * v[2]);
    double[] jv = new double[2];
    ImplicitVectorHelpersDerivatives.ratesJacobianVector(w, t, v, jv);
    for (int i = 0; i < 2; i++) {
      double d = (up[i] - down[i]) / (2 * H);
      assertEquals(d, jv[i], 1e-6 * Math.max(1, Math.abs(d)), "J v, row " + i);
    }
    double[] u = {1.3, -0.4};
    double[] vj = new double[3];
    ImplicitVectorHelpersDerivatives.ratesVectorJacobian(w, t, u, vj);
    double[][] jacobian = ImplicitVectorHelpersDerivatives.ratesJacobian(w, t);
    for (int k = 0; k < 3; k++) {
      double[] e = new double[3];
      e[k] = 1;
      double[] plus =
          ImplicitVectorHelpers.rates(new double[] {w[0] + H * e[0], w[1] + H * e[1]}, t + H * e[2]);
      double[] minus =
          ImplicitVectorHelpers.rates(new double[] {w[0] - H * e[0], w[1] - H * e[1]}, t - H * e[2]);
      double uj = 0;
      for (int i = 0; i < 2; i++) {
        double d = (plus[i] - minus[i]) / (2 * H);
        assertEquals(d, jacobian[i][k], 1e-6 * Math.max(1, Math.abs(d)), "J[" + i + "][" + k + "]");
        uj += u[i] * d;
      }
      assertEquals(uj, vj[k], 1e-6 * Math.max(1, Math.abs(uj)), "u J, column " + k);
    }
  }
}
