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

  /**
   * The Broyden banded function (Moré, Garbow and Hillstrom 1981, problem 31) as the sum of squares
   * of its n residuals {@code x_i (2 + 5 x_i^2) + 1 - sum of x_j (1 + x_j)} over the neighbours
   * {@code j != i} from five below to one above: a Hessian of half-bandwidth 6.
   */
  @Differentiable
  public static double broydenBanded(double[] x) {
    int n = x.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = x[i] * (2 + 5 * x[i] * x[i]) + 1;
      int last = Math.min(n - 1, i + 1);
      for (int j = Math.max(0, i - 5); j <= last; j++) {
        if (j != i) {
          r -= x[j] * (1 + x[j]);
        }
      }
      sum += r * r;
    }
    return sum;
  }

  /**
   * The Chebyquad function (Moré, Garbow and Hillstrom 1981, problem 35) with as many residuals as
   * variables: residual i is the mean over the variables of the shifted Chebyshev polynomial
   * {@code T_i(2 x_j - 1)} minus its integral over [0, 1] (0 for odd i, {@code -1 / (i^2 - 1)} for
   * even i); the value is the sum of their squares. Every variable meets every other in some
   * residual, so the Hessian is dense; the polynomials come from their three-term recurrence.
   */
  @Differentiable
  public static double chebyquad(double[] x) {
    int n = x.length;
    // sums[i] holds the sum over j of T_{i+1}(2 x_j - 1).
    double[] sums = new double[n];
    for (int j = 0; j < n; j++) {
      double y = 2 * x[j] - 1;
      double previous = 1;
      double current = y;
      sums[0] += current;
      for (int i = 1; i < n; i++) {
        double next = 2 * y * current - previous;
        previous = current;
        current = next;
        sums[i] += current;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = sums[i] / n;
      int degree = i + 1;
      if (degree % 2 == 0) {
        r += 1.0 / (degree * degree - 1);
      }
      sum += r * r;
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
