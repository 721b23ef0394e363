package lookalike.usermath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * Calls only java.lang.Math, by its full name, in a package that has a class named Math: nothing of
 * the user's Math is called, so the companion names only java.lang.Math, and must name it so that
 * it does not resolve to this package's Math.
 */
final class LibraryOnly {
  private LibraryOnly() {}

  @Differentiable
  @LoopDomain
  static double librarySin(double x, double y) {
    return java.lang.Math.sin(x) * y + java.lang.Math.exp(x * y);
  }

  @Differentiable
  @LoopDomain(
      lows = {0.5},
      highs = {2})
  static double libraryPow(double x) {
    return java.lang.Math.pow(x, 2.5) + java.lang.Math.log(x) * x;
  }
}
