package modelcode.wood;

import dev.adjoint.Differentiable;

/** Wood's function (MGH no. 14), four variables. */
public final class Wood {
  private static final double A = 100.0;
  private static final double B = 90.0;
  private static final double C = 10.1;
  private static final double D = 19.8;

  private Wood() {}

  @Differentiable
  public static double value(double x1, double x2, double x3, double x4) {
    double t1 = x2 - x1 * x1;
    double t2 = x4 - x3 * x3;
    return A * t1 * t1 + (1 - x1) * (1 - x1) + B * t2 * t2 + (1 - x3) * (1 - x3)
        + C * ((x2 - 1) * (x2 - 1) + (x4 - 1) * (x4 - 1)) + D * (x2 - 1) * (x4 - 1);
  }
}
