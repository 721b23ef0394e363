package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
