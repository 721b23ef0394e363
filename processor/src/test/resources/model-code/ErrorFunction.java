package modelcode.erf;

import dev.adjoint.Differentiable;

/** erf and erfc by Abramowitz and Stegun 7.1.26 (|error| below 1.5e-7), odd symmetry by a helper. */
public final class ErrorFunction {
  private static final double P = 0.3275911;
  private static final double A1 = 0.254829592;
  private static final double A2 = -0.284496736;
  private static final double A3 = 1.421413741;
  private static final double A4 = -1.453152027;
  private static final double A5 = 1.061405429;

  private ErrorFunction() {}

  @Differentiable
  public static double erf(double x) {
    return x < 0 ? -erfOfPositive(-x) : erfOfPositive(x);
  }

  @Differentiable
  public static double erfc(double x) {
    return 1.0 - erf(x);
  }

  private static double erfOfPositive(double x) {
    double t = 1.0 / (1.0 + P * x);
    double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
    return 1.0 - poly * Math.exp(-x * x);
  }
}
