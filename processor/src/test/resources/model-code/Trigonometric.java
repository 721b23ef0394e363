package modelcode.trigonometric;

import dev.adjoint.Differentiable;

/** The trigonometric function (MGH no. 26): residuals from a helper, and their sum of squares. */
public final class Trigonometric {
  private Trigonometric() {}

  @Differentiable
  public static double value(double[] x) {
    double[] r = residuals(x);
    double f = 0;
    for (double ri : r) {
      f += ri * ri;
    }
    return f;
  }

  @Differentiable
  public static double[] residuals(double[] x) {
    int n = x.length;
    double cosSum = 0;
    for (int j = 0; j < n; j++) {
      cosSum += Math.cos(x[j]);
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = n - cosSum + (i + 1) * (1 - Math.cos(x[i])) - Math.sin(x[i]);
    }
    return r;
  }
}
