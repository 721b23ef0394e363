package modelcode.garch;

import dev.adjoint.Differentiable;

/** Gaussian GARCH(1,1) log-likelihood of a return series, variance started at the sample variance. */
public final class Garch11 {
  private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

  private final double[] returns;
  private final double initialVariance;

  public Garch11(double[] returns) {
    this.returns = returns.clone();
    double s = 0;
    for (double r : returns) {
      s += r * r;
    }
    this.initialVariance = s / returns.length;
  }

  @Differentiable
  public double logLikelihood(double omega, double alpha, double beta) {
    if (omega <= 0 || alpha < 0 || beta < 0) {
      throw new IllegalArgumentException("GARCH parameters must be positive");
    }
    if (alpha + beta >= 1) {
      throw new IllegalArgumentException("not covariance stationary: alpha + beta = " + (alpha + beta));
    }
    double variance = initialVariance;
    double ll = 0;
    for (int t = 0; t < returns.length; t++) {
      if (t > 0) {
        variance = omega + alpha * returns[t - 1] * returns[t - 1] + beta * variance;
      }
      ll -= 0.5 * (LOG_TWO_PI + Math.log(variance) + returns[t] * returns[t] / variance);
    }
    return ll;
  }
}
