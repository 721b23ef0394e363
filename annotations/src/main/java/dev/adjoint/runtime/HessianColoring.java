package dev.adjoint.runtime;

/**
 * A colouring of a symmetric pattern's columns, and the way back from the products of the Hessian
 * with one direction per colour to the entries of the lower triangle.
 *
 * <p>Columns of one colour are summed into one direction; the products of the Hessian with these
 * few directions hold every entry of the pattern, either directly (a star colouring: no path on
 * four vertices uses only two colours) or by substitution (an acyclic colouring: no cycle uses
 * only two colours). The colourings are greedy (Gebremedhin, Manne and Pothen, "New acyclic and
 * star coloring algorithms with application to computing Hessians", SISC 2007) over the vertex
 * orders of {@link ColoringOrder}; {@link #of(int, int[], int[])} keeps the star colouring with
 * the fewest colours, whose entries are read without subtraction.
 *
 * <p>The way back is worked out once, from the colouring alone, and checked: a colouring that
 * could not give every entry exactly throws {@link IllegalStateException} rather than give a wrong
 * one. {@link #recover} then is one pass over flat arrays. It keeps no state between calls.
 */
public final class HessianColoring {
  /** How entries are read back from the products. */
  public enum Method {
    /** Star colouring: every entry read directly from one product. */
    STAR,
    /** Acyclic colouring: entries found by substitution along two-coloured trees. */
    ACYCLIC
  }

  /**
   * Patterns larger than this (columns plus entries) are coloured in the two orders that did best
   * in our trials, natural (index order follows the structure of bands, grids, blocks) and
   * smallest-last, rather than all four: each colouring is linear but costs ~0.1 s at 10⁶
   * columns.
   */
  private static final int SEARCH_EVERY_ORDER_UP_TO = 1 << 20;

  private static final ColoringOrder[] LARGE_PATTERN_ORDERS = {
    ColoringOrder.NATURAL, ColoringOrder.SMALLEST_LAST
  };

  private final int size;
  private final int[] colorOf;
  private final int colors;
  private final Method method;
  private final ColoringOrder order;
  // Direct recovery: entry k = products[sourceColor[k]][sourceRow[k]].
  private final int[] sourceColor;
  private final int[] sourceRow;
  // Recovery by substitution: the steps of HessianRecovery, or null when direct.
  private final HessianRecovery steps;

  private HessianColoring(
      int size, int[] colorOf, int colors, Method method, ColoringOrder order,
      int entries, HessianRecovery recovery) {
    this.size = size;
    this.colorOf = colorOf;
    this.colors = colors;
    this.method = method;
    this.order = order;
    if (method == Method.STAR && !recovery.direct()) {
      throw new IllegalStateException(
          "internal error: a star colouring (" + order + ") leaves an entry to substitution");
    }
    if (recovery.direct()) {
      sourceColor = new int[entries];
      sourceRow = new int[entries];
      for (int s = 0; s < recovery.stepEntry.length; s++) {
        sourceColor[recovery.stepEntry[s]] = recovery.stepColor[s];
        sourceRow[recovery.stepEntry[s]] = recovery.stepRow[s];
      }
      steps = null;
    } else {
      sourceColor = null;
      sourceRow = null;
      steps = recovery;
    }
  }

