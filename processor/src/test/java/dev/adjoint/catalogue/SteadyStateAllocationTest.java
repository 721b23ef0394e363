package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A gradient called again and again allocates nothing that grows with its loops: the tape keeps
 * its capacity. Measured in bytes allocated by this thread (HotSpot's counter), for a small and a
 * large problem of the same function; the difference must stay within a few bytes of slack. And
 * when the function's arrays (its locals, their adjoints and tangents, the adjoints of
 * differentiated matrices) come from the thread's workspace, a call allocates nothing at all.
 */
public class SteadyStateAllocationTest {
  private static final long SLACK = 256;
  private final Random random = new Random(5);

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * The fewest bytes one call allocated, over repeated calls after a warm-up. The calls are
   * measured in up to three rounds, each after a warm-up of its own, and a round that finds no
   * more than reading the counter allocates ends it: while the JIT is still compiling or has just
   * deoptimised a caller, a whole round of calls can run code that allocates what compiled code
   * does not (seen once in CI on JDK 25). An allocation of the method's own shows in every round.
   */
  public static long bytesPerCall(Runnable call) {
    long fewest = Long.MAX_VALUE;
    long reading = 0;
    for (int round = 0; round < 3 && fewest > reading; round++) {
      for (int k = 0; k < 2_000; k++) {
        call.run();
      }
      reading = Long.MAX_VALUE;
      for (int k = 0; k < 50; k++) {
        long before = allocatedBytes();
        call.run();
        long between = allocatedBytes();
        fewest = Math.min(fewest, between - before);
        reading = Math.min(reading, allocatedBytes() - between);
      }
    }
    return fewest;
  }

  private double[] vector(int n) {
    return random.doubles(n, -1, 1).toArray();
  }

  private void assertFlat(String what, long small, long large) {
    assertTrue(
        large <= small + SLACK,
        what + " allocates " + small + " bytes per call on the small problem but " + large
            + " on the large one");
  }

  @Test
  void loopsThatRecordOnTheTape() {
    double[] grad = new double[2];
    long small = bytesPerCall(() -> LoopCatalogueDerivatives.fixedPointCosineGradient(0.7, 0.3, 10, grad));
    long large =
        bytesPerCall(() -> LoopCatalogueDerivatives.fixedPointCosineGradient(0.7, 0.3, 5_000, grad));
    assertFlat("fixedPointCosineGradient", small, large);
  }

  /** A checkpointed loop: its schedule and snapshots come from the workspace, reused. */
  @Test
  void checkpointedLoopsAllocateNothing() {
    double[] grad = new double[2];
    long small =
        bytesPerCall(
            () -> LoopCatalogueDerivatives.fixedPointCosineCheckpointedGradient(0.7, 0.3, 10, grad));
    long large =
        bytesPerCall(
            () -> LoopCatalogueDerivatives.fixedPointCosineCheckpointedGradient(0.7, 0.3, 2_000, grad));
    assertFlat("fixedPointCosineCheckpointedGradient", small, large);
    assertNothing("fixedPointCosineCheckpointedGradient", large);
  }

  @Test
  void branchesAndBreaksRecordedInNestedLoops() {
    double[] smallX = vector(12);
    double[] largeX = vector(3_000);
    double[] smallGrad = new double[14];
    double[] largeGrad = new double[3_002];
    long small =
        bytesPerCall(() -> LoopCatalogueDerivatives.springChainEnergyGradient(smallX, 0.8, 1.2, smallGrad));
    long large =
        bytesPerCall(() -> LoopCatalogueDerivatives.springChainEnergyGradient(largeX, 0.8, 1.2, largeGrad));
    assertFlat("springChainEnergyGradient", small, large);
  }

  @Test
  void callsInsideLoopsOverAMatrix() {
    double[] w = vector(5);
    double[][] smallX = new double[4][];
    double[][] largeX = new double[4_000][];
    for (int i = 0; i < largeX.length; i++) {
      largeX[i] = vector(5);
      if (i < smallX.length) {
        smallX[i] = largeX[i];
      }
    }
    double[] smallY = vector(4);
    double[] largeY = vector(4_000);
    double[] grad = new double[5];
    long small = bytesPerCall(() -> LoopCatalogueDerivatives.logisticNllGradient(w, smallX, smallY, grad));
    long large = bytesPerCall(() -> LoopCatalogueDerivatives.logisticNllGradient(w, largeX, largeY, grad));
    assertFlat("logisticNllGradient", small, large);
  }

