package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The checkpointing schedule, run against a simulated loop whose state is the number of steps
 * taken: every action must be possible from the state it finds, and the whole schedule must
 * reverse each step once, in reverse order, with the fewest forward steps.
 */
class RevolveTest {
  /** What one schedule did. */
  private record Run(long advances, int snapshotsUsed) {}

  /** Runs the schedule against a simulated state, failing at the first impossible action. */
  private static Run simulate(Revolve schedule, int steps, int snapshots) {
    int[] held = new int[snapshots];
    Arrays.fill(held, -1);
    int state = 0; // the step the state is before; -1 once a turn has spent it
    int nextToReverse = steps - 1;
    long advances = 0;
    int used = 0;
    boolean firstTurnSeen = false;
    long limit = 10L * (steps + 1) * (steps + 1) + 100;
    for (long actions = 0; ; actions++) {
      if (actions > limit) {
        fail("no end after " + limit + " actions: " + steps + " steps, " + snapshots + " snapshots");
      }
      int action = schedule.next();
      String where = steps + " steps, " + snapshots + " snapshots, action " + actions;
      switch (action) {
        case Revolve.ADVANCE -> {
          assertEquals(state, schedule.from(), where);
          assertTrue(schedule.to() > schedule.from() && schedule.to() <= nextToReverse, where);
          advances += schedule.to() - schedule.from();
          state = schedule.to();
        }
        case Revolve.TAKESHOT -> {
          assertTrue(state >= 0, where);
          assertEquals(state, schedule.from(), where);
          held[schedule.slot()] = state; // a slot past the snapshots throws here
          used = Math.max(used, schedule.slot() + 1);
        }
        case Revolve.RESTORE -> {
          assertTrue(held[schedule.slot()] >= 0, where);
          state = held[schedule.slot()];
          assertEquals(state, schedule.from(), where);
        }
        case Revolve.FIRSTURN, Revolve.YOUTURN -> {
          assertEquals(action == Revolve.FIRSTURN, !firstTurnSeen, where);
          firstTurnSeen = true;
          assertEquals(state, schedule.from(), where);
          assertEquals(nextToReverse, schedule.from(), where);
          assertEquals(schedule.from() + 1, schedule.to(), where);
          nextToReverse--;
          state = -1;
        }
        case Revolve.TERMINATE -> {
          assertEquals(-1, nextToReverse, "every step reversed: " + where);
          assertEquals(0, steps == 0 ? 0 : state, "ends before step 0: " + where);
          assertEquals(Revolve.TERMINATE, schedule.next(), where);
          return new Run(advances, used);
        }
        default -> fail("unknown action " + action + ": " + where);
      }
    }
  }

  /**
   * The fewest forward steps by the recursion behind the theory, tabulated independently of the
   * closed formula: the first snapshot after the start at any step m, then the steps after it with
   * one snapshot less, then the steps before it again.
   */
  private static long[][] optimum(int maxSteps, int maxSnapshots) {
    long[][] t = new long[maxSteps + 1][maxSnapshots + 1];
    for (int l = 1; l <= maxSteps; l++) {
      for (int s = 1; s <= maxSnapshots; s++) {
        if (l == 1) {
          continue;
        }
        long best = (long) (l - 1) + t[l - 1][s]; // advance to the last step, no snapshot
        for (int m = 1; m < l - 1 && s > 1; m++) {
          best = Math.min(best, m + t[l - m][s - 1] + t[m][s]);
        }
        t[l][s] = best;
      }
    }
    return t;
  }

  @Test
  void reversesEveryStepOnceInOrderWithinTheSnapshotsAndTheFewestForwardSteps() {
    long[][] optimum = optimum(120, 8);
    Revolve schedule = new Revolve(0, 1);
    for (int steps = 0; steps <= 120; steps++) {
      for (int snapshots = 1; snapshots <= 8; snapshots++) {
        Run run = simulate(schedule.reset(steps, snapshots), steps, snapshots);
        String where = steps + " steps, " + snapshots + " snapshots";
        assertEquals(optimum[steps][snapshots], run.advances(), "optimal: " + where);
        assertEquals(Revolve.minimumAdvances(steps, snapshots), run.advances(), "formula: " + where);
        assertTrue(run.snapshotsUsed() <= snapshots, where);
      }
    }
  }

  @Test
  void longLoopsTakeTheTheorysForwardSteps() {
    int[][] cases = {{1_000, 3}, {10_000, 10}, {100_000, 20}, {1_000_000, 30}, {100_000, 2}};
    for (int[] c : cases) {
      Run run = simulate(new Revolve(c[0], c[1]), c[0], c[1]);
      assertEquals(Revolve.minimumAdvances(c[0], c[1]), run.advances(), c[0] + " steps");
      assertTrue(run.snapshotsUsed() <= c[1]);
    }
  }

  @Test
  void theFormulaMatchesKnownValues() {
    // One snapshot: advance from the start to each step in turn, n(n-1)/2 steps.
    assertEquals(45, Revolve.minimumAdvances(10, 1));
    // As many snapshots as steps: one sweep forward, each step advanced once but the last.
    assertEquals(9, Revolve.minimumAdvances(10, 10));
    // 10 steps with 3 snapshots take r = 2 (C(5, 3) = 10): 2·10 - C(5, 4).
    assertEquals(2 * 10 - 5, Revolve.minimumAdvances(10, 3));
  }

  @Test
  void asManySnapshotsAsAnIntHoldsIsOneSweep() {
    Run run = simulate(new Revolve(1_000, Integer.MAX_VALUE), 1_000, 1_000);
    assertEquals(999, run.advances());
    assertEquals(999, Revolve.minimumAdvances(1_000, Integer.MAX_VALUE));
  }

  @Test
  void refusesImpossibleSchedules() {
    assertThrows(IllegalArgumentException.class, () -> new Revolve(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> new Revolve(10, 0));
  }
}
