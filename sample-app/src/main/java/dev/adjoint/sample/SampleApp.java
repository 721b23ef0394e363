package dev.adjoint.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Statistics and optimisation with derivatives Adjoint generated at compile time, nothing
 * differentiated by hand: Rosenbrock's function minimised by L-BFGS (2 and n dimensions) and by
 * Newton-CG on Hessian-vector products; a {@link PoissonRegression} fitted by Newton's method with
 * standard errors; a {@link BayesianLogistic} regression sampled by Hamiltonian Monte Carlo.
 */
public final class SampleApp {
  /** The classic starting point for the Rosenbrock function. */
  private static final double[] START = {-1.2, 1.0};

  /** The coefficients the Poisson counts are simulated from. */
  static final double[] POISSON_TRUTH = {0.5, -0.3, 0.8, 0.2};

  /** The coefficients the logistic outcomes are simulated from. */
  static final double[] LOGISTIC_TRUTH = {-0.5, 1.0, -0.8};

  /** The grid model's field precision and intercept the counts are simulated from. */
  static final double GRID_TAU = 3.0;

  static final double GRID_INTERCEPT = 0.2;

  private SampleApp() {}

  /** The Rosenbrock function as an {@link Objective}, with the generated gradient. */
  static Objective rosenbrock() {
    return (p, grad) -> RosenbrockDerivatives.rosenbrockGradient(p[0], p[1], grad);
  }

  /** The extended Rosenbrock function with its generated gradient. */
  static Objective extendedRosenbrockGradient() {
    return RosenbrockDerivatives::extendedGradient;
  }

