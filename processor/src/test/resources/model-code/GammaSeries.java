package modelcode.gammaseries;

import dev.adjoint.Differentiable;

/** The series for the lower incomplete gamma function, γ(a, x) e^x x^-a, summed until it converges. */
public final class GammaSeries {
  private static final int MAX_ITERATIONS = 500;
  private static final double EPSILON = 1e-15;

  private GammaSeries() {}

  @Differentiable
  public static double logLowerIncompleteGamma(double a, double x) {
    if (a <= 0 || x < 0) {
      throw new IllegalArgumentException("needs a > 0 and x >= 0");
    }
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < EPSILON * Math.abs(sum)) {
        return Math.log(sum) - x + a * Math.log(x);
      }
    }
    throw new ArithmeticException("series for the incomplete gamma function did not converge");
  }
}
