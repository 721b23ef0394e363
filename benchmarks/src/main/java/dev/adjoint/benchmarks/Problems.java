package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/** The functions the benchmarks differentiate, written as a user would write them. */
public final class Problems {
  private Problems() {}

  /** The extended Rosenbrock function: a sum over consecutive pairs. */
  @Differentiable
  public static double extendedRosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      sum += 100 * a * a + b * b;
    }
    return sum;
  }

  /** The negative log-likelihood of logistic regression, labels in {0, 1}. */
  @Differentiable(wrt = "w")
  public static double logisticNll(double[] w, double[][] x, double[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      // log(1 + exp(z)) - y z, computed without overflow.
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      nll += softplus - y[i] * z;
    }
    return nll;
  }

  /**
   * The negative log-likelihood of a Gaussian mixture with diagonal covariances, as in ADBench's
   * GMM objective: component weights from the logits {@code alpha}, means {@code mu[k]}, and
   * {@code q[k][j]} the log of the inverse standard deviation; plus a Wishart-like prior with
   * {@code gamma} and {@code m} on the inverse standard deviations. Constants are left out.
   */
  @Differentiable(wrt = {"alpha", "mu", "q"})
  public static double gmmObjective(
      double[] alpha, double[][] mu, double[][] q, double[][] x, double gamma, int m) {
    int k = alpha.length;
    int d = mu[0].length;
    // The inverse standard deviations and their log-determinants do not depend on the point.
    double[][] inverseStd = new double[k][d];
    double[] sumQ = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        inverseStd[c][j] = Math.exp(q[c][j]);
        sumQ[c] += q[c][j];
      }
    }
    double[] logDensity = new double[k];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double squares = 0;
        for (int j = 0; j < d; j++) {
          double scaled = inverseStd[c][j] * (x[i][j] - mu[c][j]);
          squares += scaled * scaled;
        }
        logDensity[c] = alpha[c] + sumQ[c] - 0.5 * squares;
        max = Math.max(max, logDensity[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(logDensity[c] - max);
      }
      total -= max + Math.log(sum);
    }
    double alphaMax = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      alphaMax = Math.max(alphaMax, alpha[c]);
    }
    double alphaSum = 0;
    for (int c = 0; c < k; c++) {
      alphaSum += Math.exp(alpha[c] - alphaMax);
    }
    total += x.length * (alphaMax + Math.log(alphaSum));
    double prior = 0;
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        prior += 0.5 * gamma * gamma * Math.exp(2 * q[c][j]) - m * q[c][j];
      }
    }
    return total + prior;
  }

  /**
   * The mean squared error of a one-hidden-layer network with tanh units on a regression data set:
   * {@code w1} (hidden × inputs), {@code b1}, {@code w2} (one output per hidden unit) and the
   * output bias {@code b2}.
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double mlpLoss(
      double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {
    double[] hidden = new double[b1.length];
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double out = b2;
      for (int h = 0; h < b1.length; h++) {
        double z = b1[h];
        for (int j = 0; j < x[i].length; j++) {
          z += w1[h][j] * x[i][j];
        }
        hidden[h] = Math.tanh(z);
        out += w2[h] * hidden[h];
      }
      double error = out - y[i];
      loss += error * error;
    }
    return loss / x.length;
  }

  /**
   * A loop whose trip count depends on the data, which the gradient replays from its tape: for each
   * mean anomaly {@code meanAnomaly[i]}, Kepler's equation {@code E - e sin E = M} is solved by
   * Newton's method until the step is below 1e-12; the result is the squared distance of the
   * predicted positions {@code a (cos E - e)} from the observed ones.
   */
  @Differentiable(wrt = {"e", "a"})
  public static double keplerFit(double e, double a, double[] meanAnomaly, double[] observed) {
    double loss = 0;
    for (int i = 0; i < meanAnomaly.length; i++) {
      double anomaly = meanAnomaly[i];
      double step = 1;
      while (Math.abs(step) > 1e-12) {
        step = (anomaly - e * Math.sin(anomaly) - meanAnomaly[i]) / (1 - e * Math.cos(anomaly));
        anomaly -= step;
      }
      double r = a * (Math.cos(anomaly) - e) - observed[i];
      loss += r * r;
    }
    return loss;
  }
}
