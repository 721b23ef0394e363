package dev.adjoint.sample;

/**
 * A smooth function of n variables that can report its value and gradient together, as the
 * {@code ...Gradient(..., double[] grad)} methods that Adjoint generates do.
 *
 * <p>For example, {@code (p, g) -> RosenbrockDerivatives.rosenbrockGradient(p[0], p[1], g)}.
 */
@FunctionalInterface
public interface Objective {
  /**
   * Evaluates the function at a point.
   *
   * @param point the point, of length n; must not be modified
   * @param gradient an array of length n that receives the gradient at {@code point}
   * @return the function's value at {@code point}
   */
  double valueAndGradient(double[] point, double[] gradient);
}
