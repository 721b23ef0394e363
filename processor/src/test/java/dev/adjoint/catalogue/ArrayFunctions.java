package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/** Functions of double[] parameters (differentiated or data) and int[] data, without loops. */
final class ArrayFunctions {
  private ArrayFunctions() {}

  /** Rosenbrock on a parameter vector, as optimisers call it. */
  @Differentiable
  static double rosenbrock(double[] p) {
    double a = 1 - p[0];
    double b = p[1] - p[0] * p[0];
    return a * a + 100 * b * b;
  }

  /** A scalar before the array, data after it, and index arithmetic. */
  @Differentiable(wrt = {"scale", "w"})
  static double weighted(double scale, double[] w, double[] data, int[] counts) {
    int last = w.length - 1;
    double s = w[0] * data[0] + w[last] * data[last] + w[last / 2] * Math.exp(data[1]);
    return scale * Math.log1p(s * s) + counts[0] * w[1] - counts.length * scale * w[0];
  }

  /** Two arrays in the gradient: the second's slice starts after the first. */
  @Differentiable
  static double twoArrays(double[] a, double x, double[] b) {
    double d0 = a[0] - b[0];
    double d1 = a[1] - b[1];
    if (d0 > d1) {
      return Math.sqrt(d0 * d0 + d1 * d1) * x;
    }
    return Math.hypot(a[2], b[b.length - 1]) + x * a.length;
  }
}
