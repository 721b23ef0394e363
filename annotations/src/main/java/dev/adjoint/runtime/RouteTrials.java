package dev.adjoint.runtime;

import dev.adjoint.HessianRoute;

/**
 * AUTO's choice where the counts leave it open ({@link RouteChoice}): the matrix's own refills,
 * once their code is warm, timed by each route. Refills 3 and 4 of the matrix (counted after it was
 * made) take colouring and edge pushing; two more, edge pushing then colouring, come at the first
 * refill from the {@link #SECOND_PAIR_FROM}th on once {@link #SECOND_PAIR_AFTER_NANOS} have passed
 * since the matrix was made; each is timed, and every other refill takes the route the counts lean
 * to. After the second pair the faster route (the best of its two times) is kept for good.
 *
 * <p>Why there and not when the matrix is made: at make time the code is cold, and a route's first
 * refills can be ten or more times slower than its later ones, by a different factor for each
 * route; timed there, the choice missed the faster route by up to 6.8× on issue 19's benchmark set.
 * A refill of a millisecond is still cold at its 9th run (its compilation queued behind others on a
 * loaded machine: 20 ms where warm took 1), hence the second pair a second later, by which time
 * both routes' loops have been compiled. Both routes give the same values, so a refill taken by the
 * other route costs time only; each route is tried twice, so at most two refills go the slower way.
 */
final class RouteTrials {
  /** The first pair of trials: refills 3 (colouring) and 4 (edge pushing). */
  static final int FIRST_PAIR_AT = 3;

  /** The second pair (edge pushing, then colouring) comes no earlier than this refill... */
  static final int SECOND_PAIR_FROM = 8;

  /** ... and no earlier than this long after the matrix was made. */
  static final long SECOND_PAIR_AFTER_NANOS = 1_000_000_000L;

  /** The route the counts lean to, taken by every refill that is not a trial. */
  final HessianRoute provisional;

  /** The counts behind the choice, for the reason. */
  final String counts;

  private final long made = System.nanoTime();
  private int refills;
  /** The refill that began the second pair, or 0. */
  private int secondPair;
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
    if (refills == FIRST_PAIR_AT) {
      timing = HessianRoute.COLORING;
    } else if (refills == FIRST_PAIR_AT + 1) {
      timing = HessianRoute.EDGE_PUSHING;
    } else if (secondPair == 0 && refills >= SECOND_PAIR_FROM
        && System.nanoTime() - made >= SECOND_PAIR_AFTER_NANOS) {
      secondPair = refills;
      timing = HessianRoute.EDGE_PUSHING;
    } else if (secondPair != 0 && refills == secondPair + 1) {
      timing = HessianRoute.COLORING;
    }
    start = System.nanoTime();
    return timing != null ? timing : provisional;
  }

  /**
   * The refill that began last ended (one that threw never gets here, and its trial is lost):
   * whether the trials are over.
   */
  boolean end() {
    if (timing != null) {
      long took = System.nanoTime() - start;
      if (timing == HessianRoute.COLORING) {
        coloring = Math.min(coloring, took);
      } else {
        edge = Math.min(edge, took);
      }
      timing = null;
    }
    return secondPair != 0 && refills > secondPair;
  }

  /** The refill that began the second pair of trials (0 before it). */
  int secondPair() {
    return secondPair;
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
