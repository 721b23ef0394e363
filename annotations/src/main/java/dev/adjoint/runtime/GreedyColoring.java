package dev.adjoint.runtime;

/** Greedy distance-1 colouring: each vertex in turn takes the smallest colour no neighbour has. */
final class GreedyColoring {
  private GreedyColoring() {}

  /** Fills {@code colorOf} (colours from 0) and returns the number of colours. */
  static int color(Neighbours graph, int[] order, int[] colorOf, int[] buffer) {
    int n = graph.vertices();
    java.util.Arrays.fill(colorOf, -1);
    int[] forbiddenFor = new int[n + 1];
    java.util.Arrays.fill(forbiddenFor, -1);
    int colors = 0;
    for (int v : order) {
      int count = graph.collect(v, buffer);
      for (int k = 0; k < count; k++) {
        int c = colorOf[buffer[k]];
        if (c >= 0) {
          forbiddenFor[c] = v;
        }
      }
      int c = 0;
      while (forbiddenFor[c] == v) {
        c++;
      }
      colorOf[v] = c;
      colors = Math.max(colors, c + 1);
    }
    return colors;
  }
}
