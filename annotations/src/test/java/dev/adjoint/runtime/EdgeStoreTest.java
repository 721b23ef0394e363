package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeStore} against a plain map of symmetric weights under random additions, takes and
 * resets, with keys enough that rows outgrow the linear scan and become tables (growing, and
 * losing entries by backward shift): every row read back holds exactly the edges the model says
 * it should hold (by the store's rule of where an edge between terminal and written keys lives),
 * and final edges (between terminal inputs) on the matrix's pattern are in its values instead.
 */
class EdgeStoreTest {
  @Test
  void agreesWithAMapOfWeights() {
    Random random = new Random(19);
    EdgeStore store = new EdgeStore();
    boolean blocksSeen = false;
    for (int trial = 0; trial < 60; trial++) {
      int keys = 2 + random.nextInt(trial < 30 ? 12 : 150);
      boolean[] written = new boolean[keys];
      for (int k = 0; k < keys; k++) {
        written[k] = random.nextInt(3) > 0;
      }
      int inputs = random.nextInt(keys + 1);
      boolean[][] pattern = inputs == 0 ? new boolean[0][0] : Patterns.randomSymmetric(random, inputs);
      if (trial % 5 == 0) {
        for (boolean[] row : pattern) {
          Arrays.fill(row, true); // dense columns: found by their offset
        }
      } else if (trial % 5 == 1) { // long columns of half their rows: dense blocks
        for (int i = 0; i < inputs; i++) {
          for (int j = 0; j < i; j++) {
            pattern[i][j] = pattern[j][i] = random.nextBoolean();
          }
        }
      }
      int[][] csc = Patterns.columns(pattern, inputs, true);
      SparseHessian h = new SparseHessian(
          inputs, csc[0], csc[1], HessianColoring.of(inputs, csc[0], csc[1]), 0L);
      store.reset(keys, written, inputs, h);
      Map<Long, Double> model = new HashMap<>();
      double[] selfModel = new double[keys];
      for (int op = 0; op < 20 * keys; op++) {
        int a = random.nextInt(keys);
        int b = random.nextInt(5) == 0 ? a : random.nextInt(keys);
        double w = random.nextInt(20) - 10;
        switch (random.nextInt(8)) {
          case 0 -> {
            store.addDiag(a, w);
            selfModel[a] += w;
          }
          case 1 -> {
            if (!written[a]) {
              continue;
            }
            int count = store.take(a);
            Map<Integer, Double> expected = new TreeMap<>();
            for (int p = 0; p < keys; p++) {
              Double e = model.remove(pair(a, p));
              if (e != null) {
                expected.put(p, e);
              }
            }
            assertEquals(selfModel[a], store.takenSelf(), "self of " + a);
            selfModel[a] = 0.0;
            assertEquals(expected, scratch(store, count), "taken row " + a + ", trial " + trial);
          }
          default -> {
            store.addCross(a, b, w);
            if (a == b) {
              selfModel[a] += 2 * w;
            } else {
              model.merge(pair(a, b), w, Double::sum);
            }
          }
        }
      }
      // Final edges off the pattern are kept in rows, or in a dense block that the drain refuses.
      boolean refused = false;
      try {
        store.drainBlocks();
      } catch (IllegalStateException e) {
        refused = true;
      }
      boolean missingFromRows = false;
      for (int i = 0; i < keys; i++) {
        for (int p = 0; p < i; p++) {
          if (isFinal(i, p, written, inputs) && pattern[i][p]) {
            Double e = model.get(pair(i, p));
            assertEquals(e == null ? 0.0 : e, h.get(i, p), "final (" + i + ", " + p + ")");
          }
        }
        assertEquals(selfModel[i], store.self(i), "self " + i);
        Map<Integer, Double> expected = new TreeMap<>();
        for (int p = 0; p < keys; p++) {
          Double e = model.get(pair(i, p));
          boolean inMatrix = isFinal(i, p, written, inputs) && pattern[i][p];
          if (e != null && p != i && heldIn(i, p, written) && !inMatrix) {
            expected.put(p, e);
          }
        }
        Map<Integer, Double> row = scratch(store, store.copyRow(i));
        for (Map.Entry<Integer, Double> e : expected.entrySet()) {
          if (!row.containsKey(e.getKey()) && isFinal(i, e.getKey(), written, inputs)) {
            missingFromRows |= e.getValue() != 0.0; // off the pattern, in a block
            row.put(e.getKey(), e.getValue());
          }
        }
        assertEquals(expected, row, "row " + i + ", trial " + trial);
      }
      assertEquals(missingFromRows, refused, "refused by the drain, trial " + trial);
      blocksSeen |= missingFromRows;
    }
    assertTrue(blocksSeen, "no trial put an edge off the pattern into a dense block");
  }

  /** Where the store keeps edge (i, p): in written keys' rows, between terminals in the larger. */
  private static boolean heldIn(int i, int p, boolean[] written) {
    return written[i] || (!written[p] && i > p);
  }

  /** Whether edge (i, p) is an entry of the Hessian: between two terminal inputs. */
  private static boolean isFinal(int i, int p, boolean[] written, int inputs) {
    return i < inputs && p < inputs && !written[i] && !written[p];
  }

  private static long pair(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  private static Map<Integer, Double> scratch(EdgeStore store, int count) {
    Map<Integer, Double> row = new TreeMap<>();
    for (int s = 0; s < count; s++) {
      Double old = row.put(store.scratchKeys()[s], store.scratchWeights()[s]);
      assertEquals(null, old, "neighbour " + store.scratchKeys()[s] + " twice in a row");
    }
    return row;
  }
}
