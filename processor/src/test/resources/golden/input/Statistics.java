package golden;

import dev.adjoint.Differentiable;

/** A log-density with constants, data parameters and a wrt subset. */
public final class Statistics {
  static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private Statistics() {}

  /** log N(x | mu, sigma), differentiated in the parameters only. */
  @Differentiable(wrt = {"mu", "sigma"})
  public static double normalLogDensity(double x, double mu, double sigma) {
    double z = (x - mu) / sigma;
    return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_TWO_PI;
  }

  /** One term of a Poisson log-likelihood with a log link: y log(lambda) - lambda. */
  @Differentiable(wrt = {"b0", "b1"})
  public static double poissonTerm(double b0, double b1, double x, int y) {
    double eta = b0 + b1 * x;
    return y * eta - Math.exp(eta);
  }
}
