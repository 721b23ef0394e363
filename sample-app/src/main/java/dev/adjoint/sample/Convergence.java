package dev.adjoint.sample;

import java.util.Arrays;

/**
 * Convergence diagnostics and effective sample sizes of one scalar drawn by several Markov chains,
 * given as {@code [chain][draw]} (chains of equal length), after Vehtari, Gelman, Simpson,
 * Carpenter and Bürkner (2021), "Rank-normalization, folding, and localization: an improved R-hat",
 * as Stan computes them.
 *
 * <ul>
 *   <li>{@link #splitRhat}: the potential scale reduction of Gelman et al. (BDA3, section 11.4)
 *       with each chain split in half, so a chain that drifts shows as two that disagree;
 *   <li>{@link #rankNormalizedSplitRhat}: the same on rank-normalised draws and on rank-normalised
 *       distances from the median, the larger of the two (Vehtari et al.'s recommended R-hat);
 *   <li>{@link #ess}: Stan's multi-chain effective sample size: autocorrelations from each chain's
 *       autocovariances and the between- and within-chain variances, summed over Geyer's initial
 *       positive sequence of paired lags made monotone. It is not capped at the number of draws:
 *       antithetic chains estimate a mean better than independent draws would;
 *   <li>{@link #bulkEss} and {@link #tailEss}: that ESS on split chains of rank-normalised draws,
 *       and the smaller of those of the indicators of the 5% and 95% quantiles.
 * </ul>
 */
public final class Convergence {
  private Convergence() {}

  /** Pooled summaries and diagnostics of one parameter. */
  public record Summary(
      double mean,
      double sd,
      double lower95,
      double upper95,
      double bulkEss,
      double tailEss,
      double rhat) {}

  /**
   * Mean, sd, central 95% interval, bulk and tail ESS, rank-normalised split-R-hat; all NaN where a
   * draw is not finite, the diagnostics NaN for chains too short to split (fewer than 4 draws).
   */
  public static Summary summarise(double[][] chains) {
    requireEqualLengths(chains);
    if (!allFinite(chains)) {
      double nan = Double.NaN;
      return new Summary(nan, nan, nan, nan, nan, nan, nan);
    }
    double[] all = pooled(chains);
    double mean = Arrays.stream(all).average().orElse(Double.NaN);
    double squares = 0;
    for (double v : all) {
      squares += (v - mean) * (v - mean);
    }
    Arrays.sort(all);
    return new Summary(
        mean,
        Math.sqrt(squares / (all.length - 1)),
        quantileOfSorted(all, 0.025),
        quantileOfSorted(all, 0.975),
        bulkEss(chains),
        tailEss(chains),
        rankNormalizedSplitRhat(chains));
  }

  /** Split-R-hat of BDA3: sqrt(((n - 1) / n W + B / n) / W) over the chains' halves. */
  public static double splitRhat(double[][] chains) {
    if (requireEqualLengths(chains) < 4 || !allFinite(chains)) {
      return Double.NaN;
    }
    return rhat(split(chains));
  }

  /** max(split-R-hat of rank-normalised draws, split-R-hat of rank-normalised |draw - median|). */
  public static double rankNormalizedSplitRhat(double[][] chains) {
    if (requireEqualLengths(chains) < 4 || !allFinite(chains)) {
      return Double.NaN;
    }
    double[][] halves = split(chains);
    double bulk = rhat(rankNormalise(halves));
    double median = quantile(pooled(halves), 0.5);
    double[][] folded = new double[halves.length][];
    for (int m = 0; m < halves.length; m++) {
      folded[m] = new double[halves[m].length];
      for (int k = 0; k < folded[m].length; k++) {
        folded[m][k] = Math.abs(halves[m][k] - median);
      }
    }
    return Math.max(bulk, rhat(rankNormalise(folded)));
  }

