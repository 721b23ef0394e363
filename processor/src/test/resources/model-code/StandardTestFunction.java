package modelcode.testfunctions;

import dev.adjoint.Differentiable;

/** A benchmark objective chosen by name, as optimisation test suites hold them. */
public class StandardTestFunction {
  public enum Kind { SPHERE, RASTRIGIN, STYBLINSKI_TANG }

  private static final double TWO_PI = 2 * Math.PI;

  private final Kind kind;

  public StandardTestFunction(Kind kind) {
    this.kind = kind;
  }

  @Differentiable
  public double value(double[] x) {
    double f = 0;
    for (double xi : x) {
      f += switch (kind) {
        case SPHERE -> xi * xi;
        case RASTRIGIN -> xi * xi - 10 * Math.cos(TWO_PI * xi) + 10;
        case STYBLINSKI_TANG -> 0.5 * (xi * xi * xi * xi - 16 * xi * xi + 5 * xi);
      };
    }
    return f;
  }
}
