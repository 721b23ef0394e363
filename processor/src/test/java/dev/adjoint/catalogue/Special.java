package dev.adjoint.catalogue;

import dev.adjoint.GradientOf;
import dev.adjoint.HessianVectorOf;

/**
 * Special functions Adjoint cannot differentiate (they loop), made callable from
 * {@code @Differentiable} methods by a {@code @GradientOf} method beside each, and twice
 * differentiable by a {@code @HessianVectorOf} method.
 */
public final class Special {
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private Special() {}

  /** log Γ(x) for x > 0, by the Lanczos approximation (g = 7). */
  public static double logGamma(double x) {
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int k = 1; k < LANCZOS.length; k++) {
      sum += LANCZOS[k] / (z + k);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** The derivative of {@link #logGamma}: the derivative of the same approximation, exactly. */
  @GradientOf("logGamma")
  public static double logGammaGradient(double x, double[] grad) {
    double z = x - 1;
    double sum = LANCZOS[0];
    double sumPrime = 0;
    for (int k = 1; k < LANCZOS.length; k++) {
      sum += LANCZOS[k] / (z + k);
      sumPrime -= LANCZOS[k] / ((z + k) * (z + k));
    }
    double t = z + 7.5;
    grad[0] = Math.log(t) + (z + 0.5) / t - 1 + sumPrime / sum;
    return logGamma(x);
  }

  /** The second derivative of {@link #logGamma}'s approximation, exactly. */
  static double trigamma(double x) {
    double z = x - 1;
    double sum = LANCZOS[0];
    double sumPrime = 0;
    double sumSecond = 0;
    for (int k = 1; k < LANCZOS.length; k++) {
      double d = z + k;
      sum += LANCZOS[k] / d;
      sumPrime -= LANCZOS[k] / (d * d);
      sumSecond += 2 * LANCZOS[k] / (d * d * d);
    }
    double t = z + 7.5;
    double ratio = sumPrime / sum;
    return 1 / t + 7 / (t * t) + sumSecond / sum - ratio * ratio;
  }

  @HessianVectorOf("logGamma")
  public static double logGammaHessianVector(double x, double[] v, double[] grad, double[] hv) {
    hv[0] = trigamma(x) * v[0];
    return logGammaGradient(x, grad);
  }

  /** log B(a, b), whose gradient comes from logGamma's. */
  static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  @GradientOf("logBeta")
  static double logBetaGradient(double a, double b, double[] grad) {
    double[] g = new double[1];
    logGammaGradient(a + b, g);
    double dab = g[0];
    logGammaGradient(a, g);
    grad[0] = g[0] - dab;
    logGammaGradient(b, g);
    grad[1] = g[0] - dab;
    return logBeta(a, b);
  }

  @HessianVectorOf("logBeta")
  static double logBetaHessianVector(double a, double b, double[] v, double[] grad, double[] hv) {
    double both = trigamma(a + b);
    hv[0] = (trigamma(a) - both) * v[0] - both * v[1];
    hv[1] = -both * v[0] + (trigamma(b) - both) * v[1];
    return logBetaGradient(a, b, grad);
  }
}
