package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeStore} against a plain map of symmetric weights under random additions, takes and
 * resets, with keys enough that rows outgrow the linear scan and become tables (growing, and
 * losing entries by backward shift): every row read back holds exactly the edges the model says
 * it should hold (by the store's rule of where an edge between terminal and written keys lives).
 */
class EdgeStoreTest {
  @Test
  void agreesWithAMapOfWeights() {
    Random random = new Random(19);
    EdgeStore store = new EdgeStore();
    for (int trial = 0; trial < 60; trial++) {
      int keys = 2 + random.nextInt(trial < 30 ? 12 : 150);
      boolean[] written = new boolean[keys];
      for (int k = 0; k < keys; k++) {
        written[k] = random.nextInt(3) > 0;
      }
      store.reset(keys, written);
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
      for (int i = 0; i < keys; i++) {
        assertEquals(selfModel[i], store.self(i), "self " + i);
        Map<Integer, Double> expected = new TreeMap<>();
        for (int p = 0; p < keys; p++) {
          Double e = model.get(pair(i, p));
          if (e != null && p != i && heldIn(i, p, written)) {
            expected.put(p, e);
          }
        }
        assertEquals(expected, scratch(store, store.copyRow(i)), "row " + i + ", trial " + trial);
      }
    }
  }

  /** Where the store keeps edge (i, p): in written keys' rows, between terminals in the larger. */
  private static boolean heldIn(int i, int p, boolean[] written) {
    return written[i] || (!written[p] && i > p);
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
