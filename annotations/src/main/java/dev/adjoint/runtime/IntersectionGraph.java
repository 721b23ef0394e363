package dev.adjoint.runtime;

/**
 * The graph of the columns of a sparse pattern in which two columns are neighbours when they share
 * a row (the column intersection graph), found on demand from the pattern by columns and by rows,
 * never stored: a distance-1 colouring of it is a partial distance-2 colouring of the pattern.
 * Swap the roles of columns and rows for the row intersection graph.
 */
final class IntersectionGraph implements Neighbours {
  private final int[] starts;
  private final int[] members;
  private final int[] otherStarts;
  private final int[] otherMembers;
  private final int[] seenIn;
  private int visits;

  /**
   * Vertex v's entries lie in lines {@code members[starts[v] .. starts[v + 1])}; line i holds
   * vertices {@code otherMembers[otherStarts[i] .. otherStarts[i + 1])}.
   */
  IntersectionGraph(int[] starts, int[] members, int[] otherStarts, int[] otherMembers) {
    this.starts = starts;
    this.members = members;
    this.otherStarts = otherStarts;
    this.otherMembers = otherMembers;
    this.seenIn = new int[starts.length - 1];
  }

  @Override
  public int vertices() {
    return starts.length - 1;
  }

  @Override
  public int collect(int v, int[] buffer) {
    int count = 0;
    int visit = ++visits;
    seenIn[v] = visit;
    for (int k = starts[v]; k < starts[v + 1]; k++) {
      int line = members[k];
      for (int l = otherStarts[line]; l < otherStarts[line + 1]; l++) {
        int u = otherMembers[l];
        if (seenIn[u] != visit) {
          seenIn[u] = visit;
          buffer[count++] = u;
        }
      }
    }
    return count;
  }

  /** The work of visiting every vertex's neighbours once: the sum of squared line lengths. */
  long work() {
    long work = 0;
    for (int i = 0; i + 1 < otherStarts.length; i++) {
      long length = otherStarts[i + 1] - otherStarts[i];
      work += length * length;
    }
    return work;
  }

  /** The longest line: no colouring needs fewer colours, since its vertices are all neighbours. */
  int longestLine() {
    int longest = 0;
    for (int i = 0; i + 1 < otherStarts.length; i++) {
      longest = Math.max(longest, otherStarts[i + 1] - otherStarts[i]);
    }
    return longest;
  }
}
