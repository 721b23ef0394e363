package modelcode.brown;

import dev.adjoint.Differentiable;

/** Brown's almost-linear function (MGH no. 27) as a vector of residuals. */
public final class BrownAlmostLinear {
  private BrownAlmostLinear() {}

  @Differentiable
  public static double[] residuals(double[] x) {
    int n = x.length;
    double sum = 0;
    double product = 1;
    for (int j = 0; j < n; j++) {
      sum += x[j];
      product *= x[j];
    }
    double[] f = new double[n];
    for (int i = 0; i < n - 1; i++) {
      f[i] = x[i] + sum - (n + 1);
    }
    f[n - 1] = product - 1;
    return f;
  }
}
