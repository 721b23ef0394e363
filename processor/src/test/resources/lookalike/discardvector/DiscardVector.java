package lookalike.discardvector;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/** Discarded data calls in a vector-valued method. */
final class DiscardVector {
  private DiscardVector() {}

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double[] discardVector(double x, double y, int n) {
    double[] out = new double[n];
    Util.prepare(n);
    for (int i = 0; i < n; i++) {
      Util.log(i);
      out[i] = x * y * i + x * x;
    }
    return out;
  }
}