  /**
   * ESS of the chains as they are (not split, not normalised); NaN for chains shorter than 4
   * draws, with a draw that is not finite, or all of one value.
   */
  public static double ess(double[][] chains) {
    int m = chains.length;
    int n = requireEqualLengths(chains);
    if (n < 4 || !allFinite(chains)) {
      return Double.NaN;
    }
    double[] means = new double[m];
    double within = 0;
    for (int c = 0; c < m; c++) {
      means[c] = mean(chains[c]);
      within += autocovariance(chains[c], means[c], 0) * n / (n - 1);
    }
    within /= m;
    double varPlus = within * (n - 1) / n + (m > 1 ? variance(means) : 0);
    if (!(varPlus > 0)) {
      return Double.NaN;
    }
    // Stan's indexing: rho[0..maxT) are the autocorrelations summed, in pairs (even, odd) that
    // stay positive; a pair that does not is left out, and its even lag, when positive, is added
    // once at rho[maxT + 1] (as is the last even lag reached when the chains run out).
    double[] rho = new double[n + 2];
    double even = 1;
    double odd = autocorrelation(chains, means, within, varPlus, 1);
    rho[0] = even;
    rho[1] = odd;
    int t = 1;
    while (t < n - 5 && even + odd > 0) {
      even = autocorrelation(chains, means, within, varPlus, t + 1);
      odd = autocorrelation(chains, means, within, varPlus, t + 2);
      if (even + odd >= 0) {
        rho[t + 1] = even;
        rho[t + 2] = odd;
      }
      t += 2;
    }
    int maxT = t;
    if (even > 0) {
      rho[maxT + 1] = even;
    }
    // Geyer's initial monotone sequence: no pair larger than the one before it.
    for (t = 1; t <= maxT - 2; t += 2) {
      if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
        rho[t + 1] = (rho[t - 1] + rho[t]) / 2;
        rho[t + 2] = rho[t + 1];
      }
    }
    double sum = 0;
    for (t = 0; t < maxT; t++) {
      sum += rho[t];
    }
    double draws = (double) m * n;
    double tau = Math.max(-1 + 2 * sum + rho[maxT + 1], 1 / Math.log10(draws));
    return draws / tau;
  }

  /** ESS of the split chains' rank-normalised draws: how well the centre is estimated. */
  public static double bulkEss(double[][] chains) {
    if (requireEqualLengths(chains) < 8 || !allFinite(chains)) {
      return Double.NaN;
    }
    return ess(rankNormalise(split(chains)));
  }

  /** The smaller ESS of the indicators of the draws below the 5% and above the 95% quantile. */
  public static double tailEss(double[][] chains) {
    if (requireEqualLengths(chains) < 8 || !allFinite(chains)) {
      return Double.NaN;
    }
    double[] all = pooled(chains);
    return Math.min(
        ess(split(indicator(chains, quantile(all, 0.05)))),
        ess(split(indicator(chains, quantile(all, 0.95)))));
  }

  /** Each chain cut in two halves (the middle draw of an odd chain left out): 2M chains. */
  static double[][] split(double[][] chains) {
    int n = requireEqualLengths(chains);
    int half = n / 2;
    double[][] halves = new double[2 * chains.length][];
    for (int c = 0; c < chains.length; c++) {
      halves[2 * c] = Arrays.copyOfRange(chains[c], 0, half);
      halves[2 * c + 1] = Arrays.copyOfRange(chains[c], n - half, n);
    }
    return halves;
  }

  /**
   * Draws replaced by normal scores of their ranks among all draws (ties sharing their average
   * rank): Φ⁻¹((r - 3/8) / (S + 1/4)), Blom's offsets as Vehtari et al. use.
   */
  static double[][] rankNormalise(double[][] chains) {
    double[] all = pooled(chains);
    int size = all.length;
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[] rank = new double[size];
    for (int i = 0; i < size; ) {
      int j = i;
      while (j + 1 < size && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = average;
      }
      i = j + 1;
    }
    double[][] z = new double[chains.length][];
    int at = 0;
    for (int c = 0; c < chains.length; c++) {
      z[c] = new double[chains[c].length];
      for (int k = 0; k < z[c].length; k++) {
        z[c][k] = normalQuantile((rank[at++] - 0.375) / (size + 0.25));
      }
    }
    return z;
  }

  /**
   * The standard normal quantile, by Acklam's rational approximations (relative error below
   * 1.2e-9), enough for normal scores of ranks.
   */
  static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1): " + p);
    }
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return tail(q);
    }
    if (p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      return -tail(q);
    }
    double q = p - 0.5;
    double r = q * q;
    double num =
        ((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                        + 1.383577518672690e+02)
                    * r
                - 3.066479806614716e+01)
                * r
            + 2.506628277459239e+00;
    double den =
        ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                        + 6.680131188771972e+01)
                    * r
                - 1.328068155288572e+01)
                * r
            + 1;
    return num * q / den;
  }

  private static double tail(double q) {
    double num =
        ((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                        - 2.549732539343734e+00)
                    * q
                + 4.374664141464968e+00)
                * q
            + 2.938163982698783e+00;
    double den =
        (((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00)
                * q
            + 1;
    return num / den;
  }

  private static double rhat(double[][] chains) {
    int m = chains.length;
    int n = requireEqualLengths(chains);
    if (m < 2 || n < 2) {
      return Double.NaN;
    }
    double[] means = new double[m];
    double within = 0;
    for (int c = 0; c < m; c++) {
      means[c] = mean(chains[c]);
      within += variance(chains[c]);
    }
    within /= m;
    double between = n * variance(means);
    double varPlus = (n - 1.0) / n * within + between / n;
    return Math.sqrt(varPlus / within);
  }

  /** rho(t) = 1 - (W - mean over chains of the lag-t autocovariances) / var+. */
  private static double autocorrelation(
      double[][] chains, double[] means, double within, double varPlus, int lag) {
    double sum = 0;
    for (int c = 0; c < chains.length; c++) {
      sum += autocovariance(chains[c], means[c], lag);
    }
    return 1 - (within - sum / chains.length) / varPlus;
  }

  /** (1 / n) Σ (x_k - mean)(x_{k+lag} - mean), the biased estimate Stan uses. */
  private static double autocovariance(double[] x, double mean, int lag) {
    double s = 0;
    for (int k = 0; k + lag < x.length; k++) {
      s += (x[k] - mean) * (x[k + lag] - mean);
    }
    return s / x.length;
  }

  private static double[][] indicator(double[][] chains, double threshold) {
    double[][] below = new double[chains.length][];
    for (int c = 0; c < chains.length; c++) {
      below[c] = new double[chains[c].length];
      for (int k = 0; k < below[c].length; k++) {
        below[c][k] = chains[c][k] <= threshold ? 1 : 0;
      }
    }
    return below;
  }

  private static double[] pooled(double[][] chains) {
    return Arrays.stream(chains).flatMapToDouble(Arrays::stream).toArray();
  }

  /** The q-quantile with linear interpolation between order statistics (R's type 7). */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return quantileOfSorted(sorted, q);
  }

  private static double quantileOfSorted(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int below = (int) Math.floor(h);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample variance, n - 1 in the denominator. */
  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  private static boolean allFinite(double[][] chains) {
    for (double[] chain : chains) {
      for (double v : chain) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private static int requireEqualLengths(double[][] chains) {
    if (chains.length == 0) {
      throw new IllegalArgumentException("no chains");
    }
    int n = chains[0].length;
    for (double[] c : chains) {
      if (c.length != n) {
        throw new IllegalArgumentException("chains of different lengths: " + n + " and " + c.length);
      }
    }
    return n;
  }
}
