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
 * orders of {@link ColoringOrder}, or formulas for structures recognised in the pattern ({@link
 * FormulaColorings}); {@link #of(int, int[], int[])} keeps the star colouring with the fewest
 * colours, whose entries are read without subtraction.
 *
 * <p>The way back is worked out once, from the colouring alone, and checked: a colouring that
 * could not give every entry exactly throws {@link IllegalStateException} rather than give a wrong
 * one (a direct one in one pass over the entries, {@link DirectRecovery}). {@link #recover} then
 * is one pass over flat arrays. It keeps no state between calls.
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
   * Patterns up to this size (columns plus entries) are coloured in every order, keeping the
   * fewest colours; larger ones start with the natural order and try others only where it did
   * badly (see {@link #of(int, int[], int[])}): each greedy star colouring costs about a refill.
   */
  static final int SEARCH_EVERY_ORDER_UP_TO = 1 << 16;

  /**
   * Beyond this size (columns plus entries) only the natural and smallest-last orders are tried:
   * each colouring is linear but costs ~0.1 s at 10⁶ columns.
   */
  private static final int SEARCH_TWO_ORDERS_FROM = 1 << 20;

  private static final ColoringOrder[] LATER_ORDERS = {
    ColoringOrder.SMALLEST_LAST, ColoringOrder.LARGEST_FIRST, ColoringOrder.INCIDENCE_DEGREE
  };

  private final int size;
  private final int[] colorOf;
  private final int colors;
  private final Method method;
  private final ColoringOrder order;
  private final boolean byFormula;
  // Direct recovery: entry k = products[source[k] % colors][source[k] / colors], the element at
  // source[k] of a sweep's lanes.
  private final int[] source;
  // Recovery by substitution: the steps of HessianRecovery, or null when direct.
  private final HessianRecovery steps;

  private HessianColoring(int size, int[] colorOf, int colors, Method method,
      ColoringOrder order, boolean byFormula, int[] direct, HessianRecovery steps) {
    this.size = size;
    this.colorOf = colorOf;
    this.colors = colors;
    this.method = method;
    this.order = order;
    this.byFormula = byFormula;
    this.source = direct;
    this.steps = direct != null ? null : steps;
  }

  /** Direct when every entry is read from one product, else by substitution along trees. */
  private static HessianColoring checked(int size, int[] columnStarts, int[] rowIndices,
      int[] colorOf, int colors, Method method, ColoringOrder order, boolean byFormula,
      AdjacencyGraph graph) {
    int[] direct = DirectRecovery.of(size, columnStarts, rowIndices, colorOf, colors);
    if (direct != null) {
      return new HessianColoring(size, colorOf, colors, method, order, byFormula, direct, null);
    }
    HessianRecovery recovery = HessianRecovery.of(
        graph != null ? graph : AdjacencyGraph.ofLowerTriangle(size, columnStarts, rowIndices),
        columnStarts, rowIndices, colorOf, colors);
    if (recovery.direct() && (long) size * colors <= Integer.MAX_VALUE) {
      int[] source = new int[rowIndices.length];
      for (int s = 0; s < recovery.stepEntry.length; s++) {
        source[recovery.stepEntry[s]] = recovery.stepRow[s] * colors + recovery.stepColor[s];
      }
      return new HessianColoring(size, colorOf, colors, method, order, byFormula, source, null);
    }
    if (method == Method.STAR && !recovery.direct()) {
      throw new IllegalStateException(
          "internal error: a star colouring (" + order + ") leaves an entry to substitution");
    }
    return new HessianColoring(size, colorOf, colors, method, order, byFormula, null, recovery);
  }

  /**
   * The colouring with the fewest colours found for the pattern given as compressed sparse columns
   * of the lower triangle (rows sorted and distinct, diagonal included): star colourings, so that
   * every entry is read exactly as a product gives it. Throws {@link IllegalArgumentException}
   * for a malformed pattern.
   *
   * <p>A full band, full blocks on the diagonal, the five-point grid and an arrowhead are coloured
   * by formula ({@link FormulaColorings}: 2b + 1, the largest block, 5 and 2 colours), checked
   * like any other ({@link DirectRecovery}). Otherwise greedy star colourings in the orders of {@link
   * ColoringOrder}, stopping at a colouring no colouring can beat: every order for patterns up to
   * about 65,000 columns plus entries; for larger ones the natural order first (index order
   * follows the structure of bands, grids, stencils and blocks), then the others only if it took
   * more than twice the fewest colours any colouring could take ({@link #fewestPossibleColors}),
   * and beyond about 10⁶ only smallest-last of them.
   *
   * <p>An acyclic colouring ({@link Method#ACYCLIC}, asked for by name) may need fewer colours (a
   * band of half-width b: b + 1 rather than 2b + 1), but its entries carry the rounding of the
   * subtractions along its trees (a tridiagonal pattern's two colours chain them end to end), and
   * one non-finite entry makes the rest of its tree NaN.
   */
  public static HessianColoring of(int size, int[] columnStarts, int[] rowIndices) {
    AdjacencyGraph.requireLowerTriangle(size, columnStarts, rowIndices);
    int[] formula = FormulaColorings.of(size, columnStarts, rowIndices);
    if (formula != null) {
      int colors = 0;
      for (int c : formula) {
        colors = Math.max(colors, c + 1);
      }
      int[] direct = DirectRecovery.of(size, columnStarts, rowIndices, formula, colors);
      if (direct != null) {
        return new HessianColoring(size, formula, colors, Method.STAR, ColoringOrder.NATURAL,
            true, direct, null);
      }
    }
    AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(size, columnStarts, rowIndices);
    int bound = fewestPossibleColors(size, graph.edges());
    int[] buffer = new int[size];
    // Star colourings only: every entry is read exactly as a product gives it. An acyclic
    // colouring needs fewer directions but subtracts along its trees, so rounding (and a
    // non-finite entry) spreads along them; a caller who wants it asks for it.
    int[] best = new int[size];
    int bestColors = StarColoring.color(graph, VertexOrders.natural(size), best);
    ColoringOrder bestOrder = ColoringOrder.NATURAL;
    long patternSize = (long) size + rowIndices.length;
    // Within twice the fewest possible, the natural colouring is kept for a large pattern: a
    // search costs a refill per order, and index orders follow the structure of most patterns.
    boolean searchOn = patternSize <= SEARCH_EVERY_ORDER_UP_TO || bestColors > 2 * bound;
    for (ColoringOrder order : LATER_ORDERS) {
      if (bestColors <= bound || !searchOn) {
        break;
      }
      if (patternSize > SEARCH_TWO_ORDERS_FROM && order != ColoringOrder.SMALLEST_LAST) {
        continue;
      }
      int[] colorOf = new int[size];
      int colors = StarColoring.color(graph, VertexOrders.of(order, graph, buffer), colorOf);
      if (colors < bestColors) {
        bestColors = colors;
        best = colorOf;
        bestOrder = order;
      }
    }
    return checked(size, columnStarts, rowIndices, best, bestColors, Method.STAR, bestOrder,
        false, graph);
  }

  /** The colouring by {@code method} in {@code order}, for comparisons and tests. */
  public static HessianColoring of(
      int size, int[] columnStarts, int[] rowIndices, Method method, ColoringOrder order) {
    AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(size, columnStarts, rowIndices);
    int[] colorOf = new int[size];
    int colors = color(graph, method, VertexOrders.of(order, graph, new int[size]), colorOf);
    if (method == Method.STAR) {
      return checked(size, columnStarts, rowIndices, colorOf, colors, method, order, false, graph);
    }
    // Substitution throughout, so that a colouring asked for by name shows its own recovery.
    HessianRecovery recovery = HessianRecovery.of(graph, columnStarts, rowIndices, colorOf, colors);
    return recovery.direct()
        ? checked(size, columnStarts, rowIndices, colorOf, colors, method, order, false, graph)
        : new HessianColoring(size, colorOf, colors, method, order, false, null, recovery);
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

  /** The vertex order the colouring was made in ({@link ColoringOrder#NATURAL} for a formula). */
  public ColoringOrder order() {
    return order;
  }

  /** Whether the colouring is a formula for a structure recognised in the pattern. */
  public boolean byFormula() {
    return byFormula;
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
      for (int k = 0; k < source.length; k++) {
        int row = source[k] / colors;
        values[k] = products[source[k] - row * colors][row];
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

  /**
   * {@link #recover} from products held in lanes, as a sweep of its {@link #colors()} directions
   * holds them: product c at row v is {@code lanes[v * colors() + c]}. Allocates nothing.
   */
  void recoverFromLanes(double[] lanes, double[] values) {
    int k = colors;
    if (steps == null) {
      for (int e = 0; e < source.length; e++) {
        values[e] = lanes[source[e]];
      }
      return;
    }
    int[] entry = steps.stepEntry;
    int[] color = steps.stepColor;
    int[] row = steps.stepRow;
    int[] starts = steps.subtractedStarts;
    int[] subtracted = steps.subtracted;
    for (int s = 0; s < entry.length; s++) {
      double value = lanes[row[s] * k + color[s]];
      for (int t = starts[s]; t < starts[s + 1]; t++) {
        value -= values[subtracted[t]];
      }
      values[entry[s]] = value;
    }
  }

  @Override
  public String toString() {
    return "HessianColoring[" + size + " columns, " + colors + " colors, " + method + ", "
        + (byFormula ? "by formula" : order) + "]";
  }
}
