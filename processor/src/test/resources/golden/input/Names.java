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

    /** Parameters named like those of the second-order methods and the Hessian's locals. */
    @Differentiable
    public static double collideSecond(double v, double hv, double hessian, double n, double unit) {
      double vBar = v * hv;
      double vBarDot = hessian * n;
      return vBar * vBarDot + Math.sin(unit * v);
    }

    /** Parameters named like those of Jacobian products and the Jacobian's locals. */
    @Differentiable
    public static double[] collideVector(double u, double jv, double value, double rows) {
      double[] vj = new double[2];
      vj[0] = u * jv + value;
      vj[1] = rows * u;
      return vj;
    }
  }
}
