package lookalike.discardrecurrence;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/**
 * Discarded data calls in loops whose backward sweep runs on its own, from the tape: the calls must
 * run in the forward sweep only, not again while the backward loop walks the iterations back.
 */
final class DiscardRecurrence {
  private DiscardRecurrence() {}

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double discardInRecurrence(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      Util.prepare(i);
      s = s * x * 0.5 + Math.sin(s);
      Math.sqrt(i);
    }
    return s;
  }

  @Differentiable
  @LoopDomain(ints = {1, 4})
  static double discardInDoWhile(double x, double y, int n) {
    double s = y;
    int i = 0;
    do {
      Util.counter(i);
      s = s * x + y;
      if (s > 50) {
        Util.prepare(i);
        break;
      }
      i++;
    } while (i < n);
    return s;
  }
}
