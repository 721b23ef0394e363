package dev.adjoint.sample;

/**
 * Conjugate gradients on {@code H s = g}, preconditioned by the Cholesky factor of the Hessian at
 * an earlier point or tau: the Newton step at a new point without a new factorisation. Where H has
 * moved little from the factored matrix, {@code M⁻¹H} is near the identity and a few iterations
 * (each a product with H and one solve with the factor) do what a factorisation would, at a small
 * part of its cost.
 */
final class PreconditionedCg {
  private final double[] residual;
  private final double[] preconditioned;
  private final double[] direction;
  private final double[] product;

  PreconditionedCg(int size) {
    residual = new double[size];
    preconditioned = new double[size];
    direction = new double[size];
    product = new double[size];
  }

  /**
   * Writes into s an approximate {@code H⁻¹g}: the iterations stop once the residual r has {@code
   * rᵀM⁻¹r} below {@code tolerance²} times {@code gᵀM⁻¹g} (the decrement that is left, relative to
   * the whole). Returns the iterations taken, or -1 if {@code most} did not reach that (s is then
   * not a solution).
   */
  int solve(GridHessian h, SparseCholesky factor, double[] g, double[] s, double tolerance,
      int most) {
    int size = g.length;
    java.util.Arrays.fill(s, 0);
    System.arraycopy(g, 0, residual, 0, size);
    factor.solve(residual, preconditioned);
    System.arraycopy(preconditioned, 0, direction, 0, size);
    double rz = dot(residual, preconditioned);
    double enough = tolerance * tolerance * rz;
    if (rz == 0) {
      return 0;
    }
    for (int iteration = 1; iteration <= most; iteration++) {
      h.times(direction, product);
      double curvature = dot(direction, product);
      if (!(curvature > 0)) {
        return -1;
      }
      double alpha = rz / curvature;
      for (int k = 0; k < size; k++) {
        s[k] += alpha * direction[k];
        residual[k] -= alpha * product[k];
      }
      factor.solve(residual, preconditioned);
      double next = dot(residual, preconditioned);
      if (next <= enough) {
        return iteration;
      }
      double beta = next / rz;
      for (int k = 0; k < size; k++) {
        direction[k] = preconditioned[k] + beta * direction[k];
      }
      rz = next;
    }
    return -1;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
