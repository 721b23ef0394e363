package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Colourings of Jacobian patterns give back every entry of a random matrix on the pattern,
 * exactly, from its products with the seeds (computed densely here), by columns or by rows; and
 * choose the side that needs fewer colours.
 */
class JacobianColoringTest {
  @Test
  void everyColoringRecoversRandomMatricesOnRandomPatterns() {
    Random random = new Random(18);
    for (int trial = 0; trial < 400; trial++) {
      int rows = trial < 10 ? trial % 3 : random.nextInt(trial < 340 ? 40 : 200);
      int columns = trial < 10 ? trial / 3 : random.nextInt(trial < 340 ? 40 : 200);
      boolean[][] pattern = Patterns.random(random, rows, columns);
      int[][] csc = Patterns.columns(pattern, columns, false);
      double[][] j = Patterns.values(random, pattern, columns, false);
      JacobianColoring best = JacobianColoring.of(rows, columns, csc[0], csc[1]);
      assertRecovers(j, columns, csc, best, "best of trial " + trial);
      for (boolean byRows : new boolean[] {false, true}) {
        for (ColoringOrder order : ColoringOrder.values()) {
          JacobianColoring coloring =
              JacobianColoring.of(rows, columns, csc[0], csc[1], byRows, order);
          String where = (byRows ? "rows " : "columns ") + order + " of trial " + trial;
          assertRecovers(j, columns, csc, coloring, where);
          assertTrue(best.colors() <= coloring.colors(), where);
          if (!byRows && best.colors() == coloring.colors()) {
            assertFalse(best.byRows(), "ties go to columns: " + where);
          }
        }
      }
    }
  }

  @Test
  void bandTakesTwoBPlusOneColors() {
    for (int b = 0; b <= 5; b++) {
      int n = 50;
      boolean[][] pattern = new boolean[n][n];
      for (int i = 0; i < n; i++) {
        for (int k = Math.max(0, i - b); k <= Math.min(n - 1, i + b); k++) {
          pattern[i][k] = true;
        }
      }
      int[][] csc = Patterns.columns(pattern, n, false);
      JacobianColoring coloring = JacobianColoring.of(n, n, csc[0], csc[1]);
      assertEquals(2 * b + 1, coloring.colors(), "b = " + b);
      assertFalse(coloring.byRows(), "a tie goes to columns");
      assertRecovers(Patterns.values(new Random(b), pattern, n, false), n, csc, coloring, "band");
    }
  }

  @Test
  void blockDiagonalTakesTheBlockSize() {
    int blocks = 7;
    int size = 4;
    int n = blocks * size;
    boolean[][] pattern = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        pattern[i][k] = i / size == k / size;
      }
    }
    int[][] csc = Patterns.columns(pattern, n, false);
    JacobianColoring coloring = JacobianColoring.of(n, n, csc[0], csc[1]);
    assertEquals(size, coloring.colors());
    assertRecovers(Patterns.values(new Random(1), pattern, n, false), n, csc, coloring, "blocks");
  }

  @Test
  void aDenseRowIsColouredByRowsAndADenseColumnByColumns() {
    for (int n : new int[] {3, 10, 300}) {
      for (boolean denseRow : new boolean[] {true, false}) {
        boolean[][] pattern = new boolean[n][n];
        for (int i = 0; i < n; i++) {
          pattern[i][i] = true;
          pattern[denseRow ? 0 : i][denseRow ? i : 0] = true;
        }
        int[][] csc = Patterns.columns(pattern, n, false);
        JacobianColoring coloring = JacobianColoring.of(n, n, csc[0], csc[1]);
        assertEquals(denseRow, coloring.byRows(), "n = " + n);
        assertEquals(2, coloring.colors(), "n = " + n);
        assertEquals(n, JacobianColoring.of(n, n, csc[0], csc[1], !denseRow,
            ColoringOrder.LARGEST_FIRST).colors(), "the other side, n = " + n);
        assertRecovers(Patterns.values(new Random(n), pattern, n, false), n, csc, coloring, "");
      }
    }
  }

  @Test
  void aWideDenseRowIsColouredByRowsAtScaleWithoutTheQuadraticColumnSide() {
    // 10^6 columns, one dense row and a diagonal: column colouring would need 10^6 colours and
    // 10^12 steps; the row side's bound makes it unnecessary to try.
    int n = 1_000_000;
    int[] starts = new int[n + 1];
    int[] rows = new int[2 * n - 1];
    int k = 0;
    for (int j = 0; j < n; j++) {
      rows[k++] = 0;
      if (j > 0) {
        rows[k++] = j;
      }
      starts[j + 1] = k;
    }
    JacobianColoring coloring = JacobianColoring.of(n, n, starts, rows);
    assertTrue(coloring.byRows());
    assertEquals(2, coloring.colors());
  }

  @Test
  void refusesAMalformedPattern() {
    assertThrows(IllegalArgumentException.class,
        () -> JacobianColoring.of(2, 1, new int[] {0, 2}, new int[] {1, 0}));
    assertThrows(IllegalArgumentException.class,
        () -> JacobianColoring.of(2, 1, new int[] {0, 1}, new int[] {2}));
  }

  static void assertRecovers(
      double[][] j, int columns, int[][] csc, JacobianColoring coloring, String where) {
    double[][] seeds = coloring.seeds();
    assertEquals(coloring.colors(), seeds.length, where);
    for (double[] seed : seeds) {
      assertEquals(coloring.byRows() ? j.length : columns, seed.length, where);
    }
    double[][] products = coloring.byRows()
        ? Patterns.timesFromLeft(seeds, j, columns)
        : Patterns.times(j, seeds);
    double[] values = new double[csc[1].length];
    coloring.recover(products, values);
    for (int c = 0; c < columns; c++) {
      for (int k = csc[0][c]; k < csc[0][c + 1]; k++) {
        assertEquals(j[csc[1][k]][c], values[k], 0.0,
            where + ": entry (" + csc[1][k] + ", " + c + ")");
      }
    }
  }
}
