package golden;

import dev.adjoint.Differentiable;

/** Array parameters: the gradient holds their elements in declaration order. */
final class Vectors {
  private Vectors() {}

  /** A two-parameter Poisson regression term on a parameter vector, with data arrays. */
  @Differentiable(wrt = "beta")
  static double poissonTerm(double[] beta, double[] x, int[] y, int i) {
    double eta = beta[0] + beta[1] * x[i];
    return y[i] * eta - Math.exp(eta);
  }
}
