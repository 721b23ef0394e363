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
 * choice is the same on every run); in between, both refills are timed a few times each and the
 * faster is kept.
 *
 * <p>Why counts before times: at make time the code is cold, and a refill's first runs can be ten
 * or more times slower than later ones, by a different factor for each route. On issue 19's
 * benchmark set (D19's {@code RoutesInterleaved}, N = 4,000, warm refills timed in alternation) the
 * warm ratio (edge pushing / colouring) times the count ratio stayed between 4 and 13, so below
 * {@link #COLORING_UP_TO} colouring is never slower and above {@link #EDGE_PUSHING_FROM} edge pushing
 * is never slower; those bounds hold a margin on both sides.
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

  /** Timed refills of each route, in alternation after one untimed each; the best are compared. */
  static final int TIMED_REFILLS = 2;

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
    timed(h, HessianRoute.EDGE_PUSHING, refill);
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
    timed(h, HessianRoute.COLORING, refill); // its first refill, untimed like edge pushing's
    long coloring = Long.MAX_VALUE;
    long edge = Long.MAX_VALUE;
    for (int r = 0; r < TIMED_REFILLS; r++) { // alternately, so both see the same machine
      edge = Math.min(edge, timed(h, HessianRoute.EDGE_PUSHING, refill));
      coloring = Math.min(coloring, timed(h, HessianRoute.COLORING, refill));
    }
    HessianRoute faster = edge < coloring ? HessianRoute.EDGE_PUSHING : HessianRoute.COLORING;
    if (faster == HessianRoute.EDGE_PUSHING) {
      timed(h, faster, refill); // the values as the route kept computes them
    }
    h.setRoute(
        faster,
        RouteBasis.TIMES,
        String.format(
            Locale.ROOT,
            "%s (AUTO, timed): %s, between %s and %s; a refill took %.3f ms by colouring, %.3f ms"
                + " by edge pushing (best of %d each)",
            faster, counts, COLORING_UP_TO, EDGE_PUSHING_FROM, coloring / 1e6, edge / 1e6,
            TIMED_REFILLS));
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

  /** Nanoseconds one refill by {@code route} took. */
  private static long timed(SparseHessian h, HessianRoute route, Runnable refill) {
    h.setRoute(route, RouteBasis.TIMES, route + " (AUTO: choosing)");
    long start = System.nanoTime();
    refill.run();
    return System.nanoTime() - start;
  }
}