  /** A private helper whose value is data, called in a loop: through its handle, no scratch array. */
  @Test
  void privateDataHelpersCalledInALoop() {
    ImplicitHelpers smallModel = new ImplicitHelpers(1.5, vector(10));
    ImplicitHelpers largeModel = new ImplicitHelpers(1.5, vector(3_000));
    double[] smallX = vector(10);
    double[] largeX = vector(3_000);
    double[] smallGrad = new double[10];
    double[] largeGrad = new double[3_000];
    long small =
        bytesPerCall(() -> ImplicitHelpersDerivatives.privateDataGradient(smallModel, smallX, smallGrad));
    long large =
        bytesPerCall(() -> ImplicitHelpersDerivatives.privateDataGradient(largeModel, largeX, largeGrad));
    assertFlat("privateDataGradient", small, large);
  }

  /** At most this many bytes per call where nothing needs a new array (the benchmark target). */
  private static final long NOTHING = 64;

  private double[][] matrix(int rows, int columns) {
    double[][] m = new double[rows][];
    for (int r = 0; r < rows; r++) {
      m[r] = vector(columns);
    }
    return m;
  }

  /** What reading the counter itself allocates, measured around a call that does nothing. */
  private static long overhead() {
    return bytesPerCall(() -> {});
  }

  private void assertNothing(String what, long bytes) {
    long net = bytes - overhead();
    assertTrue(net <= NOTHING, what + " allocates " + net + " bytes per call");
  }

  @Test
  void localArraysAndDifferentiatedMatricesComeFromTheWorkspace() {
    double[] logWeights = vector(3);
    double[][] means = matrix(3, 4);
    double[][] logPrecisions = matrix(3, 4);
    double[][] x = matrix(50, 4);
    int n = 3 + 12 + 12;
    double[] grad = new double[n];
    double[] v = vector(n);
    double[] hv = new double[n];
    assertNothing("gmmLogLikelihoodGradient", bytesPerCall(
        () -> LoopCatalogueDerivatives.gmmLogLikelihoodGradient(logWeights, means, logPrecisions, x, grad)));
    assertNothing("gmmLogLikelihoodDerivative", bytesPerCall(
        () -> LoopCatalogueDerivatives.gmmLogLikelihoodDerivative(logWeights, means, logPrecisions, x, v)));
    assertNothing("gmmLogLikelihoodHessianVector", bytesPerCall(
        () -> LoopCatalogueDerivatives.gmmLogLikelihoodHessianVector(
            logWeights, means, logPrecisions, x, v, grad, hv)));
    double[][] vs = matrix(LANES, n);
    double[][] hvs = new double[LANES][n];
    assertNothing("gmmLogLikelihoodHessianVectors", bytesPerCall(
        () -> LoopCatalogueDerivatives.gmmLogLikelihoodHessianVectors(
            logWeights, means, logPrecisions, x, vs, grad, hvs)));
  }

  /** Directions per call of {@code mHessianVectors}: their lanes come from the workspace too. */
  private static final int LANES = 8;

  @Test
  void companionCallsAndTheirHessianVectorProducts() {
    double[] w = vector(5);
    double[][] x = matrix(40, 5);
    double[] y = vector(40);
    double[] grad = new double[5];
    double[] v = vector(5);
    double[] hv = new double[5];
    assertNothing("logisticNllHessianVector", bytesPerCall(
        () -> LoopCatalogueDerivatives.logisticNllHessianVector(w, x, y, v, grad, hv)));
    // softplus called in the loop: its own mHessianVectors, its rows from the workspace too.
    double[][] vs = matrix(LANES, 5);
    double[][] hvs = new double[LANES][5];
    assertNothing("logisticNllHessianVectors", bytesPerCall(
        () -> LoopCatalogueDerivatives.logisticNllHessianVectors(w, x, y, vs, grad, hvs)));
  }

