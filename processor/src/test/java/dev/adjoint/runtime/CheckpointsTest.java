package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Snapshots of a loop's state, driven by the schedule, and their reuse from the workspace. */
class CheckpointsTest {
  @Test
  void restoresWhatEachSnapshotSavedAndIsReusedFromTheWorkspace() {
    int mark = Workspace.mark();
    Checkpoints first;
    try {
      // A loop whose state after step k is (k, {k, -k}): every restore must give the step's state.
      Checkpoints c = Workspace.checkpoints(50, 4, 3);
      first = c;
      double scalar = 0;
      double[] array = {0, 0};
      int turns = 0;
      for (int action = c.next(); action != Revolve.TERMINATE; action = c.next()) {
        switch (action) {
          case Revolve.ADVANCE -> {
            assertEquals(c.from(), scalar);
            scalar = c.to();
            array[0] = c.to();
            array[1] = -c.to();
          }
          case Revolve.TAKESHOT -> {
            c.save(0, scalar);
            c.save(1, array);
          }
          case Revolve.RESTORE -> {
            scalar = c.restore(0);
            c.restore(1, array);
            assertEquals(c.from(), scalar);
            assertArrayEquals(new double[] {c.from(), -c.from()}, array);
          }
          default -> {
            assertEquals(c.from(), scalar);
            turns++;
            scalar = Double.NaN; // a turn leaves the state spent
            array[0] = Double.NaN;
          }
        }
      }
      assertEquals(50, turns);
      assertEquals(0.0, scalar);
    } finally {
      Workspace.release(mark);
    }
    mark = Workspace.mark();
    try {
      assertSame(first, Workspace.checkpoints(10, 2, 1));
    } finally {
      Workspace.release(mark);
    }
  }
}
