package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The greedy star colouring (every path on four vertices meets three colours, so each entry is
 * read directly from one product) after Gebremedhin, Manne and Pothen (SISC 2007, algorithm 4.1),
 * keeping per vertex the neighbours that are hubs instead of the two-coloured stars themselves.
 *
 * <p>A coloured vertex x is a hub for colour c when two or more of its neighbours have colour c;
 * then a neighbour w of x with colour c must not see x's colour again at distance one (w-x-y, with
 * y another neighbour of x of colour c, would close a two-coloured path). When vertex v is coloured
 * it must avoid: its neighbours' colours; the colour of every hub next to a coloured neighbour w
 * (path v-w-x-y); and, where two neighbours of v share a colour, every colour next to those two
 * (path a-v-b-d). Work is linear in the edges, plus the neighbours of pairs of same-coloured
 * neighbours.
 */
final class StarColoring {
  /** Vertices with more neighbours than this count their neighbours' colours in a table. */
  static final int SCAN_LIMIT = 16;

  private StarColoring() {}

  static int color(AdjacencyGraph graph, int[] order, int[] colorOf) {
    return color(graph, order, colorOf, SCAN_LIMIT);
  }

  /** Fills {@code colorOf} (colours from 0) and returns the number of colours. */
  static int color(AdjacencyGraph graph, int[] order, int[] colorOf, int scanLimit) {
    int n = graph.size;
    int[] starts = graph.starts;
    int[] neighbours = graph.neighbours;
    Arrays.fill(colorOf, -1);
    int[] forbiddenFor = filled(n + 1);
    int[] firstOfColorFor = filled(n + 1);
    int[] firstOfColor = new int[n + 1];
    int[] treatedFor = filled(n);
    int[] tally = new int[n + 1];
    int[] tallyFor = filled(n + 1);
    // hubsNear(w): the coloured neighbours x of w that are hubs for w's colour, as linked lists.
    int[] hubsHead = filled(n);
    int[] hubsNext = new int[neighbours.length];
    int[] hubsVertex = new int[neighbours.length];
    int hubEntries = 0;
    ColorCounts table = new ColorCounts();
    int colors = 0;
    for (int v : order) {
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int w = neighbours[p];
        int cw = colorOf[w];
        if (cw < 0) {
          continue;
        }
        forbiddenFor[cw] = v;
        if (firstOfColorFor[cw] == v) {
          int q = firstOfColor[cw];
          if (treatedFor[q] != v) {
            forbidColorsNextTo(q, v, graph, colorOf, forbiddenFor);
            treatedFor[q] = v;
          }
          if (treatedFor[w] != v) {
            forbidColorsNextTo(w, v, graph, colorOf, forbiddenFor);
            treatedFor[w] = v;
          }
        } else {
          firstOfColorFor[cw] = v;
          firstOfColor[cw] = w;
          for (int h = hubsHead[w]; h >= 0; h = hubsNext[h]) {
            forbiddenFor[colorOf[hubsVertex[h]]] = v;
          }
        }
      }
      int c = 0;
      while (forbiddenFor[c] == v) {
        c++;
      }
      colorOf[v] = c;
      colors = Math.max(colors, c + 1);

      // v is a hub for each colour it meets twice or more.
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int cw = colorOf[neighbours[p]];
        if (cw >= 0) {
          if (tallyFor[cw] != v) {
            tallyFor[cw] = v;
            tally[cw] = 0;
          }
          tally[cw]++;
        }
      }
      boolean counted = starts[v + 1] - starts[v] > scanLimit;
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int w = neighbours[p];
        int cw = colorOf[w];
        if (cw >= 0) {
          if (tally[cw] >= 2) {
            hubsVertex[hubEntries] = v;
            hubsNext[hubEntries] = hubsHead[w];
            hubsHead[w] = hubEntries++;
          }
          if (counted) {
            table.record(v, cw, w);
          }
        }
      }
      // Each coloured neighbour x of v that now meets colour c twice or more is a hub for it.
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int x = neighbours[p];
        if (colorOf[x] < 0) {
          continue;
        }
        int count;
        int other;
        if (starts[x + 1] - starts[x] > scanLimit) {
          int slot = table.record(x, c, v);
          count = table.count(slot);
          other = table.first(slot);
        } else {
          count = 0;
          other = -1;
          for (int r = starts[x]; r < starts[x + 1]; r++) {
            int y = neighbours[r];
            if (colorOf[y] == c) {
              count++;
              if (y != v && other < 0) {
                other = y;
              }
            }
          }
        }
        if (count == 2) {
          hubsVertex[hubEntries] = x;
          hubsNext[hubEntries] = hubsHead[other];
          hubsHead[other] = hubEntries++;
        }
        if (count >= 2) {
          hubsVertex[hubEntries] = x;
          hubsNext[hubEntries] = hubsHead[v];
          hubsHead[v] = hubEntries++;
        }
      }
    }
    return colors;
  }

  private static void forbidColorsNextTo(
      int w, int v, AdjacencyGraph graph, int[] colorOf, int[] forbiddenFor) {
    for (int r = graph.starts[w]; r < graph.starts[w + 1]; r++) {
      int c = colorOf[graph.neighbours[r]];
      if (c >= 0) {
        forbiddenFor[c] = v;
      }
    }
  }

  static int[] filled(int length) {
    int[] array = new int[length];
    Arrays.fill(array, -1);
    return array;
  }

  /**
   * For vertices of many neighbours: how many neighbours of each colour, and the first of them, in
   * an open-addressing table keyed by (vertex, colour).
   */
  private static final class ColorCounts {
    private long[] keys = new long[64];
    private int[] counts = new int[64];
    private int[] firsts = new int[64];
    private int size;

    /** Counts neighbour {@code y} of colour {@code c} of vertex {@code x}; returns its slot. */
    int record(int x, int c, int y) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      long key = ((long) x << 32 | c) + 1; // 0 marks a free slot
      int slot = find(keys, key);
      if (keys[slot] == 0) {
        keys[slot] = key;
        firsts[slot] = y;
        size++;
      }
      counts[slot]++;
      return slot;
    }

    int count(int slot) {
      return counts[slot];
    }

    int first(int slot) {
      return firsts[slot];
    }

    private static int find(long[] keys, long key) {
      int mask = keys.length - 1;
      long hash = key * 0x9E3779B97F4A7C15L;
      int slot = (int) (hash ^ (hash >>> 32)) & mask;
      while (keys[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldCounts = counts;
      int[] oldFirsts = firsts;
      keys = new long[2 * oldKeys.length];
      counts = new int[keys.length];
      firsts = new int[keys.length];
      for (int s = 0; s < oldKeys.length; s++) {
        if (oldKeys[s] != 0) {
          int slot = find(keys, oldKeys[s]);
          keys[slot] = oldKeys[s];
          counts[slot] = oldCounts[s];
          firsts[slot] = oldFirsts[s];
        }
      }
    }
  }
}
