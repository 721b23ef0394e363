package dev.adjoint.runtime;

/**
 * A colouring of a symmetric pattern's columns, and the way back from the products of the Hessian
 * with one direction per colour to the entries of the lower triangle.
 *
 * <p>Columns of one colour are summed into one direction; the products of the Hessian with these
 * few directions hold every entry of the pattern, either directly (a star colouring: no path on
 * four vertices uses only two colours) or by substitution (an acyclic colouring: no cycle uses
 * only two colours).
 */
public final class HessianColoring {
  private final int size;
  private final int[] colorOf;
  private final int colors;
  private final int[] columnStarts;
  private final int[] rowIndices;

  private HessianColoring(int size, int[] columnStarts, int[] rowIndices, int[] colorOf, int colors) {
    this.size = size;
    this.columnStarts = columnStarts;
    this.rowIndices = rowIndices;
    this.colorOf = colorOf;
    this.colors = colors;
  }

  /**
   * The colouring with the fewest colours found for the pattern given as compressed sparse columns
   * of the lower triangle (rows sorted and distinct, diagonal included).
   */
  public static HessianColoring of(int size, int[] columnStarts, int[] rowIndices) {
    // Placeholder: every column its own colour, read back directly.
    int[] colorOf = new int[size];
    for (int j = 0; j < size; j++) {
      colorOf[j] = j;
    }
    return new HessianColoring(size, columnStarts, rowIndices, colorOf, size);
  }

  /** The number of colours: the number of directions one evaluation uses. */
  public int colors() {
    return colors;
  }

  /** The colour of column {@code j}. */
  public int color(int j) {
    return colorOf[j];
  }

  /** New directions, one per colour: direction c has ones at the columns of colour c. */
  public double[][] seeds() {
    double[][] seeds = new double[colors][size];
    for (int j = 0; j < size; j++) {
      seeds[colorOf[j]][j] = 1.0;
    }
    return seeds;
  }

  /**
   * Writes the entries of the lower triangle, in the pattern's order, into {@code values} from
   * {@code products[c]}, the Hessian times direction c of {@link #seeds()}. Allocates nothing.
   */
  public void recover(double[][] products, double[] values) {
    for (int j = 0; j < size; j++) {
      double[] product = products[colorOf[j]];
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        values[k] = product[rowIndices[k]];
      }
    }
  }
}
