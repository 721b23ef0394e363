package modelcode.rosenbrock;

import dev.adjoint.Differentiable;

/** The extended Rosenbrock function (Moré, Garbow and Hillstrom no. 21) as an objective object. */
public class ExtendedRosenbrock {
  private final int n;

  public ExtendedRosenbrock(int n) {
    if (n % 2 != 0) {
      throw new IllegalArgumentException("the extended Rosenbrock function needs an even dimension");
    }
    this.n = n;
  }

  public int getDimension() {
    return n;
  }

  @Differentiable
  public double value(double[] x) {
    if (x.length != getDimension()) {
      throw new IllegalArgumentException("dimension " + x.length + ", expected " + n);
    }
    double f = 0;
    for (int i = 0; i < n; i += 2) {
      double t1 = 10 * (x[i + 1] - x[i] * x[i]);
      double t2 = 1 - x[i];
      f += t1 * t1 + t2 * t2;
    }
    return f;
  }
}
