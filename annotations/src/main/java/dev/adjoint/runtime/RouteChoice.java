package dev.adjoint.runtime;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.SparseHessian.RouteBasis;
import java.util.Locale;

/**
 * {@link HessianRoute#AUTO}: the route a new {@link SparseHessian} takes, chosen once when the
 * companion makes it. Colouring costs about one Hessian-vector lane per colour per statement the
 * method runs; edge pushing costs a recorded run plus its edge updates. Where the counts settle it,
 * no time is measured (the choice is the same on every run); elsewhere both refills are timed, a
 * few times each, and the faster is kept.
 *
 * <p>The generated Javadoc of {@code mHessianSparse} (the processor's {@code SparseMethods}) and
 * the README state {@link #FEW_COLORS}, {@link #CLEAR_MARGIN} and {@link #TIMED_REFILLS}: change
 * them together.
 */
final class RouteChoice {
  /**
   * At most this many colours: colouring, untimed. Its refill is then one sweep of one or two
   * lanes, about two gradients; edge pushing records every statement with its partials and runs a
   * hashed reverse sweep, never much less than that.
   */
  static final int FEW_COLORS = 2;

  /**
   * Colouring's work counted (colours × statements) at least this many times edge pushing's
   * (statements + edge updates): edge pushing, untimed. A lane's work is cheaper than an edge
   * update (no hashing, and lanes vectorise), so the margin is wide: only where colouring needs
   * far more colours than the method has interactions per statement (a dense pattern that could
   * not be traced, random couplings) is it taken on counts alone.
   */
  static final int CLEAR_MARGIN = 32;

  /** Timed refills of each route after one untimed, the best of which is compared. */
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
    String counts = counts(h, statements, updates);
    if (clearlyEdges(colors, statements, updates)) {
      h.setRoute(
          HessianRoute.EDGE_PUSHING,
          RouteBasis.COUNTS,
          String.format(
              Locale.ROOT,
              "EDGE_PUSHING (AUTO, untimed): %s; colors x statements is at least %d times"
                  + " statements + updates",
              counts, CLEAR_MARGIN));
      return;
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
            "%s (AUTO, timed): %s; a refill took %.3f ms by colouring, %.3f ms by edge pushing"
                + " (best of %d each)",
            faster, counts, coloring / 1e6, edge / 1e6, TIMED_REFILLS));
  }

  /** Whether the counts alone put edge pushing far ahead ({@link #CLEAR_MARGIN}). */
  static boolean clearlyEdges(int colors, int statements, long updates) {
    return (double) colors * statements >= (double) CLEAR_MARGIN * (statements + updates);
  }

  private static String counts(SparseHessian h, int statements, long updates) {
    return String.format(
        Locale.ROOT,
        "%d colors, %d nonzeros in the lower triangle, %d statements recorded, %d edge updates",
        h.colors(), h.nonZeros(), statements, updates);
  }

  /** Nanoseconds one refill by {@code route} took. */
  private static long timed(SparseHessian h, HessianRoute route, Runnable refill) {
    h.setRoute(route, RouteBasis.TIMES, route + " (AUTO: choosing)");
    long start = System.nanoTime();
    refill.run();
    return System.nanoTime() - start;
  }
}
