package golden;

import dev.adjoint.Differentiable;

/**
 * Helpers without annotations: Adjoint differentiates them because the annotated method calls
 * them with values that carry derivatives. Their derivatives are private methods of the companion.
 */
public class Helpers {
  final double[] weights;

  Helpers(double[] weights) {
    this.weights = weights;
  }

  /** A private static helper. */
  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** A private getter returning int: data, called through its method handle. */
  private int size() {
    return weights.length;
  }

  /** An instance helper, called on this. */
  private double term(double x, int i) {
    return weights[i] * softplus(x);
  }

  @Differentiable
  public double total(double[] x) {
    double s = 0;
    for (int i = 0; i < size(); i++) {
      s += term(x[i], i);
    }
    return s;
  }

  /** A helper returning double[]: read in place of its call, its statements in the caller's. */
  private double[] weighted(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = weights[i] * x[i];
    }
    return out;
  }

  @Differentiable
  public double weightedSquares(double[] x) {
    double[] w = weighted(x);
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += softplus(w[i]) * w[i];
    }
    return s;
  }
}
