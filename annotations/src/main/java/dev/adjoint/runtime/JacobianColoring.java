package dev.adjoint.runtime;

/**
 * A colouring of a Jacobian's columns (no two columns of one colour share a row; products J·v by
 * forward mode) or of its rows (no two rows of one colour share a column; products uᵀJ by reverse
 * mode), whichever needs fewer colours, and the way back from the products to the entries.
 */
public final class JacobianColoring {
  private final int rows;
  private final int columns;
  private final int[] columnStarts;
  private final int[] rowIndices;
  private final int[] colorOf;
  private final int colors;
  private final boolean byRows;

  private JacobianColoring(
      int rows,
      int columns,
      int[] columnStarts,
      int[] rowIndices,
      int[] colorOf,
      int colors,
      boolean byRows) {
    this.rows = rows;
    this.columns = columns;
    this.columnStarts = columnStarts;
    this.rowIndices = rowIndices;
    this.colorOf = colorOf;
    this.colors = colors;
    this.byRows = byRows;
  }

  /**
   * The colouring with the fewest colours found for the M×N pattern given as compressed sparse
   * columns (rows sorted and distinct within each column).
   */
  public static JacobianColoring of(int rows, int columns, int[] columnStarts, int[] rowIndices) {
    // Placeholder: every column its own colour.
    int[] colorOf = new int[columns];
    for (int j = 0; j < columns; j++) {
      colorOf[j] = j;
    }
    return new JacobianColoring(rows, columns, columnStarts, rowIndices, colorOf, columns, false);
  }

  /** The number of colours: the number of products one evaluation uses. */
  public int colors() {
    return colors;
  }

  /** Whether the colours are of rows (reverse products) rather than columns (forward products). */
  public boolean byRows() {
    return byRows;
  }

  /** The colour of column {@code j}, or of row {@code j} if {@link #byRows()}. */
  public int color(int j) {
    return colorOf[j];
  }

  /**
   * New directions, one per colour: over the columns (length N), or over the rows (length M) if
   * {@link #byRows()}; direction c has ones where the colour is c.
   */
  public double[][] seeds() {
    double[][] seeds = new double[colors][byRows ? rows : columns];
    for (int j = 0; j < colorOf.length; j++) {
      seeds[colorOf[j]][j] = 1.0;
    }
    return seeds;
  }

  /**
   * Writes the entries, in the pattern's order, into {@code values} from {@code products[c]}: J
   * times direction c of {@link #seeds()} (length M), or direction c times J (length N) if {@link
   * #byRows()}. Allocates nothing.
   */
  public void recover(double[][] products, double[] values) {
    for (int j = 0; j < columns; j++) {
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        values[k] = byRows ? products[colorOf[i]][j] : products[colorOf[j]][i];
      }
    }
  }
}
