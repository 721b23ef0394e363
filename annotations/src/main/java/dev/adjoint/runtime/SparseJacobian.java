package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * A sparse M×N Jacobian in compressed sparse columns: entry k (0 ≤ k &lt; {@link #nonZeros()}) lies in
 * row {@link #row(int) row(k)} and column {@link #column(int) column(k)}, sorted by column then
 * row.
 *
 * <p>A companion's {@code mJacobianSparse(P...)} makes one for the shapes and data of its
 * arguments; {@code mJacobianSparse(P..., j)} refills its values in place for any input of those
 * shapes and data, and throws {@link IllegalArgumentException} for others. The pattern holds every
 * entry that is nonzero for some input of those shapes and data, whatever branches the code takes.
 *
 * <p>The arrays returned by {@link #columnStarts()}, {@link #rowIndices()} and {@link #values()}
 * are the matrix's own, not copies: read them, do not change them. A refill writes the values and
 * the matrix's own work arrays, without allocating, so a matrix is refilled by one thread at a
 * time; two matrices share nothing. It has no {@code equals}: it is a buffer that changes.
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
   *
   * @throws IllegalArgumentException if the arrays are not such a pattern
   */
  public SparseJacobian(
      int rows,
      int columns,
      int[] columnStarts,
      int[] rowIndices,
      JacobianColoring coloring,
      long madeFor) {
    requirePattern(rows, columns, columnStarts, rowIndices);
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

  /**
   * A Jacobian of zeros on the dense M×N pattern, made for the inputs whose {@link PatternKey} is
   * {@code madeFor}: what a companion's {@code mJacobianSparse} uses where no pattern can be traced
   * from shapes and data alone, correct for every input and as slow as a dense Jacobian.
   *
   * @throws IllegalArgumentException if M·N entries do not fit in an array
   */
  public static SparseJacobian dense(int rows, int columns, long madeFor) {
    long entries = (long) rows * columns;
    if (rows < 0 || columns < 0 || entries > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a dense " + rows + "x" + columns + " pattern has " + entries
              + " entries; a SparseJacobian holds at most 2^31 - 9");
    }
    int[] columnStarts = new int[columns + 1];
    int[] rowIndices = new int[(int) entries];
    for (int j = 0; j < columns; j++) {
      columnStarts[j + 1] = columnStarts[j] + rows;
      for (int i = 0; i < rows; i++) {
        rowIndices[j * rows + i] = i;
      }
    }
    return new SparseJacobian(
        rows,
        columns,
        columnStarts,
        rowIndices,
        JacobianColoring.of(rows, columns, columnStarts, rowIndices),
        madeFor);
  }

  private static void requirePattern(
      int rows, int columns, int[] columnStarts, int[] rowIndices) {
    if (rows < 0 || columns < 0 || columnStarts.length != columns + 1 || columnStarts[0] != 0
        || columnStarts[columns] != rowIndices.length) {
      throw new IllegalArgumentException(
          "a pattern of " + columns + " columns needs " + (columns + 1) + " column starts from 0 "
              + "to the number of entries " + rowIndices.length);
    }
    for (int j = 0; j < columns; j++) {
      int from = columnStarts[j];
      int to = columnStarts[j + 1];
      if (to < from) {
        throw new IllegalArgumentException("the column starts of the pattern decrease at " + j);
      }
      for (int k = from; k < to; k++) {
        if (rowIndices[k] < 0 || rowIndices[k] >= rows
            || (k > from && rowIndices[k] <= rowIndices[k - 1])) {
          throw new IllegalArgumentException(
              "the rows of column " + j + " of the pattern are not sorted, distinct and in [0, "
                  + rows + ")");
        }
      }
    }
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
          "the SparseJacobian given to " + method + " was made for arguments of other "
              + "shapes or data (array lengths, int parameters, int[] contents, fields read as data) than "
              + "this call's, so its pattern may miss entries of their Jacobian. Make one "
              + "for them with " + method + " without its last argument, and refill that one");
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
