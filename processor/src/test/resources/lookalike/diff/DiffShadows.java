package lookalike.diff;

import dev.adjoint.Differentiable;
import dev.adjoint.GradientOf;
import dev.adjoint.HessianVectorOf;
import dev.adjoint.catalogue.LoopDomain;

/**
 * Methods named like Math functions that are differentiable in their own right, with meanings of
 * their own: {@code @Differentiable} ones (each also checked itself), and two with a custom
 * {@code @GradientOf} and {@code @HessianVectorOf}. Their callers pass them values that carry
 * derivatives, unqualified and qualified with the class name; the derivative must be the user's
 * method's, never the Math function's.
 */
final class DiffShadows {
  private DiffShadows() {}

  /** Not a power: pow(a, 1) = a + a², pow(a, 0) = a². */
  @Differentiable
  @LoopDomain
  static double pow(double a, double b) {
    return a * b + a * a;
  }

  @Differentiable
  @LoopDomain
  static double exp(double a) {
    return a * a * a - a;
  }

  @Differentiable
  @LoopDomain
  static double sqrt(double a) {
    return a * a + 1;
  }

  /** The smaller of the two. */
  @Differentiable
  @LoopDomain
  static double max(double a, double b) {
    return a < b ? a : b;
  }

  @Differentiable
  @LoopDomain
  static double abs(double a) {
    return 1 - 2 * a;
  }

  // ---- custom derivatives ----------------------------------------------------------------------

  /** log(a) = a²/2 + a, with its derivatives given by hand: 1 + a, and 1. */
  static double log(double a) {
    return a * a * 0.5 + a;
  }

  @GradientOf("log")
  static double logGradient(double a, double[] grad) {
    grad[0] = a + 1;
    return log(a);
  }

  @HessianVectorOf("log")
  static double logHessianVector(double a, double[] v, double[] grad, double[] hv) {
    hv[0] = v[0];
    return logGradient(a, grad);
  }

  /** hypot(a, b) = a·b + b, with gradient (b, a + 1) and Hessian [[0, 1], [1, 0]] by hand. */
  static double hypot(double a, double b) {
    return a * b + b;
  }

  @GradientOf("hypot")
  static double hypotGradient(double a, double b, double[] grad) {
    grad[0] = b;
    grad[1] = a + 1;
    return hypot(a, b);
  }

  @HessianVectorOf("hypot")
  static double hypotHessianVector(double a, double b, double[] v, double[] grad, double[] hv) {
    hv[0] = v[1];
    hv[1] = v[0];
    return hypotGradient(a, b, grad);
  }

  // ---- callers
  // ------------------------------------------------------------------------------------

  @Differentiable
  @LoopDomain
  static double callsPow(double x, double y) {
    return pow(x, 1.0) * y + pow(x, y) + DiffShadows.pow(y, 0.0) * x;
  }

  @Differentiable
  @LoopDomain
  static double callsPowWithConstantExponents(double x) {
    return x * pow(x, 2.0) + pow(x, 0.0) + pow(3.0, x);
  }

  @Differentiable
  @LoopDomain
  static double callsExp(double x, double y) {
    return exp(x) * y + DiffShadows.exp(x * y);
  }

  @Differentiable
  @LoopDomain
  static double callsSqrt(double x, double y) {
    return sqrt(x * y) + x * DiffShadows.sqrt(1.0) + y * sqrt(y);
  }

  @Differentiable
  @LoopDomain
  static double callsLog(double x, double y) {
    return log(x) * y + DiffShadows.log(x * y) + x * log(1.0);
  }

  @Differentiable
  @LoopDomain(
      lows = {-1, 1.5},
      highs = {1, 3})
  static double callsMax(double x, double y) {
    return max(x, y) * y + DiffShadows.max(y, x * x) + x * max(1.0, 2.0);
  }

  @Differentiable
  @LoopDomain(
      lows = {0.5, -1},
      highs = {1.5, -0.5})
  static double callsAbs(double x, double y) {
    return abs(x) * abs(y) + DiffShadows.abs(x * y);
  }

  @Differentiable
  @LoopDomain
  static double callsHypot(double x, double y) {
    return hypot(x, y) * x + DiffShadows.hypot(y, 0.0) + hypot(3.0, x);
  }

  @Differentiable
  @LoopDomain(ints = {1, 3, 4})
  static double callsInLoop(double x, double y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += pow(x, 1.0) * i + exp(y) * x + log(x * i) + hypot(x, y);
    }
    return s;
  }

  /** A recurrence: the backward loop runs from the tape. */
  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double callsInRecurrence(double x, double y, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      s = 0.5 * pow(s, 1.0) * y + log(s) * 0.25 + sqrt(x) * 0.1;
    }
    return s;
  }

  @Differentiable
  @LoopDomain
  static double[] vectorCalls(double x, double y) {
    double[] out = new double[3];
    out[0] = pow(x, 1.0) + pow(y, 0.0);
    out[1] = exp(y) * x + abs(x * y);
    out[2] = log(x) + hypot(x, y) + max(x, y + 3.0);
    return out;
  }
}
