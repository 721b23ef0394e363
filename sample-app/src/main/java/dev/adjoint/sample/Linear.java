package dev.adjoint.sample;

/**
 * Small dense linear algebra: vector helpers, and solves with symmetric positive definite matrices
 * by Cholesky factors.
 */
final class Linear {
  private Linear() {}

  /** The lower-triangular L with {@code a = L Lᵀ}; a must be symmetric positive definite. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("the matrix is not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  /** x with {@code a x = b}. */
  static double[] solve(double[][] a, double[] b) {
    double[][] l = cholesky(a);
    int n = b.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** The inverse of a, column by column. */
  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] inverse = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1;
      double[] column = solve(a, e);
      for (int i = 0; i < n; i++) {
        inverse[i][j] = column[i];
      }
    }
    return inverse;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code v += a u}. */
  static void axpy(double a, double[] u, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] += a * u[i];
    }
  }

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
