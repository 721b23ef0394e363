package dev.adjoint.sample;

/**
 * Nesterov's dual averaging of the log step size as Hoffman and Gelman (2014, section 3.2) adapt
 * it: after each iteration the gap between the target and the iteration's acceptance statistic is
 * averaged, the log step size is set to shrink towards {@code mu} by that average, and a weighted
 * average of the iterates ({@code x-bar}) is kept as the step size to sample with afterwards.
 */
final class DualAveraging {
  static final double GAMMA = 0.05;
  static final double T0 = 10;
  static final double KAPPA = 0.75;

  private final double target;
  private double mu;
  private int counter;
  private double gapAverage;
  private double logStepSize;
  private double logStepSizeAverage;

  /** Starts at {@code stepSize}, shrinking towards 10 times it (mu = log(10 eps)). */
  DualAveraging(double stepSize, double target) {
    this.target = target;
    restart(stepSize);
  }

  /** Forgets the history: used after the metric changed and a new initial step size was found. */
  void restart(double stepSize) {
    mu = Math.log(10 * stepSize);
    counter = 0;
    gapAverage = 0;
    logStepSize = Math.log(stepSize);
    logStepSizeAverage = 0;
  }

  /** Takes the last iteration's acceptance statistic (in [0, 1]) and returns the next step size. */
  double update(double acceptanceStatistic) {
    counter++;
    double statistic = Math.min(1, acceptanceStatistic);
    double eta = 1 / (counter + T0);
    gapAverage = (1 - eta) * gapAverage + eta * (target - statistic);
    logStepSize = mu - gapAverage * Math.sqrt(counter) / GAMMA;
    double weight = Math.pow(counter, -KAPPA);
    logStepSizeAverage = (1 - weight) * logStepSizeAverage + weight * logStepSize;
    return Math.exp(logStepSize);
  }

  /** The step size to sample with once warm-up ends: exp(x-bar). */
  double averagedStepSize() {
    return counter == 0 ? Math.exp(logStepSize) : Math.exp(logStepSizeAverage);
  }
}
