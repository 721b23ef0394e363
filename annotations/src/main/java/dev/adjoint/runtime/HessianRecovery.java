package dev.adjoint.runtime;

/**
 * How each entry of the lower triangle is read from the products of a symmetric matrix with one
 * direction per colour, worked out from the colouring alone (not trusted from the algorithm that
 * made it) and checked on the way.
 *
 * <p>Product c at row v is the sum of the entries (v, u) over the neighbours u of v of colour c
 * (and the diagonal, if v has colour c). The neighbours of v of one colour form a group: a group
 * of one gives its entry directly; a group whose other entries are known gives its last by
 * subtracting them. Peeling groups of one unknown entry, direct ones first, finds every entry
 * exactly when the edges between every two colours form a forest (an acyclic colouring), and with
 * no subtraction at all when every edge has a group of one at one end (a star colouring). Anything
 * else is a broken colouring and throws {@link IllegalStateException}.
 *
 * <p>The result is a list of steps: entry {@code stepEntry[s]} = {@code products[stepColor[s]]
 * [stepRow[s]]} minus the entries {@code subtracted[subtractedStarts[s] ..
 * subtractedStarts[s + 1])}, found by earlier steps.
 */
final class HessianRecovery {
  final int[] stepEntry;
  final int[] stepColor;
  final int[] stepRow;
  final int[] subtractedStarts;
  final int[] subtracted;

  private HessianRecovery(
      int[] stepEntry, int[] stepColor, int[] stepRow, int[] subtractedStarts, int[] subtracted) {
    this.stepEntry = stepEntry;
    this.stepColor = stepColor;
    this.stepRow = stepRow;
    this.subtractedStarts = subtractedStarts;
    this.subtracted = subtracted;
  }

  /** Whether every entry is read directly, with nothing to subtract. */
  boolean direct() {
    return subtracted.length == 0;
  }

  static HessianRecovery of(AdjacencyGraph graph, int[] columnStarts, int[] rowIndices,
      int[] colorOf, int colors) {
    int n = graph.size;
    int[] starts = graph.starts;
    int[] neighbours = graph.neighbours;
    int edges = graph.edges();
    int positions = neighbours.length;
    // Number the groups (vertex, colour of neighbour) vertex by vertex.
    int[] groupAt = new int[positions];
    int[] groupOfColor = new int[colors];
    int[] groupOfColorFor = StarColoring.filled(colors);
    int[] groupVertex = new int[positions];
    int[] groupSize = new int[positions];
    int groups = 0;
    for (int v = 0; v < n; v++) {
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int c = colorOf[neighbours[p]];
        if (c == colorOf[v]) {
          throw new IllegalStateException(
              "internal error: neighbours " + v + " and " + neighbours[p] + " share colour " + c);
        }
        if (groupOfColorFor[c] != v) {
          groupOfColorFor[c] = v;
          groupOfColor[c] = groups;
          groupVertex[groups++] = v;
        }
        groupAt[p] = groupOfColor[c];
        groupSize[groupAt[p]]++;
      }
    }
    // The positions of each group, contiguous.
    int[] groupStarts = new int[groups + 1];
    for (int g = 0; g < groups; g++) {
      groupStarts[g + 1] = groupStarts[g] + groupSize[g];
    }
    int[] fill = java.util.Arrays.copyOf(groupStarts, groups);
    int[] members = new int[positions];
    for (int p = 0; p < positions; p++) {
      members[fill[groupAt[p]]++] = p;
    }
    int[] twin = graph.twin;

    int steps = n + edges; // at most: a diagonal entry may be missing
    int[] stepEntry = new int[steps];
    int[] stepColor = new int[steps];
    int[] stepRow = new int[steps];
    int[] subtractedStarts = new int[steps + 1];
    int[] subtracted = new int[positions];
    int step = 0;
    int subtractions = 0;
    for (int j = 0; j < n; j++) {
      int k = diagonal(columnStarts, rowIndices, j);
      if (k >= 0) {
        stepEntry[step] = k;
        stepColor[step] = colorOf[j];
        stepRow[step] = j;
        subtractedStarts[++step] = subtractions;
      }
    }
    int expected = step + edges;
    boolean[] known = new boolean[edges];
    int[] unknown = groupSize; // from here on: the entries of each group not yet found
    int[] queue = new int[groups];
    int head = 0;
    int tail = 0;
    for (int g = 0; g < groups; g++) {
      if (unknown[g] == 1) {
        queue[tail++] = g;
      }
    }
    while (head < tail) {
      int g = queue[head++];
      if (unknown[g] != 1) {
        continue; // its last entry was found from the other end
      }
      int last = -1;
      for (int m = groupStarts[g]; m < groupStarts[g + 1]; m++) {
        int p = members[m];
        if (known[graph.edgeAt[p]]) {
          subtracted[subtractions++] = graph.edgeEntry[graph.edgeAt[p]];
        } else {
          last = p;
        }
      }
      int e = graph.edgeAt[last];
      known[e] = true;
      unknown[g] = 0;
      stepEntry[step] = graph.edgeEntry[e];
      stepColor[step] = colorOf[neighbours[last]];
      stepRow[step] = groupVertex[g];
      subtractedStarts[++step] = subtractions;
      int other = groupAt[twin[last]];
      if (--unknown[other] == 1) {
        queue[tail++] = other;
      }
    }
    if (step != expected) {
      throw new IllegalStateException(
          "internal error: the colouring leaves a cycle of two colours; entries cannot be"
              + " recovered");
    }
    return new HessianRecovery(
        java.util.Arrays.copyOf(stepEntry, step),
        java.util.Arrays.copyOf(stepColor, step),
        java.util.Arrays.copyOf(stepRow, step),
        java.util.Arrays.copyOf(subtractedStarts, step + 1),
        java.util.Arrays.copyOf(subtracted, subtractions));
  }

  private static int diagonal(int[] columnStarts, int[] rowIndices, int j) {
    int k = columnStarts[j];
    return k < columnStarts[j + 1] && rowIndices[k] == j ? k : -1;
  }
}
