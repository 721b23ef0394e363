package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.SparseHessian.RouteBasis;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A sparse Hessian's two routes as generated code drives them: a forced route is taken; AUTO takes
 * colouring for two colours or fewer and edge pushing where the counts put it far ahead, without
 * timing, and elsewhere times both on the matrix's later refills; either way the values are the matrix's; {@code useRoute}
 * switches; an edge-pushing refill leaves no refill mark for the lanes. Each refill here computes
 * its values as the generated code would: colouring from products of the known matrix with the
 * seeds, edge pushing from a recording of the function's statements.
 */
class RouteChoiceTest {
  private final Random random = new Random(19);

  /**
   * f(x) = Σ a_i x_i² + Σ b_i x_i x_{i+1}, its known Hessian, and its two refills on a pattern
   * that holds the band (dense or traced).
   */
  private static final class Quadratic {
    final double[] a;
    final double[] b;
    final SparseHessian h;
    final long key = PatternKey.mix(PatternKey.START, 7);
    final double[] x;
    final double[] grad;
    int coloringRefills;
    int edgeRefills;

    Quadratic(double[] a, double[] b, boolean dense, double[] x) {
      this.a = a;
      this.b = b;
      this.x = x;
      this.grad = new double[a.length];
      int n = a.length;
      if (dense) {
        h = SparseHessian.dense(n, key);
      } else {
        SparsityTracer t = new SparsityTracer(n);
        for (int i = 0; i < n; i++) {
          t.nonlinear(t.input(i));
          if (b[i] != 0.0) {
            t.cross(t.input(i), t.input(i + 1));
          }
        }
        h = t.hessian(key);
      }
    }

    /** Entry (i, j) of the Hessian, i ≥ j. */
    double expected(int i, int j) {
      return i == j ? 2 * a[i] : i == j + 1 ? b[j] : 0.0;
    }

    void refill() {
      h.requireMadeFor(key, "fHessianSparse");
      if (h.route() == HessianRoute.EDGE_PUSHING) {
        edgeRefills++;
        EdgePushing e = h.edges();
        e.begin(a.length);
        int f = e.key();
        e.statement(f); // f = 0.0
        for (int i = 0; i < a.length; i++) {
          e.statement(f); // f += a[i] * x[i] * x[i]
          e.partial(f, 1.0);
          e.partial(i, 2 * a[i] * x[i]);
          e.second(i, 2 * a[i]);
          if (b[i] != 0.0) {
            e.statement(f); // f += b[i] * x[i] * x[i + 1]
            e.partial(f, 1.0);
            e.partial(i, b[i] * x[i + 1]);
            e.partial(i + 1, b[i] * x[i]);
            e.second(i, i + 1, b[i]);
          }
        }
        e.returned(f);
        e.finish(grad, h);
        return;
      }
      coloringRefills++;
      double[][] seeds = h.seeds();
      double[][] products = h.products();
      for (int c = 0; c < seeds.length; c++) {
        java.util.Arrays.fill(products[c], 0.0);
        for (int k = 0; k < h.nonZeros(); k++) {
          int r = h.row(k);
          int col = h.column(k);
          double v = expected(r, col);
          products[c][r] += v * seeds[c][col];
          if (r != col) {
            products[c][col] += v * seeds[c][r];
          }
        }
      }
      h.recover();
    }

    void assertValues() {
      for (int k = 0; k < h.nonZeros(); k++) {
        double e = expected(h.row(k), h.column(k));
        assertEquals(e, h.value(k), 1e-12 * (1 + Math.abs(e)), "entry " + k);
      }
    }
  }

