package lookalike.data;

/**
 * Plain helpers (no annotation) with the names and arities of Math functions but meanings of their
 * own. Called with arguments that carry no derivative, each is data to the derivative: a constant.
 * At the literal arguments the tests use, each differs from the Math function of its name: pow(3,
 * 2) = 8 (not 9), pow(k, 1) = k + 2, pow(k, 0) = 2, exp(0) = 3, sqrt(1) = 4, sqrt(0) = 3, log(1) =
 * 1.5, abs(-2) = -3, max(1, 2) = 1, hypot(3, 4) = 8, hypot(0, k) = k + 1.
 */
public final class Helpers {
  private Helpers() {}

  public static double pow(double a, double b) {
    return a * b + 2;
  }

  public static double exp(double a) {
    return 2 * a + 3;
  }

  public static double sqrt(double a) {
    return a + 3;
  }

  public static double log(double a) {
    return a * a + 0.5;
  }

  /** The smaller of the two. */
  public static double max(double a, double b) {
    return a < b ? a : b;
  }

  public static double abs(double a) {
    return a - 1;
  }

  public static double hypot(double a, double b) {
    return a + b + 1;
  }
}
