package dev.adjoint.sample;

/**
 * The Hessian of {@link GridModel#negativeLogJoint} in {@code (u, mu)}, (n+1)×(n+1), held as a
 * {@link dev.adjoint.runtime.SparseHessian} holds one: the lower triangle, diagonal included, in
 * compressed sparse columns, rows sorted. Its pattern is the grid's 5-point stencil (each area
 * with its right and lower neighbour) and a last row for mu, which meets every area in {@code
 * exp(mu + u_k)}: 4n - r - c + 1 entries.
 *
 * <p><b>STAND-IN for the generated {@code negativeLogJointHessianSparse}</b>, until the sparse
 * kinds are on main. It makes the pattern and a colouring by hand and fills the values as the
 * generated refill will, through one compressed sweep of the generated {@code
 * negativeLogJointHessianVectors}: 6 directions (the colour {@code (i + 2j) mod 5} of area (i, j)
 * differs from those of its four neighbours and theirs from each other's, and mu has the sixth),
 * each entry read back directly from the product of its column's colour (mu's row from mu's
 * product, by symmetry). SWITCH HERE, the only place to change: make {@link #at} return a wrapper
 * of {@code GridModelDerivatives.negativeLogJointHessianSparse(u, mu, tau, data...)} and {@link
 * #refill} call {@code negativeLogJointHessianSparse(u, mu, tau, data..., grad, h)}; its {@code
 * columnStarts()}, {@code rowIndices()} and {@code values()} have this class's layout
 * ({@code GridModelTest} checks that a {@code SparseHessian} refilled through its own seeds and
 * {@code recover()} equals this one).
 */
final class GridHessian {
  private static final int MU_COLOR = 5;

  private final GridModel.Data data;
  private final int size;
  private final int[] columnStarts;
  private final int[] rowIndices;
  private final double[] values;
  private final int[] colorOf;
  private final double[][] seeds;
  private final double[][] products;

  private GridHessian(GridModel.Data data) {
    this.data = data;
    int rows = data.rows();
    int columns = data.columns();
    int n = data.areas();
    size = n + 1;
    columnStarts = new int[size + 1];
    rowIndices = new int[4 * n - rows - columns + 1];
    colorOf = new int[size];
    int at = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        int k = i * columns + j;
        columnStarts[k] = at;
        rowIndices[at++] = k;
        if (j + 1 < columns) {
          rowIndices[at++] = k + 1;
        }
        if (i + 1 < rows) {
          rowIndices[at++] = k + columns;
        }
        rowIndices[at++] = n;
        colorOf[k] = (i + 2 * j) % 5;
      }
    }
    columnStarts[n] = at;
    rowIndices[at++] = n;
    columnStarts[size] = at;
    colorOf[n] = MU_COLOR;
    values = new double[at];
    seeds = new double[MU_COLOR + 1][size];
    for (int k = 0; k < size; k++) {
      seeds[colorOf[k]][k] = 1;
    }
    products = new double[seeds.length][size];
  }

  /** The Hessian at (u, mu) for this tau, its gradient written into {@code grad}. */
  static GridHessian at(GridModel.Data data, double[] u, double mu, double tau, double[] grad) {
    GridHessian h = new GridHessian(data);
    h.refill(u, mu, tau, grad);
    return h;
  }

  /**
   * Refills the values at (u, mu) for this tau, allocating nothing; writes the gradient into
   * {@code grad} (length n + 1) and returns the negative log joint.
   */
  double refill(double[] u, double mu, double tau, double[] grad) {
    double f =
        GridModelDerivatives.negativeLogJointHessianVectors(
            u, mu, tau, data.ridge(), data.counts(), data.expected(), data.rows(), data.columns(),
            seeds, grad, products);
    int muIndex = size - 1;
    for (int column = 0; column < size; column++) {
      double[] product = products[colorOf[column]];
      for (int k = columnStarts[column]; k < columnStarts[column + 1]; k++) {
        int row = rowIndices[k];
        values[k] = row == muIndex && column != muIndex ? products[MU_COLOR][column] : product[row];
      }
    }
    return f;
  }

  /** n + 1. */
  int size() {
    return size;
  }

  /** As {@link dev.adjoint.runtime.SparseHessian#columnStarts()}. */
  int[] columnStarts() {
    return columnStarts;
  }

  /** As {@link dev.adjoint.runtime.SparseHessian#rowIndices()}. */
  int[] rowIndices() {
    return rowIndices;
  }

  /** As {@link dev.adjoint.runtime.SparseHessian#values()}: refilled in place. */
  double[] values() {
    return values;
  }

  /** The number of directions one refill pushes through the Hessian-vector sweep. */
  int colors() {
    return seeds.length;
  }
}
