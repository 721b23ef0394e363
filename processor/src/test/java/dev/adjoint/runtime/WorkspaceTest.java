package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
  @Test
  void aReleasedArrayIsHandedOutAgainZeroed() {
    int mark = Workspace.mark();
    double[] a = Workspace.doubles(3);
    a[1] = 7;
    Workspace.release(mark);
    double[] again = Workspace.doubles(3);
    assertSame(a, again);
    assertArrayEquals(new double[3], again);
    Workspace.release(mark);
  }

  @Test
  void anotherLengthOrShapeGetsANewArray() {
    int mark = Workspace.mark();
    double[] a = Workspace.doubles(3);
    Workspace.release(mark);
    double[] b = Workspace.doubles(4);
    assertNotSame(a, b);
    assertEquals(4, b.length);
    Workspace.release(mark);
    double[][] m = Workspace.doubles(2, 3);
    Workspace.release(mark);
    double[][] ragged = Workspace.zerosLike(new double[][] {new double[2], new double[5]});
    assertNotSame(m, ragged);
    assertEquals(5, ragged[1].length);
    Workspace.release(mark);
  }

  @Test
  void arraysTakenTogetherAreDistinctAndNestedCallsGiveBackOnlyTheirOwn() {
    int outer = Workspace.mark();
    double[] first = Workspace.doubles(2);
    int inner = Workspace.mark();
    double[] nested = Workspace.doubles(2);
    assertNotSame(first, nested);
    first[0] = 1;
    Workspace.release(inner);
    double[] second = Workspace.doubles(2);
    assertSame(nested, second);
    assertEquals(1, first[0]);
    Workspace.release(outer);
  }

  @Test
  void matricesAreZeroedOrFilledFromTheDirection() {
    int mark = Workspace.mark();
    double[][] shape = {new double[2], new double[1]};
    double[][] m = Workspace.unflatten(new double[] {9, 1, 2, 3}, 1, shape);
    assertArrayEquals(new double[] {1, 2}, m[0]);
    assertArrayEquals(new double[] {3}, m[1]);
    Workspace.release(mark);
    double[][] zeros = Workspace.zerosLike(shape);
    assertSame(m, zeros);
    assertArrayEquals(new double[2], zeros[0]);
    assertArrayEquals(new double[1], zeros[1]);
    Workspace.release(mark);
    double[][] again = Workspace.doubles(2, 2);
    assertEquals(2, again[1].length);
    Workspace.release(mark);
  }

  @Test
  void releasingAMarkDropsTheTapeEntriesRecordedSinceOfEveryKind() {
    Tape tape = Tape.get();
    tape.push(1.5);
    tape.push(2);
    tape.push(3L);
    int size = tape.size();
    int mark = Workspace.mark();
    for (int k = 0; k < 1_000; k++) {
      tape.push(k + 0.25);
      tape.push(new double[] {k, k});
      tape.push(k);
      tape.push((long) k);
      tape.push(k % 2 == 0);
    }
    Workspace.doubles(5);
    Workspace.release(mark);
    assertEquals(size, tape.size());
    assertEquals(3L, tape.popLong());
    assertEquals(2, tape.popInt());
    assertEquals(1.5, tape.popDouble());
  }

  @Test
  void anOuterReleaseAlsoClosesTheMarksTakenAfterIt() {
    Tape tape = Tape.get();
    int size = tape.size();
    int outer = Workspace.mark();
    double[] first = Workspace.doubles(2);
    tape.push(1.0);
    // An inner call that never released its mark (as if its finally had not run).
    Workspace.mark();
    Workspace.doubles(2);
    tape.push(2.0);
    tape.push(3);
    Workspace.release(outer);
    assertEquals(size, tape.size());
    assertSame(first, Workspace.doubles(2));
    Workspace.release(outer);
    assertEquals(outer, Workspace.mark());
    Workspace.release(outer);
  }

  @Test
  void aTapeFirstUsedAfterTheMarkIsEmptiedByTheRelease() throws InterruptedException {
    AtomicReference<Integer> size = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              int mark = Workspace.mark();
              Tape tape = Tape.get();
              tape.push(new double[100]);
              tape.push(1);
              tape.push(1L);
              Workspace.release(mark);
              size.set(tape.size());
            });
    t.start();
    t.join();
    assertEquals(0, size.get());
  }

  @Test
  void marksNestDeeply() {
    Tape tape = Tape.get();
    int size = tape.size();
    int[] marks = new int[500];
    for (int k = 0; k < marks.length; k++) {
      marks[k] = Workspace.mark();
      Workspace.doubles(1)[0] = k;
      tape.push(k);
    }
    for (int k = marks.length - 1; k >= 0; k--) {
      assertEquals(size + k + 1, tape.size());
      Workspace.release(marks[k]);
      assertEquals(size + k, tape.size());
    }
  }

  /** An array made in each iteration of a loop: its buffer grows once, keeping its elements. */
  @Test
  void aGrownBufferKeepsItsElementsAndItsPlace() {
    int mark = Workspace.mark();
    double[] buffer = Workspace.buffer();
    double[] other = Workspace.buffer();
    buffer = Workspace.grown(buffer, 2);
    buffer[1] = 5;
    double[] grown = Workspace.grown(buffer, 7);
    assertEquals(5, grown[1]);
    assertSame(grown, Workspace.grown(grown, 3));
    double[][] matrix = Workspace.grown(Workspace.matrixBuffer(), 2, 3);
    matrix[1][2] = 4;
    double[][] larger = Workspace.grown(matrix, 3, 4);
    assertEquals(4, larger[1][2]);
    Workspace.release(mark);
    // The next call finds the grown buffers where it left them, zeroed, and needs no growth.
    double[] again = Workspace.buffer();
    assertSame(grown, again);
    assertArrayEquals(new double[grown.length], again);
    assertSame(other, Workspace.buffer());
    assertSame(larger, Workspace.matrixBuffer());
    assertEquals(0, larger[1][2]);
    Workspace.release(mark);
  }

  /**
   * A callee's arrays and its caller's later ones take the same places with other lengths: each
   * place keeps both, so the second call of the same shapes gets the arrays of the first.
   */
  @Test
  void aPlaceKeepsTheArraysOfEveryLengthItWasAskedFor() {
    int mark = Workspace.mark();
    double[][] first = new double[3][];
    double[][] taken = new double[3][];
    for (int call = 0; call < 2; call++) {
      double[][] into = call == 0 ? first : taken;
      int callee = Workspace.mark();
      into[0] = Workspace.doubles(2);
      Workspace.release(callee);
      into[1] = Workspace.doubles(5);
      into[2] = Workspace.buffer();
      if (call == 0) {
        into[2] = Workspace.grown(into[2], 7);
        into[2][6] = 1;
      }
      Workspace.release(mark);
    }
    assertSame(first[0], taken[0]);
    assertSame(first[1], taken[1]);
    // The buffer is not taken for an array of its length, nor the other way round.
    assertSame(first[2], taken[2]);
    assertEquals(0, taken[2][6]);
    Workspace.release(mark);
  }

  @Test
  void aPlaceAskedForMoreShapesThanItKeepsReplacesTheLeastRecentlyTaken() {
    int mark = Workspace.mark();
    double[][] first = new double[9][];
    for (int round = 0; round < 2; round++) {
      for (int length = 1; length <= 8; length++) {
        double[] a = Workspace.doubles(length);
        if (round == 1) {
          assertSame(first[length], a);
        }
        first[length] = a;
        Workspace.release(mark);
      }
    }
    Workspace.doubles(9);
    Workspace.release(mark);
    // Lengths 2..9 were taken since length 1: it was dropped, the others kept.
    assertSame(first[8], Workspace.doubles(8));
    Workspace.release(mark);
    assertNotSame(first[1], Workspace.doubles(1));
    Workspace.release(mark);
  }

  /** A callee's directions in rows for lanes in a buffer: exactly k rows, as long as they grew. */
  @Test
  void rowsForLanesInABufferKeepTheirLengthAndCount() {
    int mark = Workspace.mark();
    double[][] rows = Lanes.rowsBuffer(3);
    assertEquals(3, rows.length);
    assertEquals(0, rows[0].length);
    rows = Lanes.rowsAtLeast(rows, 4);
    assertEquals(3, rows.length);
    assertEquals(4, rows[2].length);
    rows[2][3] = 8;
    assertSame(rows, Lanes.rowsAtLeast(rows, 2));
    Workspace.release(mark);
    double[][] again = Lanes.rowsBuffer(3);
    assertSame(rows, again);
    assertEquals(0, again[2][3]);
    Workspace.release(mark);
    assertEquals(5, Lanes.rowsBuffer(5).length);
    Workspace.release(mark);
    assertSame(rows, Lanes.rowsBuffer(3));
    Workspace.release(mark);
    assertEquals(0, Lanes.rowsAtLeast(Lanes.rowsBuffer(0), 10).length);
    Workspace.release(mark);
  }

  /** A matrix read as its rows one after another, as gradients lay matrices out. */
  @Test
  void matrixSlicesAreReadRowByRow() {
    double[][] m = {{1, 2}, {3}, {4, 5, 6}};
    double[] partials = {9, 1, 10, 100, 1000, 9};
    assertEquals(2 + 30 + 400 + 5000, Vectors.dot(partials, 1, m, 1, 4));
    double[][] target = {{0, 0}, {0}, {0, 0, 0}};
    Vectors.addScaled(target, 1, 2.0, partials, 1, 4);
    assertArrayEquals(new double[] {0, 2}, target[0]);
    assertArrayEquals(new double[] {20}, target[1]);
    assertArrayEquals(new double[] {200, 2000, 0}, target[2]);
  }
}
