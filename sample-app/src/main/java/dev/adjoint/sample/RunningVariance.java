package dev.adjoint.sample;

/** Welford's running mean and variance of each coordinate of the points it is given. */
final class RunningVariance {
  private final double[] mean;
  private final double[] squares;
  private int count;

  RunningVariance(int dimension) {
    mean = new double[dimension];
    squares = new double[dimension];
  }

  void add(double[] x) {
    count++;
    for (int j = 0; j < mean.length; j++) {
      double before = x[j] - mean[j];
      mean[j] += before / count;
      squares[j] += before * (x[j] - mean[j]);
    }
  }

  int count() {
    return count;
  }

  /**
   * The sample variances shrunk towards 1e-3 as Stan does, (n / (n + 5)) var + 1e-3 (5 / (n + 5)),
   * so that a short window cannot give a variance of zero.
   */
  double[] regularisedVariances() {
    double[] v = new double[mean.length];
    double n = count;
    for (int j = 0; j < v.length; j++) {
      double variance = count > 1 ? squares[j] / (n - 1) : 0;
      v[j] = n / (n + 5) * variance + 1e-3 * 5 / (n + 5);
    }
    return v;
  }

  void reset() {
    count = 0;
    java.util.Arrays.fill(mean, 0);
    java.util.Arrays.fill(squares, 0);
  }
}
