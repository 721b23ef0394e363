package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.SparseHessian;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.interfaces.decomposition.CholeskySparseDecomposition_F64;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.factory.DecompositionFactory_DSCC;
import org.junit.jupiter.api.Test;

/**
 * The grid model's pieces against dense computations written independently here: the Hessian
 * against the statistician's formula, the Cholesky against dense algebra, the Laplace value against
 * a dense one and against importance sampling, and the fit against the simulated truth.
 */
class GridModelTest {

  /** The Hessian of the negative log joint by hand: diag(E e^eta) + tau Q, mu's row E e^eta. */
  private static double[][] hessianByHand(GridModel.Data d, double[] u, double mu, double tau) {
    int n = d.areas();
    double[][] h = new double[n + 1][n + 1];
    double[][] q = precisionByHand(d);
    for (int k = 0; k < n; k++) {
      double rate = d.expected()[k] * Math.exp(mu + u[k]);
      h[k][k] += rate;
      h[k][n] += rate;
      h[n][k] += rate;
      h[n][n] += rate;
      for (int l = 0; l < n; l++) {
        h[k][l] += tau * q[k][l];
      }
    }
    h[n][n] += GridModel.INTERCEPT_PRECISION;
    return h;
  }

  /** Q = L + ridge I, the Laplacian built from the neighbour pairs. */
  private static double[][] precisionByHand(GridModel.Data d) {
    int n = d.areas();
    double[][] q = new double[n][n];
    for (int i = 0; i < d.rows(); i++) {
      for (int j = 0; j < d.columns(); j++) {
        int k = i * d.columns() + j;
        q[k][k] += d.ridge();
        int[][] neighbours = {{i, j + 1}, {i + 1, j}};
        for (int[] nb : neighbours) {
          if (nb[0] < d.rows() && nb[1] < d.columns()) {
            int l = nb[0] * d.columns() + nb[1];
            q[k][k] += 1;
            q[l][l] += 1;
            q[k][l] -= 1;
            q[l][k] -= 1;
          }
        }
      }
    }
    return q;
  }

  /** log p(y, u, mu | tau) from its definition, with dense algebra for the field's density. */
  private static double logJointByHand(GridModel.Data d, double[] u, double mu, double tau) {
    int n = d.areas();
    double log = 0;
    for (int k = 0; k < n; k++) {
      double rate = d.expected()[k] * Math.exp(mu + u[k]);
      log += d.counts()[k] * Math.log(rate) - rate;
      for (int m = 2; m <= d.counts()[k]; m++) {
        log -= Math.log(m);
      }
    }
    double[][] precision = precisionByHand(d);
    double quadratic = 0;
    for (int k = 0; k < n; k++) {
      for (int l = 0; l < n; l++) {
        precision[k][l] *= tau;
        quadratic += u[k] * precision[k][l] * u[l];
      }
    }
    log += -0.5 * n * Math.log(2 * Math.PI) + 0.5 * logDet(precision) - 0.5 * quadratic;
    double p = GridModel.INTERCEPT_PRECISION;
    return log - 0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(p) - 0.5 * p * mu * mu;
  }