  private double[] gaussians(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  /** A band: b_i nonzero except the last. */
  private Quadratic band(int n, boolean dense) {
    double[] b = gaussians(n);
    b[n - 1] = 0.0;
    return new Quadratic(gaussians(n), b, dense, gaussians(n));
  }

  @Test
  void aForcedRouteIsTakenWithOneRefill() {
    for (HessianRoute forced : new HessianRoute[] {HessianRoute.COLORING, HessianRoute.EDGE_PUSHING}) {
      Quadratic q = band(40, false);
      q.h.chooseRoute(forced, q::refill);
      assertEquals(forced, q.h.route());
      assertEquals(RouteBasis.ANNOTATION, q.h.routeBasis());
      assertEquals(1, q.coloringRefills + q.edgeRefills);
      assertEquals(forced == HessianRoute.EDGE_PUSHING ? 1 : 0, q.edgeRefills);
      q.assertValues();
      assertTrue(q.h.toString().contains("hessian = " + forced), q.h.toString());
    }
  }

  @Test
  void autoTakesColoringUntimedForTwoColorsOrFewer() {
    // A diagonal: one colour.
    Quadratic q = new Quadratic(gaussians(50), new double[50], false, gaussians(50));
    assertTrue(q.h.colors() <= RouteChoice.FEW_COLORS);
    q.h.chooseRoute(HessianRoute.AUTO, q::refill);
    assertEquals(HessianRoute.COLORING, q.h.route());
    assertEquals(RouteBasis.FEW_COLORS, q.h.routeBasis());
    assertEquals(0, q.edgeRefills, "no edge-pushing refill where the colours settle it");
    q.assertValues();
  }

  /**
   * The dense pattern of a band (as where no pattern can be traced): one colour per column against
   * a few edge updates per statement.
   */
  @Test
  void autoTakesEdgePushingUntimedOnADensePatternOfFewInteractions() {
    Quadratic q = band(120, true);
    assertEquals(120, q.h.colors());
    q.h.chooseRoute(HessianRoute.AUTO, q::refill);
    assertEquals(HessianRoute.EDGE_PUSHING, q.h.route(), q.h.routeReason());
    assertEquals(RouteBasis.COUNTS, q.h.routeBasis());
    assertEquals(0, q.coloringRefills, "no colouring refill where the counts settle it");
    assertTrue(q.h.routeReason().contains("120 colors"), q.h.routeReason());
    q.assertValues();
  }

  /** A band traced: three colours against about one edge update per statement. */
  @Test
  void autoTakesColoringUntimedWhereTheCountsPutItFarAhead() {
    Quadratic q = band(60, false);
    assertTrue(q.h.colors() > RouteChoice.FEW_COLORS);
    q.h.chooseRoute(HessianRoute.AUTO, q::refill);
    assertEquals(HessianRoute.COLORING, q.h.route(), q.h.routeReason());
    assertEquals(RouteBasis.COUNTS, q.h.routeBasis());
    assertEquals(1, q.edgeRefills, "one recorded run, counted");
    assertEquals(0, q.coloringRefills, "no colouring refill where the counts settle it");
    q.assertValues();
  }

  /**
   * A band in a dense pattern of 20: twenty colours against a few updates per statement, so the
   * counts leave it open. The matrix is made by one counted refill and takes the route the counts
   * lean to; its 3rd and 4th refills are timed, and two more from the 8th once a second has
   * passed, two by each route, then the faster is kept. Every refill gives the matrix's values whichever route it took.
   */
  @Test
  void autoTimesBothRoutesOnLaterRefillsWhereTheCountsAreClose() {
    Quadratic q = band(20, true);
    q.h.chooseRoute(HessianRoute.AUTO, q::refill);
    EdgePushing e = q.h.edges();
    double ratio = RouteChoice.workRatio(q.h.colors(), e.statements(), e.updates());
    assertTrue(ratio > RouteChoice.COLORING_UP_TO && ratio < RouteChoice.EDGE_PUSHING_FROM, "" + ratio);
    HessianRoute leaning = ratio < RouteChoice.LEANS_TO_COLORING_BELOW
        ? HessianRoute.COLORING : HessianRoute.EDGE_PUSHING;
    assertEquals(RouteBasis.TRIALS, q.h.routeBasis(), q.h.routeReason());
    assertEquals(leaning, q.h.route(), q.h.routeReason());
    assertEquals(1, q.edgeRefills, "made by one counted refill");
    assertEquals(0, q.coloringRefills, "made by one counted refill");
    q.assertValues();
    // Refill until the trials are over (the second pair waits a second after the matrix was made).
    java.util.List<HessianRoute> took = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + 20 * RouteTrials.SECOND_PAIR_AFTER_NANOS;
    while (q.h.routeBasis() == RouteBasis.TRIALS && System.nanoTime() < deadline) {
      int coloring = q.coloringRefills;
      java.util.Arrays.fill(q.h.values(), Double.NaN);
      q.refill();
      q.assertValues();
      took.add(q.coloringRefills > coloring ? HessianRoute.COLORING : HessianRoute.EDGE_PUSHING);
      if (q.h.routeBasis() == RouteBasis.TRIALS) {
        int refill = took.size();
        assertEquals(leaning, q.h.route(), () -> "between trials, refill " + refill);
      }
    }
    int last = took.size();
    assertTrue(last > RouteTrials.SECOND_PAIR_FROM, () -> "settled after the second pair: " + took);
    int first = RouteTrials.FIRST_PAIR_AT;
    // Messages made only on failure: a second of refills is a long list.
    for (int r = 1; r <= last; r++) {
      int refill = r;
      HessianRoute wanted = r == first || r == last ? HessianRoute.COLORING
          : r == first + 1 || r == last - 1 ? HessianRoute.EDGE_PUSHING
          : leaning;
      assertEquals(wanted, took.get(r - 1),
          () -> "refill " + refill + " of " + took.size() + ", from " + took.subList(0, Math.min(12, last)));
    }
    assertEquals(RouteBasis.TIMES, q.h.routeBasis(), q.h.routeReason());
    assertTrue(q.h.routeReason().contains("ms by colouring"), q.h.routeReason());
    HessianRoute kept = q.h.route();
    for (int r = 0; r < 5; r++) {
      int coloring = q.coloringRefills;
      q.refill();
      assertEquals(kept == HessianRoute.COLORING, q.coloringRefills > coloring, "kept after the trials");
    }
    assertEquals(kept, q.h.route());
    assertEquals(RouteBasis.TIMES, q.h.routeBasis());
  }

  /** {@code useRoute} during the trials ends them: every later refill takes the route set. */
  @Test
  void useRouteEndsTheTrials() {
    Quadratic q = band(20, true);
    q.h.chooseRoute(HessianRoute.AUTO, q::refill);
    assertEquals(RouteBasis.TRIALS, q.h.routeBasis(), q.h.routeReason());
    q.refill();
    q.refill();
    q.h.useRoute(HessianRoute.EDGE_PUSHING);
    int coloring = q.coloringRefills;
    for (int r = 0; r < 10; r++) {
      q.refill();
    }
    assertEquals(coloring, q.coloringRefills, "no colouring trial after useRoute");
    assertEquals(RouteBasis.USE_ROUTE, q.h.routeBasis());
    q.assertValues();
  }

  @Test
  void useRouteSwitchesAndTheValuesStayTheMatrixs() {
    Quadratic q = band(30, false);
    q.h.chooseRoute(HessianRoute.COLORING, q::refill);
    q.h.useRoute(HessianRoute.EDGE_PUSHING);
    assertEquals(HessianRoute.EDGE_PUSHING, q.h.route());
    assertEquals(RouteBasis.USE_ROUTE, q.h.routeBasis());
    java.util.Arrays.fill(q.h.values(), Double.NaN);
    q.refill();
    assertEquals(1, q.edgeRefills);
    q.assertValues();
    q.h.useRoute(HessianRoute.COLORING);
    java.util.Arrays.fill(q.h.values(), Double.NaN);
    q.refill();
    assertEquals(2, q.coloringRefills);
    q.assertValues();
    assertThrows(IllegalArgumentException.class, () -> q.h.useRoute(HessianRoute.AUTO));
  }

  @Test
  void aMatrixWithoutAnEdgeRouteRefusesIt() {
    Quadratic q = band(10, false);
    assertFalse(q.h.hasEdgeRoute());
    assertEquals(HessianRoute.COLORING, q.h.route());
    assertEquals(RouteBasis.NO_EDGE_ROUTE, q.h.routeBasis());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> q.h.useRoute(HessianRoute.EDGE_PUSHING));
    assertTrue(e.getMessage().contains("no edge-pushing route"), e.getMessage());
    assertEquals(HessianRoute.COLORING, q.h.route());
  }

