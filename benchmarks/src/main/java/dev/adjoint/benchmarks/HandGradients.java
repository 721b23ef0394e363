package dev.adjoint.benchmarks;

import java.util.Arrays;

/**
 * Hand-written gradients of the {@link Problems}, the baseline for the generated ones. Each returns
 * exactly the value the original returns (the same operations in the same order) and writes the
 * gradient into {@code grad} with the generated code's layout: the differentiated parameters in
 * declaration order, an array's elements, a matrix's rows in order, a scalar one slot.
 */
public final class HandGradients {
  private HandGradients() {}

  /** {@link Problems#extendedRosenbrock}: each pair's terms differentiated where computed. */
  public static double extendedRosenbrock(double[] x, double[] grad) {
    int n = x.length;
    double sum = 0;
    for (int i = 0; i + 1 < n; i += 2) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      sum += 100 * a * a + b * b;
      grad[i] = -400 * a * x[i] - 2 * b;
      grad[i + 1] = 200 * a;
    }
    if (n % 2 == 1) {
      grad[n - 1] = 0; // an odd last element is not used
    }
    return sum;
  }

  /** {@link Problems#logisticNll} with respect to w: sum of (sigmoid(z) - y) x over the rows. */
  public static double logisticNll(double[] w, double[][] x, double[] y, double[] grad) {
    int n = w.length;
    Arrays.fill(grad, 0, n, 0.0);
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      double z = 0;
      for (int j = 0; j < n; j++) {
        z += w[j] * row[j];
      }
      // One exponential serves both the softplus and the sigmoid.
      double softplus;
      double sigmoid;
      if (z > 0) {
        double t = Math.exp(-z);
        softplus = z + Math.log1p(t);
        sigmoid = 1 / (1 + t);
      } else {
        double t = Math.exp(z);
        softplus = Math.log1p(t);
        sigmoid = t / (1 + t);
      }
      nll += softplus - y[i] * z;
      double dz = sigmoid - y[i];
      for (int j = 0; j < n; j++) {
        grad[j] += dz * row[j];
      }
    }
    return nll;
  }

  /**
   * {@link Problems#gmmObjective} with respect to alpha, mu and q. exp(q) and the sums of q do not
   * depend on the point, so they are computed once (the same values the original recomputes for
   * every point); per point, the component's posterior weights the derivatives of its log density.
   */
  public static double gmmObjective(
      double[] alpha, double[][] mu, double[][] q, double[][] x, double gamma, int m,
      double[] grad) {
    int k = alpha.length;
    int d = mu[0].length;
    int muStart = k;
    int qStart = k + k * d;
    Arrays.fill(grad, 0, qStart + k * d, 0.0);
    double[] expQ = new double[k * d];
    double[] base = new double[k]; // alpha[c] + sum of q[c]
    for (int c = 0; c < k; c++) {
      double sumQ = 0;
      for (int j = 0; j < d; j++) {
        expQ[c * d + j] = Math.exp(q[c][j]);
        sumQ += q[c][j];
      }
      base[c] = alpha[c] + sumQ;
    }
    double[] weight = new double[k]; // log densities, then exp(log density - max)
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] point = x[i];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double[] mean = mu[c];
        double squares = 0;
        for (int j = 0; j < d; j++) {
          double scaled = expQ[c * d + j] * (point[j] - mean[j]);
          squares += scaled * scaled;
        }
        weight[c] = base[c] - 0.5 * squares;
        max = Math.max(max, weight[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        weight[c] = Math.exp(weight[c] - max);
        sum += weight[c];
      }
      total -= max + Math.log(sum);
      // d(-log sum exp)/d(log density c) = -posterior(c).
      for (int c = 0; c < k; c++) {
        double g = -weight[c] / sum;
        grad[c] += g;
        double[] mean = mu[c];
        int at = c * d;
        for (int j = 0; j < d; j++) {
          double s = expQ[at + j];
          double scaled = s * (point[j] - mean[j]);
          grad[muStart + at + j] += g * s * scaled;
          grad[qStart + at + j] += g * (1 - scaled * scaled);
        }
      }
    }
    double alphaMax = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      alphaMax = Math.max(alphaMax, alpha[c]);
    }
    double alphaSum = 0;
    for (int c = 0; c < k; c++) {
      weight[c] = Math.exp(alpha[c] - alphaMax);
      alphaSum += weight[c];
    }
    total += x.length * (alphaMax + Math.log(alphaSum));
    for (int c = 0; c < k; c++) {
      grad[c] += x.length * weight[c] / alphaSum;
    }
    double prior = 0;
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        double exp2q = Math.exp(2 * q[c][j]);
        prior += 0.5 * gamma * gamma * exp2q - m * q[c][j];
        grad[qStart + c * d + j] += gamma * gamma * exp2q - m;
      }
    }
    return total + prior;
  }

  /**
   * {@link Problems#mlpLoss} with respect to w1, b1, w2 and b2: each point is propagated forward,
   * then its error back through the hidden layer at once, so only the hidden activations are kept.
   */
  public static double mlpLoss(
      double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y,
      double[] grad) {
    int hiddenCount = b1.length;
    int inputs = w1[0].length; // w1 is hidden x inputs
    int b1Start = hiddenCount * inputs;
    int w2Start = b1Start + hiddenCount;
    int b2At = w2Start + hiddenCount;
    Arrays.fill(grad, 0, b2At + 1, 0.0);
    double[] hidden = new double[hiddenCount];
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      double[] point = x[i];
      double out = b2;
      for (int h = 0; h < hiddenCount; h++) {
        double[] weights = w1[h];
        double z = b1[h];
        for (int j = 0; j < point.length; j++) {
          z += weights[j] * point[j];
        }
        hidden[h] = Math.tanh(z);
        out += w2[h] * hidden[h];
      }
      double error = out - y[i];
      loss += error * error;
      double outBar = 2 * error / x.length;
      grad[b2At] += outBar;
      for (int h = 0; h < hiddenCount; h++) {
        grad[w2Start + h] += outBar * hidden[h];
        double zBar = outBar * w2[h] * (1 - hidden[h] * hidden[h]);
        grad[b1Start + h] += zBar;
        int at = h * inputs;
        for (int j = 0; j < point.length; j++) {
          grad[at + j] += zBar * point[j];
        }
      }
    }
    return loss / x.length;
  }

  /**
   * {@link Problems#keplerFit} with respect to e and a. The same Newton iteration gives the same
   * value; the derivative of its solution E comes from the equation instead of the iterations:
   * E - e sin E = M gives dE/de = sin E / (1 - e cos E).
   */
  public static double keplerFit(
      double e, double a, double[] meanAnomaly, double[] observed, double[] grad) {
    double loss = 0;
    double eBar = 0;
    double aBar = 0;
    for (int i = 0; i < meanAnomaly.length; i++) {
      double anomaly = meanAnomaly[i];
      double step = 1;
      while (Math.abs(step) > 1e-12) {
        step = (anomaly - e * Math.sin(anomaly) - meanAnomaly[i]) / (1 - e * Math.cos(anomaly));
        anomaly -= step;
      }
      double cos = Math.cos(anomaly);
      double sin = Math.sin(anomaly);
      double r = a * (cos - e) - observed[i];
      loss += r * r;
      double dAnomaly = sin / (1 - e * cos);
      eBar -= 2 * r * a * (sin * dAnomaly + 1);
      aBar += 2 * r * (cos - e);
    }
    grad[0] = eBar;
    grad[1] = aBar;
    return loss;
  }
}
