package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/** The functions the benchmarks differentiate, written as a user would write them. */
public final class Problems {
  private Problems() {}

  /** The extended Rosenbrock function: a sum over consecutive pairs. */
  @Differentiable
  public static double extendedRosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1 - x[i];
      sum += 100 * a * a + b * b;
    }
    return sum;
  }

  /** The negative log-likelihood of logistic regression, labels in {0, 1}. */
  @Differentiable(wrt = "w")
  public static double logisticNll(double[] w, double[][] x, double[] y) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      // log(1 + exp(z)) - y z, computed without overflow.
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      nll += softplus - y[i] * z;
    }
    return nll;
  }
}
