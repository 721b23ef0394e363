package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/** A vector-valued method (its Jacobian products) calling helpers without annotations. */
final class ImplicitVectorHelpers {
  private ImplicitVectorHelpers() {}

  private static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double mix(double a, double[] w) {
    return a * w[0] + logistic(a * w[1]);
  }

  @Differentiable
  static double[] rates(double[] w, double t) {
    double[] out = new double[2];
    out[0] = mix(t, w) * logistic(w[0]);
    out[1] = logistic(t * w[1]) + mix(w[1], w);
    return out;
  }
}