  @Test
  void arraysMadeInLoopsReuseTheirWorkspaceBuffers() {
    int[] counts = {3, 1, 6, 2, 5, 4, 6, 1};
    double[] x = vector(4);
    double[] grad = new double[4];
    double[] v = vector(4);
    double[] hv = new double[4];
    assertNothing("varyingLengthProductsGradient", bytesPerCall(
        () -> LoopCatalogueDerivatives.varyingLengthProductsGradient(x, counts, grad)));
    assertNothing("varyingLengthProductsDerivative", bytesPerCall(
        () -> LoopCatalogueDerivatives.varyingLengthProductsDerivative(x, counts, v)));
    assertNothing("varyingLengthProductsHessianVector", bytesPerCall(
        () -> LoopCatalogueDerivatives.varyingLengthProductsHessianVector(x, counts, v, grad, hv)));
    double[] w = vector(3);
    double[] wGrad = new double[3];
    double[] wv = vector(3);
    double[] whv = new double[3];
    assertNothing("nestedLoopArraysGradient", bytesPerCall(
        () -> LoopCatalogueDerivatives.nestedLoopArraysGradient(w, 4, wGrad)));
    assertNothing("nestedLoopArraysHessianVector", bytesPerCall(
        () -> LoopCatalogueDerivatives.nestedLoopArraysHessianVector(w, 4, wv, wGrad, whv)));
    double[][] vs = matrix(LANES, 4);
    double[][] hvs = new double[LANES][4];
    assertNothing("varyingLengthProductsHessianVectors", bytesPerCall(
        () -> LoopCatalogueDerivatives.varyingLengthProductsHessianVectors(x, counts, vs, grad, hvs)));
    double[][] wvs = matrix(LANES, 3);
    double[][] whvs = new double[LANES][3];
    assertNothing("nestedLoopArraysHessianVectors", bytesPerCall(
        () -> LoopCatalogueDerivatives.nestedLoopArraysHessianVectors(w, 4, wvs, wGrad, whvs)));
  }

  /**
   * {@code mJacobianVectors} with k = 8 allocates what the original allocates (the array it
   * returns) and nothing more: lanes of loops recorded on the tape, arrays made in loops, companion
   * calls in a loop (each with its gradient) and a matrix, all from the workspace.
   */
  @Test
  void jacobianVectorsAllocateOnlyTheValueReturned() {
    double[] y0 = vector(6);
    double[][] yvs = matrix(LANES, 7);
    double[][] yjvs = new double[LANES][6];
    long value = bytesPerCall(() -> VectorCatalogue.eulerSteps(y0, 0.5, 9));
    assertNothing("eulerStepsJacobianVectors", bytesPerCall(
        () -> VectorCatalogueDerivatives.eulerStepsJacobianVectors(y0, 0.5, 9, yvs, yjvs)) - value);
    double[] z = vector(6);
    double[][] zvs = matrix(LANES, 6);
    double[][] zjvs = new double[LANES][6];
    long softplus = bytesPerCall(() -> VectorCatalogue.softplusAll(z));
    assertNothing("softplusAllJacobianVectors", bytesPerCall(
        () -> VectorCatalogueDerivatives.softplusAllJacobianVectors(z, zvs, zjvs)) - softplus);
    double[] c = vector(3);
    double[] t = vector(7);
    double[] y = vector(7);
    double[][] cvs = matrix(LANES, 3);
    double[][] cjvs = new double[LANES][7];
    long residuals = bytesPerCall(() -> VectorCatalogue.perObservationBasisResiduals(c, t, y));
    assertNothing("perObservationBasisResidualsJacobianVectors", bytesPerCall(
        () -> VectorCatalogueDerivatives.perObservationBasisResidualsJacobianVectors(c, t, y, cvs, cjvs))
        - residuals);
    double[][] a = matrix(3, 3);
    double[] x = vector(3);
    double[][] avs = matrix(LANES, 12);
    double[][] ajvs = new double[LANES][2];
    long passed = bytesPerCall(() -> VectorCatalogue.matrixPassedOn(a, x));
    assertNothing("matrixPassedOnJacobianVectors", bytesPerCall(
        () -> VectorCatalogueDerivatives.matrixPassedOnJacobianVectors(a, x, avs, ajvs)) - passed);
  }

