package dev.adjoint.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Static Hamiltonian Monte Carlo with Stan's warm-up, over several chains run in parallel.
 *
 * <p>Each iteration draws a momentum from N(0, M) (M diagonal, its inverse adapted in warm-up),
 * runs the leapfrog integrator for about a fixed integration time and accepts the end point with
 * probability min(1, exp(-ΔH)). The number of steps is ceil(τ / ε) with τ drawn per iteration
 * uniformly in [0.8 T, 1.2 T]: the integration time is jittered rather than the step size because
 * the acceptance statistic, which dual averaging steers, depends on ε but hardly on the number of
 * steps; and a fixed time that is near a multiple of half the period of some direction of the
 * posterior would make the draws alternate or return and explore that direction slowly. T defaults
 * to π/2, a quarter of the period of a unit Gaussian, which once the metric has scaled the
 * posterior to unit variances makes successive draws of a Gaussian nearly uncorrelated.
 *
 * <p>Warm-up as Stan's: the initial step size by doubling or halving until one leapfrog step's
 * acceptance crosses 0.8; dual averaging of the log step size towards the target mean acceptance
 * statistic ({@link DualAveraging}); the inverse metric from the variances of the draws of slow
 * windows ({@link WarmupSchedule}), each new metric followed by a new initial step size and a
 * restart of dual averaging. Sampling then uses dual averaging's averaged step size.
 *
 * <p>Each chain has its own random stream, seeded from the run's seed and the chain's index, and its
 * own start drawn uniformly in (-2, 2) in each coordinate, so the same seed gives the same draws
 * however the threads are scheduled.
 */
public final class Hmc {
  /** Iterations whose trajectory would be longer are cut to this many leapfrog steps. */
  static final int MAX_STEPS = 1024;

  /** An energy error above this marks the iteration divergent (Stan's threshold). */
  static final double DIVERGENCE = 1000;

  /** How many starts are tried for a finite log density before giving up. */
  static final int START_ATTEMPTS = 100;

  private Hmc() {}

  /**
   * What to run: iterations of warm-up and draws kept after it (each per chain), chains, the
   * integration time T (in the units of the adapted metric) and the target mean acceptance
   * statistic of dual averaging.
   */
  public record Settings(
      int warmup, int draws, int chains, double integrationTime, double targetAcceptance) {
    public Settings {
      if (warmup < 0 || draws < 1 || chains < 1) {
        throw new IllegalArgumentException(
            "needs warmup >= 0, draws >= 1 and chains >= 1, not " + warmup + ", " + draws + ", "
                + chains);
      }
      if (!(integrationTime > 0) || Double.isInfinite(integrationTime)) {
        throw new IllegalArgumentException("integration time must be positive: " + integrationTime);
      }
      if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
        throw new IllegalArgumentException("target acceptance must be in (0, 1): " + targetAcceptance);
      }
    }

    /** The warm-up iterations after which the metric is updated (the ends of the slow windows). */
    public int[] metricUpdates() {
      return new WarmupSchedule(warmup).slowWindows().stream()
          .mapToInt(w -> w.end() - 1)
          .toArray();
    }

    /** 1000 warm-up iterations and 1000 draws in each of 4 chains, T = π/2, target 0.8. */
    public static Settings defaults() {
      return new Settings(1000, 1000, 4, Math.PI / 2, 0.8);
    }

    public Settings withWarmup(int w) {
      return new Settings(w, draws, chains, integrationTime, targetAcceptance);
    }

    public Settings withDraws(int d) {
      return new Settings(warmup, d, chains, integrationTime, targetAcceptance);
    }

    public Settings withChains(int c) {
      return new Settings(warmup, draws, c, integrationTime, targetAcceptance);
    }

    public Settings withIntegrationTime(double t) {
      return new Settings(warmup, draws, chains, t, targetAcceptance);
    }

    public Settings withTargetAcceptance(double delta) {
      return new Settings(warmup, draws, chains, integrationTime, delta);
    }
  }

  /**
   * One chain: its draws after warm-up ({@code [draw][parameter]}); the adapted step size and
   * inverse metric (the diagonal of M⁻¹); the nominal number of leapfrog steps ceil(T / ε) and the
   * mean number per sampling iteration; the mean acceptance statistic and the divergences while
   * sampling; the gradient evaluations of the whole chain (warm-up, step-size searches and
   * sampling); and the step size each warm-up iteration used, with its acceptance statistic (the
   * metric changes after the iterations {@link Settings#metricUpdates()} names).
   */
  public record Chain(
      double[][] draws,
      double stepSize,
      double[] inverseMetric,
      int nominalSteps,
      double meanSteps,
      double meanAcceptance,
      int divergences,
      long gradientEvaluations,
      double[] warmupStepSizes,
      double[] warmupAcceptance) {}

  /** The chains of one run, in order of their index, and the settings they ran with. */
  public record Result(List<Chain> chains, Settings settings) {
    public Result {
      chains = List.copyOf(chains);
    }

    /** All draws as {@code [chain][draw][parameter]}. */
    public double[][][] draws() {
      double[][][] all = new double[chains.size()][][];
      for (int c = 0; c < all.length; c++) {
        all[c] = chains.get(c).draws();
      }
      return all;
    }

    /** Parameter {@code j} as {@code [chain][draw]}, as {@link Convergence} takes it. */
    public double[][] parameter(int j) {
      double[][] values = new double[chains.size()][];
      for (int c = 0; c < values.length; c++) {
        double[][] draws = chains.get(c).draws();
        values[c] = new double[draws.length];
        for (int k = 0; k < draws.length; k++) {
          values[c][k] = draws[k][j];
        }
      }
      return values;
    }

    /** Gradient evaluations over all chains. */
    public long gradientEvaluations() {
      return chains.stream().mapToLong(Chain::gradientEvaluations).sum();
    }
  }

  /**
   * Runs {@code settings.chains()} chains of {@code dimension} parameters on a fixed pool of as many
   * threads and returns them in order. {@code density} must be safe to call from several threads.
   *
   * @throws IllegalStateException if a chain finds no start with a finite log density or no step
   *     size at which a step is sometimes accepted
   */
  public static Result sample(LogDensity density, int dimension, Settings settings, long seed) {
    SplittableRandom seeds = new SplittableRandom(seed);
    List<HmcChain> chains = new ArrayList<>();
    for (int c = 0; c < settings.chains(); c++) {
      chains.add(new HmcChain(density, dimension, settings, seeds.nextLong()));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.chains(),
            task -> {
              Thread t = new Thread(task, "hmc-chain");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Chain>> running = new ArrayList<>();
      for (HmcChain chain : chains) {
        running.add(pool.submit(chain::run));
      }
      List<Chain> done = new ArrayList<>();
      for (Future<Chain> f : running) {
        done.add(f.get());
      }
      return new Result(done, settings);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sampling", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
