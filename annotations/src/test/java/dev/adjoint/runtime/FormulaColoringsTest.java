package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.HessianColoring.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Colourings by formula (full bands, five-point grids, arrowheads) are used where the pattern is
 * that structure and only there, take no more colours than the greedy colourings in any order,
 * and give back every entry exactly; and the check they pass ({@link DirectRecovery}) refuses a
 * colouring that would read an entry wrong.
 */
class FormulaColoringsTest {
  @Test
  void fullBandsTakeTwoBPlusOneColorsByFormulaAndNoGreedyOrderFindsFewer() {
    for (int b = 0; b <= 7; b++) {
      for (int n = 4 * (b + 1); n <= 4 * (b + 1) + 30; n += 3) {
        boolean[][] pattern = Patterns.band(n, b);
        int[][] csc = Patterns.columns(pattern, n, true);
        HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
        String where = "b = " + b + ", n = " + n;
        assertTrue(coloring.byFormula(), where);
        assertEquals(2 * b + 1, coloring.colors(), where);
        assertTrue(fewestGreedy(n, csc) >= coloring.colors(), where);
        HessianColoringTest.assertRecovers(
            Patterns.values(new Random(n), pattern, n, true), csc, coloring, where);
      }
    }
  }

  @Test
  void fullBlocksTakeAsManyColorsAsTheLargestBlockByFormula() {
    Random random = new Random(2);
    for (int trial = 0; trial < 40; trial++) {
      int n = 2 + random.nextInt(60);
      boolean[][] pattern = blocks(n, random);
      int largest = 0;
      for (int j = 0, size = 0; j < n; j++) {
        size = j > 0 && pattern[j][j - 1] ? size + 1 : 1;
        largest = Math.max(largest, size);
      }
      int[][] csc = Patterns.columns(pattern, n, true);
      HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
      String where = "trial " + trial;
      assertEquals(largest, coloring.colors(), where);
      assertTrue(coloring.byFormula() || largest == 1, where);
      assertTrue(coloring.colors() <= fewestGreedy(n, csc), where);
      HessianColoringTest.assertRecovers(
          Patterns.values(random, pattern, n, true), csc, coloring, where);
    }
  }

  /** Full blocks of 1 to 5 consecutive columns on the diagonal, at least one of 2 or more. */
  private static boolean[][] blocks(int n, Random random) {
    boolean[][] pattern = Patterns.symmetric(n);
    for (int start = 0; start < n; ) {
      int end = Math.min(n - 1, start + (start == 0 ? 1 : random.nextInt(5)));
      for (int i = start; i <= end; i++) {
        for (int j = start; j < i; j++) {
          Patterns.link(pattern, i, j);
        }
      }
      start = end + 1;
    }
    return pattern;
  }

  @Test
  void fivePointGridsTakeFiveColorsByFormulaAndNoGreedyOrderFindsFewer() {
    for (int rows = 3; rows <= 11; rows++) {
      for (int cols = 3; cols <= 11; cols++) {
        int n = rows * cols;
        boolean[][] pattern = grid(rows, cols);
        int[][] csc = Patterns.columns(pattern, n, true);
        HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
        String where = rows + " x " + cols;
        assertEquals(n != 9, coloring.byFormula(), where); // 3 x 3 takes four, by search
        assertTrue(coloring.colors() <= fewestGreedy(n, csc), where);
        HessianColoringTest.assertRecovers(
            Patterns.values(new Random(n), pattern, n, true), csc, coloring, where);
      }
    }
  }

