package modelcode.lanczos;

import dev.adjoint.Differentiable;

/** log Γ(x) for x > 0 by the Lanczos approximation (g = 7, nine coefficients), reflection below 1/2 excluded. */
public final class LanczosGamma {
  private static final int G = 7;
  private static final double[] COEFFICIENTS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028,
    771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.91893853320467274178;

  private LanczosGamma() {}

  @Differentiable
  public static double logGamma(double x) {
    if (Double.isNaN(x) || x <= 0) {
      throw new IllegalArgumentException("logGamma is defined here for x > 0, got " + x);
    }
    double z = x - 1;
    double sum = COEFFICIENTS[0];
    for (int i = 1; i < G + 2; i++) {
      sum += COEFFICIENTS[i] / (z + i);
    }
    double t = z + G + 0.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
