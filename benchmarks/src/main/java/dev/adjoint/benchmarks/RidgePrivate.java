package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * L2-penalised logistic regression with its state private: the generated code reads it through
 * handles. {@link PrivateFieldCost}
 * compares its gradient with that of {@link RidgePackage}, the same code with the other access.
 */
public final class RidgePrivate {
  private static final double HALF = 0.5;
  private final double[][] x;
  private final double[] y;
  private final double lambda;

  public RidgePrivate(double[][] x, double[] y, double lambda) {
    this.x = x;
    this.y = y;
    this.lambda = lambda;
  }

  @Differentiable
  public double loss(double[] w) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      nll += Math.log1p(Math.exp(z)) - y[i] * z;
    }
    double penalty = 0;
    for (int j = 0; j < w.length; j++) {
      penalty += penalty(j) * w[j] * w[j];
    }
    return nll + HALF * lambda * penalty;
  }

  /** The intercept (column 0) is not penalised. */
  private static double penalty(int j) {
    return j == 0 ? 0.0 : 1.0;
  }
}
