package dev.adjoint.sample;

/**
 * A fill-reducing order for the Cholesky factor of a matrix on an r×c grid (5-point stencil)
 * followed by extra variables that meet every area (here mu): George's nested dissection, which
 * splits the grid by its middle row or column, orders both halves the same way first and the
 * separator last, and puts the extra variables after everything. For a k×k grid the factor then
 * holds O(k² log k) entries and costs O(k³) operations, against O(k³) entries and O(k⁴)
 * operations in the natural order (a band of half-width k). The grid's geometry is known here, so
 * no graph partitioner is needed; EJML's sparse Cholesky has no ordering of its own.
 */
final class NestedDissection {
  /** Below this many areas a block is ordered row by row: its separators would save nothing. */
  private static final int SMALLEST_BLOCK = 16;

  private final int columns;
  private final int[] order;
  private int next;

  private NestedDissection(int rows, int columns, int extra) {
    this.columns = columns;
    this.order = new int[rows * columns + extra];
    dissect(0, rows, 0, columns);
    for (int e = 0; e < extra; e++) {
      order[next] = next;
      next++;
    }
  }

  /**
   * The order: {@code order[p]} is the variable (area {@code i * columns + j}, then the extra
   * ones) that goes to position p.
   */
  static int[] of(int rows, int columns, int extra) {
    return new NestedDissection(rows, columns, extra).order;
  }

  /** Orders the block of rows [i0, i1) and columns [j0, j1). */
  private void dissect(int i0, int i1, int j0, int j1) {
    int height = i1 - i0;
    int width = j1 - j0;
    if (height * width <= SMALLEST_BLOCK || height < 3 && width < 3) {
      for (int i = i0; i < i1; i++) {
        for (int j = j0; j < j1; j++) {
          order[next++] = i * columns + j;
        }
      }
    } else if (height >= width) {
      int middle = i0 + height / 2;
      dissect(i0, middle, j0, j1);
      dissect(middle + 1, i1, j0, j1);
      for (int j = j0; j < j1; j++) {
        order[next++] = middle * columns + j;
      }
    } else {
      int middle = j0 + width / 2;
      dissect(i0, i1, j0, middle);
      dissect(i0, i1, middle + 1, j1);
      for (int i = i0; i < i1; i++) {
        order[next++] = i * columns + middle;
      }
    }
  }
}
