package dev.adjoint.benchmarks;

import java.util.Random;

/**
 * Seeded data sets and evaluation points for the {@link Problems}, shared by the benchmarks and the
 * tests. The same arguments always give the same data.
 */
public final class Data {
  private Data() {}

  /** Logistic regression: weights {@code w}, examples {@code x} (rows) and labels {@code y}. */
  public record Logistic(double[] w, double[][] x, double[] y) {}

  /** A Gaussian mixture's parameters and points, in {@link Problems#gmmObjective}'s terms. */
  public record Gmm(
      double[] alpha, double[][] mu, double[][] q, double[][] x, double gamma, int m) {}

  /** A one-hidden-layer network's parameters and a regression data set. */
  public record Mlp(double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y) {}

  /** A guess {@code (e, a)} for an orbit and the observations it is fitted to. */
  public record Kepler(double e, double a, double[] meanAnomaly, double[] observed) {}

  /**
   * Positions of {@code n} particles (x, y, z of each in turn) on a cubic lattice of spacing 1.2,
   * each moved by up to 0.1 in every coordinate, so that no two are close.
   */
  public static double[] cluster(int n, long seed) {
    Random random = new Random(seed);
    int side = (int) Math.ceil(Math.cbrt(n));
    double[] x = new double[3 * n];
    for (int p = 0; p < n; p++) {
      int[] cell = {p % side, (p / side) % side, p / (side * side)};
      for (int c = 0; c < 3; c++) {
        x[3 * p + c] = 1.2 * cell[c] + 0.2 * random.nextDouble() - 0.1;
      }
    }
    return x;
  }

  /** A seeded random direction of n standard normal components. */
  public static double[] direction(int n, long seed) {
    return gaussians(new Random(seed), n, 1);
  }