  /**
   * A sparse Hessian's refill allocates nothing: the key of the arguments (an {@code int[]}'s
   * elements, a matrix's rows), the sweep along the colours (their lanes from the workspace, a
   * companion called in a loop) and the recovery into the matrix's own values.
   */
  @Test
  void sparseHessianRefillsAllocateNothing() {
    double[] w = vector(5);
    double[][] x = matrix(40, 5);
    double[] y = vector(40);
    double[] grad = new double[5];
    dev.adjoint.runtime.SparseHessian logistic = LoopCatalogueDerivatives.logisticNllHessianSparse(w, x, y);
    assertNothing("logisticNllHessianSparse", bytesPerCall(
        () -> LoopCatalogueDerivatives.logisticNllHessianSparse(w, x, y, grad, logistic)));
    int[] counts = {3, 1, 6, 2, 5, 4, 6, 1};
    double[] z = vector(4);
    double[] zGrad = new double[4];
    dev.adjoint.runtime.SparseHessian products =
        LoopCatalogueDerivatives.varyingLengthProductsHessianSparse(z, counts);
    // Colouring, whatever AUTO chose: its mHessianEdges still makes its local arrays on each run
    // (they do not come from the workspace yet), which the test of both routes below leaves out.
    products.useRoute(dev.adjoint.HessianRoute.COLORING);
    assertNothing("varyingLengthProductsHessianSparse", bytesPerCall(
        () -> LoopCatalogueDerivatives.varyingLengthProductsHessianSparse(z, counts, zGrad, products)));
    double[] logWeights = vector(3);
    double[][] means = matrix(3, 4);
    double[][] logPrecisions = matrix(3, 4);
    double[][] data = matrix(50, 4);
    double[] gmmGrad = new double[27];
    dev.adjoint.runtime.SparseHessian gmm =
        LoopCatalogueDerivatives.gmmLogLikelihoodHessianSparse(logWeights, means, logPrecisions, data);
    assertNothing("gmmLogLikelihoodHessianSparse", bytesPerCall(
        () -> LoopCatalogueDerivatives.gmmLogLikelihoodHessianSparse(
            logWeights, means, logPrecisions, data, gmmGrad, gmm)));
  }

  /**
   * Both routes of a sparse Hessian refill without allocating: colouring as above, edge pushing
   * with its recording and edge store grown by earlier refills (and no refill mark left behind
   * for the lanes that a colouring refill after it could misread).
   */
  @Test
  void sparseHessianRefillsAllocateNothingOnEitherRoute() {
    double[] x = vector(30);
    double[] grad = new double[30];
    dev.adjoint.runtime.SparseHessian chain = RouteCatalogueDerivatives.chainByColoringHessianSparse(x);
    int[] idx = {0, 3, 3, 7, 1, 2, 9, 4, 4, 4, 11, 5, 8, 6, 10};
    double[] z = vector(12);
    double[] zGrad = new double[13];
    dev.adjoint.runtime.SparseHessian products =
        RouteCatalogueDerivatives.productsByEdgesHessianSparse(z, 0.7, idx, 3);
    assertTrue(chain.hasEdgeRoute() && products.hasEdgeRoute(), "both have the edge route");
    for (dev.adjoint.HessianRoute route :
        new dev.adjoint.HessianRoute[] {
          dev.adjoint.HessianRoute.EDGE_PUSHING, dev.adjoint.HessianRoute.COLORING
        }) {
      chain.useRoute(route);
      assertNothing("chainByColoringHessianSparse by " + route, bytesPerCall(
          () -> RouteCatalogueDerivatives.chainByColoringHessianSparse(x, grad, chain)));
      products.useRoute(route);
      assertNothing("productsByEdgesHessianSparse by " + route, bytesPerCall(
          () -> RouteCatalogueDerivatives.productsByEdgesHessianSparse(z, 0.7, idx, 3, zGrad, products)));
    }
    // Colouring in several sweeps (120 colours, a few to a sweep): their lanes reused.
    double[] u = vector(120);
    double[] uGrad = new double[120];
    dev.adjoint.runtime.SparseHessian dense = RouteCatalogueDerivatives.untraceableHessianSparse(u);
    dense.useRoute(dev.adjoint.HessianRoute.COLORING);
    assertTrue(dense.sweeps() > 1, "several sweeps: " + dense);
    assertNothing("untraceableHessianSparse by colouring in sweeps", bytesPerCall(
        () -> RouteCatalogueDerivatives.untraceableHessianSparse(u, uGrad, dense)));
  }
}
