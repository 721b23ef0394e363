package dev.adjoint.runtime;

import dev.adjoint.HessianRoute;

/**
 * AUTO's choice where the counts leave it open ({@link RouteChoice}): the matrix's own refills,
 * once their code is warm, timed by each route. Refills {@link #TRIAL_REFILLS} of the matrix (its
 * 3rd and 4th, 8th and 9th after it was made) take colouring, edge pushing, edge pushing,
 * colouring, and each is timed; every other refill takes the route the counts lean to. After the
 * last trial the faster route (the best of its two times) is kept for good.
 *
 * <p>Why there and not when the matrix is made: at make time the code is cold, and a route's first
 * refills can be ten times slower than its later ones, by a different factor for each route; timed
 * there, the choice missed the faster route by up to 6.8× on issue 19's benchmark set. Both routes
 * give the same values, so a refill taken by the other route costs time only; each route is tried
 * twice, so at most two refills go the slower way. Two trials apart, each route's best counts: a
 * time inflated by a compilation or by another process under way is outvoted by the other.
 */
final class RouteTrials {
  /** The refills of the matrix (counted from 1 after it was made) timed, in this order of routes. */
  static final int[] TRIAL_REFILLS = {3, 4, 8, 9};

  private static final HessianRoute[] TRIAL_ROUTES = {
    HessianRoute.COLORING, HessianRoute.EDGE_PUSHING, HessianRoute.EDGE_PUSHING,
    HessianRoute.COLORING
  };

  /** The route the counts lean to, taken by every refill that is not a trial. */
  final HessianRoute provisional;

  /** The counts behind the choice, for the reason. */
  final String counts;

  private int refills;
  /** The route of the trial under way, or null. */
  private HessianRoute timing;
  private long start;
  private long coloring = Long.MAX_VALUE;
  private long edge = Long.MAX_VALUE;

  RouteTrials(HessianRoute provisional, String counts) {
    this.provisional = provisional;
    this.counts = counts;
  }

  /** A refill begins: the route it takes, a trial's (timed from now) or the provisional one. */
  HessianRoute begin() {
    refills++;
    timing = null;
    for (int t = 0; t < TRIAL_REFILLS.length; t++) {
      if (TRIAL_REFILLS[t] == refills) {
        timing = TRIAL_ROUTES[t];
      }
    }
    start = System.nanoTime();
    return timing != null ? timing : provisional;
  }

  /**
   * The refill that began last ended (one that threw never gets here, and its trial is lost):
   * whether the trials are over.
   */
  boolean end() {
    if (timing == null) {
      return false;
    }
    long took = System.nanoTime() - start;
    if (timing == HessianRoute.COLORING) {
      coloring = Math.min(coloring, took);
    } else {
      edge = Math.min(edge, took);
    }
    timing = null;
    return refills >= TRIAL_REFILLS[TRIAL_REFILLS.length - 1];
  }

  /** The faster route by the trials (the provisional one for a route never timed to the end). */
  HessianRoute faster() {
    if (coloring == Long.MAX_VALUE || edge == Long.MAX_VALUE) {
      return provisional;
    }
    return edge < coloring ? HessianRoute.EDGE_PUSHING : HessianRoute.COLORING;
  }

  /** The best time of a colouring trial, in milliseconds (infinite if none ended). */
  double coloringMillis() {
    return coloring == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : coloring / 1e6;
  }

  /** The best time of an edge-pushing trial, in milliseconds (infinite if none ended). */
  double edgeMillis() {
    return edge == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : edge / 1e6;
  }
}
