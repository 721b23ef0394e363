package dev.adjoint.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Compares two methods on a machine others share: JMH measures one method after another, so load
 * that comes and goes lands on one of them. This times the two in alternation, the fastest of 5
 * samples each, many times over, and reports the median of the per-round ratios, which load that
 * changes slowly affects alike.
 */
final class Interleaved {
  private Interleaved() {}

  private static double sink;

  /**
   * Prints {@code what: newName / oldName, median of rounds r (quartiles ..); median us/call ..}.
   *
   * @param sampleMicros how long a sample should last at least: calls are timed together until
   *     it does (measured after the warm-up), so that a short method's sample lasts well above the
   *     clock's resolution; 0 times single calls
   * @return the median ratio
   */
  static double compare(
      String what,
      String newName,
      DoubleSupplier newer,
      String oldName,
      DoubleSupplier older,
      int rounds,
      double sampleMicros) {
    warmUp(newer, older);
    int callsPerSample =
        (int) Math.max(1, Math.min(10_000, Math.ceil(sampleMicros / time(newer, 1))));
    double[] ratios = new double[rounds];
    double[] newTimes = new double[rounds];
    double[] oldTimes = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always follows the other.
      boolean newFirst = r % 2 == 0;
      double a = newFirst ? time(newer, callsPerSample) : 0;
      double b = time(older, callsPerSample);
      if (!newFirst) {
        a = time(newer, callsPerSample);
      }
      newTimes[r] = a;
      oldTimes[r] = b;
      ratios[r] = a / b;
    }
    double median = quantile(ratios, 0.5);
    System.out.printf(
        Locale.ROOT,
        "%s: %s / %s, median of %d rounds of %d calls %.3f (quartiles %.3f, %.3f); median us/call %.3f vs %.3f%n",
        what,
        newName,
        oldName,
        rounds,
        callsPerSample,
        median,
        quantile(ratios, 0.25),
        quantile(ratios, 0.75),
        quantile(newTimes, 0.5),
        quantile(oldTimes, 0.5));
    return median;
  }

  /** 20,000 calls of each, or 3 seconds, whichever comes first: both compiled by C2. */
  private static void warmUp(DoubleSupplier newer, DoubleSupplier older) {
    long end = System.nanoTime() + 3_000_000_000L;
    for (int k = 0; k < 20_000 && System.nanoTime() < end; k++) {
      sink += newer.getAsDouble() + older.getAsDouble();
    }
  }

  /**
   * Microseconds per call, the fastest of 5 samples: a sample takes a fraction of a millisecond,
   * so the fastest is one that no other process interrupted.
   */
  private static double time(DoubleSupplier f, int callsPerSample) {
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long start = System.nanoTime();
      for (int c = 0; c < callsPerSample; c++) {
        sink += f.getAsDouble();
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    return best / 1e3 / callsPerSample;
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
