package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Where a derivative formula is 0 times an infinity but the derivative exists, the generated code
 * gives the limit: {@code d/dx x^k = k x^(k-1)} at {@code x = 0} with {@code k = 0} (first order)
 * or {@code k = 1} (second order, forward over reverse). Expected values are the polynomial's own
 * derivatives at 0: {@code c[1]} and {@code 2 c[2]}.
 */
class SingularitiesTest {
  private static final double[] C = {0.5, -1.5, 2.25, 4.0};

  @Test
  void polynomialByPowAtZero() {
    double[] grad = new double[1];
    assertEquals(0.5, SingularitiesDerivatives.polynomialGradient(0.0, C, grad));
    assertArrayEquals(new double[] {-1.5}, grad);
    assertEquals(-1.5, SingularitiesDerivatives.polynomialDerivative(0.0, C, new double[] {1.0}));
    double[] hv = new double[1];
    SingularitiesDerivatives.polynomialHessianVector(0.0, C, new double[] {1.0}, grad, hv);
    assertArrayEquals(new double[] {-1.5}, grad);
    assertArrayEquals(new double[] {4.5}, hv);
    assertArrayEquals(new double[][] {{4.5}}, SingularitiesDerivatives.polynomialHessian(0.0, C));
  }

  @Test
  void literalPowersAtZero() {
    double[] grad = new double[1];
    assertEquals(1.0, SingularitiesDerivatives.literalPowersGradient(0.0, grad));
    assertArrayEquals(new double[] {3.0}, grad);
    assertEquals(3.0, SingularitiesDerivatives.literalPowersDerivative(0.0, new double[] {1.0}));
    assertArrayEquals(new double[][] {{2.0}}, SingularitiesDerivatives.literalPowersHessian(0.0));
  }
}
