package modelcode.digamma;

import dev.adjoint.Differentiable;

/** ψ(x) for x > 0: recurrence up to a threshold, then the asymptotic series. */
public final class Digamma {
  private static final double EULER_MASCHERONI = 0.57721566490153286061;
  private static final double SMALL = 1e-6;
  private static final double LARGE = 8.0;

  private Digamma() {}

  @Differentiable
  public static double digamma(double x) {
    if (x <= 0) {
      throw new IllegalArgumentException("digamma needs x > 0: " + x);
    }
    if (x <= SMALL) {
      // ψ(x) = -γ - 1/x + O(x)
      return -EULER_MASCHERONI - 1 / x;
    }
    double result = 0;
    while (x < LARGE) {
      result -= 1 / x;
      x += 1;
    }
    double inv = 1 / (x * x);
    // ψ(x) ~ ln x - 1/2x - 1/12x² + 1/120x⁴ - 1/252x⁶
    return result + Math.log(x) - 0.5 / x - inv * (1.0 / 12 - inv * (1.0 / 120 - inv / 252));
  }
}
