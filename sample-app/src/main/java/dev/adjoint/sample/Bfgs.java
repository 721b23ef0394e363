package dev.adjoint.sample;

import java.util.Arrays;
import java.util.Objects;

/**
 * Unconstrained minimisation with the BFGS quasi-Newton method and a backtracking (Armijo) line
 * search, driven only by values and gradients.
 *
 * <p>The method keeps a dense approximation of the inverse Hessian, so it suits problems with a few
 * hundred variables at most. It stops when the gradient's Euclidean norm is at most the tolerance.
 */
public final class Bfgs {
  /** The default tolerance on the gradient's Euclidean norm. */
  public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-9;

  /** The default limit on the number of iterations. */
  public static final int DEFAULT_MAX_ITERATIONS = 1_000;

  /** Sufficient-decrease constant of the Armijo condition. */
  private static final double ARMIJO = 1e-4;

  /** Factor by which a rejected step is shortened. */
  private static final double BACKTRACK = 0.5;

  /** How many times one line search may shorten its step before giving up. */
  private static final int MAX_BACKTRACKS = 60;

  private final double gradientTolerance;
  private final int maxIterations;

  /** An optimiser with {@link #DEFAULT_GRADIENT_TOLERANCE} and {@link #DEFAULT_MAX_ITERATIONS}. */
  public Bfgs() {
    this(DEFAULT_GRADIENT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * An optimiser with the given stopping rules.
   *
   * @param gradientTolerance stop once the gradient's Euclidean norm is at most this; positive
   * @param maxIterations stop after this many iterations; positive
   */
  public Bfgs(double gradientTolerance, int maxIterations) {
    if (!(gradientTolerance > 0) || Double.isInfinite(gradientTolerance)) {
      throw new IllegalArgumentException(
          "gradientTolerance must be positive and finite, was " + gradientTolerance);
    }
    if (maxIterations <= 0) {
      throw new IllegalArgumentException("maxIterations must be positive, was " + maxIterations);
    }
    this.gradientTolerance = gradientTolerance;
    this.maxIterations = maxIterations;
  }

  /** Why a run stopped. */
  public enum Status {
    /** The gradient norm reached the tolerance. */
    CONVERGED,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /**
     * No step along the search direction decreased the function enough, usually because the
     * tolerance is below what rounding allows.
     */
    LINE_SEARCH_FAILED
  }

  /**
   * The outcome of a run.
   *
   * @param point the best point found
   * @param value the function's value at {@code point}
   * @param gradient the gradient at {@code point}
   * @param iterations the number of BFGS iterations (accepted steps)
   * @param evaluations the number of calls to the objective, including the one at the start
   * @param status why the run stopped
   */
  public record Result(
      double[] point,
      double value,
      double[] gradient,
      int iterations,
      int evaluations,
      Status status) {

    /** Copies the arrays, so a result never changes. */
    public Result {
      point = point.clone();
      gradient = gradient.clone();
      Objects.requireNonNull(status, "status");
    }

    /** Returns a copy of the best point found. */
    @Override
    public double[] point() {
      return point.clone();
    }

    /** Returns a copy of the gradient at the best point. */
    @Override
    public double[] gradient() {
      return gradient.clone();
    }

    /** Returns the Euclidean norm of the gradient at the best point. */
    public double gradientNorm() {
      return norm(gradient);
    }

    /** Returns whether the gradient norm reached the tolerance. */
    public boolean converged() {
      return status == Status.CONVERGED;
    }

    @Override
    public String toString() {
      return "Result[point=" + Arrays.toString(point) + ", value=" + value
          + ", gradientNorm=" + gradientNorm() + ", iterations=" + iterations
          + ", evaluations=" + evaluations + ", status=" + status + "]";
    }
  }

  /**
   * Minimises {@code objective} starting from {@code start}.
   *
   * @param objective the function to minimise
   * @param start the starting point; not modified
   * @return the point where the run stopped, with statistics
   * @throws IllegalArgumentException if {@code start} is empty or the objective's value or gradient
   *     there is not finite
   */
  public Result minimize(Objective objective, double[] start) {
    Objects.requireNonNull(objective, "objective");
    int n = start.length;
    if (n == 0) {
      throw new IllegalArgumentException("start must have at least one element");
    }

    double[] x = start.clone();
    double[] g = new double[n];
    double f = objective.valueAndGradient(x, g);
    int evaluations = 1;
    if (!Double.isFinite(f) || !isFinite(g)) {
      throw new IllegalArgumentException(
          "objective is not finite at the start point " + Arrays.toString(start));
    }

    double[][] h = identity(n); // approximation of the inverse Hessian
    double[] p = new double[n]; // search direction
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    double[] s = new double[n]; // step taken
    double[] y = new double[n]; // change in gradient
    double[] hy = new double[n];

    int iterations = 0;
    Status status = Status.MAX_ITERATIONS;
    while (true) {
      if (norm(g) <= gradientTolerance) {
        status = Status.CONVERGED;
        break;
      }
      if (iterations == maxIterations) {
        break;
      }

      multiply(h, g, p);
      negate(p);
      double slope = dot(g, p);
      if (!(slope < 0)) {
        // The approximation lost positive definiteness to rounding: restart with steepest descent.
        h = identity(n);
        System.arraycopy(g, 0, p, 0, n);
        negate(p);
        slope = dot(g, p);
      }

      // Backtracking line search for the Armijo condition f(x + a p) <= f(x) + c a (g . p).
      double alpha = 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int trial = 0; trial <= MAX_BACKTRACKS; trial++) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + alpha * p[i];
        }
        fNew = objective.valueAndGradient(xNew, gNew);
        evaluations++;
        if (fNew <= f + ARMIJO * alpha * slope && isFinite(gNew)) {
          accepted = true;
          break;
        }
        alpha *= BACKTRACK;
      }
      if (!accepted) {
        status = Status.LINE_SEARCH_FAILED;
        break;
      }

      for (int i = 0; i < n; i++) {
        s[i] = xNew[i] - x[i];
        y[i] = gNew[i] - g[i];
      }
      double sy = dot(s, y);
      // Update only under the curvature condition; otherwise the approximation would stop being
      // positive definite. An Armijo-only search does not guarantee it, so skipping is normal.
      if (sy > 1e-12 * norm(s) * norm(y)) {
        if (iterations == 0) {
          // Scale the initial identity to the curvature just seen (Nocedal and Wright, eq. 6.20).
          double scale = sy / dot(y, y);
          for (int i = 0; i < n; i++) {
            h[i][i] = scale;
          }
        }
        updateInverseHessian(h, s, y, sy, hy);
      }

      double[] t = x;
      x = xNew;
      xNew = t;
      t = g;
      g = gNew;
      gNew = t;
      f = fNew;
      iterations++;
    }
    return new Result(x, f, g, iterations, evaluations, status);
  }

  /**
   * The BFGS update H' = (I - r s y^T) H (I - r y s^T) + r s s^T with r = 1 / (s . y), expanded
   * so it needs only the product H y.
   */
  private static void updateInverseHessian(
      double[][] h, double[] s, double[] y, double sy, double[] hy) {
    int n = s.length;
    double rho = 1.0 / sy;
    multiply(h, y, hy);
    double ssFactor = rho + rho * rho * dot(y, hy);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i][j] += ssFactor * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
      }
    }
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1.0;
    }
    return m;
  }

  private static void multiply(double[][] m, double[] v, double[] out) {
    for (int i = 0; i < m.length; i++) {
      out[i] = dot(m[i], v);
    }
  }

  private static void negate(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = -v[i];
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static boolean isFinite(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }
}
