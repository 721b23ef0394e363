package dev.adjoint.sample;

import java.util.SplittableRandom;

/** One chain of {@link Hmc}: its state, warm-up and sampling, on its own random stream. */
final class HmcChain {
  private static final double LOG_ONE_STEP_TARGET = Math.log(0.8);

  private final LogDensity density;
  private final int n;
  private final Hmc.Settings settings;
  private final SplittableRandom random;

  private final double[] x;
  private final double[] grad;
  private double logDensity;
  private double[] inverseMetric;
  private long evaluations;

  private final double[] position;
  private final double[] momentum;
  private final double[] proposalGrad;

  /** What one iteration did. */
  private record Transition(double acceptance, int steps, boolean divergent) {}

  HmcChain(LogDensity density, int dimension, Hmc.Settings settings, long seed) {
    this.density = density;
    this.n = dimension;
    this.settings = settings;
    this.random = new SplittableRandom(seed);
    x = new double[n];
    grad = new double[n];
    position = new double[n];
    momentum = new double[n];
    proposalGrad = new double[n];
    inverseMetric = new double[n];
    java.util.Arrays.fill(inverseMetric, 1);
  }

  Hmc.Chain run() {
    start();
    int warmup = settings.warmup();
    double stepSize = initialStepSize(1);
    DualAveraging dual = new DualAveraging(stepSize, settings.targetAcceptance());
    WarmupSchedule schedule = new WarmupSchedule(warmup);
    RunningVariance variance = new RunningVariance(n);
    double[] warmupStepSizes = new double[warmup];
    double[] warmupAcceptance = new double[warmup];
    for (int i = 0; i < warmup; i++) {
      warmupStepSizes[i] = stepSize;
      Transition t = transition(stepSize);
      warmupAcceptance[i] = t.acceptance();
      stepSize = dual.update(t.acceptance());
      if (schedule.inSlowWindow(i)) {
        variance.add(x);
      }
      if (schedule.endsSlowWindow(i)) {
        inverseMetric = variance.regularisedVariances();
        variance.reset();
        stepSize = initialStepSize(stepSize);
        dual.restart(stepSize);
      }
    }
    if (warmup > 0) {
      stepSize = dual.averagedStepSize();
    }
    double[][] draws = new double[settings.draws()][];
    double acceptance = 0;
    long steps = 0;
    int divergences = 0;
    for (int k = 0; k < draws.length; k++) {
      Transition t = transition(stepSize);
      acceptance += t.acceptance();
      steps += t.steps();
      divergences += t.divergent() ? 1 : 0;
      draws[k] = x.clone();
    }
    return new Hmc.Chain(
        draws,
        stepSize,
        inverseMetric.clone(),
        nominalSteps(stepSize, settings.integrationTime()),
        (double) steps / draws.length,
        acceptance / draws.length,
        divergences,
        evaluations,
        warmupStepSizes,
        warmupAcceptance);
  }

  /** A start drawn uniformly in (-2, 2)^n where the log density and its gradient are finite. */
  private void start() {
    for (int attempt = 0; attempt < Hmc.START_ATTEMPTS; attempt++) {
      for (int j = 0; j < n; j++) {
        x[j] = random.nextDouble(-2, 2);
      }
      logDensity = evaluate(x, grad);
      if (Double.isFinite(logDensity) && allFinite(grad)) {
        return;
      }
    }
    throw new IllegalStateException(
        "no start in (-2, 2)^" + n + " with a finite log density and gradient in "
            + Hmc.START_ATTEMPTS + " attempts");
  }

  /**
   * Stan's heuristic: from the current point, double the step size while one leapfrog step's
   * acceptance probability stays above 0.8, or halve it while it stays below, with a fresh momentum
   * each try.
   */
  private double initialStepSize(double stepSize) {
    double logAcceptance = oneStep(stepSize);
    boolean grow = logAcceptance > LOG_ONE_STEP_TARGET;
    while (true) {
      logAcceptance = oneStep(stepSize);
      if (grow ? !(logAcceptance > LOG_ONE_STEP_TARGET) : !(logAcceptance < LOG_ONE_STEP_TARGET)) {
        return stepSize;
      }
      stepSize = grow ? 2 * stepSize : 0.5 * stepSize;
      if (stepSize > 1e7) {
        throw new IllegalStateException(
            "the step size grew past 1e7: is the log density improper (flat in some direction)?");
      }
      if (stepSize < 1e-300) {
        throw new IllegalStateException(
            "the step size fell below 1e-300: no leapfrog step is ever accepted from here");
      }
    }
  }

  /** log of the acceptance probability of one leapfrog step from x with a fresh momentum. */
  private double oneStep(double stepSize) {
    double before = drawMomentum() - logDensity;
    System.arraycopy(x, 0, position, 0, n);
    System.arraycopy(grad, 0, proposalGrad, 0, n);
    double after = kinetic() - leapfrog(stepSize, 1);
    return Double.isNaN(after) ? Double.NEGATIVE_INFINITY : before - after;
  }

  private Transition transition(double stepSize) {
    double jitter = 0.8 + 0.4 * random.nextDouble();
    int steps = nominalSteps(stepSize, jitter * settings.integrationTime());
    double before = drawMomentum() - logDensity;
    System.arraycopy(x, 0, position, 0, n);
    System.arraycopy(grad, 0, proposalGrad, 0, n);
    double proposal = leapfrog(stepSize, steps);
    double after = kinetic() - proposal;
    double energyError = after - before;
    if (!Double.isFinite(energyError) || !Double.isFinite(proposal)) {
      return new Transition(0, steps, true);
    }
    double acceptance = energyError <= 0 ? 1 : Math.exp(-energyError);
    if (random.nextDouble() < acceptance) {
      System.arraycopy(position, 0, x, 0, n);
      System.arraycopy(proposalGrad, 0, grad, 0, n);
      logDensity = proposal;
    }
    return new Transition(acceptance, steps, energyError > Hmc.DIVERGENCE);
  }

  /**
   * Moves (position, momentum) by {@code steps} leapfrog steps, the gradient at position in
   * proposalGrad, and returns the log density at the end; stops early where it is not finite.
   */
  private double leapfrog(double stepSize, int steps) {
    double logAtEnd = Double.NaN;
    for (int s = 0; s < steps; s++) {
      for (int j = 0; j < n; j++) {
        momentum[j] += 0.5 * stepSize * proposalGrad[j];
        position[j] += stepSize * inverseMetric[j] * momentum[j];
      }
      logAtEnd = evaluate(position, proposalGrad);
      if (!Double.isFinite(logAtEnd)) {
        return logAtEnd;
      }
      for (int j = 0; j < n; j++) {
        momentum[j] += 0.5 * stepSize * proposalGrad[j];
      }
    }
    return logAtEnd;
  }

  /** Draws the momentum from N(0, M), M the inverse of the inverse metric, and returns its energy. */
  private double drawMomentum() {
    for (int j = 0; j < n; j++) {
      momentum[j] = random.nextGaussian() / Math.sqrt(inverseMetric[j]);
    }
    return kinetic();
  }

  private double kinetic() {
    double k = 0;
    for (int j = 0; j < n; j++) {
      k += inverseMetric[j] * momentum[j] * momentum[j];
    }
    return 0.5 * k;
  }

  private double evaluate(double[] at, double[] gradient) {
    evaluations++;
    return density.logDensityAndGradient(at, gradient);
  }

  static int nominalSteps(double stepSize, double time) {
    double steps = Math.ceil(time / stepSize);
    return (int) Math.max(1, Math.min(Hmc.MAX_STEPS, steps));
  }

  private static boolean allFinite(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }
}
