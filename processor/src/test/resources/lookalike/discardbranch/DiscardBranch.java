package lookalike.discardbranch;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/** Discarded data calls in branches: on data, and on a value that carries a derivative. */
final class DiscardBranch {
  private DiscardBranch() {}

  @Differentiable
  @LoopDomain(ints = {0, 1, 2, 3})
  static double discardInBranches(double x, double y, int k) {
    double a = x * y;
    if (k > 1) {
      Util.prepare(k);
      a = a * x;
    } else {
      Util.log(k);
    }
    if (k == 3) {
      Util.counter(k);
    }
    if (x > 0) {
      Util.prepare(k);
      Util.prepare(k + 1);
      a = a + y * y;
    } else {
      Math.sqrt(k);
    }
    return a + y;
  }
}
