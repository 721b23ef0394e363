package dev.adjoint.sample;

import dev.adjoint.Differentiable;
import java.util.Arrays;
import java.util.Random;

/**
 * Bayesian logistic regression sampled with Hamiltonian Monte Carlo: the log-posterior is written
 * once; its generated gradient drives the leapfrog integrator.
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

  /** Draws after warm-up, and how the sampler did. */
  public record Samples(double[][] draws, double acceptanceRate) {
    public double mean(int j) {
      double s = 0;
      for (double[] d : draws) {
        s += d[j];
      }
      return s / draws.length;
    }

    /** The q-quantile of coordinate j (nearest rank). */
    public double quantile(int j, double q) {
      double[] sorted = new double[draws.length];
      for (int k = 0; k < draws.length; k++) {
        sorted[k] = draws[k][j];
      }
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** Effective sample size of coordinate j, from autocorrelations summed while positive. */
    public double effectiveSampleSize(int j) {
      int n = draws.length;
      double mean = mean(j);
      double variance = 0;
      for (double[] d : draws) {
        variance += (d[j] - mean) * (d[j] - mean);
      }
      variance /= n;
      double sum = 0;
      for (int lag = 1; lag < n / 2; lag++) {
        double c = 0;
        for (int k = 0; k + lag < n; k++) {
          c += (draws[k][j] - mean) * (draws[k + lag][j] - mean);
        }
        double rho = c / (n * variance);
        if (rho <= 0) {
          break;
        }
        sum += rho;
      }
      return n / (1 + 2 * sum);
    }
  }

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
   * HMC with an identity mass matrix: each draw takes {@code leapfrogSteps} steps of size {@code
   * stepSize} and accepts by the change in total energy.
   */
  public static Samples sample(
      Data data, double priorSd, int warmup, int draws, double stepSize, int leapfrogSteps, long seed) {
    return sample(data, priorSd, warmup, draws, stepSize, leapfrogSteps, seed, percent -> {});
  }

  /** The same, telling {@code progress} each whole percent of the iterations done. */
  public static Samples sample(
      Data data,
      double priorSd,
      int warmup,
      int draws,
      double stepSize,
      int leapfrogSteps,
      long seed,
      java.util.function.IntConsumer progress) {
    Random random = new Random(seed);
    int total = warmup + draws;
    int reported = 0;
    int p = data.x()[0].length;
    double[] beta = new double[p];
    double[] grad = new double[p];
    double[][] kept = new double[draws][];
    int accepted = 0;
    double logPost =
        BayesianLogisticDerivatives.logPosteriorGradient(beta, data.x(), data.y(), priorSd, grad);
    for (int t = 0; t < total; t++) {
      double[] momentum = new double[p];
      for (int j = 0; j < p; j++) {
        momentum[j] = random.nextGaussian();
      }
      double[] position = beta.clone();
      double[] g = grad.clone();
      double energy = -logPost + 0.5 * Linear.dot(momentum, momentum);
      double proposal = logPost;
      for (int step = 0; step < leapfrogSteps; step++) {
        for (int j = 0; j < p; j++) {
          momentum[j] += 0.5 * stepSize * g[j];
          position[j] += stepSize * momentum[j];
        }
        proposal =
            BayesianLogisticDerivatives.logPosteriorGradient(position, data.x(), data.y(), priorSd, g);
        for (int j = 0; j < p; j++) {
          momentum[j] += 0.5 * stepSize * g[j];
        }
      }
      double proposed = -proposal + 0.5 * Linear.dot(momentum, momentum);
      if (Math.log(random.nextDouble()) < energy - proposed) {
        beta = position;
        grad = g;
        logPost = proposal;
        if (t >= warmup) {
          accepted++;
        }
      }
      if (t >= warmup) {
        kept[t - warmup] = beta.clone();
      }
      int percent = (int) (100L * (t + 1) / total);
      if (percent > reported) {
        reported = percent;
        progress.accept(percent);
      }
    }
    return new Samples(kept, (double) accepted / draws);
  }
}
