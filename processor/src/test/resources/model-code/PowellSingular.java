package modelcode.powell;

import dev.adjoint.Differentiable;

/** Powell's singular function (MGH no. 13), four variables; the Hessian is singular at the minimum. */
public final class PowellSingular {
  private PowellSingular() {}

  @Differentiable
  public static double value(double[] x) {
    assert x.length == 4 : "Powell's singular function has four variables";
    double f1 = x[0] + 10 * x[1];
    double f2 = x[2] - x[3];
    double f3 = x[1] - 2 * x[2];
    double f4 = x[0] - x[3];
    return f1 * f1 + 5 * f2 * f2 + f3 * f3 * f3 * f3 + 10 * f4 * f4 * f4 * f4;
  }
}
