package dev.adjoint.runtime;

/**
 * Colourings by formula for four structures recognised from the compressed columns in one pass
 * over the entries, where the greedy colourings cost many times a refill: a full band, full blocks
 * on the diagonal, the five-point grid and an arrowhead.
 * Each gives as few colours as the greedy colourings find there, and {@link HessianColoring} still
 * checks it ({@link DirectRecovery}) before using it.
 *
 * <ul>
 *   <li>A full band of half-width b (every entry with {@code 0 <= i - j <= b}, and no other): column
 *       j takes colour {@code j mod (2b + 1)}, so two columns of one colour are at least 2b + 1
 *       apart and share no row; every entry is read directly. No star colouring of a long full band
 *       has fewer (2b + 1 is its star chromatic number; HessianColoringTest checks the greedy
 *       orders never find fewer), so the formula is used only when N is at least {@link
 *       #BAND_LENGTHS} times b + 1, and b small enough that 2b + 1 colours are few.
 *   <li>Full blocks on the diagonal (the extended Rosenbrock function's 2 × 2 blocks, a model
 *       whose groups of unknowns meet only within the group): each column takes its position in
 *       its block, as many colours as the largest block has columns, the fewest possible (a full
 *       block needs that many); two columns of one colour lie in different blocks and share no row.
 *   <li>The five-point grid (the Laplacian's stencil on a grid numbered row by row, as a Gaussian
 *       Markov random field on a lattice has it): point (r, c) takes colour {@code (c + 2r) mod
 *       5}, so a point and its four neighbours have five different colours and no row holds a
 *       colour twice; every entry is read directly. Five is the star chromatic number of large
 *       grids, and what the greedy colourings find.
 *   <li>An arrowhead (every entry off the diagonal lies in one row, the hub's): the hub takes
 *       colour 0, every other column colour 1; row i ≠ hub holds at most the hub and i itself, and
 *       the hub's entries are read in the other columns' rows. Two colours, the fewest any pattern
 *       with an entry off the diagonal takes.
 * </ul>
 */
final class FormulaColorings {
  /** A band is coloured by formula only if N ≥ this × (b + 1): short bands need fewer colours. */
  static final int BAND_LENGTHS = 4;

  /** The widest band coloured by formula: beyond, a wide band's 2b + 1 colours are left to search. */
  static final int WIDEST_BAND = 64;

  private FormulaColorings() {}

  /**
   * The colour of each column by formula, or {@code null} if the pattern (compressed sparse columns
   * of a lower triangle, checked before) is neither structure.
   */
  static int[] of(int size, int[] columnStarts, int[] rowIndices) {
    int[] band = fullBand(size, columnStarts, rowIndices);
    if (band != null) {
      return band;
    }
    int[] blocks = fullBlocks(size, columnStarts, rowIndices);
    if (blocks != null) {
      return blocks;
    }
    int[] grid = fivePointGrid(size, columnStarts, rowIndices);
    return grid != null ? grid : arrowhead(size, columnStarts, rowIndices);
  }

  /** {@code j mod (2b + 1)} if the pattern is a full band of half-width b, else null. */
  static int[] fullBand(int size, int[] columnStarts, int[] rowIndices) {
    if (size == 0) {
      return null;
    }
    // A full band's first column holds rows 0..b: that gives b; then every column must hold
    // exactly rows j..min(N - 1, j + b), which its count and its last row show (rows are sorted
    // and distinct, the first is the diagonal).
    int b = columnStarts[1] - columnStarts[0] - 1;
    if (b < 0 || b > WIDEST_BAND || (long) size < (long) BAND_LENGTHS * (b + 1)) {
      return null;
    }
    for (int j = 0; j < size; j++) {
      int last = Math.min(size - 1, j + b);
      int from = columnStarts[j];
      int to = columnStarts[j + 1];
      if (to - from != last - j + 1 || rowIndices[to - 1] != last) {
        return null;
      }
    }
    int[] colorOf = new int[size];
    int colors = 2 * b + 1;
    for (int j = 0, c = 0; j < size; j++) {
      colorOf[j] = c;
      c = c + 1 == colors ? 0 : c + 1;
    }
    return colorOf;
  }

