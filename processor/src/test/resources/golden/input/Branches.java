package golden;

import dev.adjoint.Differentiable;

/**
 * Control flow: an early return, if/else, a conditional expression, a saved branch decision, an
 * element read only on one side of a branch on a value.
 */
final class Branches {
  private Branches() {}

  /** Huber's loss: quadratic near zero, linear in the tails. */
  @Differentiable(wrt = "r")
  static double huber(double r, double delta) {
    double a = Math.abs(r);
    if (a <= delta) {
      return 0.5 * r * r;
    }
    return delta * (a - 0.5 * delta);
  }

  @Differentiable
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** A branch that changes the variable its condition reads. */
  @Differentiable
  static double reflect(double x, double y) {
    double s = x * y;
    if (s < 0) {
      s = -s;
      y = Math.sqrt(s);
    }
    return s + x * y;
  }

  /** An element read only where a value decides: elsewhere its index may be out of range. */
  @Differentiable(wrt = "x")
  static double guarded(double[] x, int k) {
    double s = x[0] * x[1];
    if (x[0] > 0) {
      s += x[k] * x[1];
    }
    return s;
  }
}
