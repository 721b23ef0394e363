package dev.adjoint.sample;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Minimises the Rosenbrock function from the classic start (-1.2, 1) with {@link Bfgs}, using only
 * the gradient that Adjoint generated from {@link Rosenbrock#rosenbrock(double, double)}; then its
 * 100-dimensional extension with {@link NewtonCg}, driven by the generated Hessian-vector product;
 * then fits a {@link PoissonRegression} by Newton's method with the generated Hessian, and samples
 * a {@link BayesianLogistic} regression by Hamiltonian Monte Carlo on the generated gradient.
 */
public final class SampleApp {
  /** The classic starting point for the Rosenbrock function. */
  private static final double[] START = {-1.2, 1.0};

  /** Where the Rosenbrock function has its minimum. */
  private static final double[] KNOWN_MINIMUM = {1.0, 1.0};

  private static final String USAGE =
      "usage: java -jar adjoint-sample-app.jar (takes no arguments)";

  private SampleApp() {}

  /**
   * The Rosenbrock function as an {@link Objective}, with the generated gradient.
   *
   * @return an objective over points (x, y)
   */
  static Objective rosenbrock() {
    return (p, grad) -> RosenbrockDerivatives.rosenbrockGradient(p[0], p[1], grad);
  }

  /** The coefficients the Poisson counts are simulated from. */
  static final double[] POISSON_TRUTH = {0.5, -0.3, 0.8, 0.2};

  static final int POISSON_SIZE = 2000;

  /** The coefficients the logistic outcomes are simulated from. */
  static final double[] LOGISTIC_TRUTH = {-0.5, 1.0, -0.8};

  /** The dimension of the extended Rosenbrock function that Newton-CG minimises. */
  static final int EXTENDED_DIMENSION = 100;

  /** The extended Rosenbrock function with its generated Hessian-vector product. */
  static NewtonCg.Curvature extendedRosenbrock() {
    return (x, v, grad, hv) -> RosenbrockDerivatives.extendedHessianVector(x, v, grad, hv);
  }

  /**
   * Runs the demo.
   *
   * @param args none are accepted
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the demo and returns the process exit status: 0 on success, 1 if the optimiser did not
   * converge, 2 for bad arguments.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      return 0;
    }
    if (args.length != 0) {
      err.println(USAGE);
      return 2;
    }

    Bfgs.Result result = new Bfgs().minimize(rosenbrock(), START);
    double[] min = result.point();
    double distance = Math.hypot(min[0] - KNOWN_MINIMUM[0], min[1] - KNOWN_MINIMUM[1]);

    out.println("Adjoint sample: minimising the Rosenbrock function with BFGS");
    out.println("  f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, gradient generated at compile time");
    out.println();
    row(out, "start point", point(START));
    double startValue = Rosenbrock.rosenbrock(START[0], START[1]);
    row(out, "f at start", String.format(Locale.ROOT, "%.6g", startValue));
    row(out, "iterations", Integer.toString(result.iterations()));
    row(out, "function evaluations", Integer.toString(result.evaluations()));
    row(out, "minimum found", point(min));
    row(out, "f at minimum", String.format(Locale.ROOT, "%.3e", result.value()));
    row(out, "gradient norm", String.format(Locale.ROOT, "%.3e", result.gradientNorm()));
    row(out, "distance to (1, 1)", String.format(Locale.ROOT, "%.3e", distance));
    row(out, "status", result.status().toString().toLowerCase(Locale.ROOT).replace('_', ' '));

    double[] start = new double[EXTENDED_DIMENSION];
    for (int i = 0; i < start.length; i += 2) {
      start[i] = START[0];
      start[i + 1] = START[1];
    }
    NewtonCg.Result newton = new NewtonCg().minimize(extendedRosenbrock(), start);
    double farthest = 0;
    for (double xi : newton.point()) {
      farthest = Math.max(farthest, Math.abs(xi - 1.0));
    }
    out.println();
    out.println("Newton-CG on the Rosenbrock function in " + EXTENDED_DIMENSION + " dimensions,");
    out.println("  with Hessian-vector products generated at compile time (no Hessian is formed)");
    out.println();
    row(out, "Newton iterations", Integer.toString(newton.iterations()));
    row(out, "Hessian-vector products", Integer.toString(newton.hessianVectorProducts()));
    row(out, "f at minimum", String.format(Locale.ROOT, "%.3e", newton.value()));
    row(out, "gradient norm", String.format(Locale.ROOT, "%.3e", newton.gradientNorm()));
    row(out, "max |x_i - 1|", String.format(Locale.ROOT, "%.3e", farthest));

    PoissonRegression.Data data = PoissonRegression.simulate(POISSON_TRUTH, POISSON_SIZE, 2026);
    PoissonRegression.Fit fit = PoissonRegression.fit(data);
    out.println();
    out.println("Poisson regression by maximum likelihood, " + POISSON_SIZE + " simulated counts:");
    out.println("  Newton's method with the generated gradient and Hessian, standard errors from");
    out.println("  the inverse Hessian of the negative log-likelihood at the estimate");
    out.println();
    out.printf(Locale.ROOT, "  %-12s %8s %10s %11s %14s%n",
        "coefficient", "true", "estimate", "std. error", "(est-true)/se");
    for (int j = 0; j < POISSON_TRUTH.length; j++) {
      double est = fit.estimate()[j];
      double se = fit.standardError()[j];
      out.printf(Locale.ROOT, "  %-12s %8.3f %10.4f %11.4f %14.2f%n",
          j == 0 ? "intercept" : "x" + j, POISSON_TRUTH[j], est, se, (est - POISSON_TRUTH[j]) / se);
    }
    row(out, "Newton iterations", Integer.toString(fit.iterations()));

    BayesianLogistic.Data outcomes = BayesianLogistic.simulate(LOGISTIC_TRUTH, 500, 2026);
    long sampling = System.nanoTime();
    BayesianLogistic.Samples samples =
        BayesianLogistic.sample(outcomes, 2.5, 500, 2000, 0.05, 20, 7);
    double seconds = (System.nanoTime() - sampling) / 1e9;
    out.println();
    out.println("Bayesian logistic regression, 500 simulated outcomes, N(0, 2.5^2) prior:");
    out.println("  Hamiltonian Monte Carlo (20 leapfrog steps of 0.05) on the generated gradient");
    out.println("  of the log-posterior, 2000 draws after 500 of warm-up");
    out.println();
    out.printf(Locale.ROOT, "  %-12s %8s %10s %19s %8s%n",
        "coefficient", "true", "post. mean", "95% interval", "ESS");
    for (int j = 0; j < LOGISTIC_TRUTH.length; j++) {
      out.printf(Locale.ROOT, "  %-12s %8.3f %10.4f   [%7.4f, %7.4f] %8.0f%n",
          j == 0 ? "intercept" : "x" + j, LOGISTIC_TRUTH[j], samples.mean(j),
          samples.quantile(j, 0.025), samples.quantile(j, 0.975), samples.effectiveSampleSize(j));
    }
    row(out, "acceptance rate", String.format(Locale.ROOT, "%.2f", samples.acceptanceRate()));
    row(out, "time", String.format(Locale.ROOT, "%.2f s", seconds));
    return result.converged() && newton.converged() ? 0 : 1;
  }

  private static void row(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "  %-24s %s%n", label, value);
  }

  private static String point(double[] p) {
    return String.format(Locale.ROOT, "(%.10f, %.10f)", p[0], p[1]);
  }
}