  private static double logDet(double[][] a) {
    double[][] l = Linear.cholesky(a);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += 2 * Math.log(l[i][i]);
    }
    return s;
  }

  private static double[] randomField(int n, long seed) {
    Random random = new Random(seed);
    double[] u = new double[n];
    for (int k = 0; k < n; k++) {
      u[k] = 0.5 * random.nextGaussian();
    }
    return u;
  }

  @Test
  void generatedSparseHessianHasEveryEntryOfTheHessianByHand() {
    GridModel.Data d = GridModel.simulate(4, 5, 2.0, 0.3, 11);
    int n = d.areas();
    double[] u = randomField(n, 12);
    double mu = 0.4;
    double tau = 1.7;
    double[] grad = new double[n + 1];
    GridHessian h = GridHessian.at(d, u, mu, tau, grad);
    double[][] expected = hessianByHand(d, u, mu, tau);

    assertEquals(n + 1, h.size());
    // The grid's star colouring (at most 5) and one more for mu, which meets every area.
    assertTrue(h.colors() <= 6, h.colors() + " colours");
    double[][] sparse = new double[n + 1][n + 1];
    for (int column = 0; column <= n; column++) {
      int start = h.columnStarts()[column];
      int end = h.columnStarts()[column + 1];
      assertEquals(column, h.rowIndices()[start], "diagonal first in column " + column);
      for (int k = start; k < end; k++) {
        int row = h.rowIndices()[k];
        assertTrue(k == start || row > h.rowIndices()[k - 1], "rows sorted, distinct, lower");
        sparse[row][column] = h.values()[k];
        sparse[column][row] = h.values()[k];
      }
    }
    for (int i = 0; i <= n; i++) {
      assertArrayEquals(expected[i], sparse[i], 1e-10 * (1 + Math.abs(expected[i][i])), "row " + i);
    }
    // The gradient the refill wrote, against differences of the method itself.
    double step = 1e-6;
    for (int k = 0; k < n; k += 3) {
      double[] plus = u.clone();
      double[] minus = u.clone();
      plus[k] += step;
      minus[k] -= step;
      double difference =
          (d.negativeLogJoint(plus, mu, tau) - d.negativeLogJoint(minus, mu, tau)) / (2 * step);
      assertEquals(difference, grad[k], 1e-5, "gradient " + k);
    }
  }

  /**
   * The generated refill at a second point, into the matrix made at the first, holds the Hessian
   * by hand there, and the sparse Cholesky of it gives the dense log determinant.
   */
  @Test
  void refillAtAnotherPointHoldsItsHessianAndFactors() {
    GridModel.Data d = GridModel.simulate(3, 4, 2.0, 0.3, 21);
    int n = d.areas();
    double[] grad = new double[n + 1];
    GridHessian h = GridHessian.at(d, randomField(n, 22), 0.1, 2.5, grad);
    double[] u = randomField(n, 23);
    double f = h.refill(u, -0.3, 1.5, grad);

    assertEquals(d.negativeLogJoint(u, -0.3, 1.5), f, 1e-12 * (1 + Math.abs(f)));
    double[][] expected = hessianByHand(d, u, -0.3, 1.5);
    double[][] dense = h.sparse().toDense();
    for (int i = 0; i <= n; i++) {
      assertArrayEquals(expected[i], dense[i], 1e-10 * (1 + Math.abs(expected[i][i])), "row " + i);
    }
    SparseCholesky cholesky =
        new SparseCholesky(n + 1, h.columnStarts(), h.rowIndices(), NestedDissection.of(3, 4, 1));
    assertTrue(cholesky.factor(h.values()));
    assertEquals(logDet(expected), cholesky.logDeterminant(), 1e-9);
  }

  /** README's hand-over of a SparseHessian to EJML, as written there, against dense algebra. */
  @Test
  void readmesHandOverToEjmlFactorsTheHessian() {
    GridModel.Data d = GridModel.simulate(4, 6, 2.0, 0.3, 25);
    int areas = d.areas();
    double[] u = randomField(areas, 26);
    double[] grad = new double[areas + 1];
    SparseHessian h = GridHessian.at(d, u, 0.2, 1.5, grad).sparse();
    int[] order = NestedDissection.of(4, 6, 1);

    // As in README:
    int n = h.size();
    DMatrixSparseCSC lower = new DMatrixSparseCSC(n, n, h.nonZeros());
    System.arraycopy(h.columnStarts(), 0, lower.col_idx, 0, n + 1);
    System.arraycopy(h.rowIndices(), 0, lower.nz_rows, 0, h.nonZeros());
    System.arraycopy(h.values(), 0, lower.nz_values, 0, h.nonZeros());
    lower.nz_length = h.nonZeros();
    lower.indicesSorted = true;
    DMatrixSparseCSC upper = CommonOps_DSCC.transpose(lower, null, null);
    DMatrixSparseCSC permuted = new DMatrixSparseCSC(n, n, 0);
    CommonOps_DSCC.permuteSymmetric(upper, CommonOps_DSCC.permutationInverse(order, n), permuted, null);
    CholeskySparseDecomposition_F64<DMatrixSparseCSC> cholesky = DecompositionFactory_DSCC.cholesky();
    boolean positiveDefinite = cholesky.decompose(permuted);

    assertTrue(positiveDefinite);
    DMatrixSparseCSC l = cholesky.getT(null);
    double logDet = 0;
    for (int j = 0; j < n; j++) {
      logDet += 2 * Math.log(l.get(j, j));
    }
    assertEquals(logDet(hessianByHand(d, u, 0.2, 1.5)), logDet, 1e-9);
  }

  /** README's Ipopt-style eval_h triplets, as written there, hold the Hessian's lower triangle. */
  @Test
  void readmesLowerTriangleTripletsHoldTheHessian() {
    GridModel.Data d = GridModel.simulate(3, 5, 2.0, 0.3, 27);
    double[] u = randomField(d.areas(), 28);
    GridHessian h = GridHessian.at(d, u, 0.2, 1.5, new double[d.areas() + 1]);
    int[] iRow = new int[h.columnStarts()[h.size()]];
    int[] jCol = new int[iRow.length];
    double[] values = new double[iRow.length];
    double objFactor = 0.5;

    // As in README:
    int[] starts = h.columnStarts();
    for (int j = 0; j < h.size(); j++) {
      for (int k = starts[j]; k < starts[j + 1]; k++) {
        iRow[k] = h.rowIndices()[k];
        jCol[k] = j;
        values[k] = objFactor * h.values()[k];
      }
    }

    double[][] expected = hessianByHand(d, u, 0.2, 1.5);
    double[][] fromTriplets = new double[h.size()][h.size()];
    for (int k = 0; k < iRow.length; k++) {
      assertTrue(iRow[k] >= jCol[k], "lower triangle");
      fromTriplets[iRow[k]][jCol[k]] += values[k];
    }
    for (int i = 0; i < h.size(); i++) {
      for (int j = 0; j <= i; j++) {
        assertEquals(0.5 * expected[i][j], fromTriplets[i][j], 1e-10 * (1 + expected[i][i]));
      }
    }
  }

  @Test
  void sparseCholeskyInNestedDissectionOrderSolvesAndGivesTheDeterminantOfDenseAlgebra() {
    GridModel.Data d = GridModel.simulate(7, 9, 2.0, 0.3, 31);
    int n = d.areas();
    double[] u = randomField(n, 32);
    double[] grad = new double[n + 1];
    GridHessian h = GridHessian.at(d, u, -0.2, 3.0, grad);
    int[] order = NestedDissection.of(7, 9, 1);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int p = 0; p <= n; p++) {
      assertEquals(p, sorted[p], "the order is a permutation");
    }
    assertEquals(n, order[n], "mu last");
    SparseCholesky cholesky = new SparseCholesky(n + 1, h.columnStarts(), h.rowIndices(), order);
    assertTrue(cholesky.factor(h.values()));
    double[][] dense = hessianByHand(d, u, -0.2, 3.0);

    assertEquals(logDet(dense), cholesky.logDeterminant(), 1e-9 * Math.abs(logDet(dense)));
    double[] x = new double[n + 1];
    cholesky.solve(grad, x);
    assertArrayEquals(Linear.solve(dense, grad), x, 1e-9);
  }

  @Test
  void nestedDissectionFillsLessThanTheNaturalOrder() {
    GridModel.Data d = GridModel.simulate(40, 40, 2.0, 0.3, 41);
    int n = d.areas();
    GridHessian h = GridHessian.at(d, new double[n], 0, 1.0, new double[n + 1]);
    int[] natural = new int[n + 1];
    Arrays.setAll(natural, k -> k);
    SparseCholesky band = new SparseCholesky(n + 1, h.columnStarts(), h.rowIndices(), natural);
    SparseCholesky dissected =
        new SparseCholesky(n + 1, h.columnStarts(), h.rowIndices(), NestedDissection.of(40, 40, 1));
    assertTrue(band.factor(h.values()) && dissected.factor(h.values()));

    assertTrue(dissected.factorEntries() < 0.5 * band.factorEntries(),
        dissected.factorEntries() + " entries against " + band.factorEntries());
    assertEquals(band.logDeterminant(), dissected.logDeterminant(), 1e-9 * band.logDeterminant());
  }

  /** The product with the held lower triangle against the Hessian by hand. */
  @Test
  void hessianTimesAVectorEqualsTheDenseProduct() {
    GridModel.Data d = GridModel.simulate(5, 6, 2.0, 0.3, 33);
    int n = d.areas();
    double[] u = randomField(n, 34);
    GridHessian h = GridHessian.at(d, u, 0.3, 1.7, new double[n + 1]);
    double[] x = randomField(n + 1, 35);
    double[] y = new double[n + 1];
    h.times(x, y);

    double[][] dense = hessianByHand(d, u, 0.3, 1.7);
    for (int i = 0; i <= n; i++) {
      double expected = 0;
      for (int j = 0; j <= n; j++) {
        expected += dense[i][j] * x[j];
      }
      assertEquals(expected, y[i], 1e-10 * (1 + Math.abs(expected)), "row " + i);
    }
  }

  /**
   * Conjugate gradients preconditioned by the factor of the Hessian at another point and tau solve
   * the Hessian at this one, as dense algebra does; given too few iterations they say so.
   */
  @Test
  void conjugateGradientsWithAnEarlierFactorSolveTheNewHessian() {
    GridModel.Data d = GridModel.simulate(8, 9, 2.0, 0.3, 36);
    int n = d.areas();
    double[] grad = new double[n + 1];
    GridHessian h = GridHessian.at(d, randomField(n, 37), 0.1, 1.0, grad);
    SparseCholesky earlier =
        new SparseCholesky(n + 1, h.columnStarts(), h.rowIndices(), NestedDissection.of(8, 9, 1));
    assertTrue(earlier.factor(h.values()));
    double[] u = randomField(n, 38);
    h.refill(u, 0.4, 2.5, grad);
    PreconditionedCg cg = new PreconditionedCg(n + 1);
    double[] step = new double[n + 1];

    int iterations = cg.solve(h, earlier, grad, step, 1e-10, 100);

    assertTrue(iterations > 1, iterations + " iterations");
    assertArrayEquals(Linear.solve(hessianByHand(d, u, 0.4, 2.5), grad), step, 1e-8);
    assertEquals(-1, cg.solve(h, earlier, grad, step, 1e-10, 1));
  }

  @Test
  void logDeterminantOfQFromTheGridsWavesEqualsDenseAlgebra() {
    GridModel.Data d = GridModel.simulate(5, 8, 2.0, 0.3, 51);
    assertEquals(logDet(precisionByHand(d)), GridModel.logDeterminantOfQ(5, 8, d.ridge()), 1e-9);
  }

  @Test
  void newtonReachesAZeroGradientAndTheLaplaceValueEqualsADenseComputation() {
    GridModel.Data d = GridModel.simulate(6, 7, 2.0, 0.3, 61);
    int n = d.areas();
    double tau = 2.0;
    LaplaceFit fit = new LaplaceFit(d, 1.0);
    LaplaceFit.Mode mode = fit.mode(tau);
    double[] u = fit.field().clone();
    double mu = fit.intercept();

    double[] grad =
        GridModelDerivatives.negativeLogJointGradient(
            u, mu, tau, d.ridge(), d.counts(), d.expected(), d.rows(), d.columns());
    for (double g : grad) {
      assertEquals(0, g, 1e-8);
    }
    double dense =
        logJointByHand(d, u, mu, tau)
            + 0.5 * (n + 1) * Math.log(2 * Math.PI)
            - 0.5 * logDet(hessianByHand(d, u, mu, tau));
    assertEquals(dense, mode.logMarginal(), 1e-9 * Math.abs(dense));
    // A second tau, reached from the first one's mode along its tangent.
    LaplaceFit.Mode other = fit.mode(5.0);
    double[] u5 = fit.field();
    double dense5 =
        logJointByHand(d, u5, fit.intercept(), 5.0)
            + 0.5 * (n + 1) * Math.log(2 * Math.PI)
            - 0.5 * logDet(hessianByHand(d, u5, fit.intercept(), 5.0));
    assertEquals(dense5, other.logMarginal(), 1e-9 * Math.abs(dense5));
    assertTrue(other.gradientNorm() < 1e-8, other::toString);
  }

  /**
   * The Laplace approximation against the marginal likelihood itself, estimated by importance
   * sampling from the Laplace Gaussian: with large expected counts the posterior is nearly
   * Gaussian, so the two agree closely, which they could not with a wrong constant.
   */
  @Test
  void laplaceValueIsCloseToAnImportanceSampledMarginalLikelihood() {
    int rows = 3;
    int columns = 3;
    int n = rows * columns;
    Random random = new Random(71);
    double[] expected = new double[n];
    int[] counts = new int[n];
    double[] field = GridModel.priorDraw(rows, columns, 2.0, GridModel.ridge(rows, columns), random);
    for (int k = 0; k < n; k++) {
      expected[k] = 200;
      counts[k] = PoissonRegression.poisson(200 * Math.exp(0.1 + field[k]), random);
    }
    GridModel.Data d =
        new GridModel.Data(rows, columns, counts, expected, GridModel.ridge(rows, columns), field,
            0.1, 2.0);
    double tau = 2.0;
    LaplaceFit fit = new LaplaceFit(d, tau);
    LaplaceFit.Mode mode = fit.mode(tau);
    double[] mean = Arrays.copyOf(fit.field(), n + 1);
    mean[n] = fit.intercept();
    double[][] l = Linear.cholesky(hessianByHand(d, fit.field(), fit.intercept(), tau));

    int draws = 20000;
    double[] logWeights = new double[draws];
    double halfLogDetH = 0;
    for (int i = 0; i <= n; i++) {
      halfLogDetH += Math.log(l[i][i]);
    }
    for (int s = 0; s < draws; s++) {
      double[] z = new double[n + 1];
      double zz = 0;
      for (int i = 0; i <= n; i++) {
        z[i] = random.nextGaussian();
        zz += z[i] * z[i];
      }
      // x = mean + L⁻ᵀ z has density N(mean, H⁻¹).
      double[] x = new double[n + 1];
      for (int i = n; i >= 0; i--) {
        double sum = z[i];
        for (int k = i + 1; k <= n; k++) {
          sum -= l[k][i] * x[k];
        }
        x[i] = sum / l[i][i];
      }
      double[] draw = new double[n];
      for (int k = 0; k < n; k++) {
        draw[k] = mean[k] + x[k];
      }
      double logQ = -0.5 * (n + 1) * Math.log(2 * Math.PI) + halfLogDetH - 0.5 * zz;
      logWeights[s] = logJointByHand(d, draw, mean[n] + x[n], tau) - logQ;
    }
    double max = Arrays.stream(logWeights).max().orElseThrow();
    double sum = 0;
    for (double w : logWeights) {
      sum += Math.exp(w - max);
    }
    double sampled = max + Math.log(sum / draws);

    assertEquals(sampled, mode.logMarginal(), 0.02);
  }

  @Test
  void theFitRecoversTheSimulatedFieldAndTau() {
    GridModel.Data d = GridModel.simulate(30, 30, 3.0, 0.2, 81);
    LaplaceFit fit = new LaplaceFit(d, 1.0);
    LaplaceFit.Search search = fit.maximise(0.01, 100, 0.01);

    double correlation = SampleApp.correlation(d.trueField(), fit.field());
    assertTrue(correlation > 0.8, "correlation " + correlation);
    double tau = search.best().tau();
    assertTrue(tau > 1.5 && tau < 6, "tau " + tau);
    assertTrue(search.best().gradientNorm() < 1e-8, search::toString);
    // Newton's steps were solved with the factor at hand: about one factorisation per tau.
    assertTrue(fit.factorisations() <= search.evaluations() + 3,
        fit.factorisations() + " factorisations for " + search.evaluations() + " values of tau, "
            + search.newtonSteps() + " Newton steps");
    // The maximum: nearby values of tau give less.
    double best = search.best().logMarginal();
    assertTrue(fit.mode(tau * 1.1).logMarginal() < best && fit.mode(tau / 1.1).logMarginal() < best);
  }

  @Test
  void theGridDemoRunsAtItsOwnSize() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        SampleApp.run(new String[] {"grid", "--grid", "20", "--seed", "5"}, print(out),
            print(new ByteArrayOutputStream()));
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, report);
    assertTrue(report.contains("Disease mapping on a 20 x 20 grid (400 areas)"), report);
    assertTrue(report.contains("tau maximising the Laplace approximation"), report);
    assertTrue(!report.contains("Rosenbrock"), report);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