  /** The extended Rosenbrock function with its generated Hessian-vector product. */
  static NewtonCg.Curvature extendedRosenbrock() {
    return (x, v, grad, hv) -> RosenbrockDerivatives.extendedHessianVector(x, v, grad, hv);
  }

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the demos the arguments select and returns the exit status: 0 on success, 1 if an
   * optimiser did not converge or a plot could not be written, 2 for a bad command line.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
      out.println(Options.USAGE);
      return 0;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (Options.BadUsage e) {
      err.println("error: " + e.getMessage());
      err.println(Options.USAGE);
      return 2;
    }
    boolean ok = true;
    List<Path> plots = new ArrayList<>();
    try {
      if (options.demos().contains("rosenbrock")) {
        ok &= rosenbrockDemo(out, options, plots);
      }
      if (options.demos().contains("poisson")) {
        separate(out, options, "poisson");
        ok &= poissonDemo(out, options);
      }
      if (options.demos().contains("hmc")) {
        separate(out, options, "hmc");
        hmcDemo(out, options, plots);
      }
      if (options.demos().contains("grid")) {
        separate(out, options, "grid");
        ok &= gridDemo(out, options, plots);
      }
    } catch (IOException e) {
      err.println("error: could not write a plot: " + e.getMessage());
      return 1;
    }
    out.println();
    if (!plots.isEmpty()) {
      out.println("Plots (PNG, and SVG to scale): " + options.plots().get().toAbsolutePath());
      plots.forEach(p -> out.println("  " + p.getFileName()));
    }
    out.println("Generated derivative sources: sample-app/target/generated-sources/annotations/"
        + "dev/adjoint/sample/*Derivatives.java");
    return ok ? 0 : 1;
  }

  private static boolean rosenbrockDemo(PrintStream out, Options o, List<Path> plots)
      throws IOException {
    int n = o.dimension();
    double[] start = new double[n];
    for (int i = 0; i < n; i += 2) {
      start[i] = START[0];
      start[i + 1] = START[1];
    }
    Lbfgs.Result small = new Lbfgs().minimize(rosenbrock(), START);
    Lbfgs.Result large = new Lbfgs().minimize(extendedRosenbrockGradient(), start);
    NewtonCg.Result newton = new NewtonCg().minimize(extendedRosenbrock(), start);
    out.println("Rosenbrock's function, minimum 0 at (1, ..., 1), from (-1.2, 1, -1.2, 1, ...):");
    out.println("  L-BFGS on the generated gradient; Newton-CG on generated Hessian-vector products");
    out.println();
    out.printf(Locale.ROOT, "  %-22s %10s %12s %12s %12s%n",
        "method", "iterations", "evaluations", "f at end", "max |x - 1|");
    rosenbrockRow(out, "L-BFGS, n = 2", small.iterations(), small.evaluations(), small.value(),
        small.point());
    rosenbrockRow(out, "L-BFGS, n = " + n, large.iterations(), large.evaluations(), large.value(),
        large.point());
    rosenbrockRow(out, "Newton-CG, n = " + n, newton.iterations(),
        newton.hessianVectorProducts(), newton.value(), newton.point());
    out.println("  (Newton-CG's evaluations are Hessian-vector products)");
    if (o.plots().isPresent()) {
      XYChart convergence = Plots.chart(
          "Rosenbrock's function: value by iteration", "iteration", "log10 f", 760, 400);
      Plots.line(convergence, "L-BFGS, n = 2", 0, log10(small.history()));
      Plots.line(convergence, "L-BFGS, n = " + n, 0, log10(large.history()));
      Plots.line(convergence, "Newton-CG, n = " + n, 0, log10(newton.history()));
      plots.addAll(Plots.write(o.plots().get(), "rosenbrock-convergence", 1, List.of(convergence)));
    }
    return small.converged() && large.converged() && newton.converged();
  }

  /** The decimal logarithms of the values up to the first that is not positive. */
  private static double[] log10(double[] values) {
    int k = 0;
    while (k < values.length && values[k] > 0) {
      k++;
    }
    return Arrays.stream(values, 0, k).map(Math::log10).toArray();
  }

  private static void rosenbrockRow(
      PrintStream out, String method, int iterations, int evaluations, double value, double[] x) {
    double farthest = 0;
    for (double xi : x) {
      farthest = Math.max(farthest, Math.abs(xi - 1));
    }
    out.printf(Locale.ROOT, "  %-22s %10d %12d %12.3e %12.3e%n",
        method, iterations, evaluations, value, farthest);
  }

  private static boolean poissonDemo(PrintStream out, Options o) {
    int size = o.observations() > 0 ? o.observations() : 2000;
    PoissonRegression.Data data = PoissonRegression.simulate(POISSON_TRUTH, size, o.seed());
    PoissonRegression.Fit fit = PoissonRegression.fit(data);
    out.println("Poisson regression by maximum likelihood, " + size + " simulated counts:");
    out.println("  Newton's method with the generated gradient and Hessian, standard errors from");
    out.println("  the inverse Hessian of the negative log-likelihood at the estimate");
    out.println();
    out.printf(Locale.ROOT, "  %-12s %8s %10s %11s %14s%n",
        "coefficient", "true", "estimate", "std. error", "(est-true)/se");
    for (int j = 0; j < POISSON_TRUTH.length; j++) {
      double est = fit.estimate()[j];
      double se = fit.standardError()[j];
      out.printf(Locale.ROOT, "  %-12s %8.3f %10.4f %11.4f %14.2f%n",
          name(j), POISSON_TRUTH[j], est, se, (est - POISSON_TRUTH[j]) / se);
    }
    out.printf(Locale.ROOT, "  Newton iterations: %d%n", fit.iterations());
    return fit.iterations() < 50;
  }

  /** Warm-up iterations of each HMC chain in the demo (Stan's default). */
  static final int HMC_WARMUP = 1000;

  private static void hmcDemo(PrintStream out, Options o, List<Path> plots) throws IOException {
    int size = o.observations() > 0 ? o.observations() : 500;
    BayesianLogistic.Data outcomes = BayesianLogistic.simulate(LOGISTIC_TRUTH, size, o.seed());
    Hmc.Settings settings =
        Hmc.Settings.defaults().withWarmup(HMC_WARMUP).withDraws(o.draws()).withChains(o.chains());
    out.println("Bayesian logistic regression, " + size + " simulated outcomes, N(0, 2.5^2) prior:");
    out.printf(Locale.ROOT,
        "  static Hamiltonian Monte Carlo on the generated gradient of the log-posterior:%n"
            + "  %s, each %d warm-up iterations as Stan's%n"
            + "  (step size by dual averaging, diagonal metric from the warm-up's variances), then %d%n"
            + "  draws; integration time pi/2 in the metric's units, jittered by up to 20%%%n",
        settings.chains() == 1
            ? "1 chain from a uniform(-2, 2) start"
            : settings.chains() + " chains in parallel from uniform(-2, 2) starts",
        settings.warmup(), settings.draws());
    out.println();
    long sampling = System.nanoTime();
    Hmc.Result result =
        Hmc.sample(BayesianLogistic.posterior(outcomes, 2.5), LOGISTIC_TRUTH.length, settings,
            o.seed() + 1);
    double seconds = (System.nanoTime() - sampling) / 1e9;
    out.printf(Locale.ROOT, "  %-11s %7s %11s %7s %20s %9s %9s %6s%n",
        "coefficient", "true", "post. mean", "sd", "95% interval", "bulk ESS", "tail ESS", "R-hat");
    for (int j = 0; j < LOGISTIC_TRUTH.length; j++) {
      Convergence.Summary s = Convergence.summarise(result.parameter(j));
      out.printf(Locale.ROOT, "  %-11s %7.3f %11.4f %7.4f   [%7.4f, %7.4f] %9.0f %9.0f %6.3f%n",
          name(j), LOGISTIC_TRUTH[j], s.mean(), s.sd(), s.lower95(), s.upper95(), s.bulkEss(),
          s.tailEss(), s.rhat());
    }
    out.println();
    printChains(out, result);
    out.println("  ESS: Stan's multi-chain estimator on split chains, of rank-normalised draws (bulk)");
    out.println("  and of the 5% and 95% quantiles (tail); R-hat: rank-normalised split-R-hat");
    out.printf(Locale.ROOT, "  %,d gradient evaluations, %.2f s%n", result.gradientEvaluations(),
        seconds);
    String[] names = new String[LOGISTIC_TRUTH.length];
    for (int j = 0; j < names.length; j++) {
      names[j] = name(j);
    }
    double[][][] draws = result.draws();
    if (o.plots().isPresent()) {
      Path dir = o.plots().get();
      plots.addAll(HmcPlots.traces(dir, draws, names, LOGISTIC_TRUTH));
      plots.addAll(HmcPlots.posteriors(dir, draws, names, LOGISTIC_TRUTH));
      plots.addAll(HmcPlots.warmup(dir, result.chains(), settings));
    }
  }

  /**
   * Per chain: step size, leapfrog steps, mean acceptance statistic over the end of warm-up (after
   * the last metric update, where dual averaging holds it at the target) and over sampling, and
   * divergences.
   */
  private static void printChains(PrintStream out, Hmc.Result result) {
    Hmc.Settings settings = result.settings();
    int[] updates = settings.metricUpdates();
    int terminal = updates.length == 0 ? 0 : updates[updates.length - 1] + 1;
    out.printf(Locale.ROOT, "  %-5s %10s %15s %29s %12s%n",
        "chain", "step size", "leapfrog steps", "mean acceptance statistic", "divergences");
    out.printf(Locale.ROOT, "  %-5s %10s %15s %16s %12s%n",
        "", "", "", "end of warm-up", "sampling");
    for (int c = 0; c < result.chains().size(); c++) {
      Hmc.Chain chain = result.chains().get(c);
      double[] warmup = chain.warmupAcceptance();
      double adapted = Arrays.stream(warmup, Math.min(terminal, warmup.length), warmup.length)
          .average().orElse(Double.NaN);
      out.printf(Locale.ROOT, "  %-5d %10.3f %15s %16.3f %12.3f %12d%n",
          c + 1, chain.stepSize(),
          String.format(Locale.ROOT, "%d (mean %.2f)", chain.nominalSteps(), chain.meanSteps()),
          adapted, chain.meanAcceptance(), chain.divergences());
    }
    out.printf(Locale.ROOT,
        "  target %.2f; end of warm-up: its last %d iterations, after the last metric update;%n"
            + "  sampling runs above the target with warm-up's averaged step size, as Stan's does%n",
        settings.targetAcceptance(), settings.warmup() - terminal);
  }

  private static boolean gridDemo(PrintStream out, Options o, List<Path> plots) throws IOException {
    int side = o.grid();
    out.printf(Locale.ROOT, "Disease mapping on a %d x %d grid (%,d areas): counts ~ Poisson(E exp(mu + u)),%n",
        side, side, side * side);
    out.println("  u a Gaussian Markov random field of precision tau (L + ridge I), L the grid's");
    out.println("  Laplacian; Newton's method on the generated sparse Hessian with EJML's sparse");
    out.println("  Cholesky, tau by maximising the Laplace approximation of the marginal likelihood");
    out.println();
    Stages stages = new Stages(out);
    stages.header();
    GridModel.Data data = stages.run("simulate the field and the counts",
        () -> GridModel.simulate(side, side, GRID_TAU, GRID_INTERCEPT, o.seed()));
    LaplaceFit fit = stages.run("Hessian, order, first factorisation",
        () -> new LaplaceFit(data, 1.0));
    LaplaceFit.Mode start = stages.run("Newton's method at tau = 1 from the data",
        () -> fit.mode(1.0));
    LaplaceFit.Search search = stages.run("tau maximising the Laplace approximation",
        () -> fit.maximise(0.01, 100, 0.01));
    LaplaceFit.Mode best = search.best();
    out.println();
    GridHessian h = fit.hessian();
    long hessianEntries = h.columnStarts()[h.size()];
    out.printf(Locale.ROOT, "  Hessian in (u, mu): %,d x %,d, %,d entries in its lower triangle, %d colours;%n",
        h.size(), h.size(), hessianEntries, h.colors());
    out.printf(Locale.ROOT, "  Cholesky factor: %,d entries (%.1f per column), %d factorisations,%n",
        fit.cholesky().factorEntries(), fit.cholesky().factorEntries() / (double) h.size(),
        fit.factorisations());
    out.printf(Locale.ROOT, "  %d iterations of conjugate gradients preconditioned by an earlier factor;%n",
        fit.cgIterations());
    out.printf(Locale.ROOT, "  Newton at tau = 1: %d steps to |gradient| %.1e; search: %d values of tau,%n",
        start.newtonSteps(), start.gradientNorm(), search.evaluations());
    out.printf(Locale.ROOT, "  %d Newton steps in all%n", search.newtonSteps());
    out.println();
    double[] truth = data.trueField();
    double[] estimate = fit.field();
    out.printf(Locale.ROOT, "  %-28s %9s %11s%n", "", "true", "estimate");
    out.printf(Locale.ROOT, "  %-28s %9.3f %11.3f%n", "tau (empirical Bayes)", GRID_TAU, best.tau());
    out.printf(Locale.ROOT, "  %-28s %9.3f %11.3f  (sd %.2g, from the factor)%n",
        "level mu + mean(u)", GRID_INTERCEPT + mean(truth), fit.level(),
        fit.levelStandardDeviation());
    out.printf(Locale.ROOT, "  %-28s %9.3f %11.3f%n", "sd of the field u", standardDeviation(truth),
        standardDeviation(estimate));
    out.printf(Locale.ROOT, "  correlation of the fitted field with the true one: %.3f%n",
        correlation(truth, estimate));
    out.println("  (the mode's field is shrunk towards its mean, so its level sits higher: the fitted");
    out.println("  Poisson means still add up to the counts)");
    out.printf(Locale.ROOT, "  Laplace log marginal likelihood at tau: %.2f (|gradient| at the mode %.1e)%n",
        best.logMarginal(), best.gradientNorm());
    if (o.plots().isPresent()) {
      plots.addAll(fieldPlot(o.plots().get(), truth, estimate, o.seed()));
    }
    boolean inside = best.tau() > 0.011 && best.tau() < 99;
    return inside && best.gradientNorm() < 1e-6;
  }

  /** Most areas a field plot shows: more only blot each other out (and swell the SVG). */
  private static final int FIELD_POINTS = 2_000;

  /** The fitted field against the true one, area by area (a random sample of them if many). */
  private static List<Path> fieldPlot(Path dir, double[] truth, double[] estimate, long seed)
      throws IOException {
    int shown = Math.min(FIELD_POINTS, truth.length);
    int[] areas = new java.util.Random(seed).ints(0, truth.length).distinct().limit(shown).toArray();
    double[] x = new double[shown];
    double[] y = new double[shown];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < shown; k++) {
      x[k] = truth[areas[k]];
      y[k] = estimate[areas[k]];
      lo = Math.min(lo, Math.min(x[k], y[k]));
      hi = Math.max(hi, Math.max(x[k], y[k]));
    }
    String which = shown == truth.length
        ? "areas"
        : String.format(Locale.ROOT, "areas (%,d of %,d, at random)", shown, truth.length);
    XYChart chart = Plots.chart(
        "Disease map: the field fitted against the true one", "true u", "fitted u (posterior mode)",
        620, 560);
    Plots.points(chart, which, x, y).setMarkerColor(new java.awt.Color(0x0072B2 | 0x80000000, true));
    Plots.line(chart, "fitted = true", new double[] {lo, hi}, new double[] {lo, hi})
        .setLineColor(java.awt.Color.BLACK);
    return Plots.write(dir, "grid-field", 1, List.of(chart));
  }

  static double correlation(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int k = 0; k < a.length; k++) {
      sab += (a[k] - ma) * (b[k] - mb);
      saa += (a[k] - ma) * (a[k] - ma);
      sbb += (b[k] - mb) * (b[k] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  private static double standardDeviation(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / a.length);
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /** A blank line before a demo that follows another. */
  private static void separate(PrintStream out, Options o, String demo) {
    if (Options.DEMOS.indexOf(demo) > 0
        && Options.DEMOS.subList(0, Options.DEMOS.indexOf(demo)).stream()
            .anyMatch(o.demos()::contains)) {
      out.println();
    }
  }

  private static String name(int j) {
    return j == 0 ? "intercept" : "x" + j;
  }
}
