package modelcode.poissonglm;

import dev.adjoint.Differentiable;

/** Poisson regression with a log link, the negative log-likelihood an optimiser minimises. */
public class PoissonGlm {
  private final double[][] design;
  private final int[] counts;
  private final double[] offset;

  public PoissonGlm(double[][] design, int[] counts, double[] offset) {
    this.design = design;
    this.counts = counts;
    this.offset = offset;
  }

  public int getDimension() {
    return design[0].length;
  }

  public int getNumberOfObservations() {
    return counts.length;
  }

  @Differentiable
  public double negativeLogLikelihood(double[] beta) {
    if (beta.length != getDimension()) {
      throw new IllegalArgumentException("expected " + getDimension() + " coefficients");
    }
    double nll = 0;
    for (int i = 0; i < getNumberOfObservations(); i++) {
      double eta = offset[i] + dot(design[i], beta);
      nll += Math.exp(eta) - counts[i] * eta;
    }
    return nll;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