  @Test
  void arrowheadsTakeTwoColorsByFormulaWhereverTheHubIs() {
    for (int n : new int[] {2, 3, 10, 57}) {
      for (int hub = 0; hub < n; hub += Math.max(1, n / 4)) {
        boolean[][] pattern = Patterns.arrowhead(n, hub);
        if (n > 3) {
          pattern[hub][1 - Math.min(hub, 1)] = false; // a column alone: colour 1, like the rest
          pattern[1 - Math.min(hub, 1)][hub] = false;
        }
        int[][] csc = Patterns.columns(pattern, n, true);
        HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
        String where = "n = " + n + ", hub " + hub;
        assertEquals(2, coloring.colors(), where);
        assertTrue(coloring.byFormula() || n <= 3, where); // 2 and 3 columns are bands too
        HessianColoringTest.assertRecovers(
            Patterns.values(new Random(hub), pattern, n, true), csc, coloring, where);
      }
    }
  }

  @Test
  void nearlyTheStructuresAreColouredBySearchAndRecoveredExactly() {
    Random random = new Random(5);
    for (int trial = 0; trial < 80; trial++) {
      boolean[][] pattern;
      switch (trial % 4) {
        case 0 -> pattern = Patterns.band(40, 1 + trial % 4);
        case 1 -> pattern = grid(5, 6);
        case 2 -> pattern = Patterns.arrowhead(30, trial % 30);
        default -> pattern = blocks(30, random);
      }
      int n = pattern.length;
      // One entry off the diagonal more, or (from a band or a grid) one fewer: an arrowhead or
      // blocks with one fewer may still be one.
      boolean remove = trial % 4 < 2 && random.nextBoolean();
      int i;
      int j;
      do {
        i = 1 + random.nextInt(n - 1);
        j = random.nextInt(i);
      } while (pattern[i][j] != remove);
      pattern[i][j] = pattern[j][i] = !remove;
      int[][] csc = Patterns.columns(pattern, n, true);
      HessianColoring coloring = HessianColoring.of(n, csc[0], csc[1]);
      String where = "trial " + trial + ": (" + i + ", " + j + ") " + (remove ? "removed" : "added");
      assertFalse(coloring.byFormula(), where);
      HessianColoringTest.assertRecovers(
          Patterns.values(random, pattern, n, true), csc, coloring, where);
    }
  }

