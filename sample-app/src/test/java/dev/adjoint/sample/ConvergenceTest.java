package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics on chains whose answer is known: AR(1) chains x_k = phi x_{k-1} + e_k have
 * autocorrelations phi^t, so an ESS of N (1 - phi) / (1 + phi) per chain; chains of one
 * distribution have R-hat near 1, chains that disagree well above.
 */
class ConvergenceTest {
  private static final int CHAINS = 4;
  private static final int DRAWS = 10_000;

  @Test
  void essOfPositivelyCorrelatedChainsIsAThirdOfTheDraws() {
    double[][] chains = autoregressive(0.5, CHAINS, DRAWS, 1);
    double expected = CHAINS * DRAWS * (1 - 0.5) / (1 + 0.5);
    double ess = Convergence.ess(chains);
    assertEquals(expected, ess, 0.12 * expected, "ESS " + ess);
    double bulk = Convergence.bulkEss(chains);
    assertEquals(expected, bulk, 0.15 * expected, "bulk ESS " + bulk);
    double single = Convergence.ess(new double[][] {chains[0]});
    assertEquals(DRAWS / 3.0, single, 0.15 * DRAWS / 3.0, "one chain's ESS " + single);
  }

  @Test
  void essOfAntitheticChainsExceedsTheDraws() {
    double[][] chains = autoregressive(-0.5, CHAINS, DRAWS, 2);
    double expected = CHAINS * DRAWS * (1 + 0.5) / (1 - 0.5);
    double ess = Convergence.ess(chains);
    assertTrue(ess > 2 * CHAINS * DRAWS, "ESS " + ess + " of " + CHAINS * DRAWS + " draws");
    assertEquals(expected, ess, 0.15 * expected, "ESS " + ess);
    assertTrue(Convergence.bulkEss(chains) > CHAINS * DRAWS, "bulk ESS " + Convergence.bulkEss(chains));
  }

  @Test
  void essOfIndependentDrawsIsNearTheirNumber() {
    double[][] chains = autoregressive(0, CHAINS, DRAWS, 3);
    double draws = CHAINS * DRAWS;
    assertEquals(draws, Convergence.ess(chains), 0.08 * draws);
    assertEquals(draws, Convergence.bulkEss(chains), 0.08 * draws);
    assertEquals(draws, Convergence.tailEss(chains), 0.12 * draws);
  }

  @Test
  void essOfSlowChainsIsSmall() {
    double[][] chains = autoregressive(0.95, CHAINS, DRAWS, 4);
    double expected = CHAINS * DRAWS * 0.05 / 1.95;
    assertEquals(expected, Convergence.ess(chains), 0.25 * expected);
  }

  /** Short chains stuck at different values: their ESS is below the draws, their R-hat far above 1. */
  @Test
  void shortStuckChainsGetFewEffectiveDraws() {
    Random random = new Random(11);
    double[][] chains = new double[CHAINS][8];
    for (int c = 0; c < CHAINS; c++) {
      for (int k = 0; k < 8; k++) {
        chains[c][k] = c + 1e-3 * random.nextGaussian();
      }
    }
    assertTrue(Convergence.ess(chains) < CHAINS * 8, "ESS " + Convergence.ess(chains));
    assertTrue(Convergence.bulkEss(chains) < CHAINS * 8, "bulk ESS " + Convergence.bulkEss(chains));
    assertTrue(Convergence.rankNormalizedSplitRhat(chains) > 1.5);
  }

  /** Too short to split, or a draw that is not a number: NaN, never an exception or a number. */
  @Test
  void chainsTooShortOrNotFiniteGiveNaN() {
    Convergence.Summary one = Convergence.summarise(new double[][] {{0.5}, {0.7}});
    assertEquals(0.6, one.mean(), 1e-15);
    assertTrue(Double.isNaN(one.rhat()) && Double.isNaN(one.bulkEss()) && Double.isNaN(one.tailEss()));
    double[][] withNaN = autoregressive(0, 2, 100, 12);
    withNaN[1][40] = Double.NaN;
    Convergence.Summary s = Convergence.summarise(withNaN);
    for (double v : new double[] {s.mean(), s.sd(), s.lower95(), s.upper95(), s.bulkEss(), s.tailEss(), s.rhat()}) {
      assertTrue(Double.isNaN(v), s.toString());
    }
    assertTrue(Double.isNaN(Convergence.ess(withNaN)) && Double.isNaN(Convergence.splitRhat(withNaN)));
  }

