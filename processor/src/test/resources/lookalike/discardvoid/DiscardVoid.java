package lookalike.discardvoid;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Counter;
import lookalike.common.Util;

/**
 * Calls of void helpers as statements, with arguments that carry no derivative (an int computed
 * from a differentiated value among them).
 */
final class DiscardVoid {
  private DiscardVoid() {}

  static void touch(int k) {
    Counter.calls++;
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double discardVoid(double x, double y, int k) {
    Util.prepare(k);
    double a = x * y + k;
    touch(k + 1);
    Util.prepare((int) (x * 4));
    return a * a + y;
  }
}
