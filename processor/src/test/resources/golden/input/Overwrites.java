package golden;

import dev.adjoint.Differentiable;

/** Reassignment: values the reverse sweep needs are saved and restored. */
final class Overwrites {
  private Overwrites() {}

  @Differentiable
  static double iterate(double x, double y) {
    x = Math.sin(x);
    x = x * x + y;
    y *= x;
    x = Math.exp(-x);
    return x + y;
  }
}