  @Test
  void rhatIsNearOneForChainsOfOneDistribution() {
    double[][] chains = autoregressive(0.5, CHAINS, 1000, 5);
    assertEquals(1, Convergence.splitRhat(chains), 0.01);
    assertEquals(1, Convergence.rankNormalizedSplitRhat(chains), 0.01);
  }

  @Test
  void rhatIsWellAboveOneForChainsWithShiftedMeans() {
    double[][] chains = autoregressive(0.5, CHAINS, 1000, 6);
    for (int k = 0; k < chains[3].length; k++) {
      chains[3][k] += 1.5;
    }
    assertTrue(Convergence.splitRhat(chains) > 1.1, "R-hat " + Convergence.splitRhat(chains));
    assertTrue(Convergence.rankNormalizedSplitRhat(chains) > 1.1);
  }

  /** One chain drifting: its halves disagree, which only the split R-hat can see. */
  @Test
  void splitRhatSeesAChainThatDrifts() {
    double[][] chains = autoregressive(0, CHAINS, 1000, 7);
    for (int c = 0; c < CHAINS; c++) {
      for (int k = 0; k < 1000; k++) {
        chains[c][k] += 3.0 * k / 1000;
      }
    }
    assertTrue(Convergence.splitRhat(chains) > 1.1, "split R-hat " + Convergence.splitRhat(chains));
  }

  /** Chains with one mean but different spreads: the folded R-hat catches them, the plain one not. */
  @Test
  void rankNormalisedRhatSeesChainsOfDifferentScales() {
    double[][] chains = autoregressive(0, CHAINS, 1000, 8);
    for (int k = 0; k < 1000; k++) {
      chains[0][k] *= 4;
      chains[1][k] *= 4;
    }
    assertTrue(Convergence.splitRhat(chains) < 1.02, "split R-hat " + Convergence.splitRhat(chains));
    assertTrue(Convergence.rankNormalizedSplitRhat(chains) > 1.1,
        "rank-normalised " + Convergence.rankNormalizedSplitRhat(chains));
  }

  @Test
  void normalQuantileInvertsTheNormalDistribution() {
    assertEquals(1.959963984540054, Convergence.normalQuantile(0.975), 1e-8);
    assertEquals(0, Convergence.normalQuantile(0.5), 1e-12);
    for (double p : new double[] {1e-6, 1e-3, 0.02, 0.03, 0.2, 0.6, 0.97, 0.99, 0.999999}) {
      double z = Convergence.normalQuantile(p);
      assertEquals(p, normalCdf(z), 1e-7 * Math.min(p, 1 - p), "p = " + p);
    }
  }

  @Test
  void summaryOfIndependentNormalDraws() {
    double[][] chains = autoregressive(0, CHAINS, DRAWS, 9);
    Convergence.Summary s = Convergence.summarise(chains);
    double sd = 1 / Math.sqrt(1 - 0 * 0);
    assertEquals(0, s.mean(), 0.03);
    assertEquals(sd, s.sd(), 0.03);
    assertEquals(-1.96, s.lower95(), 0.06);
    assertEquals(1.96, s.upper95(), 0.06);
  }

  /** Stationary AR(1) chains of unit innovations, started from their stationary distribution. */
  static double[][] autoregressive(double phi, int chains, int draws, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[chains][draws];
    for (int c = 0; c < chains; c++) {
      double value = random.nextGaussian() / Math.sqrt(1 - phi * phi);
      for (int k = 0; k < draws; k++) {
        value = phi * value + random.nextGaussian();
        x[c][k] = value;
      }
    }
    return x;
  }

  /** Φ(z) by its Taylor series 1/2 + φ(z) Σ z^(2k+1) / (2k+1)!!, or the tail's continued fraction. */
  private static double normalCdf(double z) {
    if (Math.abs(z) > 5) {
      double t = Math.abs(z);
      double fraction = t;
      for (int k = 60; k >= 1; k--) {
        fraction = t + k / fraction;
      }
      double upper = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI) / fraction;
      return z < 0 ? upper : 1 - upper;
    }
    double term = z;
    double sum = z;
    for (int k = 1; k < 200; k++) {
      term *= z * z / (2 * k + 1);
      sum += term;
    }
    return 0.5 + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) * sum;
  }
}
