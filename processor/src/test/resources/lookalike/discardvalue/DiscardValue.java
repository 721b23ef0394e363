package lookalike.discardvalue;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Counter;
import lookalike.common.Util;

/**
 * Calls of helpers that return a value, as statements: the value is thrown away, and the arguments
 * carry no derivative. Util.log and Util.sqrt are named like Math functions.
 */
final class DiscardValue {
  private DiscardValue() {}

  static int counter(int k) {
    Counter.calls++;
    return k;
  }

  @Differentiable
  @LoopDomain(
      ints = {1, 2},
      longs = {5L, -1L})
  static double discardValue(double x, double y, int k, long n) {
    Util.log(k);
    double a = x * y;
    counter(k);
    Util.counter(k * 2);
    Util.check(n);
    Util.sqrt(k);
    return a * a + x;
  }
}
