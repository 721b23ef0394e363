package dev.adjoint.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The symmetric weights W(a, b) between live keys that {@link EdgePushing}'s reverse sweep carries:
 * a row of (neighbour, weight) per key plus its self weight W(a, a). A key that is never written
 * (terminal: an input the method only reads) is never taken, so an edge between two terminals
 * lives once, in the row of the larger key, and an edge between a terminal and a written key only
 * in the written key's row; an edge between two written keys lives in both rows, so that taking
 * either end finds it.
 */
final class EdgeStore {
  private static final double[] NO_DOUBLES = {};

  private Map<Integer, Double>[] rows = newRows(0);
  private double[] self = NO_DOUBLES;
  private boolean[] written = new boolean[0];
  private int keys;
  private int edges;
  private int peakEdges;
  private int[] scratchKeys = new int[16];
  private double[] scratchWeights = new double[16];
  private double takenSelf;

  @SuppressWarnings("unchecked")
  private static Map<Integer, Double>[] newRows(int count) {
    return new Map[count];
  }

  /** Forgets every edge; keys 0..keys-1 are valid, {@code written[k]} says key k is not terminal. */
  void reset(int keys, boolean[] written) {
    if (rows.length < keys) {
      rows = newRows(keys);
      self = new double[keys];
    }
    for (int k = 0; k < keys; k++) {
      rows[k] = null;
    }
    Arrays.fill(self, 0, keys, 0.0);
    this.written = written;
    this.keys = keys;
    edges = 0;
    peakEdges = 0;
  }

  /** W(a, a) += w. */
  void addDiag(int a, double w) {
    self[a] += w;
  }

  /** W(a, b) += w for a ≠ b; W(a, a) += 2w for a == b (both (a, b) and (b, a) land there). */
  void addCross(int a, int b, double w) {
    if (a == b) {
      self[a] += 2 * w;
      return;
    }
    boolean aWritten = written[a];
    boolean bWritten = written[b];
    if (aWritten && bWritten) {
      add(a, b, w);
      add(b, a, w);
    } else if (aWritten) {
      add(a, b, w);
    } else if (bWritten) {
      add(b, a, w);
    } else {
      add(Math.max(a, b), Math.min(a, b), w);
    }
  }

  private void add(int row, int neighbour, double w) {
    Map<Integer, Double> r = rows[row];
    if (r == null) {
      r = new HashMap<>();
      rows[row] = r;
    }
    Double old = r.get(neighbour);
    if (old == null) {
      edges++;
      peakEdges = Math.max(peakEdges, edges);
      r.put(neighbour, w);
    } else {
      r.put(neighbour, old + w);
    }
  }

  /**
   * Takes written key v out of the store: its edges into {@link #scratchKeys()} and {@link
   * #scratchWeights()} (returns their count) and its self weight into {@link #takenSelf()}.
   */
  int take(int v) {
    takenSelf = self[v];
    self[v] = 0.0;
    int count = copyRow(v);
    if (rows[v] != null) {
      edges -= rows[v].size();
      rows[v] = null;
    }
    for (int s = 0; s < count; s++) {
      int p = scratchKeys[s];
      if (written[p] && rows[p] != null && rows[p].remove(v) != null) {
        edges--;
      }
    }
    return count;
  }

  /** Copies key i's row into the scratch arrays (the store unchanged); returns its length. */
  int copyRow(int i) {
    Map<Integer, Double> r = rows[i];
    if (r == null) {
      return 0;
    }
    if (scratchKeys.length < r.size()) {
      scratchKeys = new int[Math.max(r.size(), 2 * scratchKeys.length)];
      scratchWeights = new double[scratchKeys.length];
    }
    int count = 0;
    for (Map.Entry<Integer, Double> e : r.entrySet()) {
      scratchKeys[count] = e.getKey();
      scratchWeights[count] = e.getValue();
      count++;
    }
    return count;
  }

  int[] scratchKeys() {
    return scratchKeys;
  }

  double[] scratchWeights() {
    return scratchWeights;
  }

  /** The self weight of the key last taken. */
  double takenSelf() {
    return takenSelf;
  }

  /** W(i, i). */
  double self(int i) {
    return self[i];
  }

  /** The most edges held at once since the last reset (an edge in two rows counts twice). */
  int peakEdges() {
    return peakEdges;
  }
}
