package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The tracer's patterns against the definition: a set per value, and for each {@code cross(a, b)}
 * every pair of an input of a's set with one of b's, kept here the plain way (bit sets, a sorted
 * set of pairs), for hand-written functions and for random sequences of operations.
 */
class SparsityTracerTest {
  /** The definition, kept eagerly: the sets of the handles made so far and the pairs recorded. */
  private static final class Definition {
    final int n;
    final List<BitSet> sets = new ArrayList<>();
    final TreeSet<Long> lower = new TreeSet<>();

    Definition(int n) {
      this.n = n;
      sets.add(new BitSet());
      for (int i = 0; i < n; i++) {
        lower.add(entry(i, i));
      }
    }

    int input(int i) {
      BitSet s = new BitSet();
      s.set(i);
      sets.add(s);
      return sets.size() - 1;
    }

    int union(int a, int b) {
      BitSet s = (BitSet) sets.get(a).clone();
      s.or(sets.get(b));
      sets.add(s);
      return sets.size() - 1;
    }

    void cross(int a, int b) {
      sets.get(a).stream().forEach(i -> sets.get(b).stream().forEach(j -> lower.add(entry(i, j))));
    }

    static long entry(int i, int j) {
      return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }
  }

  private static TreeSet<Long> entriesOf(SparseHessian h) {
    TreeSet<Long> entries = new TreeSet<>();
    for (int k = 0; k < h.nonZeros(); k++) {
      entries.add(Definition.entry(h.row(k), h.column(k)));
    }
    return entries;
  }

  /** Sorted by column then row, no repeats, lower triangle, every diagonal entry, CSC consistent. */
  static void assertCompressedLowerTriangle(SparseHessian h) {
    int n = h.size();
    int[] starts = h.columnStarts();
    assertEquals(n + 1, starts.length);
    assertEquals(0, starts[0]);
    assertEquals(h.nonZeros(), starts[n]);
    assertEquals(h.nonZeros(), h.rowIndices().length);
    assertEquals(h.nonZeros(), h.values().length);
    for (int j = 0; j < n; j++) {
      assertTrue(starts[j] < starts[j + 1], "column " + j + " is empty");
      assertEquals(j, h.rowIndices()[starts[j]], "column " + j + " starts with its diagonal");
      for (int k = starts[j]; k < starts[j + 1]; k++) {
        assertEquals(j, h.column(k));
        assertEquals(h.rowIndices()[k], h.row(k));
        assertTrue(h.row(k) >= j && h.row(k) < n);
        if (k > starts[j]) {
          assertTrue(h.row(k) > h.row(k - 1), "rows of column " + j + " sorted and distinct");
        }
      }
    }
  }

