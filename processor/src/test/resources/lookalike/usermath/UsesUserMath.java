package lookalike.usermath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * Calls {@code Math.f(...)} where {@code Math} is this package's class, and java.lang.Math by its
 * full name.
 */
final class UsesUserMath {
  private UsesUserMath() {}

  @Differentiable
  @LoopDomain
  static double userSin(double x, double y) {
    return Math.sin(x) * y + Math.sin(x * y);
  }

  @Differentiable
  @LoopDomain
  static double userExp(double x) {
    return Math.exp(x) * x;
  }

  @Differentiable
  @LoopDomain(ints = {1, 2, 4})
  static double userDataPow(double x, int k) {
    return x * x * Math.pow(k, 1.0) + x * Math.pow(k, 0.0);
  }

  @Differentiable
  @LoopDomain(ints = {1, 3})
  static double userDataCosAndLibrary(double x, int k) {
    return x * Math.cos(k) + java.lang.Math.cos(x) * Math.sqrt(1.0);
  }

  @Differentiable
  @LoopDomain
  static double userSinAndLibrarySin(double x) {
    return Math.sin(x) + java.lang.Math.sin(x) * x;
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double userMathInLoop(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.sin(x * i) + x * Math.pow(i, 1.0) + java.lang.Math.exp(x) * Math.log(i);
    }
    return s;
  }

  @Differentiable
  @LoopDomain
  static double[] userMathVector(double x, double y) {
    double[] out = new double[2];
    out[0] = Math.sin(x) * y + java.lang.Math.sin(y);
    out[1] = x * Math.pow(2.0, 1.0) + Math.exp(y);
    return out;
  }
}
