package lookalike.userstrictmath;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;

/**
 * A user class named StrictMath: in this package {@code StrictMath.exp} means this class's. It has
 * every function the derivatives of java.lang.StrictMath's sin and sqrt would call, with other
 * meanings.
 */
public final class StrictMath {
  private StrictMath() {}

  /** Not an exponential: a³/3 + a. */
  @Differentiable
  @LoopDomain
  public static double exp(double a) {
    return a * a * a / 3 + a;
  }

  public static double sqrt(double a) {
    return a + 3;
  }

  public static double pow(double a, double b) {
    return a * b + 2;
  }

  public static double sin(double a) {
    return 2 * a;
  }

  public static double cos(double a) {
    return 3 * a + 1;
  }
}
