package dev.adjoint.runtime;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.SparseHessian.RouteBasis;
import java.util.Locale;

/**
 * {@link HessianRoute#AUTO}: the route a new {@link SparseHessian} takes, chosen once when the
 * companion makes it. Colouring costs about one Hessian-vector lane per colour per statement the
 * method runs; edge pushing costs a recorded run plus its edge updates, each dearer than a lane's
 * statement. So the choice compares <em>colours × statements</em> with <em>statements + edge
 * updates</em>, counted on one recorded run: where their ratio settles it, no time is measured (the
 * choice is the same on every run); in between, the matrix's own refills, once warm, are timed by
 * each route and the faster is kept ({@link RouteTrials}).
 *
 * <p>Why counts before times: at make time the code is cold, and a refill's first runs can be ten
 * or more times slower than later ones, by a different factor for each route. On issue 19's
 * benchmark set (D19's {@code RoutesInterleaved}, N = 4,000, warm refills timed in alternation) the
 * warm ratio (edge pushing / colouring) times the count ratio stayed between 4.4 and 14 where the
 * count ratio is below 25 (up to 30 beyond, colouring in sweeps of 32, edge pushing still 3.8×
 * ahead there), so below {@link #COLORING_UP_TO} colouring is never slower and above {@link
 * #EDGE_PUSHING_FROM} edge pushing is never slower; those bounds hold a margin on both sides.
 *
 * <p>The generated Javadoc of {@code mHessianSparse} (the processor's {@code SparseMethods}) and
 * the README state these constants: change them together.
 */
final class RouteChoice {
  /**
   * At most this many colours: colouring, untimed and without recording a run. Its refill is then
   * one sweep of one or two lanes, about two gradients; edge pushing records every statement with
   * its partials and runs a hashed reverse sweep, never much less than that.
   */
  static final int FEW_COLORS = 2;

  /** Colours × statements at most this many times statements + updates: colouring, untimed. */
  static final double COLORING_UP_TO = 4;

  /** Colours × statements at least this many times statements + updates: edge pushing, untimed. */
  static final double EDGE_PUSHING_FROM = 16;

  /**
   * Between the bounds, until the trials settle it: colouring below this ratio, edge pushing from
   * it (the bounds' geometric mean).
   */
  static final double LEANS_TO_COLORING_BELOW = 8;

  private RouteChoice() {}

  /** Chooses {@code h}'s route and fills its values by {@code refill}, as the class says. */
  static void choose(SparseHessian h, Runnable refill) {
    int colors = h.colors();
    if (colors <= FEW_COLORS) {
      h.setRoute(
          HessianRoute.COLORING,
          RouteBasis.FEW_COLORS,
          String.format(
              Locale.ROOT,
              "COLORING (AUTO, untimed): %d colors, at most %d, so a refill is one sweep of %d"
                  + " lanes",
              colors, FEW_COLORS, colors));
      refill.run();
      return;
    }
    // One edge-pushing refill fills the values and counts edge pushing's work.
    h.setRoute(HessianRoute.EDGE_PUSHING, RouteBasis.COUNTS, "EDGE_PUSHING (AUTO: counting)");
    refill.run();
    EdgePushing edges = h.edges();
    int statements = edges.statements();
    long updates = edges.updates();
    double ratio = workRatio(colors, statements, updates);
    String counts =
        String.format(
            Locale.ROOT,
            "%d colors, %d nonzeros in the lower triangle, %d statements recorded, %d edge"
                + " updates: colors x statements = %.1f x (statements + updates)",
            colors, h.nonZeros(), statements, updates, ratio);
    HessianRoute byCounts = byCounts(ratio);
    if (byCounts != null) {
      h.setRoute(
          byCounts,
          RouteBasis.COUNTS,
          String.format(
              Locale.ROOT,
              "%s (AUTO, untimed): %s, %s",
              byCounts,
              counts,
              byCounts == HessianRoute.COLORING
                  ? "at most " + COLORING_UP_TO
                  : "at least " + EDGE_PUSHING_FROM));
      return; // the values are edge pushing's, equal to colouring's up to rounding
    }
    // Between the bounds: the route the counts lean to for now, and the matrix's own refills,
    // once warm, timed by each route (RouteTrials).
    HessianRoute provisional = ratio < LEANS_TO_COLORING_BELOW
        ? HessianRoute.COLORING : HessianRoute.EDGE_PUSHING;
    h.startTrials(new RouteTrials(provisional, counts));
  }

  /** Why a matrix whose refills are still on trial takes {@code provisional} for now. */
  static String provisionalReason(RouteTrials trials) {
    return String.format(
        Locale.ROOT,
        "%s (AUTO, for now): %s, between %s and %s, so refills %d and %d are timed (colouring, edge"
            + " pushing), then two more (edge pushing, colouring) from the %dth once %d s have"
            + " passed, and the faster route is kept from then on; until then the others take"
            + " %s (below %s colouring, from it edge pushing)",
        trials.provisional, trials.counts, COLORING_UP_TO, EDGE_PUSHING_FROM,
        RouteTrials.FIRST_PAIR_AT, RouteTrials.FIRST_PAIR_AT + 1, RouteTrials.SECOND_PAIR_FROM,
        RouteTrials.SECOND_PAIR_AFTER_NANOS / 1_000_000_000L, trials.provisional,
        LEANS_TO_COLORING_BELOW);
  }

  /** Why a matrix whose trials are over takes the faster route. */
  static String timedReason(RouteTrials trials, HessianRoute faster) {
    return String.format(
        Locale.ROOT,
        "%s (AUTO, timed): %s, between %s and %s; refills %d, %d, %d and %d took %.3f ms by"
            + " colouring and %.3f ms by edge pushing (best of 2 each)",
        faster, trials.counts, COLORING_UP_TO, EDGE_PUSHING_FROM, RouteTrials.FIRST_PAIR_AT,
        RouteTrials.FIRST_PAIR_AT + 1, trials.secondPair(), trials.secondPair() + 1,
        trials.coloringMillis(), trials.edgeMillis());
  }

  /** Colouring's work counted against edge pushing's: colours × statements / (statements + updates). */
  static double workRatio(int colors, int statements, long updates) {
    return (double) colors * statements / Math.max(1, statements + updates);
  }

  /** The route the counts alone settle, or null where both must be timed. */
  static HessianRoute byCounts(double ratio) {
    if (ratio <= COLORING_UP_TO) {
      return HessianRoute.COLORING;
    }
    return ratio >= EDGE_PUSHING_FROM ? HessianRoute.EDGE_PUSHING : null;
  }
}
