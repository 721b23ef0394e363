package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A sparse M×N Jacobian in compressed sparse columns: entry k (0 ≤ k < {@link #nonZeros()}) lies in
 * row {@link #row(int) row(k)} and column {@link #column(int) column(k)}, sorted by column then
 * row.
 *
 * <p>A companion's {@code mJacobianSparse(P...)} makes one for the shapes and data of its
 * arguments; {@code mJacobianSparse(P..., j)} refills its values in place for any input of those
 * shapes and data, and throws {@link IllegalArgumentException} for others. The pattern holds every
 * entry that is nonzero for some input of those shapes and data, whatever branches the code takes.
 *
 * <p>The arrays returned by {@link #columnStarts()}, {@link #rowIndices()} and {@link #values()}
 * are the matrix's own, not copies: read them, do not change them.
 */
public final class SparseJacobian {
  private final int rows;
  private final int columns;
  private final int[] columnStarts;
  private final int[] rowIndices;
  private final int[] columnOf;
  private final double[] values;
  private final JacobianColoring coloring;
  private final long madeFor;
  private final double[][] seeds;
  private final double[][] products;

  /**
   * A Jacobian of zeros on the pattern given as compressed sparse columns (rows sorted and distinct
   * within each column), made for the inputs whose {@link PatternKey} is {@code madeFor}; {@code
   * coloring} gives the compressed directions and the way back from their products.
   */
  public SparseJacobian(
      int rows,
      int columns,
      int[] columnStarts,
      int[] rowIndices,
      JacobianColoring coloring,
      long madeFor) {
    this.rows = rows;
    this.columns = columns;
    this.columnStarts = columnStarts;
    this.rowIndices = rowIndices;
    this.columnOf = new int[rowIndices.length];
    for (int j = 0; j < columns; j++) {
      Arrays.fill(columnOf, columnStarts[j], columnStarts[j + 1], j);
    }
    this.values = new double[rowIndices.length];
    this.coloring = coloring;
    this.madeFor = madeFor;
    this.seeds = coloring.seeds();
    this.products = new double[seeds.length][coloring.byRows() ? columns : rows];
  }

  /** M, the number of rows (outputs). */
  public int rows() {
    return rows;
  }

  /** N, the number of columns (inputs). */
  public int columns() {
    return columns;
  }

  /** The number of entries held. */
  public int nonZeros() {
    return rowIndices.length;
  }

  /** The row of entry {@code k}. */
  public int row(int k) {
    return rowIndices[k];
  }

  /** The column of entry {@code k}. */
  public int column(int k) {
    return columnOf[k];
  }

  /** The value of entry {@code k}. */
  public double value(int k) {
    return values[k];
  }

  /** N + 1 offsets: column j's entries are those from {@code columnStarts()[j]} to the next. */
  public int[] columnStarts() {
    return columnStarts;
  }

  /** The row of each entry, sorted within each column. */
  public int[] rowIndices() {
    return rowIndices;
  }

  /** The value of each entry, in the order of {@link #rowIndices()}. */
  public double[] values() {
    return values;
  }

  /** Entry (i, j); 0 outside the pattern. */
  public double get(int i, int j) {
    Checks.index(i, rows);
    Checks.index(j, columns);
    int k = Arrays.binarySearch(rowIndices, columnStarts[j], columnStarts[j + 1], i);
    return k >= 0 ? values[k] : 0.0;
  }

  /** A new dense M×N array. */
  public double[][] toDense() {
    double[][] dense = new double[rows][columns];
    for (int k = 0; k < values.length; k++) {
      dense[rowIndices[k]][columnOf[k]] = values[k];
    }
    return dense;
  }

  /** How many compressed directions one evaluation pushes through the Jacobian's products. */
  public int colors() {
    return seeds.length;
  }

  /**
   * For generated code: whether the directions are over the rows (products uᵀJ by reverse mode)
   * rather than over the columns (products J·v by forward mode).
   */
  public boolean byRows() {
    return coloring.byRows();
  }

  /**
   * For generated code: throws {@link IllegalArgumentException} unless this matrix was made for
   * inputs whose {@link PatternKey} is {@code key}.
   */
  public void requireMadeFor(long key, String method) {
    if (key != madeFor) {
      throw new IllegalArgumentException(
          "this SparseJacobian was made for arguments of other shapes or data than those given to "
              + method
              + "; make one for them with "
              + method
              + " without j");
    }
  }

  /** For generated code: the compressed directions, one per colour. */
  public double[][] seeds() {
    return seeds;
  }

  /** For generated code: where the products with {@link #seeds()} are written. */
  public double[][] products() {
    return products;
  }

  /** For generated code: fills the values from the products written into {@link #products()}. */
  public void recover() {
    coloring.recover(products, values);
  }

  @Override
  public String toString() {
    return "SparseJacobian[" + rows + "x" + columns + ", " + values.length + " entries, "
        + colors() + (byRows() ? " row" : " column") + " colors]";
  }
}
