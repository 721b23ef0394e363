package dev.adjoint.runtime;

/**
 * A colouring of a Jacobian's columns (no two columns of one colour share a row; products J·v by
 * forward mode) or of its rows (no two rows of one colour share a column; products uᵀJ by reverse
 * mode), whichever needs fewer colours, and the way back from the products to the entries.
 *
 * <p>Both are greedy partial distance-2 colourings (Gebremedhin, Manne and Pothen, "What color is
 * your Jacobian?", SIAM Review 2005) over the vertex orders of {@link ColoringOrder}. A side is
 * not tried when its longest line (a row for column colours, a column for row colours, whose
 * entries all need different colours) already needs more colours than the other side used: so a
 * dense row is coloured by rows and a dense column by columns without ever paying for the other.
 * Each entry is read directly from one product; the colouring is checked once, and {@link
 * #recover} is one pass over flat arrays.
 */
public final class JacobianColoring {
  /** Orders beyond the natural one are tried only when a colouring's work is this per entry. */
  private static final long ORDER_WORK_PER_ENTRY = 64;
  /** ... or below this, whatever the pattern. */
  private static final long ORDER_WORK_ALWAYS = 1L << 24;

  private final int rows;
  private final int columns;
  private final int[] colorOf;
  private final int colors;
  private final boolean byRows;
  private final ColoringOrder order;
  // Entry k = products[sourceColor[k]][sourceIndex[k]].
  private final int[] sourceColor;
  private final int[] sourceIndex;

