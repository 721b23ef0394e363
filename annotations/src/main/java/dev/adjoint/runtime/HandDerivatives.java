package dev.adjoint.runtime;

import java.util.Locale;

/**
 * Compares a hand-optimised derivative with the generated one it replaces ({@code @DerivativeOf}),
 * for the companion's {@code verify...} methods. An edit that reorders arithmetic changes only the
 * last bits, so values agree when {@code |hand - generated| ≤ 1e-9 · max(1, |generated|)}.
 */
public final class HandDerivatives {
  private static final double TOLERANCE = 1e-9;

  private HandDerivatives() {}

  /** Throws an {@link AssertionError} naming every element that differs, if any does. */
  public static void assertAgree(
      String what, double handValue, double[] hand, double generatedValue, double[] generated) {
    StringBuilder report = new StringBuilder();
    compare("value", handValue, generatedValue, report);
    for (int i = 0; i < generated.length; i++) {
      compare("element " + i, hand[i], generated[i], report);
    }
    if (report.length() > 0) {
      throw new AssertionError(what + " disagrees with the generated derivative:\n" + report);
    }
  }

  private static void compare(String label, double hand, double generated, StringBuilder report) {
    boolean same =
        Double.compare(hand, generated) == 0
            || Math.abs(hand - generated) <= TOLERANCE * Math.max(1, Math.abs(generated));
    if (!same) {
      report.append(String.format(Locale.ROOT, "  %-12s hand %-24s generated %-24s%n",
          label, Double.toString(hand), Double.toString(generated)));
    }
  }
}
