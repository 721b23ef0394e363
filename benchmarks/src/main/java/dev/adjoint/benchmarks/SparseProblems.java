package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * The functions whose sparse Hessians the benchmarks time (issue 18), beside {@link
 * Problems#extendedRosenbrock} (2×2 blocks) and {@link Problems#broydenBanded} (a band of
 * half-width 6), written as a user would write them.
 */
public final class SparseProblems {
  private SparseProblems() {}

  /**
   * ARWHEAD (Conn, Gould, Lescrenier and Toint 1994; CUTEst): {@code sum over i < n-1 of (x_i^2 +
   * x_{n-1}^2)^2 - 4 x_i + 3}. Every variable meets the last one and no other: an arrowhead Hessian.
   */
  @Differentiable
  public static double arrowhead(double[] x) {
    int n = x.length;
    double last = x[n - 1];
    double sum = 0;
    for (int i = 0; i + 1 < n; i++) {
      double s = x[i] * x[i] + last * last;
      sum += s * s - 4 * x[i] + 3;
    }
    return sum;
  }

  /**
   * The negative log joint density of a latent Gaussian field on a {@code rows} × {@code cols} grid
   * given Poisson counts {@code y} with expected counts {@code e}: {@code sum of e exp(u) - y u}
   * plus {@code tau / 2} times the sum of squared differences between right and down neighbours,
   * plus a small ridge. A five-point stencil Hessian.
   */
  @Differentiable(wrt = "u")
  public static double gridField(double[] u, double[] y, double[] e, int rows, int cols, double tau) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int k = r * cols + c;
        sum += e[k] * Math.exp(u[k]) - y[k] * u[k] + 0.5e-3 * u[k] * u[k];
        if (c + 1 < cols) {
          double d = u[k] - u[k + 1];
          sum += 0.5 * tau * d * d;
        }
        if (r + 1 < rows) {
          double d = u[k] - u[k + cols];
          sum += 0.5 * tau * d * d;
        }
      }
    }
    return sum;
  }
}
