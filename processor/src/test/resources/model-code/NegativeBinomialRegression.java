package modelcode.negbin;

import dev.adjoint.Differentiable;

/** NB2 regression: log mean linear in covariates, dispersion estimated on the log scale. */
public class NegativeBinomialRegression {
  private static final double[] LANCZOS = {
    76.18009172947146, -86.50532032941677, 24.01409824083091,
    -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5
  };

  private final double[][] covariates;
  private final int[] counts;

  public NegativeBinomialRegression(double[][] covariates, int[] counts) {
    this.covariates = covariates;
    this.counts = counts;
  }

  @Differentiable
  public double logLikelihood(double[] beta, double logDispersion) {
    double r = Math.exp(-logDispersion);
    double ll = 0;
    for (int i = 0; i < counts.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) {
        eta += covariates[i][j] * beta[j];
      }
      double mu = Math.exp(eta);
      int y = counts[i];
      ll += lnGamma(y + r) - lnGamma(r) - lnGamma(y + 1.0)
          + r * Math.log(r / (r + mu)) + y * Math.log(mu / (r + mu));
    }
    return ll;
  }

  private static double lnGamma(double x) {
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * Math.log(tmp);
    double ser = 1.000000000190015;
    double y = x;
    for (double c : LANCZOS) {
      ser += c / ++y;
    }
    return -tmp + Math.log(2.5066282746310005 * ser / x);
  }
}
