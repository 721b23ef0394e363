package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/** Differentiable building blocks that catalogue functions call through their companion. */
public final class Library {
  private Library() {}

  @Differentiable
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  @Differentiable
  public static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** log N(x | mu, sigma). */
  @Differentiable
  public static double normalLogPdf(double x, double mu, double sigma) {
    double z = (x - mu) / sigma;
    return -0.5 * z * z - Math.log(sigma) - 0.9189385332046728;
  }

  /** Differentiated in x only; scale and power are data. */
  @Differentiable(wrt = "x")
  static double scaledPower(double x, double scale, int power) {
    return scale * Math.pow(x, power);
  }
}