  private JacobianColoring(int rows, int columns, int[] columnStarts, int[] rowIndices,
      int[] colorOf, int colors, boolean byRows, ColoringOrder order) {
    this.rows = rows;
    this.columns = columns;
    this.colorOf = colorOf;
    this.colors = colors;
    this.byRows = byRows;
    this.order = order;
    this.sourceColor = new int[rowIndices.length];
    this.sourceIndex = new int[rowIndices.length];
    for (int j = 0; j < columns; j++) {
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        sourceColor[k] = byRows ? colorOf[i] : colorOf[j];
        sourceIndex[k] = byRows ? j : i;
      }
    }
  }

  /**
   * The colouring with the fewest colours found for the M×N pattern given as compressed sparse
   * columns (rows sorted and distinct within each column); columns on a tie. Throws {@link
   * IllegalArgumentException} for a malformed pattern.
   */
  public static JacobianColoring of(int rows, int columns, int[] columnStarts, int[] rowIndices) {
    Sides sides = new Sides(rows, columns, columnStarts, rowIndices);
    int columnBound = sides.ofColumns.longestLine();
    int rowBound = sides.ofRows.longestLine();
    boolean rowsFirst = rowBound < columnBound;
    Trial first = best(rowsFirst ? sides.ofRows : sides.ofColumns,
        rowsFirst ? rowBound : columnBound, rowIndices.length);
    Trial second = null;
    // Columns win a tie, so they are tried second while they can equal the rows' count.
    if (rowsFirst ? columnBound <= first.colors : rowBound < first.colors) {
      second = best(rowsFirst ? sides.ofColumns : sides.ofRows,
          rowsFirst ? columnBound : rowBound, rowIndices.length);
    }
    boolean secondWins =
        second != null
            && (rowsFirst ? second.colors <= first.colors : second.colors < first.colors);
    Trial chosen = secondWins ? second : first;
    boolean byRows = secondWins != rowsFirst;
    return checked(rows, columns, columnStarts, rowIndices, sides, chosen, byRows);
  }

  /** The colouring of the rows ({@code byRows}) or columns in {@code order}, for comparisons. */
  public static JacobianColoring of(int rows, int columns, int[] columnStarts, int[] rowIndices,
      boolean byRows, ColoringOrder order) {
    Sides sides = new Sides(rows, columns, columnStarts, rowIndices);
    Trial trial = trial(byRows ? sides.ofRows : sides.ofColumns, order);
    return checked(rows, columns, columnStarts, rowIndices, sides, trial, byRows);
  }

  /** The pattern by columns and by rows, and the intersection graphs of both. */
  private static final class Sides {
    final int[] rowStarts;
    final int[] columnIndices;
    final IntersectionGraph ofColumns;
    final IntersectionGraph ofRows;

    Sides(int rows, int columns, int[] columnStarts, int[] rowIndices) {
      AdjacencyGraph.requireColumns(rows, columns, columnStarts, rowIndices);
      rowStarts = new int[rows + 1];
      for (int i : rowIndices) {
        rowStarts[i + 1]++;
      }
      for (int i = 0; i < rows; i++) {
        rowStarts[i + 1] += rowStarts[i];
      }
      int[] fill = java.util.Arrays.copyOf(rowStarts, rows);
      columnIndices = new int[rowIndices.length];
      for (int j = 0; j < columns; j++) {
        for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
          columnIndices[fill[rowIndices[k]]++] = j;
        }
      }
      ofColumns = new IntersectionGraph(columnStarts, rowIndices, rowStarts, columnIndices);
      ofRows = new IntersectionGraph(rowStarts, columnIndices, columnStarts, rowIndices);
    }
  }

  private static final class Trial {
    final int[] colorOf;
    final int colors;
    final ColoringOrder order;

    Trial(int[] colorOf, int colors, ColoringOrder order) {
      this.colorOf = colorOf;
      this.colors = colors;
      this.order = order;
    }
  }

  private static Trial best(IntersectionGraph graph, int bound, int entries) {
    boolean cheap = graph.work()
        <= Math.max(ORDER_WORK_ALWAYS, ORDER_WORK_PER_ENTRY * (entries + graph.vertices()));
    Trial best = null;
    for (ColoringOrder order : ColoringOrder.values()) {
      Trial trial = trial(graph, order);
      if (best == null || trial.colors < best.colors) {
        best = trial;
      }
      if (best.colors <= bound || !cheap) {
        break;
      }
    }
    return best;
  }

  private static Trial trial(IntersectionGraph graph, ColoringOrder order) {
    int[] buffer = new int[graph.vertices()];
    int[] colorOf = new int[graph.vertices()];
    int colors =
        GreedyColoring.color(graph, VertexOrders.of(order, graph, buffer), colorOf, buffer);
    return new Trial(colorOf, colors, order);
  }

  /**
   * The colouring, after checking that no line (row for column colours, column for row colours)
   * holds two entries of one colour, so every entry is read directly.
   */
  private static JacobianColoring checked(int rows, int columns, int[] columnStarts,
      int[] rowIndices, Sides sides, Trial trial, boolean byRows) {
    int[] lineStarts = byRows ? columnStarts : sides.rowStarts;
    int[] lineMembers = byRows ? rowIndices : sides.columnIndices;
    int[] seenOn = StarColoring.filled(trial.colors);
    for (int line = 0; line + 1 < lineStarts.length; line++) {
      for (int k = lineStarts[line]; k < lineStarts[line + 1]; k++) {
        int c = trial.colorOf[lineMembers[k]];
        if (seenOn[c] == line) {
          throw new IllegalStateException(
              "internal error: two entries of " + (byRows ? "column " : "row ") + line
                  + " share colour " + c);
        }
        seenOn[c] = line;
      }
    }
    return new JacobianColoring(rows, columns, columnStarts, rowIndices, trial.colorOf,
        trial.colors, byRows, trial.order);
  }

  /** The number of colours: the number of products one evaluation uses. */
  public int colors() {
    return colors;
  }

  /** Whether the colours are of rows (reverse products) rather than columns (forward products). */
  public boolean byRows() {
    return byRows;
  }

  /** The vertex order the colouring was made in. */
  public ColoringOrder order() {
    return order;
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
    for (int k = 0; k < sourceColor.length; k++) {
      values[k] = products[sourceColor[k]][sourceIndex[k]];
    }
  }

  @Override
  public String toString() {
    return "JacobianColoring[" + rows + "x" + columns + ", " + colors
        + (byRows ? " row" : " column") + " colors, " + order + "]";
  }
}
