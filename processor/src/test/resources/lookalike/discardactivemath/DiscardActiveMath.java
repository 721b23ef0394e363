package lookalike.discardactivemath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * A Math function and a {@code @Differentiable} method called as statements with arguments that
 * carry a derivative: their values are thrown away, so the derivative is the same as without them.
 * (No counter here: neither may write a field.)
 */
final class DiscardActiveMath {
  private DiscardActiveMath() {}

  @Differentiable
  @LoopDomain
  static double g(double a) {
    return a * a;
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double discardActiveMath(double x, double y, int n) {
    double a = x * y;
    Math.sin(a);
    g(a + x);
    for (int i = 0; i < n; i++) {
      Math.exp(a);
      a = a * x + y;
      DiscardActiveMath.g(a);
    }
    return a * a + y;
  }
}
