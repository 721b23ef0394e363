package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/**
 * A model object holding its data in array fields, as statisticians write them: the instance
 * methods loop over the receiver's design matrix and counts, read as data.
 */
class PoissonModel {
  final double[][] design;
  final int[] counts;
  double[] exposure;
  static final double[] PRIOR_SCALES = {1.0, 2.0, 0.5};

  PoissonModel(double[][] design, int[] counts, double[] exposure) {
    this.design = design;
    this.counts = counts;
    this.exposure = exposure;
  }

  /** The negative log-likelihood (up to a constant), with a log exposure offset. */
  @Differentiable
  double negativeLogLikelihood(double[] beta) {
    double nll = 0;
    for (int i = 0; i < design.length; i++) {
      double eta = Math.log(exposure[i]);
      for (int j = 0; j < beta.length; j++) {
        eta += this.design[i][j] * beta[j];
      }
      nll += Math.exp(eta) - counts[i] * eta;
    }
    return nll;
  }

  /** A Gaussian prior whose scales are a static array field, plus a ridge on the intercept. */
  @Differentiable
  double negativeLogPrior(double[] beta) {
    double penalty = 0;
    for (int j = 0; j < beta.length; j++) {
      double z = beta[j] / PRIOR_SCALES[j % PRIOR_SCALES.length];
      penalty += 0.5 * z * z;
    }
    return penalty + 0.1 * exposure.length * beta[0] * beta[0];
  }
}
