package golden;

import dev.adjoint.Differentiable;

/** The README's example: straight-line code with locals. */
public final class Rosenbrock {
  private Rosenbrock() {}

  @Differentiable
  public static double rosenbrock(double x, double y) {
    double a = 1.0 - x;
    double b = y - x * x;
    return a * a + 100.0 * b * b;
  }
}
