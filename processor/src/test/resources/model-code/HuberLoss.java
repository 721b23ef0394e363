package modelcode.huber;

import dev.adjoint.Differentiable;

/** Regression losses selected by an int code, in the style of older numerical libraries. */
public final class HuberLoss {
  public static final int SQUARED = 0;
  public static final int HUBER = 1;
  public static final int LOG_COSH = 2;

  private HuberLoss() {}

  @Differentiable(wrt = {"prediction"})
  public static double loss(int type, double prediction, double target, double delta) {
    double r = prediction - target;
    switch (type) {
      case SQUARED:
        return 0.5 * r * r;
      case HUBER:
        if (Math.abs(r) <= delta) {
          return 0.5 * r * r;
        }
        return delta * (Math.abs(r) - 0.5 * delta);
      case LOG_COSH:
        return Math.log(Math.cosh(r));
      default:
        throw new IllegalArgumentException("unknown loss type " + type);
    }
  }
}
