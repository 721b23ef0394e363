package golden;

import dev.adjoint.Differentiable;

/** A call of another @Differentiable method goes through that method's companion. */
final class Calls {
  private Calls() {}

  @Differentiable
  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  /** A one-observation logistic loss with an offset, calling softplus twice. */
  @Differentiable(wrt = {"w", "b"})
  static double loss(double w, double b, double x, boolean label) {
    double margin = w * x + b;
    return label ? softplus(-margin) : softplus(margin) + 0.5 * w * w;
  }
}
