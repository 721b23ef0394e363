package dev.adjoint.sample;

import dev.adjoint.runtime.SparseHessian;
import java.util.Arrays;

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

  /**
   * Writes {@code H x} into y (not x), from the lower triangle held: each entry below the
   * diagonal serves its row and, mirrored, its column.
   */
  void times(double[] x, double[] y) {
    int[] starts = h.columnStarts();
    int[] rows = h.rowIndices();
    double[] values = h.values();
    Arrays.fill(y, 0);
    for (int column = 0; column < starts.length - 1; column++) {
      double xColumn = x[column];
      double sum = 0;
      for (int k = starts[column]; k < starts[column + 1]; k++) {
        int row = rows[k];
        y[row] += values[k] * xColumn;
        if (row != column) {
          sum += values[k] * x[row];
        }
      }
      y[column] += sum;
    }
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
