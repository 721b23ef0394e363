package lookalike.userstrictmath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * Calls only java.lang.StrictMath, by its full name, in a package that has a class named
 * StrictMath.
 */
final class StrictLibraryOnly {
  private StrictLibraryOnly() {}

  @Differentiable
  @LoopDomain(
      lows = {0.5, -1},
      highs = {2, 1})
  static double strictLibrary(double x, double y) {
    return java.lang.StrictMath.sin(x) * y + java.lang.StrictMath.sqrt(x) * x;
  }
}