  /** The classical starting point of the extended Rosenbrock function: (-1.2, 1) repeated. */
  public static double[] rosenbrockStart(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1.2 : 1;
    }
    return x;
  }

  /** A random point of the extended Rosenbrock function, uniform in [-2, 2]^n. */
  public static double[] rosenbrock(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 4 * random.nextDouble() - 2;
    }
    return x;
  }

  /**
   * A point near the Broyden banded function's classical start (-1, ..., -1): each coordinate moved
   * by up to 0.5 either way, so that no two are equal.
   */
  public static double[] broydenBanded(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -1 + random.nextDouble() - 0.5;
    }
    return x;
  }

  /**
   * A point near Chebyquad's classical start {@code x_j = j / (n + 1)}, j = 1..n: each coordinate
   * moved by up to a fifth of the spacing, so that the point stays in [0, 1], where the shifted
   * Chebyshev polynomials are bounded by 1.
   */
  public static double[] chebyquad(int n, long seed) {
    Random random = new Random(seed);
    double spacing = 1.0 / (n + 1);
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = (j + 1) * spacing + 0.4 * spacing * (random.nextDouble() - 0.5);
    }
    return x;
  }

  /**
   * Labels drawn from a logistic model with random true weights; the returned {@code w} is a small
   * random guess, not the truth, so that the gradient is far from zero.
   */
  public static Logistic logistic(int rows, int cols, long seed) {
    Random random = new Random(seed);
    double[] truth = gaussians(random, cols, 1 / Math.sqrt(cols));
    double[][] x = new double[rows][];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = gaussians(random, cols, 1);
      double z = dot(truth, x[i]);
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return new Logistic(gaussians(random, cols, 0.1), x, y);
  }

  /** {@link #gmm(int, int, int, long, double, int)} with gamma = 1, m = 0. */
  public static Gmm gmm(int k, int d, int n, long seed) {
    return gmm(k, d, n, seed, 1, 0);
  }

  /**
   * {@code n} points in {@code d} dimensions drawn from a random mixture of {@code k} components
   * (means about 3 apart, standard deviations within a factor e^0.5 of 1); the returned parameters
   * are that mixture's, perturbed so that they are not the fit.
   */
  public static Gmm gmm(int k, int d, int n, long seed, double gamma, int m) {
    Random random = new Random(seed);
    double[] alpha = gaussians(random, k, 0.5);
    double[][] mu = new double[k][];
    double[][] q = new double[k][d];
    for (int c = 0; c < k; c++) {
      mu[c] = gaussians(random, d, 3);
      for (int j = 0; j < d; j++) {
        q[c][j] = random.nextDouble() - 0.5;
      }
    }
    double[] weights = softmax(alpha);
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      int c = pick(random, weights);
      for (int j = 0; j < d; j++) {
        // q is the log of the inverse standard deviation.
        x[i][j] = mu[c][j] + random.nextGaussian() * Math.exp(-q[c][j]);
      }
    }
    return new Gmm(
        perturbed(random, alpha, 0.3), perturbed(random, mu, 0.3), perturbed(random, q, 0.1), x,
        gamma, m);
  }

  /**
   * Inputs standard normal, targets a smooth function of the inputs plus noise; weights small and
   * random (scaled by 1/sqrt(fan-in)) so that the tanh units are not saturated.
   */
  public static Mlp mlp(int hidden, int inputs, int points, long seed) {
    Random random = new Random(seed);
    double[][] w1 = new double[hidden][];
    for (int h = 0; h < hidden; h++) {
      w1[h] = gaussians(random, inputs, 1 / Math.sqrt(inputs));
    }
    double[] b1 = gaussians(random, hidden, 0.1);
    double[] w2 = gaussians(random, hidden, 1 / Math.sqrt(hidden));
    double b2 = 0.1 * random.nextGaussian();
    double[][] x = new double[points][];
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      x[i] = gaussians(random, inputs, 1);
      double target = 0;
      for (int j = 0; j < inputs; j++) {
        target += Math.sin(x[i][j] + j) / (j + 1);
      }
      y[i] = target + 0.05 * random.nextGaussian();
    }
    return new Mlp(w1, b1, w2, b2, x, y);
  }

  /**
   * Positions {@code a (cos E - e)} of an orbit with e = 0.3, a = 1.5 at uniform mean anomalies,
   * with noise of 0.01; the guess has e uniform in [0.05, 0.6] and a in [1.2, 1.8].
   */
  public static Kepler kepler(int points, long seed) {
    Random random = new Random(seed);
    double e = 0.3;
    double a = 1.5;
    double[] meanAnomaly = new double[points];
    double[] observed = new double[points];
    for (int i = 0; i < points; i++) {
      meanAnomaly[i] = 2 * Math.PI * random.nextDouble();
      observed[i] = a * (Math.cos(eccentricAnomaly(e, meanAnomaly[i])) - e)
          + 0.01 * random.nextGaussian();
    }
    double guessE = 0.05 + 0.55 * random.nextDouble();
    double guessA = 1.2 + 0.6 * random.nextDouble();
    return new Kepler(guessE, guessA, meanAnomaly, observed);
  }

  /** Solves Kepler's equation E - e sin E = M to full precision (for e < 1). */
  static double eccentricAnomaly(double e, double meanAnomaly) {
    double anomaly = meanAnomaly;
    for (int iteration = 0; iteration < 50; iteration++) {
      double step =
          (anomaly - e * Math.sin(anomaly) - meanAnomaly) / (1 - e * Math.cos(anomaly));
      anomaly -= step;
      if (Math.abs(step) < 1e-15) {
        break;
      }
    }
    return anomaly;
  }

  private static double[] gaussians(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }

  private static double[] perturbed(Random random, double[] v, double scale) {
    double[] p = v.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] += scale * random.nextGaussian();
    }
    return p;
  }

  private static double[][] perturbed(Random random, double[][] rows, double scale) {
    double[][] p = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      p[i] = perturbed(random, rows[i], scale);
    }
    return p;
  }

  private static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static int pick(Random random, double[] weights) {
    double u = random.nextDouble();
    for (int c = 0; c < weights.length - 1; c++) {
      u -= weights[c];
      if (u < 0) {
        return c;
      }
    }
    return weights.length - 1;
  }
}
