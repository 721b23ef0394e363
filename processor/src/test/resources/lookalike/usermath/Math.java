package lookalike.usermath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * A user class named Math: in this package {@code Math.sin} means this class's {@code sin}, not
 * {@code java.lang.Math}'s. Two of its functions are differentiable, the others plain (data when
 * their arguments carry no derivative). It has every function the derivatives of java.lang.Math's
 * sin, exp and pow would call, with other meanings, so that code calling this class where it means
 * java.lang.Math still compiles, and computes the wrong numbers.
 */
public final class Math {
  private Math() {}

  /** Not a sine: a²/2 + 2a. */
  @Differentiable
  @LoopDomain
  public static double sin(double a) {
    return a * a * 0.5 + 2 * a;
  }

  /** Not an exponential; reads java.lang.Math's, which this class must name in full. */
  @Differentiable
  @LoopDomain
  public static double exp(double a) {
    return java.lang.Math.exp(a) * 0.5 + a;
  }

  public static double cos(double a) {
    return 3 * a + 1;
  }

  public static double pow(double a, double b) {
    return a * b + 2;
  }

  public static double log(double a) {
    return a + 0.5;
  }

  public static double sqrt(double a) {
    return a + 3;
  }
}
