package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseHessian} and {@link SparseJacobian} as users and generated code use them: entries,
 * {@code get} and {@code toDense} agree; a refill (the products of a known matrix with the seeds,
 * then {@code recover}) gives that matrix back and allocates nothing; a matrix made for other
 * arguments is refused; the dense patterns; patterns that break the invariants are refused.
 */
class SparseMatricesTest {
  private final Random random = new Random(18);

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * The fewest bytes one call allocated, over repeated calls after a warm-up, less what reading the
   * counter allocates (measured around a call that does nothing).
   */
  private static long bytesPerCall(Runnable call) {
    return fewestBytes(call) - fewestBytes(() -> {});
  }

  private static long fewestBytes(Runnable call) {
    for (int k = 0; k < 2_000; k++) {
      call.run();
    }
    long fewest = Long.MAX_VALUE;
    for (int k = 0; k < 50; k++) {
      long before = allocatedBytes();
      call.run();
      fewest = Math.min(fewest, allocatedBytes() - before);
    }
    return fewest;
  }

  /** A band of half-width 2 with an arrowhead on the last input, traced. */
  private static SparseHessian bandWithArrow(int n, long key) {
    SparsityTracer t = new SparsityTracer(n);
    for (int i = 0; i < n; i++) {
      int next = t.input(Math.min(n - 1, i + 1));
      t.nonlinear(t.union(t.union(t.input(i), next), t.input(Math.min(n - 1, i + 2))));
      t.cross(t.input(i), t.input(n - 1));
    }
    return t.hessian(key);
  }

  /** Products of the symmetric matrix whose lower triangle is {@code lower} with the seeds. */
  private static void multiply(SparseHessian h, double[] lower) {
    double[][] seeds = h.seeds();
    double[][] products = h.products();
    for (int c = 0; c < seeds.length; c++) {
      double[] seed = seeds[c];
      double[] product = products[c];
      java.util.Arrays.fill(product, 0.0);
      for (int k = 0; k < lower.length; k++) {
        int r = h.row(k);
        int col = h.column(k);
        product[r] += lower[k] * seed[col];
        if (r != col) {
          product[col] += lower[k] * seed[r];
        }
      }
    }
  }

