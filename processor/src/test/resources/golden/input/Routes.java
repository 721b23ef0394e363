package golden;

import dev.adjoint.Differentiable;
import dev.adjoint.HessianRoute;

/** A sparse Hessian's route forced by the annotation: edge pushing, and colouring. */
public final class Routes {
  private Routes() {}

  /** Squares of neighbours' differences, refilled by edge pushing. */
  @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
  public static double smoothness(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double d = x[i + 1] - x[i];
      f += d * d;
    }
    return f;
  }

  /** The same sum, refilled by colouring. */
  @Differentiable(hessian = HessianRoute.COLORING)
  public static double smoothnessByColoring(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double d = x[i + 1] - x[i];
      f += d * d;
    }
    return f;
  }
}
