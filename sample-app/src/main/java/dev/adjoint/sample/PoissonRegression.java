package dev.adjoint.sample;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * Poisson log-linear regression: counts {@code y_i ~ Poisson(exp(x_i · beta))}. The negative
 * log-likelihood is written once, as a statistician would; its gradient and Hessian are generated
 * ({@code PoissonRegressionDerivatives}), and {@link #fit} uses them for Newton's method and the
 * standard errors.
 */
public final class PoissonRegression {
  private PoissonRegression() {}

  /** The negative log-likelihood, without the constant {@code sum log(y_i!)}. */
  @Differentiable(wrt = "beta")
  public static double negativeLogLikelihood(double[] beta, double[][] x, int[] counts) {
    double nll = 0;
    for (int i = 0; i < x.length; i++) {
      double eta = 0;
      for (int j = 0; j < beta.length; j++) {
        eta += beta[j] * x[i][j];
      }
      nll += Math.exp(eta) - counts[i] * eta;
    }
    return nll;
  }

  /** A data set: covariates (a first column of ones) and counts. */
  public record Data(double[][] x, int[] counts) {}

  /** The estimates, their standard errors, and how Newton's method got there. */
  public record Fit(double[] estimate, double[] standardError, int iterations, double gradientNorm) {}

  /** n observations from the model with coefficients {@code beta}, covariates N(0, 0.5²). */
  public static Data simulate(double[] beta, int n, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][beta.length];
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      double eta = beta[0];
      for (int j = 1; j < beta.length; j++) {
        x[i][j] = 0.5 * random.nextGaussian();
        eta += beta[j] * x[i][j];
      }
      counts[i] = poisson(Math.exp(eta), random);
    }
    return new Data(x, counts);
  }

  /** Knuth's method: fine for the small means of these demos (below about 700). */
  static int poisson(double mean, Random random) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  /**
   * The maximum-likelihood estimate by Newton's method from zero, with the generated gradient and
   * Hessian; standard errors from the inverse of the Hessian at the estimate (the observed
   * information).
   */
  public static Fit fit(Data data) {
    int p = data.x()[0].length;
    double[] beta = new double[p];
    double[] grad = new double[p];
    int iterations = 0;
    while (true) {
      PoissonRegressionDerivatives.negativeLogLikelihoodGradient(beta, data.x(), data.counts(), grad);
      if (Linear.norm(grad) < 1e-9 * data.counts().length || iterations == 50) {
        break;
      }
      double[][] hessian =
          PoissonRegressionDerivatives.negativeLogLikelihoodHessian(beta, data.x(), data.counts());
      double[] step = Linear.solve(hessian, grad);
      for (int j = 0; j < p; j++) {
        beta[j] -= step[j];
      }
      iterations++;
    }
    double[][] covariance =
        Linear.inverse(
            PoissonRegressionDerivatives.negativeLogLikelihoodHessian(beta, data.x(), data.counts()));
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      se[j] = Math.sqrt(covariance[j][j]);
    }
    return new Fit(beta, se, iterations, Linear.norm(grad));
  }
}
