package golden;

import dev.adjoint.Differentiable;

/**
 * Private state, read where it is: a private field and a private static helper through handles
 * the companion makes once, a private constant by a named copy; a private field deciding a sparse
 * pattern, in the pattern's key.
 */
public class PrivateState {
  private static final double HALF = 0.5;
  private final double[] weights;
  private int reach = 1;

  PrivateState(double[] weights) {
    this.weights = weights;
  }

  @Differentiable
  public double energy(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += HALF * weights[wrap(i, weights.length)] * x[i] * x[i];
    }
    return sum;
  }

  @Differentiable
  public double coupling(double[] x) {
    double sum = 0;
    for (int i = 0; i + reach < x.length; i++) {
      sum += x[i] * x[i + reach];
    }
    return sum;
  }

  private static int wrap(int i, int n) {
    return i % n;
  }
}