  /** The lanes take a matrix's seeds only while a colouring refill of it is under way. */
  @Test
  void anEdgePushingRefillLeavesNoMarkForTheLanes() {
    Quadratic q = band(20, false);
    q.h.chooseRoute(HessianRoute.EDGE_PUSHING, q::refill);
    double[] lanes = new double[q.h.size() * q.h.colors()];
    q.h.requireMadeFor(q.key, "fHessianSparse");
    assertFalse(SparseHessian.seedsIntoLanes(q.h.seeds(), lanes), "marked on the edge route");
    q.h.useRoute(HessianRoute.COLORING);
    q.h.requireMadeFor(q.key, "fHessianSparse");
    assertTrue(SparseHessian.seedsIntoLanes(q.h.seeds(), lanes), "marked on the colouring route");
    q.h.recover();
    // Back on the edge route, a mark left by an unfinished colouring refill is cleared.
    q.h.requireMadeFor(q.key, "fHessianSparse");
    q.h.useRoute(HessianRoute.EDGE_PUSHING);
    q.h.requireMadeFor(q.key, "fHessianSparse");
    assertFalse(SparseHessian.seedsIntoLanes(q.h.seeds(), lanes), "mark cleared");
  }

  @Test
  void theCountsSettleOnlyFarFromTheBreakEven() {
    assertEquals(HessianRoute.EDGE_PUSHING, RouteChoice.byCounts(RouteChoice.workRatio(1000, 100, 1000)));
    assertEquals(HessianRoute.COLORING, RouteChoice.byCounts(RouteChoice.workRatio(7, 100, 100)));
    assertEquals(null, RouteChoice.byCounts(RouteChoice.workRatio(20, 100, 100)));
    assertEquals(null, RouteChoice.byCounts(RouteChoice.workRatio(31, 100, 100)));
    assertEquals(HessianRoute.EDGE_PUSHING, RouteChoice.byCounts(RouteChoice.workRatio(32, 100, 100)));
  }
}
