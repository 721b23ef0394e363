package lookalike.discardmath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/** Calls of Math and StrictMath functions as statements, on values that carry no derivative. */
final class DiscardMath {
  private DiscardMath() {}

  @Differentiable(wrt = {"x", "y"})
  @LoopDomain(
      sizes = {2},
      ints = {1, 4},
      wrt = {0, 1})
  static double discardMath(double x, double y, double[] c, int k) {
    Math.sqrt(k);
    double a = x * y;
    Math.exp(k * 0.5);
    StrictMath.log(k + 1.0);
    Math.pow(k, 2.0);
    Math.max(k, 3);
    Math.sin(c[0]);
    return a * a + Math.sqrt(k) * y;
  }
}
