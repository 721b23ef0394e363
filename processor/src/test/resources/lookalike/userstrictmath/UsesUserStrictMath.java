package lookalike.userstrictmath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/** Calls {@code StrictMath.f(...)} where {@code StrictMath} is this package's class. */
final class UsesUserStrictMath {
  private UsesUserStrictMath() {}

  @Differentiable
  @LoopDomain(ints = {1, 4})
  static double userStrictExp(double x, int k) {
    return StrictMath.exp(x) * StrictMath.sqrt(k) + x * x * StrictMath.pow(k, 0.0);
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double userStrictInLoop(double x, double y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += StrictMath.exp(x * y) + y * StrictMath.pow(i, 1.0) * x;
    }
    return s;
  }
}
