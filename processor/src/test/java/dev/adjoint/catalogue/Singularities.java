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

  // Partials that are infinite or NaN where the value is finite, met by an adjoint or a tangent
  // that is exactly zero: each contributes 0 there (Chain.times), not 0 * Infinity = NaN.

  /** sqrt(x) computed on every path and added only where y < 0: elsewhere its adjoint is 0. */
  @Differentiable
  static double rootReadOnlyForNegativeY(double x, double y) {
    double r = Math.sqrt(x);
    double out = y * y + x;
    if (y < 0) {
      out += r;
    }
    return out;
  }

  /** A local root that only the branch not taken (z <= 0) leaves alone. */
  @Differentiable
  static double rootInBranchNotTaken(double x, double z) {
    double s = Math.sqrt(x);
    return z > 0 ? s * z : x + z;
  }

  /** {@code w * sqrt(x)} with a weight that is 0 at run time, which no simplifier can see. */
  @Differentiable
  static double weightedRoot(double x, double w) {
    return w * Math.sqrt(x) + x;
  }

  /** asin at 1, read only where z > 0. */
  @Differentiable
  static double arcsineInBranchNotTaken(double x, double z) {
    double a = Math.asin(x);
    double b = Math.acos(x);
    return z > 0 ? a * b + z : x * z;
  }

  /** hypot and atan2 at the origin, read only where z > 0. */
  @Differentiable
  static double polarInBranchNotTaken(double x, double y, double z) {
    double r = Math.hypot(x, y);
    double t = Math.atan2(y, x);
    return z > 0 ? r + t : x + y * z;
  }

  /** cbrt and pow(x, 0.5) at 0, pow(y, x) at y < 0 (where d/dx is NaN), read only where z > 0. */
  @Differentiable
  static double powersInBranchNotTaken(double x, double y, double z) {
    double c = Math.cbrt(x);
    double p = Math.pow(x, 0.5);
    double q = Math.pow(y, x);
    return z > 0 ? c + p + q : x * z + y;
  }

  /** sqrt(x) + z²: at x = 0 a direction along z leaves the root alone. */
  @Differentiable
  static double rootPlusSquare(double x, double z) {
    return Math.sqrt(x) + z * z;
  }
}
