package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.base.Shifted;

/**
 * Model code as it is written, with its state private: private data and parameters, private
 * constants, private helpers computing data, a protected field of a superclass in another
 * package, and a static field of the enclosing class. The generated code reads them where they
 * are, through handles.
 */
public final class PrivateState {
  /** How strongly every model pulls its location to zero: a static field of the enclosing class. */
  private static double shrinkage = 0.3;

  private PrivateState() {}

  /** Sets {@link #shrinkage}, which generated code must read when it runs, not copy. */
  static void setShrinkage(double value) {
    shrinkage = value;
  }

  /** A weighted normal likelihood with a smooth prior. */
  public static final class Model extends Shifted {
    private static final double HALF_LOG_TWO_PI = 0.9189385332046727;
    private static final int PERIOD = 3;
    private static double priorWeight = 0.5;
    /** How often {@link #count} ran: a helper called as a statement. */
    private static int calls;

    private final double[] data;
    private final double[] coefficients;
    private double scale;

    Model(double[] data, double[] coefficients, double scale, double offset) {
      super(offset);
      this.data = data;
      this.coefficients = coefficients;
      this.scale = scale;
    }

    void setScale(double scale) {
      this.scale = scale;
    }

    static int calls() {
      return calls;
    }

    @Differentiable
    double logLikelihood(double mu, double logSigma) {
      count(data.length);
      double sigma = Math.exp(logSigma) * scale;
      double sum = 0;
      for (int i = 0; i < data.length; i++) {
        double z = (data[i] - mu - offset) / sigma;
        double w = coefficients[index(i % PERIOD, 0)] + coefficients[index(i % PERIOD, 1)] * z;
        sum += (-HALF_LOG_TWO_PI - logSigma - 0.5 * z * z) * weight(i);
        sum += 0.01 * w * w;
      }
      return sum - shrinkage * mu * mu - prior(priorWeight) * logSigma * logSigma;
    }

    /** The element (i, j) of the coefficients, stored by rows of two. */
    private static int index(int i, int j) {
      return 2 * i + j;
    }

    private static double weight(int i) {
      return 1.0 + (i % PERIOD) * 0.25;
    }

    private static double prior(double a) {
      return a * a + 0.1;
    }

    private static void count(int n) {
      calls += n > 0 ? 1 : 0;
    }
  }
}