  @Test
  void extendedRosenbrockIsTwoByTwoBlocks() {
    // f = sum over even i of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, traced as generated code
    // would trace it.
    int n = 8;
    SparsityTracer t = new SparsityTracer(n);
    int[] x = t.inputs(0, n);
    int f = SparsityTracer.NONE;
    for (int i = 0; i < n; i += 2) {
      int square = t.nonlinear(x[i]); // x[i] * x[i]
      int d = t.nonlinear(t.union(x[i + 1], square)); // (x[i+1] - x[i]^2)^2
      int e = t.nonlinear(t.union(SparsityTracer.NONE, x[i])); // (1 - x[i])^2
      f = t.union(f, t.union(d, e));
    }
    SparseHessian h = t.hessian(PatternKey.START);
    assertCompressedLowerTriangle(h);
    TreeSet<Long> expected = new TreeSet<>();
    for (int i = 0; i < n; i += 2) {
      expected.add(Definition.entry(i, i));
      expected.add(Definition.entry(i + 1, i + 1));
      expected.add(Definition.entry(i, i + 1));
    }
    assertEquals(expected, entriesOf(h));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, t.dependencies(f));
  }

  @Test
  void fivePointGridIsItsStencil() {
    int rows = 4;
    int cols = 5;
    int n = rows * cols;
    SparsityTracer t = new SparsityTracer(n);
    int[] x = t.inputs(0, n);
    int f = SparsityTracer.NONE;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int u = x[r * cols + c];
        f = t.union(f, t.nonlinear(u)); // exp(u)
        if (c + 1 < cols) {
          f = t.union(f, t.nonlinear(t.union(u, x[r * cols + c + 1]))); // (u - right)^2
        }
        if (r + 1 < rows) {
          f = t.union(f, t.nonlinear(t.union(u, x[(r + 1) * cols + c]))); // (u - below)^2
        }
      }
    }
    SparseHessian h = t.hessian(PatternKey.START);
    assertCompressedLowerTriangle(h);
    TreeSet<Long> expected = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        boolean neighbours = i == j || (i - j == 1 && i % cols != 0) || i - j == cols;
        if (neighbours) {
          expected.add(Definition.entry(i, j));
        }
      }
    }
    assertEquals(expected, entriesOf(h));
  }

  @Test
  void crossPairsTheOperandsOnly() {
    SparsityTracer t = new SparsityTracer(5);
    int a = t.union(t.input(0), t.input(1));
    int b = t.union(t.input(1), t.input(3));
    int p = t.product(a, b); // pairs of {0,1} x {1,3}; its set {0,1,3}, not squared
    assertArrayEquals(new int[] {0, 1, 3}, t.dependencies(p));
    TreeSet<Long> expected = new TreeSet<>();
    for (int i = 0; i < 5; i++) {
      expected.add(Definition.entry(i, i));
    }
    for (int i : new int[] {0, 1}) {
      for (int j : new int[] {1, 3}) {
        expected.add(Definition.entry(i, j));
      }
    }
    assertEquals(expected, entriesOf(t.hessian(PatternKey.START)));
  }

  /** Random sequences of every operation, against the definition, with a tiny and a wide n. */
  @Test
  void randomSequencesMatchTheDefinition() {
    Random random = new Random(18);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(trial % 3 == 0 ? 4 : 40);
      SparsityTracer t = new SparsityTracer(n);
      Definition d = new Definition(n);
      List<int[]> handles = new ArrayList<>(); // {tracer handle, definition index}
      handles.add(new int[] {SparsityTracer.NONE, 0});
      int steps = 1 + random.nextInt(120);
      for (int s = 0; s < steps; s++) {
        int[] a = handles.get(random.nextInt(handles.size()));
        int[] b = handles.get(random.nextInt(handles.size()));
        switch (random.nextInt(8)) {
          case 0, 1 -> {
            int i = random.nextInt(n);
            handles.add(new int[] {t.input(i), d.input(i)});
          }
          case 2, 3 -> handles.add(new int[] {t.union(a[0], b[0]), d.union(a[1], b[1])});
          case 4 -> {
            t.cross(a[0], b[0]);
            d.cross(a[1], b[1]);
          }
          case 5 -> {
            handles.add(new int[] {t.nonlinear(a[0]), a[1]});
            d.cross(a[1], a[1]);
          }
          case 6 -> {
            handles.add(new int[] {t.product(a[0], b[0]), d.union(a[1], b[1])});
            d.cross(a[1], b[1]);
          }
          default -> {
            int u = d.union(a[1], b[1]);
            handles.add(new int[] {t.nonlinear(a[0], b[0]), u});
            d.cross(u, u);
          }
        }
      }
      for (int[] h : handles) {
        assertArrayEquals(d.sets.get(h[1]).stream().toArray(), t.dependencies(h[0]));
      }
      SparseHessian h = t.hessian(PatternKey.START);
      assertCompressedLowerTriangle(h);
      assertEquals(d.lower, entriesOf(h), "trial " + trial);
      // The Jacobian of some of the values: row i holds the set of output i.
      int m = 1 + random.nextInt(6);
      int[] outputs = new int[m];
      int[] sets = new int[m];
      for (int i = 0; i < m; i++) {
        int[] o = handles.get(random.nextInt(handles.size()));
        outputs[i] = o[0];
        sets[i] = o[1];
      }
      SparseJacobian j = t.jacobian(outputs, PatternKey.START);
      assertEquals(m, j.rows());
      assertEquals(n, j.columns());
      int count = 0;
      for (int i = 0; i < m; i++) {
        count += d.sets.get(sets[i]).cardinality();
      }
      assertEquals(count, j.nonZeros());
      for (int k = 0; k < j.nonZeros(); k++) {
        assertTrue(d.sets.get(sets[j.row(k)]).get(j.column(k)));
        if (k > 0 && j.column(k) == j.column(k - 1)) {
          assertTrue(j.row(k) > j.row(k - 1), "rows sorted and distinct within a column");
        }
        if (k > 0) {
          assertTrue(j.column(k) >= j.column(k - 1), "sorted by column");
        }
      }
    }
  }

  /** Both sides of a branch from the same handles, merged: each variable gets both sides' sets. */
  @Test
  void branchesMergeBothSides() {
    SparsityTracer t = new SparsityTracer(4);
    int[] x = t.inputs(0, 4);
    int[] v = {x[0], x[1]};
    int s = x[2];
    int[] saved = t.copy(v);
    int savedS = s;
    // then: v[0] = v[0] * x[3]; s = exp(s)
    v[0] = t.product(v[0], x[3]);
    s = t.nonlinear(s);
    int[] thenV = t.copy(v);
    int thenS = s;
    // else, from the state before the branch: v[1] = v[1] + x[2]
    v = saved;
    s = savedS;
    v[1] = t.union(v[1], x[2]);
    t.unionInto(v, thenV);
    s = t.union(s, thenS);
    assertArrayEquals(new int[] {0, 3}, t.dependencies(v[0]));
    assertArrayEquals(new int[] {1, 2}, t.dependencies(v[1]));
    assertArrayEquals(new int[] {2}, t.dependencies(s));
    assertThrows(IllegalArgumentException.class, () -> t.unionInto(new int[2], new int[3]));
    int[][] m = t.inputs(0, new double[][] {new double[1], new double[3]});
    int[][] kept = t.copy(m);
    m[1][2] = t.union(m[1][2], x[0]);
    assertEquals(4, kept[1][2]); // input 3's handle, untouched
    t.unionInto(kept, m);
    assertArrayEquals(new int[] {0, 3}, t.dependencies(kept[1][2]));
    assertArrayEquals(new int[] {0, 1, 2, 3}, t.dependencies(t.unionOf(m)));
  }

  /** A sum of a million terms, gathered: no recursion, and a handle squared twice costs once. */
  @Test
  void longSumsGatherWithoutRecursion() {
    int n = 1_000_000;
    SparsityTracer t = new SparsityTracer(n);
    int s = SparsityTracer.NONE;
    for (int i = n - 1; i >= 0; i--) {
      s = t.union(t.input(i), s);
    }
    assertEquals(n, t.dependencies(s).length);
    int small = t.union(t.input(0), t.input(n - 1));
    t.square(small);
    t.square(small);
    // The pattern only: the colouring is not this test's, and a placeholder may take N colours.
    SparsityTracer.LowerTriangle h = t.lowerTriangle();
    assertEquals(n + 1, h.rowIndices().length);
    assertArrayEquals(new int[] {0, n - 1}, java.util.Arrays.copyOf(h.rowIndices(), 2));
    assertEquals(2, h.columnStarts()[1]);
    assertEquals(n - 1, h.rowIndices()[n]);
  }

  /** More pairs than one block of the log holds, most of them twice: all there, once each. */
  @Test
  void manyPairsSpanSeveralBlocks() {
    int n = 700;
    SparsityTracer t = new SparsityTracer(n);
    int evens = SparsityTracer.NONE;
    int odds = SparsityTracer.NONE;
    for (int i = 0; i < n; i++) {
      if (i % 2 == 0) {
        evens = t.union(evens, t.input(i));
      } else {
        odds = t.union(odds, t.input(i));
      }
    }
    t.cross(evens, odds);
    t.cross(odds, evens);
    t.square(t.union(evens, odds));
    SparsityTracer.LowerTriangle h = t.lowerTriangle();
    assertEquals(n * (n + 1) / 2, h.rowIndices().length);
    for (int j = 0; j < n; j++) {
      assertEquals(n - j, h.columnStarts()[j + 1] - h.columnStarts()[j]);
      for (int k = h.columnStarts()[j]; k < h.columnStarts()[j + 1]; k++) {
        assertEquals(j + k - h.columnStarts()[j], h.rowIndices()[k]);
      }
    }
  }

  @Test
  void inputsOutsideTheTracerAreRefused() {
    SparsityTracer t = new SparsityTracer(3);
    assertThrows(IndexOutOfBoundsException.class, () -> t.input(3));
    assertThrows(IndexOutOfBoundsException.class, () -> t.inputs(1, 3));
    assertThrows(IllegalArgumentException.class, () -> new SparsityTracer(-1));
  }
}
