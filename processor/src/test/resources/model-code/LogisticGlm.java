package modelcode.logisticglm;

import dev.adjoint.Differentiable;

/** Logistic regression with an L2 penalty; the linear predictors come from a helper. */
public class LogisticGlm {
  private final double[][] x;
  private final boolean[] y;
  private final double lambda;

  public LogisticGlm(double[][] x, boolean[] y, double lambda) {
    this.x = x;
    this.y = y;
    this.lambda = lambda;
  }

  @Differentiable
  public double penalizedNegativeLogLikelihood(double[] beta) {
    double[] eta = linearPredictors(x, beta);
    double loss = 0;
    for (int i = 0; i < eta.length; i++) {
      loss += log1pExp(eta[i]) - (y[i] ? eta[i] : 0.0);
    }
    double penalty = 0;
    for (int j = 1; j < beta.length; j++) {
      penalty += beta[j] * beta[j];
    }
    return loss + 0.5 * lambda * penalty;
  }

  private static double[] linearPredictors(double[][] design, double[] coefficients) {
    double[] eta = new double[design.length];
    for (int i = 0; i < design.length; i++) {
      for (int j = 0; j < coefficients.length; j++) {
        eta[i] += design[i][j] * coefficients[j];
      }
    }
    return eta;
  }

  /** log(1 + e^t) without overflow. */
  private static double log1pExp(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }
}
