package modelcode.bayeslinear;

import dev.adjoint.Differentiable;

/** Log-posterior of a linear regression: a prior object and a likelihood object held in fields. */
public class BayesianLinearRegression {
  private static final class GaussianPrior {
    private final double scale;

    GaussianPrior(double scale) {
      this.scale = scale;
    }

    double logDensity(double[] beta) {
      double s = 0;
      for (double b : beta) {
        s += b * b;
      }
      return -0.5 * s / (scale * scale);
    }
  }

  private static final class GaussianLikelihood {
    private final double[][] x;
    private final double[] y;

    GaussianLikelihood(double[][] x, double[] y) {
      this.x = x;
      this.y = y;
    }

    double logDensity(double[] beta, double logSigma) {
      double sigma = Math.exp(logSigma);
      double ll = 0;
      for (int i = 0; i < y.length; i++) {
        double mean = 0;
        for (int j = 0; j < beta.length; j++) {
          mean += x[i][j] * beta[j];
        }
        double z = (y[i] - mean) / sigma;
        ll += -logSigma - 0.5 * z * z;
      }
      return ll;
    }
  }

  private final GaussianPrior prior;
  private final GaussianLikelihood likelihood;

  public BayesianLinearRegression(double[][] x, double[] y, double priorScale) {
    this.prior = new GaussianPrior(priorScale);
    this.likelihood = new GaussianLikelihood(x, y);
  }

  @Differentiable
  public double logPosterior(double[] beta, double logSigma) {
    return prior.logDensity(beta) + likelihood.logDensity(beta, logSigma) - logSigma * logSigma / 8;
  }
}
