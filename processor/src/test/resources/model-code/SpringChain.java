package modelcode.springs;

import dev.adjoint.Differentiable;

/** Potential energy of masses on a line joined by springs, with a choice of boundary. */
public class SpringChain {
  public enum Boundary { FREE, FIXED, PERIODIC }

  private final double[] stiffness;
  private final double restLength;
  private final Boundary boundary;

  public SpringChain(double[] stiffness, double restLength, Boundary boundary) {
    this.stiffness = stiffness;
    this.restLength = restLength;
    this.boundary = boundary;
  }

  @Differentiable
  public double energy(double[] x) {
    int n = x.length;
    double e = 0;
    for (int i = 0; i + 1 < n; i++) {
      double s = stretch(x[i + 1] - x[i], restLength);
      e += 0.5 * stiffness[i] * s * s;
    }
    switch (boundary) {
      case FIXED:
        e += 0.5 * stiffness[0] * x[0] * x[0];
        e += 0.5 * stiffness[n - 1] * (x[n - 1] - n * restLength) * (x[n - 1] - n * restLength);
        break;
      case PERIODIC:
        double s = stretch(x[0] + n * restLength - x[n - 1], restLength);
        e += 0.5 * stiffness[n - 1] * s * s;
        break;
      default:
        break;
    }
    return e;
  }

  private static double stretch(double distance, double rest) {
    return distance - rest;
  }
}
