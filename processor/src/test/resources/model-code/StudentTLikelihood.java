package modelcode.studentt;

import dev.adjoint.Differentiable;

/** Location-scale Student t log-likelihood; the degrees of freedom are estimated too. */
public class StudentTLikelihood {
  /** Lanczos coefficients for g = 5 (Numerical Recipes' gammln). */
  private static final double[] LANCZOS = {
    76.18009172947146, -86.50532032941677, 24.01409824083091,
    -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5
  };
  private static final double SQRT_TWO_PI = 2.5066282746310005;

  private final double[] data;

  public StudentTLikelihood(double[] data) {
    this.data = data;
  }

  @Differentiable
  public double logLikelihood(double location, double scale, double degreesOfFreedom) {
    double nu = degreesOfFreedom;
    double norm = logGamma(0.5 * (nu + 1)) - logGamma(0.5 * nu) - 0.5 * Math.log(nu * Math.PI)
        - Math.log(scale);
    double sum = 0;
    for (int i = 0; i < data.length; i++) {
      double z = (data[i] - location) / scale;
      sum += norm - 0.5 * (nu + 1) * Math.log1p(z * z / nu);
    }
    return sum;
  }

  private static double logGamma(double x) {
    double y = x;
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * Math.log(tmp);
    double series = 1.000000000190015;
    for (int j = 0; j < LANCZOS.length; j++) {
      y += 1;
      series += LANCZOS[j] / y;
    }
    return -tmp + Math.log(SQRT_TWO_PI * series / x);
  }
}
