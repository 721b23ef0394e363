package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The runtime's tape and array helpers, on their own. */
class TapeTest {
  @Test
  void popsInReverseOrderPerKindAndGrowsPastItsInitialCapacity() {
    Tape tape = Tape.get();
    int before = tape.size();
    for (int k = 0; k < 10_000; k++) {
      tape.push(k + 0.5);
      tape.push(k);
      tape.push((long) k << 33);
      tape.push(k % 3 == 0);
    }
    assertEquals(before + 40_000, tape.size());
    for (int k = 9_999; k >= 0; k--) {
      assertEquals(k % 3 == 0, tape.popBoolean());
      assertEquals((long) k << 33, tape.popLong());
      assertEquals(k, tape.popInt());
      assertEquals(k + 0.5, tape.popDouble());
    }
    assertEquals(before, tape.size());
  }

  @Test
  void aPopTooManyThrowsAndLeavesTheTapeUsable() throws InterruptedException {
    AtomicReference<String> failure = new AtomicReference<>("did not run");
    Thread t =
        new Thread(
            () -> {
              // A fresh thread has an empty tape of its own.
              Tape tape = Tape.get();
              try {
                assertThrows(ArrayIndexOutOfBoundsException.class, tape::popDouble);
                assertThrows(ArrayIndexOutOfBoundsException.class, tape::popInt);
                assertThrows(ArrayIndexOutOfBoundsException.class, tape::popLong);
                assertThrows(ArrayIndexOutOfBoundsException.class, () -> tape.pop(new double[2]));
                assertEquals(0, tape.size());
                tape.push(2.5);
                tape.push(7);
                assertEquals(7, tape.popInt());
                assertEquals(2.5, tape.popDouble());
                assertEquals(0, tape.size());
                failure.set(null);
              } catch (AssertionError e) {
                failure.set(e.getMessage());
              }
            });
    t.start();
    t.join();
    assertEquals(null, failure.get());
  }

  @Test
  void arraysArePushedAndPoppedWhole() {
    Tape tape = Tape.get();
    double[] partials = {1, 2, 3};
    tape.push(0.25);
    tape.push(partials);
    double[] back = new double[3];
    tape.pop(back);
    assertArrayEquals(partials, back);
    assertEquals(0.25, tape.popDouble());
  }

  @Test
  void aFreshTapeTakesAnArrayLargerThanItsFirstCapacity() throws InterruptedException {
    AtomicReference<double[]> back = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              Tape tape = Tape.get();
              double[] values = new double[1_000];
              for (int k = 0; k < values.length; k++) {
                values[k] = k;
              }
              tape.push(values);
              tape.push(values);
              double[] popped = new double[1_000];
              tape.pop(popped);
              tape.pop(popped);
              back.set(tape.size() == 0 ? popped : null);
            });
    t.start();
    t.join();
    assertEquals(999.0, back.get()[999]);
  }

  @Test
  void oneTapePerThread() throws InterruptedException {
    AtomicReference<Tape> other = new AtomicReference<>();
    Thread t = new Thread(() -> other.set(Tape.get()));
    t.start();
    t.join();
    assertSame(Tape.get(), Tape.get());
    assertNotSame(Tape.get(), other.get());
  }

  @Test
  void shapesFlattenRowsInOrder() {
    double[][] m = {{1, 2}, {}, {3, 4, 5}};
    assertEquals(5, Shapes.size(m));
    double[] flat = new double[7];
    Shapes.flatten(m, flat, 1);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 0}, flat);
    double[][] back = Shapes.unflatten(flat, 1, m);
    assertArrayEquals(m[0], back[0]);
    assertArrayEquals(m[1], back[1]);
    assertArrayEquals(m[2], back[2]);
    double[][] zeros = Shapes.zerosLike(m);
    assertEquals(3, zeros[2].length);
    assertEquals(0, zeros[1].length);
  }

  @Test
  void vectorsWorkOnSlices() {
    double[] a = {1, 2, 3, 4};
    double[] b = {10, 20, 30};
    assertEquals(2 * 10 + 3 * 20, Vectors.dot(a, 1, b, 0, 2));
    double[] target = {1, 1, 1};
    Vectors.addScaled(target, 1, 2.0, a, 2, 2);
    assertArrayEquals(new double[] {1, 7, 9}, target);
    double[] buffer = new double[4];
    assertSame(buffer, Vectors.atLeast(buffer, 4));
    assertEquals(5, Vectors.atLeast(buffer, 5).length);
    assertTrue(Vectors.EMPTY.length == 0);
    assertFalse(Vectors.atLeast(Vectors.EMPTY, 1) == Vectors.EMPTY);
  }
}
