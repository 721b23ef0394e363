package dev.adjoint.sample;

import dev.adjoint.runtime.SparseHessian;

/**
 * The Hessian of {@link GridModel#negativeLogJoint} in {@code (u, mu)}, (n+1)×(n+1), as the
 * generated {@code negativeLogJointHessianSparse} makes and refills it, with the model's data
 * bound. Its pattern, traced from the grid's shape, is the 5-point stencil (each area with its
 * right and lower neighbour) and a last row for mu, which meets every area in {@code exp(mu +
 * u_k)}; its colouring reads every entry straight from one product of a single Hessian-vector
 * sweep.
 */
final class GridHessian {
  private final GridModel.Data data;
  private final SparseHessian h;

  private GridHessian(GridModel.Data data, SparseHessian h) {
    this.data = data;
    this.h = h;
  }

  /** The Hessian at (u, mu) for this tau, its gradient written into {@code grad}. */
  static GridHessian at(GridModel.Data data, double[] u, double mu, double tau, double[] grad) {
    GridHessian hessian =
        new GridHessian(
            data,
            GridModelDerivatives.negativeLogJointHessianSparse(
                u, mu, tau, data.ridge(), data.counts(), data.expected(), data.rows(),
                data.columns()));
    hessian.refill(u, mu, tau, grad);
    return hessian;
  }

  /**
   * Refills the values at (u, mu) for this tau, allocating nothing; writes the gradient into
   * {@code grad} (length n + 1) and returns the negative log joint.
   */
  double refill(double[] u, double mu, double tau, double[] grad) {
    return GridModelDerivatives.negativeLogJointHessianSparse(
        u, mu, tau, data.ridge(), data.counts(), data.expected(), data.rows(), data.columns(),
        grad, h);
  }

  /** The generated matrix itself. */
  SparseHessian sparse() {
    return h;
  }

  /** n + 1. */
  int size() {
    return h.size();
  }

  /** As {@link SparseHessian#columnStarts()}. */
  int[] columnStarts() {
    return h.columnStarts();
  }

  /** As {@link SparseHessian#rowIndices()}. */
  int[] rowIndices() {
    return h.rowIndices();
  }

  /** As {@link SparseHessian#values()}: refilled in place. */
  double[] values() {
    return h.values();
  }

  /** The number of directions one refill pushes through the Hessian-vector sweep. */
  int colors() {
    return h.colors();
  }
}