  /**
   * The colouring with the fewest colours found for the pattern given as compressed sparse columns
   * of the lower triangle (rows sorted and distinct, diagonal included): star colourings in every
   * order, so that every entry is read exactly as a product gives it. Stops early at a colouring
   * no colouring can beat. Beyond about 10⁶ columns plus entries, only the natural and
   * smallest-last orders are tried. Throws {@link IllegalArgumentException} for a malformed
   * pattern.
   *
   * <p>An acyclic colouring ({@link Method#ACYCLIC}, asked for by name) may need fewer colours (a
   * band of half-width b: b + 1 rather than 2b + 1), but its entries carry the rounding of the
   * subtractions along its trees (a tridiagonal pattern's two colours chain them end to end), and
   * one non-finite entry makes the rest of its tree NaN.
   */
  public static HessianColoring of(int size, int[] columnStarts, int[] rowIndices) {
    AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(size, columnStarts, rowIndices);
    int bound = fewestPossibleColors(size, graph.edges());
    int[] buffer = new int[size];
    int[][] orders = new int[ColoringOrder.values().length][];
    ColoringOrder[] tried = size + rowIndices.length <= SEARCH_EVERY_ORDER_UP_TO
        ? ColoringOrder.values()
        : LARGE_PATTERN_ORDERS;
    // Star colourings only: every entry is read exactly as a product gives it. An acyclic
    // colouring needs fewer directions but subtracts along its trees, so rounding (and a
    // non-finite entry) spreads along them; a caller who wants it asks for it.
    ColoringOrder bestOrder = null;
    int[] best = null;
    int bestColors = Integer.MAX_VALUE;
    for (ColoringOrder order : tried) {
      if (orders[order.ordinal()] == null) {
        orders[order.ordinal()] = VertexOrders.of(order, graph, buffer);
      }
      int[] colorOf = new int[size];
      int colors = StarColoring.color(graph, orders[order.ordinal()], colorOf);
      if (colors < bestColors) {
        bestColors = colors;
        best = colorOf;
        bestOrder = order;
      }
      if (bestColors <= bound) {
        break;
      }
    }
    return new HessianColoring(size, best, bestColors, Method.STAR, bestOrder,
        rowIndices.length, HessianRecovery.of(graph, columnStarts, rowIndices, best, bestColors));
  }

  /** The colouring by {@code method} in {@code order}, for comparisons and tests. */
  public static HessianColoring of(
      int size, int[] columnStarts, int[] rowIndices, Method method, ColoringOrder order) {
    AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(size, columnStarts, rowIndices);
    int[] colorOf = new int[size];
    int colors = color(graph, method, VertexOrders.of(order, graph, new int[size]), colorOf);
    return new HessianColoring(size, colorOf, colors, method, order, rowIndices.length,
        HessianRecovery.of(graph, columnStarts, rowIndices, colorOf, colors));
  }

  private static int color(AdjacencyGraph graph, Method method, int[] order, int[] colorOf) {
    return method == Method.STAR
        ? StarColoring.color(graph, order, colorOf)
        : AcyclicColoring.color(graph, order, colorOf);
  }

  /**
   * No acyclic (so no star) colouring has fewer colours: the edges between two colour classes
   * form a forest, so k colours hold at most (k − 1)·n − k(k − 1)/2 edges.
   */
  static int fewestPossibleColors(int size, long edges) {
    if (size == 0) {
      return 0;
    }
    int k = 1;
    while ((long) (k - 1) * size - (long) k * (k - 1) / 2 < edges) {
      k++;
    }
    return k;
  }

  /** The number of colours: the number of directions one evaluation uses. */
  public int colors() {
    return colors;
  }

  /** The colour of column {@code j}. */
  public int color(int j) {
    return colorOf[j];
  }

  /** Star (entries read directly) or acyclic (entries found by substitution). */
  public Method method() {
    return method;
  }

  /** The vertex order the colouring was made in. */
  public ColoringOrder order() {
    return order;
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
    if (steps == null) {
      for (int k = 0; k < sourceColor.length; k++) {
        values[k] = products[sourceColor[k]][sourceRow[k]];
      }
      return;
    }
    int[] entry = steps.stepEntry;
    int[] color = steps.stepColor;
    int[] row = steps.stepRow;
    int[] starts = steps.subtractedStarts;
    int[] subtracted = steps.subtracted;
    for (int s = 0; s < entry.length; s++) {
      double value = products[color[s]][row[s]];
      for (int t = starts[s]; t < starts[s + 1]; t++) {
        value -= values[subtracted[t]];
      }
      values[entry[s]] = value;
    }
  }

  @Override
  public String toString() {
    return "HessianColoring[" + size + " columns, " + colors + " colors, " + method + ", " + order
        + "]";
  }
}
