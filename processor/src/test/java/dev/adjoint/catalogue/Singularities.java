package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/** Functions whose derivative formulas have removable singularities at points users meet. */
final class Singularities {
  private Singularities() {}

  /** {@code Σ c[k] x^k} by {@code Math.pow} with the loop counter as exponent, as polynomials are. */
  @Differentiable(wrt = "x")
  static double polynomial(double x, double[] c) {
    double s = 0;
    for (int k = 0; k < c.length; k++) {
      s += c[k] * Math.pow(x, k);
    }
    return s;
  }

  /** {@code x^0 + 3 x^1 + x^2} with literal exponents, one term a statement. */
  @Differentiable
  static double literalPowers(double x) {
    double a = Math.pow(x, 0.0);
    double b = 3 * Math.pow(x, 1.0);
    double c = Math.pow(x, 2.0);
    return a + b + c;
  }
}
