package lookalike.data;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * Calls of plain methods named like Math functions (this class's own, unqualified, and {@link
 * Helpers}', qualified) in data positions: their arguments carry no derivative (int and long
 * parameters, literals, a data array), and their values then scale differentiated arithmetic, pick
 * an element, decide a branch or bound a loop. The derivative must treat each as the user's method
 * (a constant), never as the Math function of its name.
 */
final class DataShadows {
  private DataShadows() {}

  // This class's own look-alikes, with meanings that differ from Helpers' too.

  static double pow(double a, double b) {
    return a * b + 3;
  }

  static double exp(double a) {
    return 0.5 * a - 2;
  }

  static double sqrt(double a) {
    return 2 * a + 1;
  }

  static double log(double a) {
    return a + 1.25;
  }

  static double max(double a, double b) {
    return a < b ? a : b;
  }

  static double abs(double a) {
    return -a - 0.5;
  }

  static double hypot(double a, double b) {
    return a - b + 0.75;
  }

  // ---- pow, whose Math namesake simplification folds pow(e, 1.0) and pow(e, 0.0) -------------

  @Differentiable
  @LoopDomain(ints = {1, 2, 5})
  static double powOne(double x, int k) {
    return x * pow(k, 1.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 5})
  static double powZero(double x, int k) {
    return x * x * pow(k, 0.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double powTwoAndConstants(double x, double y, int k) {
    return x * y * pow(k, 2.0) + Helpers.pow(3.0, 2.0) * y;
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 4})
  static double powQualified(double x, int k) {
    return x * x * Helpers.pow(k, 1.0) + x * Helpers.pow(k, 0.0);
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double powThroughLocal(double x, int k) {
    double one = 1.0;
    double zero = 0.0;
    double c = pow(k, one);
    return x * x * c + x * pow(k, zero);
  }

  // ---- the other names ----------------------------------------------------------------------

  @Differentiable
  @LoopDomain(ints = {1, 2})
  static double expData(double x, int k) {
    return x * x * exp(k) + x * Helpers.exp(0.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 4})
  static double sqrtData(double x, int k) {
    return x * sqrt(k) + x * x * Helpers.sqrt(1.0) + x * Helpers.sqrt(0.0);
  }

  @Differentiable
  @LoopDomain(longs = {3L, 7L})
  static double logData(double x, long n) {
    return x * log(n) + x * x * Helpers.log(1.0) + x * log(0.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double maxData(double x, double y, int k) {
    return x * max(k, 2.0) + y * x * Helpers.max(1.0, 2.0);
  }

  @Differentiable
  @LoopDomain(ints = {2, 5})
  static double absData(double x, int k) {
    return x * abs(k) + x * x * Helpers.abs(-2.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double hypotData(double x, double y, int k) {
    return x * y * hypot(0.0, k) + y * Helpers.hypot(3.0, 4.0) + x * Helpers.hypot(0.0, k);
  }

  @Differentiable(wrt = "x")
  @LoopDomain(
      sizes = {3},
      wrt = {0})
  static double dataArray(double x, double[] c) {
    return x * pow(c[0], 1.0)
        + x * x * exp(c[1])
        + Helpers.max(c[2], 0.0) * x
        + x * Helpers.sqrt(c[0]);
  }

  // ---- loops ----------------------------------------------------------------------------------

  @Differentiable
  @LoopDomain(ints = {1, 3, 4})
  static double powInLoop(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x * pow(i, 1.0);
    }
    return s;
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double powZeroInLoop(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x * x * Helpers.pow(i, 0.0);
    }
    return s;
  }

  /** A recurrence: the backward loop runs separately, from the tape. */
  @Differentiable
  @LoopDomain(ints = {2, 4})
  static double powInRecurrence(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      s = 0.5 * s * x + x * pow(i, 1.0) + exp(i) * s;
    }
    return s;
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 3})
  static double namesInLoop(double x, double y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x * y * Helpers.log(1.0) + y * y * sqrt(i) + x * abs(i) * Helpers.exp(0.0);
    }
    return s;
  }

  // ---- other data positions: an index, a condition, a loop bound, a ?: ------------------------

  @Differentiable
  @LoopDomain(
      sizes = {6},
      ints = {1, 2, 3})
  static double powIndex(double[] w, int k) {
    return w[(int) pow(k, 1.0) - 2] * w[0] + w[(int) Helpers.pow(k, 0.0)] * w[1];
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 3})
  static double powCondition(double x, int k) {
    if (Helpers.pow(k, 1.0) > 3.5) {
      return x * x;
    }
    return 3 * x;
  }

  @Differentiable
  @LoopDomain(ints = {1, 2})
  static double powLoopBound(double x, int k) {
    double s = 1;
    for (int i = 0; i < (int) Helpers.pow(k, 0.0); i++) {
      s = s * x + x;
    }
    return s;
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 3})
  static double powInConditional(double x, int k) {
    return x * x * (k > 1 ? Helpers.pow(k, 1.0) : Helpers.pow(k, 0.0))
        + x * (k > 2 ? 1.0 : pow(k, 1.0));
  }

  // ---- vector-valued ----------------------------------------------------------------------------

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double[] vectorData(double x, double y, int k) {
    double[] out = new double[3];
    out[0] = x * pow(k, 1.0);
    out[1] = x * y * exp(k) + y * Helpers.sqrt(1.0);
    out[2] = y * y * Helpers.pow(k, 0.0) + x * max(k, 2.0);
    return out;
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double[] vectorDataInLoop(double x, double y, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = x * y * pow(i, 1.0) + x * Helpers.pow(i, 0.0) + y * log(i);
    }
    return out;
  }
}
