package dev.adjoint.sample;

import dev.adjoint.Differentiable;

/**
 * The Rosenbrock "banana" function, a classic test problem for optimisers: a long, curved, nearly
 * flat valley whose only minimum is f(1, 1) = 0.
 *
 * <p>It is written as plain Java; Adjoint reads the body at compile time and generates {@code
 * RosenbrockDerivatives.rosenbrockGradient} and friends.
 */
public final class Rosenbrock {
  private Rosenbrock() {}

  /**
   * Returns {@code (1 - x)^2 + 100 (y - x^2)^2}.
   *
   * @param x the first coordinate
   * @param y the second coordinate
   * @return the value of the Rosenbrock function at (x, y)
   */
  @Differentiable
  public static double rosenbrock(double x, double y) {
    double a = 1.0 - x;
    double b = y - x * x;
    return a * a + 100.0 * b * b;
  }

  /**
   * The extended Rosenbrock function in n dimensions (n even): the sum of the two-dimensional
   * function over the pairs (x[0], x[1]), (x[2], x[3]), ...; its minimum is 0, at all ones.
   *
   * @param x the point, of even length
   * @return the value at {@code x}
   */
  @Differentiable
  public static double extended(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double a = 1.0 - x[i];
      double b = x[i + 1] - x[i] * x[i];
      sum += a * a + 100.0 * b * b;
    }
    return sum;
  }
}
