package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrentTest {
  @Test
  void findsTheMinimumOfAParabolaInAFewSteps() {
    Brent.Minimum m = Brent.minimise(x -> (x - 1.3) * (x - 1.3) + 2, -5, 5, 1e-6);
    assertEquals(1.3, m.x(), 1e-6);
    assertEquals(2, m.value(), 1e-12);
    assertTrue(m.evaluations() < 10, m::toString);
  }

  @Test
  void findsTheMinimumOfASkewedFunctionAndAtAnEnd() {
    // x - log x: minimum at 1.
    Brent.Minimum m = Brent.minimise(x -> x - Math.log(x), 0.01, 20, 1e-6);
    assertEquals(1, m.x(), 1e-5);
    Brent.Minimum edge = Brent.minimise(x -> x, 2, 3, 1e-6);
    assertEquals(2, edge.x(), 1e-5);
  }
}
