package dev.adjoint.sample;

/**
 * Truncated Newton (Newton-CG): each step solves {@code H p = -g} approximately by conjugate
 * gradients, which needs the Hessian only through products {@code H v}, then backtracks along
 * {@code p} until the function decreases enough. With Adjoint's {@code mHessianVector} each product
 * costs a small multiple of a gradient, whatever the dimension, and no Hessian is ever formed.
 */
public final class NewtonCg {
  /** A function with its gradient and Hessian-vector products, as {@code mHessianVector} gives them. */
  @FunctionalInterface
  public interface Curvature {
    /**
     * @param point where to evaluate; not modified
     * @param v the vector to multiply the Hessian with; not modified
     * @param gradient receives the gradient at {@code point}
     * @param hv receives the Hessian at {@code point} times {@code v}
     * @return the function's value at {@code point}
     */
    double valueGradientAndHessianVector(double[] point, double[] v, double[] gradient, double[] hv);
  }

  /**
   * The outcome: the point reached, its value and gradient norm, what it took, and the value at
   * the start and after each Newton step.
   */
  public record Result(
      double[] point,
      double value,
      double gradientNorm,
      int iterations,
      int hessianVectorProducts,
      boolean converged,
      double[] history) {}

  private final double tolerance;
  private final int maxIterations;

  /** Stops when the gradient norm is below 1e-10, or after 200 Newton steps. */
  public NewtonCg() {
    this(1e-10, 200);
  }

  public NewtonCg(double tolerance, int maxIterations) {
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  public Result minimize(Curvature f, double[] start) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double[] hv = new double[n];
    double[] zero = new double[n];
    double value = f.valueGradientAndHessianVector(x, zero, g, hv);
    int products = 0;
    int iteration = 0;
    double[] history = new double[maxIterations + 1];
    history[0] = value;
    while (iteration < maxIterations && Linear.norm(g) > tolerance) {
      iteration++;
      // Conjugate gradients on H p = -g, stopped early (Eisenstat–Walker forcing term) or at
      // negative curvature, where the direction so far (or -g) still descends.
      double[] p = new double[n];
      double[] r = new double[n];
      double[] d = new double[n];
      double[] scratch = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = -g[i];
        d[i] = r[i];
      }
      double forcing = Math.min(0.5, Math.sqrt(Linear.norm(g))) * Linear.norm(g);
      for (int k = 0; k < 2 * n; k++) {
        f.valueGradientAndHessianVector(x, d, scratch, hv);
        products++;
        double curvature = Linear.dot(d, hv);
        if (curvature <= 0) {
          if (k == 0) {
            System.arraycopy(r, 0, p, 0, n);
          }
          break;
        }
        double rr = Linear.dot(r, r);
        double alpha = rr / curvature;
        for (int i = 0; i < n; i++) {
          p[i] += alpha * d[i];
          r[i] -= alpha * hv[i];
        }
        if (Linear.norm(r) < forcing) {
          break;
        }
        double beta = Linear.dot(r, r) / rr;
        for (int i = 0; i < n; i++) {
          d[i] = r[i] + beta * d[i];
        }
      }
      // Backtracking (Armijo) along the Newton direction.
      double slope = Linear.dot(g, p);
      double step = 1;
      double[] trial = new double[n];
      double[] trialGradient = new double[n];
      double trialValue;
      while (true) {
        for (int i = 0; i < n; i++) {
          trial[i] = x[i] + step * p[i];
        }
        trialValue = f.valueGradientAndHessianVector(trial, zero, trialGradient, hv);
        if (trialValue <= value + 1e-4 * step * slope || step < 1e-12) {
          break;
        }
        step /= 2;
      }
      x = trial;
      g = trialGradient;
      value = trialValue;
      history[iteration] = value;
    }
    return new Result(x, value, Linear.norm(g), iteration, products, Linear.norm(g) <= tolerance,
        java.util.Arrays.copyOf(history, iteration + 1));
  }
}
