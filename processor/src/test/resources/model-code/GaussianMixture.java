package modelcode.mixture;

import dev.adjoint.Differentiable;

/** One-dimensional Gaussian mixture: weights by softmax of logits, log-likelihood per point by log-sum-exp. */
public class GaussianMixture {
  private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final double[] data;

  public GaussianMixture(double[] data) {
    this.data = data;
  }

  @Differentiable
  public double logLikelihood(double[] logits, double[] means, double[] logSd) {
    int k = means.length;
    double logNormalizer = logSumExp(logits);
    double ll = 0;
    for (double x : data) {
      double[] logp = new double[k];
      for (int j = 0; j < k; j++) {
        double z = (x - means[j]) * Math.exp(-logSd[j]);
        logp[j] = logits[j] - logNormalizer - LOG_SQRT_TWO_PI - logSd[j] - 0.5 * z * z;
      }
      ll += logSumExp(logp);
    }
    return ll;
  }

  private static double logSumExp(double[] v) {
    double max = v[0];
    for (int i = 1; i < v.length; i++) {
      max = Math.max(max, v[i]);
    }
    double s = 0;
    for (double vi : v) {
      s += Math.exp(vi - max);
    }
    return max + Math.log(s);
  }
}
