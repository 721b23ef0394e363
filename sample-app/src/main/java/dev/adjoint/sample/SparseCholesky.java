package dev.adjoint.sample;

import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * EJML's sparse Cholesky factorisation {@code P A Pᵀ = L Lᵀ} of a symmetric positive definite
 * matrix given as a {@link dev.adjoint.runtime.SparseHessian} gives it: its lower triangle in
 * compressed sparse columns. EJML's up-looking Cholesky (CSparse's {@code cs_chol}) reads the
 * UPPER triangle of each column and has no fill-reducing ordering of its own, so the pattern is
 * permuted by the given order and mirrored into the upper triangle once, here, with a map from
 * each of our entries to its place in EJML's matrix; {@link #factor} then only scatters the values
 * and refactors numerically on the symbolic analysis of the first call (EJML's locked structure).
 */
final class SparseCholesky {
  private final int size;
  private final int[] order;
  private final int[] target;
  private final DMatrixSparseCSC upper;
  private final CholeskyUpLooking_DSCC cholesky = new CholeskyUpLooking_DSCC();
  private final double[] work;

  /**
   * Prepares the factorisation of matrices with this pattern (lower triangle, compressed sparse
   * columns, diagonal included) in the order {@code order} ({@code order[p]} is the variable that
   * goes to position p).
   */
  SparseCholesky(int size, int[] columnStarts, int[] rowIndices, int[] order) {
    this.size = size;
    this.order = order.clone();
    int[] position = new int[size];
    for (int p = 0; p < size; p++) {
      position[order[p]] = p;
    }
    int entries = columnStarts[size];
    // Entry k of ours, at (row, column) with row >= column, goes to (min, max) of its positions.
    int[] upperRow = new int[entries];
    int[] upperColumn = new int[entries];
    for (int column = 0; column < size; column++) {
      for (int k = columnStarts[column]; k < columnStarts[column + 1]; k++) {
        int a = position[rowIndices[k]];
        int b = position[column];
        upperRow[k] = Math.min(a, b);
        upperColumn[k] = Math.max(a, b);
      }
    }
    // Two stable counting sorts, by row then by column, leave rows sorted within each column.
    int[] byRow = countingSort(upperRow, identity(entries), size);
    int[] byColumn = countingSort(upperColumn, byRow, size);
    upper = new DMatrixSparseCSC(size, size, entries);
    target = new int[entries];
    for (int at = 0; at < entries; at++) {
      int k = byColumn[at];
      target[k] = at;
      upper.nz_rows[at] = upperRow[k];
      upper.col_idx[upperColumn[k] + 1]++;
    }
    for (int j = 0; j < size; j++) {
      upper.col_idx[j + 1] += upper.col_idx[j];
    }
    upper.nz_length = entries;
    upper.indicesSorted = true;
    cholesky.setStructureLocked(true);
    work = new double[size];
  }

  /** The entries sorted stably by {@code key} (values in [0, range)), as a list of entries. */
  private static int[] countingSort(int[] key, int[] entries, int range) {
    int[] starts = new int[range + 1];
    for (int k : entries) {
      starts[key[k] + 1]++;
    }
    for (int v = 0; v < range; v++) {
      starts[v + 1] += starts[v];
    }
    int[] sorted = new int[entries.length];
    for (int k : entries) {
      sorted[starts[key[k]]++] = k;
    }
    return sorted;
  }

  private static int[] identity(int n) {
    int[] identity = new int[n];
    for (int k = 0; k < n; k++) {
      identity[k] = k;
    }
    return identity;
  }

  /**
   * Factors the matrix with these values (in the order of the pattern's entries); false if it is
   * not positive definite. The first call also does the symbolic analysis (elimination tree,
   * column counts of L), which later calls reuse.
   */
  boolean factor(double[] values) {
    double[] into = upper.nz_values;
    for (int k = 0; k < target.length; k++) {
      into[target[k]] = values[k];
    }
    return cholesky.decompose(upper);
  }

  /** log det A = 2 Σ log L_ii (L's diagonal entry is the first of each of its columns). */
  double logDeterminant() {
    DMatrixSparseCSC l = cholesky.getL();
    double sum = 0;
    for (int j = 0; j < size; j++) {
      sum += Math.log(l.nz_values[l.col_idx[j]]);
    }
    return 2 * sum;
  }

  /** Writes {@code A⁻¹ b} into x (which may be b) with the last factorisation. */
  void solve(double[] b, double[] x) {
    for (int p = 0; p < size; p++) {
      work[p] = b[order[p]];
    }
    DMatrixSparseCSC l = cholesky.getL();
    TriangularSolver_DSCC.solveL(l, work);
    TriangularSolver_DSCC.solveTranL(l, work);
    for (int p = 0; p < size; p++) {
      x[order[p]] = work[p];
    }
  }

  /** The number of entries of the factor L (its fill), after the first {@link #factor}. */
  long factorEntries() {
    return cholesky.getL().nz_length;
  }
}
