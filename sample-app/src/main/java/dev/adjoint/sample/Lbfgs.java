package dev.adjoint.sample;

/**
 * Limited-memory BFGS: the inverse Hessian is applied through the last few steps and gradient
 * changes (the two-loop recursion), so memory and work per step grow linearly with the dimension.
 * Steps are shortened until the Armijo condition holds, or lengthened while the slope along them
 * stays steep.
 */
public final class Lbfgs {
  /** The outcome: the point reached, its value and gradient norm, what it took, the values on the way. */
  public record Result(
      double[] point,
      double value,
      double gradientNorm,
      int iterations,
      int evaluations,
      boolean converged,
      double[] history) {}

  private final int memory;
  private final double tolerance;
  private final int maxIterations;

  /** Ten remembered steps; stops at a gradient norm of 1e-9, or after 10,000 iterations. */
  public Lbfgs() {
    this(10, 1e-9, 10_000);
  }

  public Lbfgs(int memory, double tolerance, int maxIterations) {
    this.memory = memory;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  public Result minimize(Objective f, double[] start) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double value = f.valueAndGradient(x, g);
    int evaluations = 1;
    double[][] s = new double[memory][];
    double[][] y = new double[memory][];
    double[] rho = new double[memory];
    int stored = 0;
    int iteration = 0;
    java.util.List<Double> history = new java.util.ArrayList<>();
    history.add(value);
    while (iteration < maxIterations && Linear.norm(g) > tolerance) {
      // Two-loop recursion: d = -H g.
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = -g[i];
      }
      double[] alpha = new double[memory];
      for (int k = stored - 1; k >= Math.max(0, stored - memory); k--) {
        int at = k % memory;
        alpha[at] = rho[at] * Linear.dot(s[at], d);
        Linear.axpy(-alpha[at], y[at], d);
      }
      if (stored > 0) {
        int last = (stored - 1) % memory;
        double gamma = Linear.dot(s[last], y[last]) / Linear.dot(y[last], y[last]);
        for (int i = 0; i < n; i++) {
          d[i] *= gamma;
        }
      }
      for (int k = Math.max(0, stored - memory); k < stored; k++) {
        int at = k % memory;
        double beta = rho[at] * Linear.dot(y[at], d);
        Linear.axpy(alpha[at] - beta, s[at], d);
      }
      double slope = Linear.dot(g, d);
      if (slope >= 0) {
        // Not a descent direction: start again from steepest descent.
        stored = 0;
        for (int i = 0; i < n; i++) {
          d[i] = -g[i];
        }
        slope = Linear.dot(g, d);
      }
      double step = 1;
      double[] trial = new double[n];
      double[] trialGradient = new double[n];
      double trialValue;
      while (true) {
        for (int i = 0; i < n; i++) {
          trial[i] = x[i] + step * d[i];
        }
        trialValue = f.valueAndGradient(trial, trialGradient);
        evaluations++;
        if (trialValue <= value + 1e-4 * step * slope || step < 1e-16) {
          break;
        }
        step /= 2;
      }
      // While the slope is still steep (the curvature condition fails), a longer step is tried:
      // curvature pairs from too-short steps teach the approximation little.
      for (int expansions = 0;
          step >= 1 && expansions < 30 && Linear.dot(trialGradient, d) < 0.9 * slope;
          expansions++) {
        double[] longer = new double[n];
        double[] longerGradient = new double[n];
        double longerStep = 2 * step;
        for (int i = 0; i < n; i++) {
          longer[i] = x[i] + longerStep * d[i];
        }
        double longerValue = f.valueAndGradient(longer, longerGradient);
        evaluations++;
        if (!(longerValue <= value + 1e-4 * longerStep * slope) || !(longerValue < trialValue)) {
          break;
        }
        step = longerStep;
        trial = longer;
        trialGradient = longerGradient;
        trialValue = longerValue;
      }
      double[] sk = new double[n];
      double[] yk = new double[n];
      for (int i = 0; i < n; i++) {
        sk[i] = trial[i] - x[i];
        yk[i] = trialGradient[i] - g[i];
      }
      double sy = Linear.dot(sk, yk);
      if (sy > 1e-12 * Linear.norm(sk) * Linear.norm(yk)) {
        // Only curvature that keeps the approximation positive definite is remembered.
        int at = stored % memory;
        s[at] = sk;
        y[at] = yk;
        rho[at] = 1 / sy;
        stored++;
      }
      x = trial;
      g = trialGradient;
      value = trialValue;
      history.add(value);
      iteration++;
    }
    return new Result(
        x,
        value,
        Linear.norm(g),
        iteration,
        evaluations,
        Linear.norm(g) <= tolerance,
        history.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
