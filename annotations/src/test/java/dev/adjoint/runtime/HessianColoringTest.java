package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.HessianColoring.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Colourings of symmetric patterns give back every entry of a random symmetric matrix on the
 * pattern from its products with the seeds (computed densely here): exactly for star colourings,
 * to rounding for acyclic ones; and reach the known optima on structured patterns.
 */
class HessianColoringTest {
  @Test
  void everyColoringRecoversRandomMatricesOnRandomPatterns() {
    Random random = new Random(18);
    for (int trial = 0; trial < 250; trial++) {
      int n = trial < 20 ? trial : 1 + random.nextInt(trial < 220 ? 40 : 200);
      boolean[][] pattern = Patterns.randomSymmetric(random, n);
      int[][] csc = Patterns.columns(pattern, n, true);
      double[][] h = Patterns.values(random, pattern, n, true);
      HessianColoring best = HessianColoring.of(n, csc[0], csc[1]);
      assertEquals(Method.STAR, best.method(), "exact recovery unless asked: trial " + trial);
      assertRecovers(h, csc, best, "best of trial " + trial);
      for (Method method : Method.values()) {
        for (ColoringOrder order : ColoringOrder.values()) {
          HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1], method, order);
          String where = method + " " + order + " of trial " + trial;
          assertRecovers(h, csc, coloring, where);
          if (method == Method.STAR) {
            assertTrue(best.colors() <= coloring.colors(), where);
          }
        }
      }
    }
  }

  @Test
  void hubTablesColourAsScanningDoes() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(120);
      int[][] csc = Patterns.columns(Patterns.randomSymmetric(random, n), n, true);
      AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(n, csc[0], csc[1]);
      for (ColoringOrder order : ColoringOrder.values()) {
        int[] vertices = VertexOrders.of(order, graph, new int[n]);
        int[] scanned = new int[n];
        int[] tabled = new int[n];
        StarColoring.color(graph, vertices, scanned, Integer.MAX_VALUE);
        StarColoring.color(graph, vertices, tabled, 0);
        assertArrayEquals(scanned, tabled, order + " of trial " + trial);
      }
    }
  }

  @Test
  void ordersArePermutations() {
    Random random = new Random(3);
    for (int trial = 0; trial < 100; trial++) {
      int n = random.nextInt(60);
      int[][] csc = Patterns.columns(Patterns.randomSymmetric(random, n), n, true);
      AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(n, csc[0], csc[1]);
      for (ColoringOrder order : ColoringOrder.values()) {
        boolean[] seen = new boolean[n];
        for (int v : VertexOrders.of(order, graph, new int[n])) {
          assertTrue(!seen[v], order + " repeats " + v);
          seen[v] = true;
        }
      }
    }
  }

  @Test
  void tridiagonalTakesThreeStarColorsOrTwoAcyclic() {
    for (int n : new int[] {4, 10, 100, 1000}) {
      int[][] csc = Patterns.bandColumns(n, 1);
      assertEquals(3, fewest(n, csc, Method.STAR), "star, n = " + n);
      assertEquals(2, fewest(n, csc, Method.ACYCLIC), "acyclic, n = " + n);
      HessianColoring best = HessianColoring.of(n, csc[0], csc[1]);
      assertEquals(3, best.colors());
      assertEquals(Method.STAR, best.method());
      if (n <= 100) {
        assertArrayEquals(Patterns.columns(Patterns.band(n, 1), n, true)[1], csc[1]);
        assertRecovers(Patterns.values(new Random(n), Patterns.band(n, 1), n, true), csc, best, "");
      }
    }
  }

  @Test
  void bandOfHalfWidthBTakesAtMostTwoBPlusOneStarColors() {
    for (int b = 1; b <= 5; b++) {
      int n = 60;
      int[][] csc = Patterns.columns(Patterns.band(n, b), n, true);
      assertTrue(fewest(n, csc, Method.STAR) <= 2 * b + 1, "star, b = " + b);
      assertEquals(b + 1, fewest(n, csc, Method.ACYCLIC), "acyclic, b = " + b);
      assertTrue(HessianColoring.of(n, csc[0], csc[1]).colors() <= 2 * b + 1, "best, b = " + b);
    }
  }

  @Test
  void arrowheadTakesTwoColors() {
    for (int n : new int[] {3, 10, 1000}) {
      for (int hub : new int[] {0, n / 2, n - 1}) {
        boolean[][] pattern = Patterns.arrowhead(n, hub);
        int[][] csc = Patterns.columns(pattern, n, true);
        HessianColoring best = HessianColoring.of(n, csc[0], csc[1]);
        assertEquals(2, best.colors(), "n = " + n + ", hub " + hub);
        assertEquals(Method.STAR, best.method());
        assertRecovers(Patterns.values(new Random(hub), pattern, n, true), csc, best, "");
      }
    }
  }

  /** Quadratic work (a hub's 10⁶ neighbours scanned for each of them) would not end in time. */
  @Test
  @Timeout(60)
  void arrowheadOfAMillionColumnsTakesTwoColorsInLinearTime() {
    int n = 1_000_000;
    for (boolean hubFirst : new boolean[] {true, false}) {
      int[][] csc = Patterns.arrowheadColumns(n, hubFirst);
      HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
      assertEquals(2, coloring.colors(), "hub first: " + hubFirst);
      assertEquals(Method.STAR, coloring.method());
      if (hubFirst) {
        assertArrayEquals(Patterns.columns(Patterns.arrowhead(7, 0), 7, true)[1],
            Patterns.arrowheadColumns(7, true)[1]);
      } else {
        assertArrayEquals(Patterns.columns(Patterns.arrowhead(7, 6), 7, true)[1],
            Patterns.arrowheadColumns(7, false)[1]);
      }
    }
  }

  @Test
  void fivePointGridTakesAtMostFiveStarColors() {
    for (int side : new int[] {10, 100}) {
      int n = side * side;
      int[][] csc = Patterns.gridColumns(side);
      assertArrayEquals(Patterns.columns(Patterns.grid(10), 100, true)[1],
          Patterns.gridColumns(10)[1]);
      assertTrue(fewest(n, csc, Method.STAR) <= 5, "star, side " + side);
      HessianColoring best = HessianColoring.of(n, csc[0], csc[1]);
      assertTrue(best.colors() <= 5, "best, side " + side);
      if (side == 10) {
        assertRecovers(Patterns.values(new Random(side), Patterns.grid(side), n, true), csc, best,
            "grid");
      }
    }
  }

  @Test
  void diagonalTakesOneColorAndNothingTakesNone() {
    int[][] csc = Patterns.columns(Patterns.symmetric(5), 5, true);
    assertEquals(1, HessianColoring.of(5, csc[0], csc[1]).colors());
    assertEquals(0, HessianColoring.of(0, new int[] {0}, new int[0]).colors());
  }

  @Test
  void refusesWhatIsNotALowerTriangle() {
    assertThrows(IllegalArgumentException.class,
        () -> HessianColoring.of(2, new int[] {0, 1, 3}, new int[] {0, 0, 1})); // above diagonal
    assertThrows(IllegalArgumentException.class,
        () -> HessianColoring.of(2, new int[] {0, 2, 3}, new int[] {1, 0, 1})); // unsorted
    assertThrows(IllegalArgumentException.class,
        () -> HessianColoring.of(2, new int[] {0, 1}, new int[] {0})); // too few starts
    assertThrows(IllegalArgumentException.class,
        () -> HessianColoring.of(2, new int[] {0, 1, 2}, new int[] {0, 2})); // row out of range
  }

  @Test
  void recoveryRefusesAColoringThatLeavesATwoColoredCycle() {
    // A 4-cycle coloured 0,1,0,1: no entry is alone in its product.
    boolean[][] pattern = Patterns.symmetric(4);
    Patterns.link(pattern, 0, 1);
    Patterns.link(pattern, 1, 2);
    Patterns.link(pattern, 2, 3);
    Patterns.link(pattern, 3, 0);
    int[][] csc = Patterns.columns(pattern, 4, true);
    AdjacencyGraph graph = AdjacencyGraph.ofLowerTriangle(4, csc[0], csc[1]);
    assertThrows(IllegalStateException.class,
        () -> HessianRecovery.of(graph, csc[0], csc[1], new int[] {0, 1, 0, 1}, 2));
    assertThrows(IllegalStateException.class, // not even proper
        () -> HessianRecovery.of(graph, csc[0], csc[1], new int[] {0, 0, 1, 1}, 2));
  }

  @Test
  void recoveryAllocatesNothing() {
    int n = 2000;
    int[][] csc = Patterns.gridColumns(40);
    for (Method method : Method.values()) {
      HessianColoring coloring =
          HessianColoring.of(1600, csc[0], csc[1], method, ColoringOrder.NATURAL);
      double[][] products = new double[coloring.colors()][1600];
      double[] values = new double[csc[1].length];
      assertEquals(0, fewestBytes(() -> coloring.recover(products, values)), method.toString());
    }
    int[][] band = Patterns.bandColumns(n, 2);
    JacobianColoring jacobian = JacobianColoring.of(n, n, band[0], band[1]);
    double[][] products = new double[jacobian.colors()][n];
    double[] values = new double[band[1].length];
    assertEquals(0, fewestBytes(() -> jacobian.recover(products, values)), "Jacobian");
  }

  /** The fewest bytes one call allocated, over repeated calls after a warm-up. */
  private static long fewestBytes(Runnable call) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int k = 0; k < 2_000; k++) {
      call.run();
    }
    long fewest = Long.MAX_VALUE;
    for (int k = 0; k < 20; k++) {
      long before = threads.getThreadAllocatedBytes(thread);
      call.run();
      fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
    }
    return fewest;
  }

  private static int fewest(int n, int[][] csc, Method method) {
    int fewest = Integer.MAX_VALUE;
    for (ColoringOrder order : ColoringOrder.values()) {
      fewest = Math.min(fewest, HessianColoring.of(n, csc[0], csc[1], method, order).colors());
    }
    return fewest;
  }

  /** Recovery from dense products equals the matrix: exactly when nothing is subtracted. */
  static void assertRecovers(double[][] h, int[][] csc, HessianColoring coloring, String where) {
    int n = h.length;
    double[][] seeds = coloring.seeds();
    assertEquals(coloring.colors(), seeds.length, where);
    for (int j = 0; j < n; j++) {
      assertEquals(1.0, seeds[coloring.color(j)][j], where);
    }
    double[] values = new double[csc[1].length];
    coloring.recover(Patterns.times(h, seeds), values);
    for (int j = 0; j < n; j++) {
      for (int k = csc[0][j]; k < csc[0][j + 1]; k++) {
        double expected = h[csc[1][k]][j];
        double tolerance = coloring.method() == Method.STAR ? 0.0 : 1e-12 * (1 + norm(h));
        assertEquals(expected, values[k], tolerance,
            where + ": entry (" + csc[1][k] + ", " + j + ")");
      }
    }
  }

  private static double norm(double[][] h) {
    double largest = 0;
    for (double[] row : h) {
      double sum = 0;
      for (double value : row) {
        sum += Math.abs(value);
      }
      largest = Math.max(largest, sum);
    }
    return largest;
  }
}
