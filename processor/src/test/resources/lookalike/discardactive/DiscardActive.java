package lookalike.discardactive;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/**
 * Calls of plain helpers as statements whose arguments DO carry a derivative. Their values are
 * thrown away, so no derivative can be lost through them: like the data calls, they should run once
 * where the source runs them, in the forward sweep, and leave the derivative alone.
 */
final class DiscardActive {
  private DiscardActive() {}

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double discardActive(double x, double y, int n) {
    Util.observe(x * y);
    double a = x * y;
    Util.sqrt(a);
    for (int i = 0; i < n; i++) {
      Util.observe(a);
      a = a * x + y;
    }
    return a * a + y;
  }
}
