package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The greedy acyclic colouring (every cycle meets three colours, so the edges between any two
 * colours form a forest whose entries are found by substitution) after Gebremedhin, Manne and
 * Pothen (SISC 2007, algorithm 3.1): the two-coloured trees are kept as disjoint sets of edges;
 * vertex v avoids a colour that would join one tree to v by two edges (closing a cycle). Work is
 * the sum over vertices of their neighbours' degrees.
 */
final class AcyclicColoring {
  private AcyclicColoring() {}

  /** Fills {@code colorOf} (colours from 0) and returns the number of colours. */
  static int color(AdjacencyGraph graph, int[] order, int[] colorOf) {
    int n = graph.size;
    int[] starts = graph.starts;
    int[] neighbours = graph.neighbours;
    int[] edgeAt = graph.edgeAt;
    Arrays.fill(colorOf, -1);
    int[] forbiddenFor = StarColoring.filled(n + 1);
    int[] firstOfColorFor = StarColoring.filled(n + 1);
    int[] firstEdgeOfColor = new int[n + 1];
    EdgeSets trees = new EdgeSets(graph.edges());
    // Per tree (at its root edge): which vertex being coloured reached it first, through whom.
    int[] visitedFor = StarColoring.filled(graph.edges());
    int[] visitedThrough = new int[graph.edges()];
    int colors = 0;
    for (int v : order) {
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int cw = colorOf[neighbours[p]];
        if (cw >= 0) {
          forbiddenFor[cw] = v;
        }
      }
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int w = neighbours[p];
        if (colorOf[w] < 0) {
          continue;
        }
        for (int r = starts[w]; r < starts[w + 1]; r++) {
          int cx = colorOf[neighbours[r]];
          if (cx < 0 || forbiddenFor[cx] == v) {
            continue;
          }
          int tree = trees.find(edgeAt[r]);
          if (visitedFor[tree] != v) {
            visitedFor[tree] = v;
            visitedThrough[tree] = w;
          } else if (visitedThrough[tree] != w) {
            forbiddenFor[cx] = v; // a second edge from v into this tree would close a cycle
          }
        }
      }
      int c = 0;
      while (forbiddenFor[c] == v) {
        c++;
      }
      colorOf[v] = c;
      colors = Math.max(colors, c + 1);
      // Edges from v to neighbours of one colour form a two-coloured star centred at v.
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int cw = colorOf[neighbours[p]];
        if (cw < 0) {
          continue;
        }
        if (firstOfColorFor[cw] != v) {
          firstOfColorFor[cw] = v;
          firstEdgeOfColor[cw] = edgeAt[p];
        } else {
          trees.union(edgeAt[p], firstEdgeOfColor[cw]);
        }
      }
      // Edge v-w joins the tree of every edge w-x with x of v's colour.
      for (int p = starts[v]; p < starts[v + 1]; p++) {
        int w = neighbours[p];
        if (colorOf[w] < 0) {
          continue;
        }
        for (int r = starts[w]; r < starts[w + 1]; r++) {
          int x = neighbours[r];
          if (x != v && colorOf[x] == c) {
            trees.union(edgeAt[p], edgeAt[r]);
          }
        }
      }
    }
    return colors;
  }

  /** Disjoint sets of edges, by size, with path halving. */
  private static final class EdgeSets {
    private final int[] parent;
    private final int[] size;

    EdgeSets(int edges) {
      parent = VertexOrders.natural(edges);
      size = new int[edges];
      Arrays.fill(size, 1);
    }

    int find(int e) {
      while (parent[e] != e) {
        parent[e] = parent[parent[e]];
        e = parent[e];
      }
      return e;
    }

    void union(int a, int b) {
      a = find(a);
      b = find(b);
      if (a == b) {
        return;
      }
      if (size[a] < size[b]) {
        int t = a;
        a = b;
        b = t;
      }
      parent[b] = a;
      size[a] += size[b];
    }
  }
}
