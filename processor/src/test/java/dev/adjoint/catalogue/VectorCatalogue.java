package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/**
 * Vector-valued functions ({@code double[]} results) as users write them: residuals for least
 * squares, right-hand sides of ODEs, maps between coordinates. {@link JacobianTest} checks their
 * generated Jacobian products and Jacobians against finite differences.
 */
final class VectorCatalogue {
  private VectorCatalogue() {}

  /** Residuals of an exponential decay model, for Gauss–Newton. */
  @Differentiable(wrt = "theta")
  @LoopDomain(lows = {0.5, 0, -1}, highs = {2, 3, 1}, sizes = {2, 7, 7, 2, 3, 3}, wrt = 0)
  static double[] decayResiduals(double[] theta, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = theta[0] * Math.exp(-theta[1] * t[i]) - y[i];
    }
    return r;
  }

  /** The Lotka–Volterra right-hand side, differentiated in the state and the rates. */
  @Differentiable
  @LoopDomain(lows = {0.5, 0.5, 0.1, 0.5, 0.1}, highs = {2, 1.5, 1, 1.5, 1}, sizes = 2)
  static double[] lotkaVolterra(double[] state, double alpha, double beta, double gamma, double delta) {
    double prey = state[0];
    double predators = state[1];
    double[] rate = new double[2];
    rate[0] = alpha * prey - beta * prey * predators;
    rate[1] = delta * prey * predators - gamma * predators;
    return rate;
  }

  /** The Lorenz system's right-hand side. */
  @Differentiable
  @LoopDomain(lows = {-5, 5, 20, 1}, highs = {5, 15, 30, 3}, sizes = 3)
  static double[] lorenz(double[] s, double sigma, double rho, double beta) {
    double[] ds = new double[3];
    ds[0] = sigma * (s[1] - s[0]);
    ds[1] = s[0] * (rho - s[2]) - s[1];
    ds[2] = s[0] * s[1] - beta * s[2];
    return ds;
  }

  /** Softmax with the maximum subtracted first. */
  @Differentiable
  @LoopDomain(lo = -3, hi = 3, sizes = {4, 1, 6})
  static double[] softmax(double[] z) {
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

  /** Polar to Cartesian coordinates: two scalars in, two out. */
  @Differentiable
  @LoopDomain(lows = {0.5, -3}, highs = {2, 3})
  static double[] polarToCartesian(double r, double theta) {
    double[] xy = new double[2];
    xy[0] = r * Math.cos(theta);
    xy[1] = r * Math.sin(theta);
    return xy;
  }

  /** More outputs than inputs: features of one number (the Jacobian goes by columns). */
  @Differentiable
  @LoopDomain(lo = -1.5, hi = 1.5)
  static double[] features(double x) {
    double[] f = new double[5];
    f[0] = x;
    f[1] = x * x;
    f[2] = f[1] * x;
    f[3] = Math.sin(x);
    f[4] = Math.exp(-x * x);
    return f;
  }

  /** Explicit Euler steps of y' = -k y + sin(t): overwrites in a loop, recorded on the tape. */
  @Differentiable(wrt = {"y0", "k"})
  @LoopDomain(lows = {-1, 0.2}, highs = {1, 2}, sizes = 3, ints = {5, 12}, wrt = {0, 1})
  static double[] eulerSteps(double[] y0, double k, int steps) {
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
  @LoopDomain(sizes = {3, 4, 4, 2, 2, 2})
  static double[] matVec(double[][] a, double[] x) {
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

  /** Branches per element, and a returned array chosen by a branch. */
  @Differentiable
  @LoopDomain(lo = -2, hi = 2, sizes = {5, 3})
  static double[] huberResiduals(double[] r) {
    double[] out = new double[r.length];
    double[] squares = new double[r.length];
    double total = 0;
    for (int i = 0; i < r.length; i++) {
      double a = Math.abs(r[i]);
      out[i] = a <= 1 ? 0.5 * r[i] * r[i] : a - 0.5;
      squares[i] = r[i] * r[i];
      total += squares[i];
    }
    if (total > 6) {
      return squares;
    }
    return out;
  }

  /** A call of a scalar @Differentiable method for each output. */
  @Differentiable
  @LoopDomain(lo = -4, hi = 4, sizes = {4, 2})
  static double[] softplusAll(double[] z) {
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = LoopCatalogue.softplus(z[i]) * (i + 1);
    }
    return out;
  }

  /**
   * Residuals of a model whose prediction for each observation is built in an array made for that
   * observation (the basis values, as long as the observation's own degree).
   */
  @Differentiable(wrt = "coefficients")
  @LoopDomain(lows = {-1, -1, -1}, highs = {1, 1, 1}, sizes = {4, 5, 5, 3, 2, 2}, wrt = 0)
  static double[] perObservationBasisResiduals(double[] coefficients, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      double[] basis = new double[1 + i % coefficients.length];
      basis[0] = 1;
      for (int k = 1; k < basis.length; k++) {
        basis[k] = basis[k - 1] * t[i] * coefficients[k];
      }
      double prediction = 0;
      for (int k = 0; k < basis.length; k++) {
        prediction += coefficients[k] * basis[k];
      }
      r[i] = prediction - y[i];
    }
    return r;
  }

  /** Components that pass a whole matrix on: x'Ax and a weighted one, with A and x differentiated. */
  @Differentiable
  @LoopDomain(lows = {-1, -1}, highs = {1, 1}, sizes = {3, 3, 3, 2, 2, 2})
  static double[] matrixPassedOn(double[][] a, double[] x) {
    double[] out = new double[2];
    out[0] = LoopCatalogue.quadraticForm(a, x);
    out[1] = Math.sin(out[0]) * LoopCatalogue.choleskyLogDetOfSquares(a);
    return out;
  }
}