  /**
   * The position of each column in its block if the pattern is full blocks on the diagonal (each
   * block of consecutive columns s..e holds every entry (i, j) with s <= j <= i <= e, and no entry
   * lies outside the blocks), else null: as many colours as the largest block has columns.
   */
  static int[] fullBlocks(int size, int[] columnStarts, int[] rowIndices) {
    int[] colorOf = new int[size];
    int largest = 0;
    for (int start = 0; start < size; ) {
      // The block's first column holds its rows start..end; every later column j, rows j..end.
      int from = columnStarts[start];
      int to = columnStarts[start + 1];
      if (to == from || rowIndices[from] != start) {
        return null;
      }
      int end = rowIndices[to - 1];
      if (end - start + 1 > WIDEST_BAND) {
        return null;
      }
      for (int j = start; j <= end; j++) {
        int jFrom = columnStarts[j];
        int jTo = columnStarts[j + 1];
        if (jTo - jFrom != end - j + 1 || rowIndices[jFrom] != j || rowIndices[jTo - 1] != end) {
          return null;
        }
        colorOf[j] = j - start;
      }
      largest = Math.max(largest, end - start + 1);
      start = end + 1;
    }
    return largest > 1 ? colorOf : null; // a diagonal is a band of half-width 0
  }

  /**
   * {@code (c + 2r) mod 5} for the column of grid point (r, c) if the pattern is the five-point
   * stencil of a grid of N / w ≥ 3 rows and w ≥ 3 columns, not 3 × 3, numbered row by row
   * (column k = r·w + c holds rows k, k + 1 unless c is the last column, and k + w unless r is
   * the last row), else null.
   */
  static int[] fivePointGrid(int size, int[] columnStarts, int[] rowIndices) {
    // Column 0 holds rows 0, 1 and w: that gives w. A 3 × 3 grid takes four colours.
    if (size < 12 || columnStarts[1] != 3) {
      return null;
    }
    int width = rowIndices[2];
    if (width < 3 || size % width != 0 || size / width < 3) {
      return null;
    }
    int[] colorOf = new int[size];
    for (int k = 0; k < size; k++) {
      int r = k / width;
      int c = k - r * width;
      boolean right = c + 1 < width;
      boolean down = k + width < size;
      int from = columnStarts[k];
      int count = 1 + (right ? 1 : 0) + (down ? 1 : 0);
      if (columnStarts[k + 1] - from != count || rowIndices[from] != k
          || right && rowIndices[from + 1] != k + 1
          || down && rowIndices[from + count - 1] != k + width) {
        return null;
      }
      colorOf[k] = (c + 2 * r) % 5;
    }
    return colorOf;
  }

  /** Colour 0 for the hub and 1 for the rest if the pattern is an arrowhead, else null. */
  static int[] arrowhead(int size, int[] columnStarts, int[] rowIndices) {
    // The hub is an end of every entry off the diagonal: keep the ends of the first one that
    // every later one shares.
    int first = -1;
    int second = -1;
    boolean any = false;
    for (int j = 0; j < size; j++) {
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        if (i == j) {
          continue;
        }
        if (!any) {
          any = true;
          first = i;
          second = j;
          continue;
        }
        if (first != i && first != j) {
          first = -1;
        }
        if (second != i && second != j) {
          second = -1;
        }
        if (first < 0 && second < 0) {
          return null;
        }
      }
    }
    if (!any) {
      return null;
    }
    int hub = first >= 0 ? first : second;
    int[] colorOf = new int[size];
    java.util.Arrays.fill(colorOf, 1);
    colorOf[hub] = 0;
    return colorOf;
  }
}