  /** Whatever the colouring, a recovery the check accepts reads every entry exactly. */
  @Test
  void directRecoveryAcceptsOnlyColoringsThatReadEveryEntryExactly() {
    Random random = new Random(11);
    int accepted = 0;
    int refused = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int n = 1 + random.nextInt(25);
      boolean[][] pattern = Patterns.randomSymmetric(random, n);
      int[][] csc = Patterns.columns(pattern, n, true);
      int colors = 1 + random.nextInt(n);
      int[] colorOf = new int[n];
      for (int v = 0; v < n; v++) {
        colorOf[v] = random.nextInt(colors);
      }
      int[] direct = DirectRecovery.of(n, csc[0], csc[1], colorOf, colors);
      if (direct == null) {
        refused++;
        continue;
      }
      accepted++;
      double[][] h = Patterns.values(random, pattern, n, true);
      double[][] seeds = new double[colors][n];
      for (int v = 0; v < n; v++) {
        seeds[colorOf[v]][v] = 1;
      }
      double[][] products = Patterns.times(h, seeds);
      for (int j = 0; j < n; j++) {
        for (int k = csc[0][j]; k < csc[0][j + 1]; k++) {
          assertEquals(h[csc[1][k]][j], products[direct[k] % colors][direct[k] / colors],
              "trial " + trial + ", entry (" + csc[1][k] + ", " + j + ")");
        }
      }
    }
    assertTrue(accepted > 300 && refused > 300, accepted + " accepted, " + refused + " refused");
  }

  @Test
  void directRecoveryRefusesFormulasOneColorShort() {
    for (int b = 1; b <= 5; b++) {
      int n = 50;
      int[][] csc = Patterns.bandColumns(n, b);
      int[] colorOf = new int[n];
      for (int j = 0; j < n; j++) {
        colorOf[j] = j % (2 * b);
      }
      assertNull(DirectRecovery.of(n, csc[0], csc[1], colorOf, 2 * b), "b = " + b);
      int[] formula = FormulaColorings.fullBand(n, csc[0], csc[1]);
      assertNotNull(DirectRecovery.of(n, csc[0], csc[1], formula, 2 * b + 1), "b = " + b);
    }
    int[][] grid = Patterns.gridColumns(10);
    int[] fourColors = new int[100];
    for (int k = 0; k < 100; k++) {
      fourColors[k] = (k % 10 + 2 * (k / 10)) % 4;
    }
    assertNull(DirectRecovery.of(100, grid[0], grid[1], fourColors, 4));
  }

  @Test
  void largePatternsAreRecognisedInLinearTime() {
    int n = 1_000_000;
    int[][] band = Patterns.bandColumns(n, 6);
    HessianColoring coloring = HessianColoring.of(n, band[0], band[1]);
    assertTrue(coloring.byFormula());
    assertEquals(13, coloring.colors());
    int[][] grid = Patterns.gridColumns(1000);
    assertEquals(5, HessianColoring.of(n, grid[0], grid[1]).colors());
    assertTrue(HessianColoring.of(n, grid[0], grid[1]).byFormula());
    assertEquals(Method.STAR, coloring.method());
  }

  /**
   * A large pattern whose natural order does badly (hubs met late: thousands of colours) is still
   * searched in the other orders, though large patterns start with the natural one alone.
   */
  @Test
  void aLargePatternTheNaturalOrderColoursBadlyIsSearchedFurther() {
    int n = 40_000;
    java.util.List<int[]> pairs = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < n; i++) {
      pairs.add(new int[] {i + 1, i}); // a path
    }
    for (int hub = 0; hub < 3; hub++) {
      for (int i = 1 + hub; i < n; i += 7) {
        if (i != hub * 1000 && Math.abs(i - hub * 1000) > 1) {
          pairs.add(new int[] {Math.max(i, hub * 1000), Math.min(i, hub * 1000)});
        }
      }
    }
    int[][] csc = lowerTriangle(n, pairs);
    assertTrue((long) n + csc[1].length > HessianColoring.SEARCH_EVERY_ORDER_UP_TO);
    int natural = HessianColoring.of(n, csc[0], csc[1], Method.STAR, ColoringOrder.NATURAL)
        .colors();
    HessianColoring best = HessianColoring.of(n, csc[0], csc[1]);
    assertTrue(natural > 100 && best.colors() <= 6, natural + " natural, " + best);
  }

  /** Compressed columns of the lower triangle: the diagonal and the given (row > column) pairs. */
  private static int[][] lowerTriangle(int n, java.util.List<int[]> pairs) {
    java.util.TreeSet<Long> entries = new java.util.TreeSet<>();
    for (int j = 0; j < n; j++) {
      entries.add((long) j << 32 | j);
    }
    for (int[] p : pairs) {
      entries.add((long) p[1] << 32 | p[0]);
    }
    int[] starts = new int[n + 1];
    int[] rows = new int[entries.size()];
    int k = 0;
    for (long entry : entries) {
      starts[(int) (entry >>> 32) + 1]++;
      rows[k++] = (int) entry;
    }
    for (int j = 0; j < n; j++) {
      starts[j + 1] += starts[j];
    }
    return new int[][] {starts, rows};
  }

  private static int fewestGreedy(int n, int[][] csc) {
    int fewest = Integer.MAX_VALUE;
    for (ColoringOrder order : ColoringOrder.values()) {
      fewest = Math.min(fewest,
          HessianColoring.of(n, csc[0], csc[1], Method.STAR, order).colors());
    }
    return fewest;
  }

  private static boolean[][] grid(int rows, int cols) {
    boolean[][] pattern = Patterns.symmetric(rows * cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int v = r * cols + c;
        if (c + 1 < cols) {
          Patterns.link(pattern, v, v + 1);
        }
        if (r + 1 < rows) {
          Patterns.link(pattern, v, v + cols);
        }
      }
    }
    return pattern;
  }
}
