package lookalike.discardloop;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/** Discarded data calls in for, while and nested loops. */
final class DiscardLoop {
  private DiscardLoop() {}

  @Differentiable
  @LoopDomain(ints = {1, 3, 4})
  static double discardInLoops(double x, double y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      Util.prepare(i);
      s += x * y * i;
      Util.log(i);
    }
    int j = 0;
    while (j < n) {
      Util.counter(j);
      s += x * x;
      j++;
    }
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < 2; m++) {
        Util.prepare(m);
        Math.sqrt(m);
        s += y * m * x;
      }
    }
    return s;
  }

  @Differentiable(wrt = "w")
  @LoopDomain(
      sizes = {3, 3},
      wrt = {0})
  static double discardInEnhancedFor(double[] w, double[] data) {
    double s = 0;
    for (double d : data) {
      Util.log(d);
      s += d * w[0] * w[1];
    }
    for (int i = 0; i < w.length; i++) {
      Util.prepare(i);
      s += w[i] * w[i] * data[i];
    }
    return s;
  }
}
