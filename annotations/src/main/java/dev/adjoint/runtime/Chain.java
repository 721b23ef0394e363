package dev.adjoint.runtime;

/**
 * A term of the chain rule whose partial derivative may be infinite or NaN where the function's
 * value is finite ({@code sqrt} at 0, {@code asin} at 1, {@code hypot} at (0, 0)): generated code
 * multiplies by such a partial with {@link #times}, so that an adjoint or tangent that is exactly
 * zero (a value never used, a branch not taken, a direction that leaves the argument alone)
 * contributes zero instead of {@code 0 * Infinity = NaN}. Elsewhere it is the plain product,
 * infinities and NaN included.
 */
public final class Chain {
  private Chain() {}

  /**
   * {@code factor * partial}, and 0 where either is 0, whatever the other is. (Symmetric, so that
   * terms nest: an adjoint times a term whose own factor is 0 is 0 even where the adjoint is
   * infinite.) A zero result may lose its sign.
   */
  public static double times(double factor, double partial) {
    double product = factor * partial;
    // One test on the common path: the product is NaN only for 0 * ∞ or a NaN operand.
    if (product == product) {
      return product;
    }
    return factor == 0.0 || partial == 0.0 ? 0.0 : product;
  }
}
