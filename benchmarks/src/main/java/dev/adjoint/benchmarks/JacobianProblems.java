package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * Vector-valued problems for the dense Jacobian ({@link JacobianChunks}): small right-hand sides
 * and maps as in the processor's vector catalogue, a tall residual vector (many more outputs than
 * parameters) and a wide map (many more inputs than outputs).
 */
public final class JacobianProblems {
  private JacobianProblems() {}

  /** Residuals of a model with a nonlinear link: tanh of a linear predictor, one per observation. */
  @Differentiable(wrt = "theta")
  public static double[] linkResiduals(double[] theta, double[][] basis, double[] y) {
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double prediction = 0;
      for (int j = 0; j < theta.length; j++) {
        prediction += theta[j] * basis[i][j];
      }
      r[i] = Math.tanh(prediction) - y[i];
    }
    return r;
  }

  /** Few outputs over many inputs: weighted sums of a smooth function of each input. */
  @Differentiable(wrt = "x")
  public static double[] wideMap(double[] x, double[][] weights) {
    double[] out = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      double sum = 0;
      for (int j = 0; j < x.length; j++) {
        sum += weights[i][j] * x[j] * x[j] / (1 + x[j] * x[j]);
      }
      out[i] = sum;
    }
    return out;
  }

  /** Residuals of an exponential decay model. */
  @Differentiable(wrt = "theta")
  public static double[] decayResiduals(double[] theta, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = theta[0] * Math.exp(-theta[1] * t[i]) - y[i];
    }
    return r;
  }

  /** The Lorenz system's right-hand side. */
  @Differentiable
  public static double[] lorenz(double[] s, double sigma, double rho, double beta) {
    double[] ds = new double[3];
    ds[0] = sigma * (s[1] - s[0]);
    ds[1] = s[0] * (rho - s[2]) - s[1];
    ds[2] = s[0] * s[1] - beta * s[2];
    return ds;
  }

  /** Softmax with the maximum subtracted first. */
  @Differentiable
  public static double[] softmax(double[] z) {
    double max = z[0];
    for (int i = 1; i < z.length; i++) {
      max = Math.max(max, z[i]);
    }
    double[] p = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Explicit Euler steps of y' = -k y^3 + sin(t), recorded on the tape in reverse. */
  @Differentiable(wrt = {"y0", "k"})
  public static double[] eulerSteps(double[] y0, double k, int steps) {
    double[] y = new double[y0.length];
    for (int i = 0; i < y0.length; i++) {
      y[i] = y0[i];
    }
    double dt = 0.1;
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] + dt * (-k * y[i] * y[i] * y[i] + Math.sin(s * dt + i));
      }
    }
    return y;
  }

  /** A matrix times a vector, differentiated in both. */
  @Differentiable
  public static double[] matVec(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double sum = 0;
      for (int j = 0; j < x.length; j++) {
        sum += a[i][j] * x[j];
      }
      y[i] = sum;
    }
    return y;
  }
}
