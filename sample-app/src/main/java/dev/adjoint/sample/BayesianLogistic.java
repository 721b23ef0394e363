package dev.adjoint.sample;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * Bayesian logistic regression sampled with Hamiltonian Monte Carlo ({@link Hmc}): the
 * log-posterior is written once; its generated gradient drives the leapfrog integrator.
 */
public final class BayesianLogistic {
  private BayesianLogistic() {}

  /** The log-posterior up to a constant: Bernoulli likelihood, independent N(0, priorSd²) prior. */
  @Differentiable(wrt = "beta")
  public static double logPosterior(double[] beta, double[][] x, int[] y, double priorSd) {
    double logPost = 0;
    for (int j = 0; j < beta.length; j++) {
      logPost -= 0.5 * beta[j] * beta[j] / (priorSd * priorSd);
    }
    for (int i = 0; i < x.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) {
        eta += beta[j] * x[i][j];
      }
      // log sigmoid(eta) for y = 1, log sigmoid(-eta) for y = 0, without overflow.
      double margin = y[i] == 1 ? eta : -eta;
      logPost -= margin > 0 ? Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin)) - margin;
    }
    return logPost;
  }

  /** Covariates (a first column of ones) and 0/1 outcomes. */
  public record Data(double[][] x, int[] y) {}

  public static Data simulate(double[] beta, int n, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][beta.length];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      double eta = beta[0];
      for (int j = 1; j < beta.length; j++) {
        x[i][j] = random.nextGaussian();
        eta += beta[j] * x[i][j];
      }
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    return new Data(x, y);
  }

  /**
   * The log-posterior of {@code data} with its generated gradient, for {@link Hmc}: the data are
   * only read, and a generated gradient keeps nothing between calls but what belongs to the calling
   * thread (its tape and workspace), so chains on several threads may share it.
   */
  public static LogDensity posterior(Data data, double priorSd) {
    return (beta, grad) ->
        BayesianLogisticDerivatives.logPosteriorGradient(beta, data.x(), data.y(), priorSd, grad);
  }
}
