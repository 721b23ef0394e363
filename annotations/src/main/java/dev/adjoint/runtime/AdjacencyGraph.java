package dev.adjoint.runtime;

/**
 * The adjacency graph of a symmetric pattern given as its lower triangle in compressed sparse
 * columns: vertex j per column, one edge per entry below the diagonal. Neighbour lists are sorted;
 * each position in them knows its edge, and each edge knows its entry in the pattern.
 */
final class AdjacencyGraph implements Neighbours {
  final int size;
  /** Vertex v's neighbours are {@code neighbours[starts[v] .. starts[v + 1])}. */
  final int[] starts;
  final int[] neighbours;
  /** The edge at each position of {@link #neighbours}; each edge appears at two positions. */
  final int[] edgeAt;
  /** The other position of the edge at each position: where u is in v's list, v in u's. */
  final int[] twin;
  /** The pattern's entry (index into the row indices) of each edge. */
  final int[] edgeEntry;

  private AdjacencyGraph(
      int size, int[] starts, int[] neighbours, int[] edgeAt, int[] twin, int[] edgeEntry) {
    this.size = size;
    this.starts = starts;
    this.neighbours = neighbours;
    this.edgeAt = edgeAt;
    this.twin = twin;
    this.edgeEntry = edgeEntry;
  }

  /**
   * The graph of the lower triangle {@code (columnStarts, rowIndices)}; throws {@link
   * IllegalArgumentException} if it is not one (rows sorted and distinct, none above the diagonal).
   */
  static AdjacencyGraph ofLowerTriangle(int size, int[] columnStarts, int[] rowIndices) {
    requireColumns(size, size, columnStarts, rowIndices);
    int[] degree = new int[size + 1];
    int edges = 0;
    for (int j = 0; j < size; j++) {
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        if (i < j) {
          throw new IllegalArgumentException(
              "entry (" + i + ", " + j + ") lies above the diagonal of a lower triangle");
        }
        if (i != j) {
          degree[i]++;
          degree[j]++;
          edges++;
        }
      }
    }
    int[] starts = new int[size + 1];
    for (int v = 0; v < size; v++) {
      starts[v + 1] = starts[v] + degree[v];
    }
    int[] fill = java.util.Arrays.copyOf(starts, size);
    int[] neighbours = new int[2 * edges];
    int[] edgeAt = new int[2 * edges];
    int[] twin = new int[2 * edges];
    int[] edgeEntry = new int[edges];
    int edge = 0;
    // Column by column: each list receives its smaller neighbours before its larger ones, sorted.
    for (int j = 0; j < size; j++) {
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        if (i != j) {
          edgeEntry[edge] = k;
          int p = fill[j]++;
          int q = fill[i]++;
          neighbours[p] = i;
          neighbours[q] = j;
          edgeAt[p] = edge;
          edgeAt[q] = edge;
          twin[p] = q;
          twin[q] = p;
          edge++;
        }
      }
    }
    return new AdjacencyGraph(size, starts, neighbours, edgeAt, twin, edgeEntry);
  }

  /**
   * Throws {@link IllegalArgumentException} unless {@code (columnStarts, rowIndices)} are
   * compressed sparse columns of a lower triangle: rows sorted and distinct, none above the
   * diagonal.
   */
  static void requireLowerTriangle(int size, int[] columnStarts, int[] rowIndices) {
    requireColumns(size, size, columnStarts, rowIndices);
    for (int j = 0; j < size; j++) {
      int k = columnStarts[j];
      if (k < columnStarts[j + 1] && rowIndices[k] < j) {
        throw new IllegalArgumentException(
            "entry (" + rowIndices[k] + ", " + j + ") lies above the diagonal of a lower triangle");
      }
    }
  }

  /**
   * Throws {@link IllegalArgumentException} unless {@code (columnStarts, rowIndices)} are
   * compressed sparse columns of a rows×columns pattern, rows sorted and distinct in each column.
   */
  static void requireColumns(int rows, int columns, int[] columnStarts, int[] rowIndices) {
    if (rows < 0 || columns < 0) {
      throw new IllegalArgumentException("negative size " + rows + "x" + columns);
    }
    if (columnStarts.length != columns + 1 || columnStarts[0] != 0
        || columnStarts[columns] != rowIndices.length) {
      throw new IllegalArgumentException(
          "column starts must be " + (columns + 1) + " offsets from 0 to the number of entries");
    }
    for (int j = 0; j < columns; j++) {
      if (columnStarts[j + 1] < columnStarts[j]) {
        throw new IllegalArgumentException("column starts decrease at column " + j);
      }
      for (int k = columnStarts[j]; k < columnStarts[j + 1]; k++) {
        int i = rowIndices[k];
        if (i < 0 || i >= rows || (k > columnStarts[j] && i <= rowIndices[k - 1])) {
          throw new IllegalArgumentException(
              "rows of column " + j + " must be sorted, distinct and within 0.." + (rows - 1));
        }
      }
    }
  }

  int edges() {
    return edgeEntry.length;
  }

  int degree(int v) {
    return starts[v + 1] - starts[v];
  }

  @Override
  public int vertices() {
    return size;
  }

  @Override
  public int collect(int v, int[] buffer) {
    int degree = degree(v);
    System.arraycopy(neighbours, starts[v], buffer, 0, degree);
    return degree;
  }
}
