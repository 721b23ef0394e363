package dev.adjoint.sample;

import dev.adjoint.Differentiable;

/**
 * The model of NIST StRD's Misra1a problem, y = b1 (1 - exp(-b2 x)), at every x of the data at
 * once. Adjoint generates {@code Misra1aDerivatives.valuesJacobian(b, x)}: the 14×2 Jacobian with
 * respect to {@code b}, the x being data.
 */
final class Misra1a {
  private Misra1a() {}

  /**
   * Returns the model's values at the abscissae {@code x}.
   *
   * @param b the parameters (b1, b2)
   * @param x the abscissae, data
   * @return b1 (1 - exp(-b2 x[i])) for each i
   */
  @Differentiable(wrt = "b", order = 1)
  static double[] values(double[] b, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = b[0] * (1.0 - Math.exp(-b[1] * x[i]));
    }
    return y;
  }
}
