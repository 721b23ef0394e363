package dev.adjoint.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * {@link GuardCost} for a machine others share: JMH measures one method after another, so load
 * that comes and goes lands on one of them. This times the guarded and the unguarded method in
 * alternation, the fastest of 5 calls each, many times over, and reports the median of the
 * per-round ratios, which load that changes slowly affects alike.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.GuardCostInterleaved}
 */
public final class GuardCostInterleaved {
  private GuardCostInterleaved() {}

  private static double sink;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    double[] x = Data.cluster(64, 42);
    double[] grad = new double[x.length];
    double[] v = Data.direction(x.length, 43);
    double[] hv = new double[x.length];
    compare(
        "gradient",
        () -> PotentialsDerivatives.clusterEnergyGradient(x, grad),
        () -> PotentialsBeforeGuards.clusterEnergyGradient(x, grad),
        rounds);
    compare(
        "Hessian-vector product",
        () -> PotentialsDerivatives.clusterEnergyHessianVector(x, v, grad, hv),
        () -> PotentialsBeforeGuards.clusterEnergyHessianVector(x, v, grad, hv),
        rounds);
  }

  private static void compare(String what, DoubleSupplier guarded, DoubleSupplier before, int rounds) {
    for (int k = 0; k < 20_000; k++) { // warm-up: both compiled by C2
      sink += guarded.getAsDouble() + before.getAsDouble();
    }
    double[] ratios = new double[rounds];
    double[] guardedTimes = new double[rounds];
    double[] beforeTimes = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always follows the other.
      boolean guardedFirst = r % 2 == 0;
      double a = guardedFirst ? time(guarded) : 0;
      double b = time(before);
      if (!guardedFirst) {
        a = time(guarded);
      }
      guardedTimes[r] = a;
      beforeTimes[r] = b;
      ratios[r] = a / b;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: guarded / before, median of %d rounds %.3f (quartiles %.3f, %.3f); median us/call %.1f vs %.1f%n",
        what,
        rounds,
        quantile(ratios, 0.5),
        quantile(ratios, 0.25),
        quantile(ratios, 0.75),
        quantile(guardedTimes, 0.5),
        quantile(beforeTimes, 0.5));
  }

  /**
   * Microseconds for one call, the fastest of 5: a call takes a fraction of a millisecond, so the
   * fastest is one that no other process interrupted.
   */
  private static double time(DoubleSupplier f) {
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long start = System.nanoTime();
      sink += f.getAsDouble();
      best = Math.min(best, System.nanoTime() - start);
    }
    return best / 1e3;
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
