package dev.adjoint.runtime;

/**
 * Where each entry of the lower triangle is read directly from the products of a symmetric matrix
 * with one direction per colour, worked out from the pattern and the colouring alone in one pass
 * over the entries, without the adjacency graph: the check that a star colouring, or a colouring
 * by formula, gives every entry exactly.
 *
 * <p>Product c at row v is the sum of the entries (v, u) of the pattern over the columns u of
 * colour c. So entry (i, j) is {@code products[color(j)][i]} when j is the only column of its
 * colour in row i, and {@code products[color(i)][j]} when i is the only one of its colour in row
 * j. This counts, for every row and colour, the pattern's columns of that colour in the row (up to
 * two) and reads each entry (i, j), i ≥ j, in row j where i is alone of its colour there (the end
 * the recovery by substitution reads first, so a non-finite product spoils the same entries), else
 * in row i; a colouring that leaves an entry with no such end gives {@code null}.
 */
final class DirectRecovery {
  /**
   * Rows times colours beyond which the counts (one byte each) are not made: the recovery by
   * substitution ({@link HessianRecovery}), which needs no such table, is used instead.
   */
  static final long MOST_COUNTS = 1L << 27;

  private DirectRecovery() {}

  /**
   * Where each entry is read, {@code source[k] = row · colors + colour}: entry k (in the pattern's
   * order) is {@code products[colour][row]}, which a sweep's lanes hold at {@code source[k]}; or
   * {@code null} if an entry cannot be read directly or the counts would exceed {@link
   * #MOST_COUNTS}. The pattern is compressed sparse columns of a
   * lower triangle, checked before; {@code colorOf} gives each column a colour below {@code
   * colors}.
   */
  static int[] of(int size, int[] columnStarts, int[] rowIndices, int[] colorOf, int colors) {
    if ((long) size * colors > MOST_COUNTS) {
      return null;
    }
    // count[v * colors + c]: how many columns of colour c row v holds, stopping at 2.
    byte[] count = new byte[size * colors];
    for (int j = 0; j < size; j++) {
      int cj = colorOf[j];
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        bump(count, i * colors + cj); // row i holds column j
        if (i != j) {
          bump(count, j * colors + colorOf[i]); // and row j holds column i
        }
      }
    }
    int entries = rowIndices.length;
    int[] source = new int[entries];
    for (int j = 0; j < size; j++) {
      int cj = colorOf[j];
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        if (count[j * colors + colorOf[i]] == 1) {
          source[k] = j * colors + colorOf[i];
        } else if (count[i * colors + cj] == 1) {
          source[k] = i * colors + cj;
        } else {
          return null;
        }
      }
    }
    return source;
  }

  private static void bump(byte[] count, int at) {
    if (count[at] < 2) {
      count[at]++;
    }
  }
}
