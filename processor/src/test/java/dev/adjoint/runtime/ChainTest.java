package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Chain#times}: the product, except that 0 times anything is 0, in either order. */
class ChainTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  @Test
  void zeroTimesAnythingIsZero() {
    for (double other : new double[] {INF, -INF, NAN, 3.5, -0.0, 0.0, Double.MAX_VALUE}) {
      assertEquals(0.0, Chain.times(0.0, other), 0.0, "0 * " + other);
      assertEquals(0.0, Chain.times(other, 0.0), 0.0, other + " * 0");
      assertEquals(0.0, Chain.times(-0.0, other), 0.0, "-0 * " + other);
    }
  }

  @Test
  void elsewhereThePlainProduct() {
    double[] values = {INF, -INF, NAN, 3.5, -2.25, Double.MIN_VALUE, Double.MAX_VALUE};
    for (double a : values) {
      for (double b : values) {
        assertEquals(a * b, Chain.times(a, b), a + " * " + b);
      }
    }
  }
}
