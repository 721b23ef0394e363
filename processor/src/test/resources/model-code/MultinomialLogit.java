package modelcode.multinomial;

import dev.adjoint.Differentiable;

/** Softmax regression: a K x p coefficient matrix, scores per observation from a matrix helper. */
public class MultinomialLogit {
  private final double[][] features;
  private final int[] labels;

  public MultinomialLogit(double[][] features, int[] labels) {
    this.features = features;
    this.labels = labels;
  }

  @Differentiable
  public double negativeLogLikelihood(double[][] weights) {
    double nll = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] scores = multiply(weights, features[i]);
      double max = scores[0];
      for (int c = 1; c < scores.length; c++) {
        max = Math.max(max, scores[c]);
      }
      double z = 0;
      for (int c = 0; c < scores.length; c++) {
        z += Math.exp(scores[c] - max);
      }
      nll += max + Math.log(z) - scores[labels[i]];
    }
    return nll;
  }

  private static double[] multiply(double[][] w, double[] x) {
    double[] out = new double[w.length];
    for (int c = 0; c < w.length; c++) {
      for (int j = 0; j < x.length; j++) {
        out[c] += w[c][j] * x[j];
      }
    }
    return out;
  }
}
