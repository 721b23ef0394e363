package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.runtime.GradientCheck;

/**
 * The generated kinds of a scalar function, each checked at a point: the gradient against central
 * differences coordinate by coordinate and its value against the original's, exactly; the
 * directional derivative against the gradient; the Hessian-vector product against differences of
 * the gradient, with the gradient it also returns.
 */
final class ScalarKinds {
  private ScalarKinds() {}

  /** {@code mDerivative}: the derivative of f at x along v. */
  interface Derivative {
    double apply(double[] x, double[] v);
  }

  static void check(
      GradientCheck.Function f,
      GradientCheck.Gradient gradient,
      Derivative derivative,
      GradientCheck.HessianVector hessianVector,
      double[] x) {
    GradientCheck.defaults().checkEachCoordinate(f, gradient, x).assertPassed();
    double[] grad = new double[x.length];
    assertEquals(f.value(x.clone()), gradient.valueAndGradient(x.clone(), grad), 0.0, "value");
    double[] v = new double[x.length];
    double expected = 0;
    for (int i = 0; i < x.length; i++) {
      v[i] = Math.cos(3.0 * i + 1);
      expected += grad[i] * v[i];
    }
    assertEquals(
        expected,
        derivative.apply(x.clone(), v.clone()),
        1e-9 * Math.max(1, Math.abs(expected)),
        "directional derivative");
    GradientCheck.defaults().checkHessianVector(gradient, hessianVector, x, v).assertPassed();
    double[] hvGrad = new double[x.length];
    hessianVector.apply(x.clone(), v.clone(), hvGrad, new double[x.length]);
    assertArrayEquals(grad, hvGrad, 1e-12, "gradient of the Hessian-vector product");
  }
}
