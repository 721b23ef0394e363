package modelcode.normal;

import dev.adjoint.Differentiable;

/** Log-likelihood of i.i.d. normal observations, as a statistics library writes it. */
public class NormalLikelihood {
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);

  private final double[] observations;

  public NormalLikelihood(double[] observations) {
    if (observations.length == 0) {
      throw new IllegalArgumentException("no observations");
    }
    this.observations = observations.clone();
  }

  @Differentiable
  public double logLikelihood(double mean, double standardDeviation) {
    if (standardDeviation <= 0) {
      throw new IllegalArgumentException("standard deviation must be positive: " + standardDeviation);
    }
    double sumOfSquares = 0;
    for (double x : observations) {
      double z = (x - mean) / standardDeviation;
      sumOfSquares += z * z;
    }
    int n = observations.length;
    return -n * (HALF_LOG_TWO_PI + Math.log(standardDeviation)) - 0.5 * sumOfSquares;
  }
}
