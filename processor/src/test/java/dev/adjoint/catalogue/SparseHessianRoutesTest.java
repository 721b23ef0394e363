package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseHessian.RouteBasis;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two routes of a sparse Hessian as the companions of {@link RouteCatalogue} generate them: a
 * forced route is taken and gives {@code mHessian}'s values at two points; {@code useRoute}
 * switches a matrix, each route refilling the same values and gradient; AUTO takes edge pushing,
 * untimed, on a dense pattern that could not be traced and on a many-colour pattern of pairs, and
 * colouring, untimed, on two colours. No assertion depends on a time.
 */
class SparseHessianRoutesTest {
  private final Random random = new Random(1919);

  private double[] gaussians(int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }

  private int[] indices(int count, int bound) {
    int[] v = new int[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextInt(bound);
    }
    return v;
  }

  private static void assertGradient(double[] expected, double[] grad, String where) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], grad[i], 1e-10 * (1 + Math.abs(expected[i])), where + ": grad " + i);
    }
  }

  @Test
  void forcedEdgePushingGivesTheDenseHessianAtTwoPoints() {
    double[] x = gaussians(12, 0.7);
    SparseHessian h = RouteCatalogueDerivatives.chainByEdgesHessianSparse(x);
    assertEquals(HessianRoute.EDGE_PUSHING, h.route());
    assertEquals(RouteBasis.ANNOTATION, h.routeBasis());
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.chainByEdgesHessian(x), h, "chain at A");
    double[] y = gaussians(12, 0.7);
    double[] grad = new double[12];
    double value = RouteCatalogueDerivatives.chainByEdgesHessianSparse(y, grad, h);
    assertEquals(RouteCatalogue.chainByEdges(y), value, 0.0, "the refill's value");
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.chainByEdgesHessian(y), h, "chain at B");
    assertGradient(RouteCatalogueDerivatives.chainByEdgesGradient(y), grad, "chain at B");

    int[] idx = indices(5 * 30, 20);
    idx[3] = idx[1]; // a key met twice in one product
    double[] z = gaussians(20, 0.9);
    SparseHessian p = RouteCatalogueDerivatives.productsByEdgesHessianSparse(z, 1.3, idx, 5);
    assertEquals(HessianRoute.EDGE_PUSHING, p.route());
    SparseKindsCheck.sameEntries(
        RouteCatalogueDerivatives.productsByEdgesHessian(z, 1.3, idx, 5), p, "products at A");
    double[] z2 = gaussians(20, 0.9);
    double[] pGrad = new double[21];
    RouteCatalogueDerivatives.productsByEdgesHessianSparse(z2, -0.8, idx, 5, pGrad, p);
    SparseKindsCheck.sameEntries(
        RouteCatalogueDerivatives.productsByEdgesHessian(z2, -0.8, idx, 5), p, "products at B");
    assertGradient(
        RouteCatalogueDerivatives.productsByEdgesGradient(z2, -0.8, idx, 5), pGrad, "products at B");
  }

  @Test
  void forcedColoringGivesTheDenseHessianAndUseRouteSwitchesToEdges() {
    double[] x = gaussians(15, 0.7);
    SparseHessian h = RouteCatalogueDerivatives.chainByColoringHessianSparse(x);
    assertEquals(HessianRoute.COLORING, h.route());
    assertEquals(RouteBasis.ANNOTATION, h.routeBasis());
    assertTrue(h.hasEdgeRoute());
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.chainByColoringHessian(x), h, "chain");

    // The logistic loss over a sparse design, at one point by each route.
    int rows = 40;
    int[] rowStarts = new int[rows + 1];
    for (int r = 0; r < rows; r++) {
      rowStarts[r + 1] = rowStarts[r] + 3;
    }
    int[] cols = indices(3 * rows, 25);
    double[] vals = gaussians(3 * rows, 1.0);
    double[] w = gaussians(25, 0.5);
    SparseHessian l = RouteCatalogueDerivatives.logisticByColoringHessianSparse(w, rowStarts, cols, vals);
    double[][] dense = RouteCatalogueDerivatives.logisticByColoringHessian(w, rowStarts, cols, vals);
    double[] expectedGrad = RouteCatalogueDerivatives.logisticByColoringGradient(w, rowStarts, cols, vals);
    for (HessianRoute route : new HessianRoute[] {HessianRoute.EDGE_PUSHING, HessianRoute.COLORING}) {
      l.useRoute(route);
      assertEquals(route, l.route());
      assertEquals(RouteBasis.USE_ROUTE, l.routeBasis());
      java.util.Arrays.fill(l.values(), Double.NaN);
      double[] grad = new double[25];
      double value = RouteCatalogueDerivatives.logisticByColoringHessianSparse(w, rowStarts, cols, vals, grad, l);
      assertEquals(RouteCatalogue.logisticByColoring(w, rowStarts, cols, vals), value, 0.0, route.name());
      SparseKindsCheck.sameEntries(dense, l, "logistic by " + route);
      assertGradient(expectedGrad, grad, "logistic by " + route);
    }
    assertThrows(IllegalArgumentException.class, () -> l.useRoute(HessianRoute.AUTO));
  }

  /** The dense pattern of a sum of squares: 120 colours against one edge update per statement. */
  @Test
  void autoTakesEdgePushingUntimedOnTheDensePatternOfAnUntraceableMethod() {
    double[] x = gaussians(120, 1.0);
    SparseHessian h = RouteCatalogueDerivatives.untraceableHessianSparse(x);
    assertEquals(120 * 121 / 2, h.nonZeros(), "the dense pattern");
    assertEquals(HessianRoute.EDGE_PUSHING, h.route(), h.routeReason());
    assertEquals(RouteBasis.COUNTS, h.routeBasis(), h.routeReason());
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.untraceableHessian(x), h, "untraceable");
    assertTrue(h.toString().contains("EDGE_PUSHING (AUTO, untimed)"), h.toString());
  }

  /** A random graph of pairs: many colours, one edge update per statement. */
  @Test
  void autoTakesEdgePushingUntimedOnAManyColourPattern() {
    int n = 300;
    int[] a = indices(6000, n);
    int[] b = indices(6000, n);
    double[] x = gaussians(n, 1.0);
    SparseHessian h = RouteCatalogueDerivatives.pairsHessianSparse(x, a, b);
    assertTrue(h.colors() > 64, "a many-colour pattern: " + h);
    assertTrue(h.nonZeros() < n * (n + 1) / 4, "a sparse pattern: " + h);
    assertEquals(HessianRoute.EDGE_PUSHING, h.route(), h.routeReason());
    assertEquals(RouteBasis.COUNTS, h.routeBasis(), h.routeReason());
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.pairsHessian(x, a, b), h, "pairs");
  }

  /**
   * Colouring with more colours than one sweep carries: the refill sweeps them a few at a time
   * and gives the dense Hessian's values, the gradient and the value at a second point.
   */
  @Test
  void aColoringRefillSweepsManyColoursAFewAtATime() {
    int n = 300;
    int[] a = indices(6000, n);
    int[] b = indices(6000, n);
    SparseHessian pairs = RouteCatalogueDerivatives.pairsHessianSparse(gaussians(n, 1.0), a, b);
    double[] x = gaussians(120, 1.0);
    SparseHessian dense = RouteCatalogueDerivatives.untraceableHessianSparse(x);
    assertTrue(pairs.sweeps() >= 3, "several sweeps: " + pairs);
    assertEquals(4, dense.sweeps(), "120 colours, 32 at a time: " + dense);
    pairs.useRoute(HessianRoute.COLORING);
    dense.useRoute(HessianRoute.COLORING);
    double[] y = gaussians(n, 1.0);
    java.util.Arrays.fill(pairs.values(), Double.NaN);
    double[] grad = new double[n];
    double value = RouteCatalogueDerivatives.pairsHessianSparse(y, a, b, grad, pairs);
    assertEquals(RouteCatalogue.pairs(y, a, b), value, 0.0, "the refill's value");
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.pairsHessian(y, a, b), pairs, "pairs");
    assertGradient(RouteCatalogueDerivatives.pairsGradient(y, a, b), grad, "pairs");
    double[] z = gaussians(120, 1.0);
    java.util.Arrays.fill(dense.values(), Double.NaN);
    double[] zGrad = new double[120];
    RouteCatalogueDerivatives.untraceableHessianSparse(z, zGrad, dense);
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.untraceableHessian(z), dense, "untraceable");
    assertGradient(RouteCatalogueDerivatives.untraceableGradient(z), zGrad, "untraceable");
  }

  @Test
  void autoTakesColoringUntimedOnTwoColours() {
    double[] x = gaussians(40, 1.0);
    SparseHessian h = RouteCatalogueDerivatives.blocksHessianSparse(x);
    assertEquals(2, h.colors());
    assertEquals(HessianRoute.COLORING, h.route(), h.routeReason());
    assertEquals(RouteBasis.FEW_COLORS, h.routeBasis(), h.routeReason());
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.blocksHessian(x), h, "blocks");
    // Its edge route all the same, on request.
    h.useRoute(HessianRoute.EDGE_PUSHING);
    double[] y = gaussians(40, 1.0);
    RouteCatalogueDerivatives.blocksHessianSparse(y, new double[40], h);
    SparseKindsCheck.sameEntries(RouteCatalogueDerivatives.blocksHessian(y), h, "blocks by edges");
  }

  /**
   * A method the recording refuses (a call of a method with a custom derivative) has colouring
   * only.
   */
  @Test
  void aMethodWithoutAnEdgeRouteRefusesIt() {
    // It calls Special.logGamma, whose @GradientOf and @HessianVectorOf give no recording.
    SparseHessian h = CatalogueDerivatives.gammaLogDensityHessianSparse(1.5, 2.0, 0.7);
    assertFalse(h.hasEdgeRoute());
    assertEquals(HessianRoute.COLORING, h.route());
    assertEquals(RouteBasis.NO_EDGE_ROUTE, h.routeBasis());
    assertThrows(IllegalStateException.class, () -> h.useRoute(HessianRoute.EDGE_PUSHING));
  }
}