  @Test
  void hessianEntriesGetAndDenseAgree() {
    int n = 30;
    SparseHessian h = bandWithArrow(n, PatternKey.START);
    SparsityTracerTest.assertCompressedLowerTriangle(h);
    double[] values = h.values();
    for (int k = 0; k < values.length; k++) {
      values[k] = random.nextGaussian();
    }
    double[][] dense = h.toDense();
    boolean[][] held = new boolean[n][n];
    for (int k = 0; k < h.nonZeros(); k++) {
      int i = h.row(k);
      int j = h.column(k);
      held[i][j] = true;
      held[j][i] = true;
      assertEquals(h.value(k), h.get(i, j));
      assertEquals(h.value(k), h.get(j, i));
      assertEquals(h.value(k), dense[i][j]);
      assertEquals(h.value(k), dense[j][i]);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        boolean inBand = Math.abs(i - j) <= 2 || i == n - 1 || j == n - 1;
        assertEquals(inBand, held[i][j], "(" + i + ", " + j + ") held");
        if (!held[i][j]) {
          assertEquals(0.0, h.get(i, j));
          assertEquals(0.0, dense[i][j]);
        }
      }
    }
    assertThrows(IndexOutOfBoundsException.class, () -> h.get(n, 0));
    assertTrue(h.toString().contains(n + "x" + n));
  }

  @Test
  void hessianRefillRecoversTheMatrixWithoutAllocating() {
    int n = 200;
    long key = PatternKey.mix(PatternKey.START, new double[n]);
    SparseHessian h = bandWithArrow(n, key);
    double[] lower = new double[h.nonZeros()];
    for (int k = 0; k < lower.length; k++) {
      lower[k] = random.nextGaussian();
    }
    Runnable refill = () -> {
      h.requireMadeFor(key, "fHessianSparse");
      multiply(h, lower);
      h.recover();
    };
    refill.run();
    for (int k = 0; k < lower.length; k++) {
      assertEquals(lower[k], h.value(k), 1e-12 * (1 + Math.abs(lower[k])), "entry " + k);
    }
    assertEquals(0, bytesPerCall(refill), "bytes allocated by a refill");
  }

  /**
   * A refill's sweep through lanes, as {@code mHessianVectors} makes it (gather the seeds, products
   * in lanes, scatter): the seeds go straight into the lanes and the values straight out of them,
   * for this matrix's own arrays only; the values are the matrix's, and nothing is allocated.
   */
  @Test
  void aRefillThroughLanesReadsTheValuesStraightFromThem() {
    int n = 150;
    long key = PatternKey.mix(PatternKey.START, new double[n]);
    SparseHessian h = bandWithArrow(n, key);
    SparseHessian other = bandWithArrow(n, key);
    int k = h.colors();
    double[] lower = new double[h.nonZeros()];
    for (int e = 0; e < lower.length; e++) {
      lower[e] = random.nextGaussian();
    }
    double[] lanes = new double[n * k];
    double[] products = new double[n * k];
    double[][] seedCopy = new double[k][];
    for (int c = 0; c < k; c++) {
      seedCopy[c] = h.seeds()[c].clone();
    }
    Runnable refill = () -> {
      h.requireMadeFor(key, "fHessianSparse");
      java.util.Arrays.fill(lanes, 7.0); // as a workspace array left by another call
      Lanes.gather(h.seeds(), lanes);
      java.util.Arrays.fill(products, 0.0);
      for (int e = 0; e < lower.length; e++) { // the products in lanes
        int r = h.row(e);
        int col = h.column(e);
        for (int c = 0; c < k; c++) {
          products[r * k + c] += lower[e] * lanes[col * k + c];
          if (r != col) {
            products[col * k + c] += lower[e] * lanes[r * k + c];
          }
        }
      }
      Lanes.scatter(products, k, h.products());
      h.recover();
    };
    refill.run();
    for (int e = 0; e < lower.length; e++) {
      assertEquals(lower[e], h.value(e), 1e-12 * (1 + Math.abs(lower[e])), "entry " + e);
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < n; j++) {
        assertEquals(seedCopy[c][j], lanes[j * k + c], "seed " + c + " at " + j);
        assertEquals(0.0, h.products()[c][j], "products left alone");
      }
    }
    assertEquals(0, bytesPerCall(refill), "bytes allocated by a refill");
    // Another matrix's arrays (same shapes) while h is being refilled go through the rows.
    h.requireMadeFor(key, "fHessianSparse");
    double[] otherLanes = new double[n * k];
    Lanes.gather(other.seeds(), otherLanes);
    Lanes.scatter(products, k, other.products());
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < n; j++) {
        assertEquals(other.seeds()[c][j], otherLanes[j * k + c]);
        assertEquals(products[j * k + c], other.products()[c][j]);
      }
    }
    other.recover(); // from its products
    for (int e = 0; e < lower.length; e++) {
      assertEquals(lower[e], other.value(e), 1e-12 * (1 + Math.abs(lower[e])), "other " + e);
    }
    // Once a refill is over, a sweep given h's own arrays (a caller of mHessianVectors passing
    // them) writes its products into them: the short cut lasts one refill, not the thread.
    refill.run();
    Lanes.scatter(products, k, h.products());
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < n; j++) {
        assertEquals(products[j * k + c], h.products()[c][j], "products after the refill");
      }
    }
  }

  /** A band of half-width {@code b}, traced: 2b + 1 star colours, b + 1 acyclic ones. */
  private static SparseHessian band(int n, int b, HessianColoring.Method method, long key) {
    SparsityTracer t = new SparsityTracer(n);
    for (int i = 0; i + b < n; i++) {
      t.cross(t.input(i), t.input(i + b));
      for (int d = 0; d <= b; d++) {
        t.nonlinear(t.input(i + d));
      }
      for (int d = 1; d < b; d++) {
        t.cross(t.input(i), t.input(i + d));
      }
    }
    SparseHessian traced = t.hessian(key);
    if (method == HessianColoring.Method.STAR) {
      return traced;
    }
    HessianColoring acyclic = HessianColoring.of(n, traced.columnStarts(), traced.rowIndices(),
        method, ColoringOrder.NATURAL);
    return new SparseHessian(n, traced.columnStarts(), traced.rowIndices(), acyclic, key);
  }

  /**
   * More colours than one sweep carries: the refill sweeps them {@link
   * SparseHessian#LANES_PER_SWEEP} at a time, as generated code does ({@code seeds(s)}, {@code
   * products(s)}, then {@code recover}), and gets the matrix back exactly, by star colouring (read
   * directly) and acyclic (by substitution across sweeps), allocating nothing.
   */
  @Test
  void aRefillInSeveralSweepsRecoversTheMatrix() {
    int n = 300;
    long key = PatternKey.mix(PatternKey.START, new double[n]);
    for (HessianColoring.Method method : HessianColoring.Method.values()) {
      SparseHessian h = band(n, 40, method, key);
      int colors = h.colors();
      assertEquals(method == HessianColoring.Method.STAR ? 81 : 41, colors, method + " colours");
      int width = SparseHessian.LANES_PER_SWEEP;
      assertEquals((colors + width - 1) / width, h.sweeps(), method + " sweeps");
      int covered = 0;
      for (int s = 0; s < h.sweeps(); s++) {
        assertTrue(h.seeds(s).length <= width, "sweep " + s + " at most " + width + " lanes");
        for (int l = 0; l < h.seeds(s).length; l++) {
          assertTrue(h.seeds(s)[l] == h.seeds()[covered + l], "the matrix's own seed rows");
          assertTrue(h.products(s)[l] == h.products()[covered + l], "its own product rows");
        }
        covered += h.seeds(s).length;
      }
      assertEquals(colors, covered, "every colour swept once");
      double[] lower = new double[h.nonZeros()];
      for (int e = 0; e < lower.length; e++) {
        lower[e] = random.nextGaussian();
      }
      double[][] lanesOfWidth = new double[width + 1][];
      double[][] productsOfWidth = new double[width + 1][];
      for (int s = 0; s < h.sweeps(); s++) {
        int k = h.seeds(s).length;
        lanesOfWidth[k] = new double[n * k];
        productsOfWidth[k] = new double[n * k];
      }
      Runnable refill = () -> {
        h.requireMadeFor(key, "fHessianSparse");
        for (int s = 0; s < h.sweeps(); s++) {
          int k = h.seeds(s).length;
          double[] lanes = lanesOfWidth[k];
          double[] products = productsOfWidth[k];
          java.util.Arrays.fill(lanes, 7.0); // as a workspace array left by another call
          Lanes.gather(h.seeds(s), lanes);
          java.util.Arrays.fill(products, 0.0);
          for (int e = 0; e < lower.length; e++) {
            int r = h.row(e);
            int col = h.column(e);
            for (int c = 0; c < k; c++) {
              products[r * k + c] += lower[e] * lanes[col * k + c];
              if (r != col) {
                products[col * k + c] += lower[e] * lanes[r * k + c];
              }
            }
          }
          Lanes.scatter(products, k, h.products(s));
        }
        h.recover();
      };
      refill.run();
      for (int e = 0; e < lower.length; e++) {
        assertEquals(lower[e], h.value(e), 1e-12 * (1 + Math.abs(lower[e])), method + " entry " + e);
      }
      assertEquals(0, bytesPerCall(refill), method + ": bytes allocated by a refill");
    }
  }

  @Test
  void aHessianMadeForOtherArgumentsIsRefused() {
    long key = PatternKey.mix(PatternKey.START, new int[] {1, 2, 3});
    SparseHessian h = bandWithArrow(10, key);
    long other = PatternKey.mix(PatternKey.START, new int[] {1, 2, 4});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> h.requireMadeFor(other, "fHessianSparse"));
    assertTrue(e.getMessage().contains("fHessianSparse"), e.getMessage());
    assertTrue(e.getMessage().contains("other shapes or data"), e.getMessage());
    h.requireMadeFor(key, "fHessianSparse");
  }

  @Test
  void theDensePatternHoldsTheWholeLowerTriangle() {
    SparseHessian h = SparseHessian.dense(5, 7L);
    SparsityTracerTest.assertCompressedLowerTriangle(h);
    assertEquals(15, h.nonZeros());
    h.requireMadeFor(7L, "f");
    assertThrows(IllegalArgumentException.class, () -> SparseHessian.dense(70_000, 7L));
    assertEquals(1, SparseHessian.dense(1, 0L).nonZeros());
    assertEquals(0, SparseHessian.dense(0, 0L).nonZeros());
    SparseJacobian j = SparseJacobian.dense(3, 4, 7L);
    assertEquals(12, j.nonZeros());
    for (int k = 0; k < 12; k++) {
      assertEquals(k / 3, j.column(k));
      assertEquals(k % 3, j.row(k));
    }
    j.requireMadeFor(7L, "g");
    assertThrows(IllegalArgumentException.class, () -> j.requireMadeFor(8L, "g"));
  }

  @Test
  void patternsThatBreakTheInvariantsAreRefused() {
    HessianColoring coloring = HessianColoring.of(2, new int[] {0, 2, 3}, new int[] {0, 1, 1});
    // Column 1 without its diagonal entry.
    assertThrows(IllegalArgumentException.class,
        () -> new SparseHessian(2, new int[] {0, 2, 2}, new int[] {0, 1}, coloring, 0L));
    // An entry above the diagonal.
    assertThrows(IllegalArgumentException.class,
        () -> new SparseHessian(2, new int[] {0, 1, 3}, new int[] {0, 0, 1}, coloring, 0L));
    // Rows repeated.
    assertThrows(IllegalArgumentException.class,
        () -> new SparseHessian(2, new int[] {0, 3, 4}, new int[] {0, 1, 1, 1}, coloring, 0L));
    JacobianColoring jc = JacobianColoring.of(2, 1, new int[] {0, 2}, new int[] {0, 1});
    assertThrows(IllegalArgumentException.class,
        () -> new SparseJacobian(2, 1, new int[] {0, 2}, new int[] {1, 0}, jc, 0L));
    assertThrows(IllegalArgumentException.class,
        () -> new SparseJacobian(2, 1, new int[] {0, 1}, new int[] {2}, jc, 0L));
  }

  /** A Jacobian: outputs y[i] = x[i] * x[i+1] and y[m-1] = sum of x, traced. */
  @Test
  void jacobianEntriesRefillAndRefusal() {
    int n = 50;
    int m = n;
    SparsityTracer t = new SparsityTracer(n);
    int[] x = t.inputs(0, n);
    int[] y = new int[m];
    for (int i = 0; i + 1 < n; i++) {
      y[i] = t.product(x[i], x[i + 1]);
    }
    y[m - 1] = t.unionOf(x);
    long key = PatternKey.mix(PatternKey.START, new double[n]);
    SparseJacobian j = t.jacobian(y, key);
    assertEquals(2 * (n - 1) + n, j.nonZeros());
    double[] values = new double[j.nonZeros()];
    for (int k = 0; k < values.length; k++) {
      values[k] = random.nextGaussian();
    }
    Runnable refill = () -> {
      j.requireMadeFor(key, "gJacobianSparse");
      double[][] seeds = j.seeds();
      double[][] products = j.products();
      for (int c = 0; c < seeds.length; c++) {
        java.util.Arrays.fill(products[c], 0.0);
        for (int k = 0; k < values.length; k++) {
          if (j.byRows()) {
            products[c][j.column(k)] += seeds[c][j.row(k)] * values[k];
          } else {
            products[c][j.row(k)] += values[k] * seeds[c][j.column(k)];
          }
        }
      }
      j.recover();
    };
    refill.run();
    double[][] dense = j.toDense();
    for (int k = 0; k < values.length; k++) {
      assertEquals(values[k], j.value(k), 1e-12 * (1 + Math.abs(values[k])));
      assertEquals(j.value(k), j.get(j.row(k), j.column(k)));
      assertEquals(j.value(k), dense[j.row(k)][j.column(k)]);
    }
    assertEquals(0.0, j.get(0, 5));
    assertEquals(0, bytesPerCall(refill), "bytes allocated by a refill");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> j.requireMadeFor(PatternKey.mix(key, 1), "gJacobianSparse"));
    assertTrue(e.getMessage().contains("gJacobianSparse"), e.getMessage());
  }

  /** One changed length or datum always changes the key; mixing allocates nothing. */
  @Test
  void patternKeysTellOneChangeApart() {
    int[] data = random.ints(100, -5, 5).toArray();
    long key = PatternKey.mix(PatternKey.mix(PatternKey.START, new double[3][4]), data);
    for (int k = 0; k < data.length; k++) {
      for (int change : new int[] {1, -1, 1 << 30, Integer.MIN_VALUE}) {
        int[] changed = data.clone();
        changed[k] += change;
        assertNotEquals(key,
            PatternKey.mix(PatternKey.mix(PatternKey.START, new double[3][4]), changed));
      }
    }
    double[][] ragged = {new double[4], new double[4], new double[5]};
    assertNotEquals(key, PatternKey.mix(PatternKey.mix(PatternKey.START, ragged), data));
    assertNotEquals(
        PatternKey.mix(PatternKey.START, true), PatternKey.mix(PatternKey.START, false));
    assertNotEquals(PatternKey.mix(PatternKey.START, new int[] {0}),
        PatternKey.mix(PatternKey.START, new int[] {0, 0}));
    long[] sink = new long[1];
    assertEquals(0, bytesPerCall(() -> sink[0] += PatternKey.mix(PatternKey.START, data)));
  }
}
