package golden;

import dev.adjoint.Differentiable;

/**
 * What {@code mHessianEdges} records: a chain whose terms couple neighbours, an accumulator
 * reused by every iteration, a local array, a branch on an element, a loop on a value, matrices,
 * and calls of another method's recording.
 */
public final class Edges {
  private Edges() {}

  /** Each term couples x[i] and x[i + 1]: one statement per term, its two first partials and one second. */
  @Differentiable
  public static double chain(double[] x) {
    double f = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      f += x[i] * x[i + 1];
    }
    return f;
  }

  /** A local array written in a loop, then read back by a log-sum-exp. */
  @Differentiable(wrt = "x")
  public static double logSumExpOfSquares(double[] x, double scale) {
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = scale * x[i] * x[i];
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      sum += Math.exp(z[i]);
    }
    return Math.log(sum);
  }

  /** A neighbour read on one side of ?: only, and a loop that runs until a value is large. */
  @Differentiable
  public static double growUntilLarge(double[] x, double rate) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += i > 0 ? x[i - 1] * x[i] : x[i] * x[i];
    }
    while (s < 10) {
      s = s * rate + 1;
    }
    return s;
  }

  /** Called by {@link #pairEnergy}: its recording reads its inputs' keys from the caller. */
  @Differentiable
  public static double bond(double a, double b) {
    double d = a - b;
    return d * d;
  }

  /** Calls of bond: on two elements, and on an argument computed first. */
  @Differentiable
  public static double pairEnergy(double[] x, double k) {
    double e = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      e += bond(x[i], x[i + 1]);
    }
    return e + bond(k * x[0], 1.0);
  }

  /**
   * A matrix parameter, its elements keyed row after row as the gradient lays them out, and a
   * local matrix written in a loop, keyed where it is made.
   */
  @Differentiable
  public static double rowProducts(double[][] a, double[] x) {
    double[][] m = new double[a.length][x.length];
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < x.length; j++) {
        m[i][j] = a[i][j] * x[j];
        s += m[i][j] * m[i][j];
      }
    }
    return s;
  }
}
