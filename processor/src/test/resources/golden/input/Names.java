package golden;

import dev.adjoint.Differentiable;

/** Names: a nested class, and user names that collide with generated ones. */
public final class Names {
  private Names() {}

  /** A nested class gets the companion Names_InnerDerivatives. */
  public static final class Inner {
    private Inner() {}

    @Differentiable
    public static double collide(double grad, double direction, double result) {
      double gradBar = grad * direction;
      return gradBar * result + Math.exp(gradBar);
    }
  }
}
