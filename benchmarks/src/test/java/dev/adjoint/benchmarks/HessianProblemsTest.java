package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * What {@link DenseHessians} times is right before it is timed: each problem is the published
 * function (checked against its definition written another way, and at known zeros), and its
 * generated gradient and dense Hessian agree with central differences, through the same {@link
 * HessianProblems.Problem} objects the benchmark calls.
 */
class HessianProblemsTest {
  private static final int N = 100;
  private static final double FD_TOLERANCE = 1e-5;

  static List<String> names() {
    return HessianProblems.NAMES;
  }

  @ParameterizedTest
  @MethodSource("names")
  void gradientAgreesWithFiniteDifferences(String name) {
    HessianProblems.Problem p = HessianProblems.of(name, N);
    double[] grad = new double[N];
    double value = p.gradient(grad);
    assertEquals(p.value(), value, name + ": the gradient's value is the original's");
    double[] fd = new double[N];
    FiniteDifferences.central(p::value, p.inputs(), fd);
    assertTrue(maxAbs(grad) > 0, name + ": the gradient is not zero");
    assertClose(name + " gradient", fd, grad, FD_TOLERANCE);
  }

  @ParameterizedTest
  @MethodSource("names")
  void denseHessianAgreesWithDifferencesOfTheGradient(String name) {
    HessianProblems.Problem p = HessianProblems.of(name, N);
    double[][] hessian = p.hessian();
    double[][] fd = gradientDifferences(p);
    double scale = 0;
    for (double[] row : fd) {
      scale = Math.max(scale, maxAbs(row));
    }
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double error = Math.abs(hessian[i][j] - fd[i][j]) / scale;
        int row = i;
        int column = j;
        assertTrue(error <= FD_TOLERANCE,
            () -> name + ": H[" + row + "][" + column + "] " + hessian[row][column]
                + " against " + fd[row][column]);
      }
    }
  }

  /** Every problem and size the benchmark's parameters name can be made, with N inputs. */
  @Test
  void everyBenchmarkedCaseHasTheInputsItsSizeSays() throws NoSuchFieldException {
    String[] problems = DenseHessians.class.getDeclaredField("problem").getAnnotation(Param.class)
        .value();
    assertEquals(HessianProblems.NAMES, List.of(problems));
    String[] sizes = DenseHessians.class.getDeclaredField("n").getAnnotation(Param.class).value();
    for (String name : problems) {
      for (String size : sizes) {
        int n = Integer.parseInt(size);
        int inputs = HessianProblems.of(name, n).inputs().stream().mapToInt(r -> r.length).sum();
        assertEquals(n, inputs, name + " at N = " + n);
      }
    }
  }

  /** Chebyquad against {@code T_i(y) = cos(i acos y)} and the integrals, summed another way. */
  @Test
  void chebyquadIsTheSumOfSquaresOfItsResiduals() {
    for (int n : new int[] {1, 7, 10, 31}) {
      double[] x = Data.chebyquad(n, n);
      double expected = 0;
      for (int i = 1; i <= n; i++) {
        double mean = 0;
        for (double xj : x) {
          mean += Math.cos(i * Math.acos(2 * xj - 1)) / n;
        }
        double integral = i % 2 == 0 ? -1.0 / (i * i - 1) : 0;
        expected += (mean - integral) * (mean - integral);
      }
      assertEquals(expected, Problems.chebyquad(x), 1e-12 * expected, "n = " + n);
    }
  }

  /**
   * Chebyquad is zero where equal weights integrate polynomials of degree n exactly: the
   * Chebyshev quadrature nodes, {@code ±1/√3} for n = 2 and {@code 0, ±1/√2} for n = 3 on [-1, 1].
   */
  @Test
  void chebyquadIsZeroAtChebyshevQuadratureNodes() {
    double a = 0.5 / Math.sqrt(3);
    assertEquals(0, Problems.chebyquad(new double[] {0.5 - a, 0.5 + a}), 1e-30);
    double b = 0.5 / Math.sqrt(2);
    assertEquals(0, Problems.chebyquad(new double[] {0.5 - b, 0.5, 0.5 + b}), 1e-30);
    assertTrue(Problems.chebyquad(new double[] {0.25, 0.5, 0.75}) > 1e-3, "elsewhere it is not");
  }

  /** Broyden banded as Moré, Garbow and Hillstrom write it: 1-based, over the set J_i. */
  @Test
  void broydenBandedIsTheSumOfSquaresOfItsResiduals() {
    int lower = 5;
    int upper = 1;
    for (int n : new int[] {1, 2, 7, 20}) {
      double[] x = Data.broydenBanded(n, n);
      double expected = 0;
      for (int i = 1; i <= n; i++) {
        double xi = x[i - 1];
        double f = xi * (2 + 5 * xi * xi) + 1;
        for (int j = Math.max(1, i - lower); j <= Math.min(n, i + upper); j++) {
          if (j != i) {
            f -= x[j - 1] * (1 + x[j - 1]);
          }
        }
        expected += f * f;
      }
      assertEquals(expected, Problems.broydenBanded(x), 1e-12 * expected, "n = " + n);
    }
  }

  /** The banded problem is banded: residual i joins i-5..i+1, so H has half-bandwidth 6. */
  @Test
  void broydenBandedHessianHasHalfBandwidthSix() {
    int n = 30;
    double[][] h = ProblemsDerivatives.broydenBandedHessian(Data.broydenBanded(n, 3));
    boolean sixthDiagonalUsed = false;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (Math.abs(i - j) > 6) {
          assertEquals(0, h[i][j], "H[" + i + "][" + j + "]");
        } else if (Math.abs(i - j) == 6 && h[i][j] != 0) {
          sixthDiagonalUsed = true;
        }
      }
    }
    assertTrue(sixthDiagonalUsed, "the band is 6 wide, not less");
  }

  /** One sweep of mHessianVectors equals separate mHessianVector calls, on the benchmark's objects. */
  @ParameterizedTest
  @MethodSource("names")
  void hessianVectorsEqualSeparateProducts(String name) {
    HessianProblems.Problem p = HessianProblems.of(name, N);
    for (int k : new int[] {1, 2, 3, DenseHessians.DIRECTIONS}) {
      double[][] vs = new double[k][];
      double[][] hvs = new double[k][N];
      for (int j = 0; j < k; j++) {
        vs[j] = Data.direction(N, 100 + j);
      }
      double[] grad = new double[N];
      assertEquals(p.value(), p.hessianVectors(vs, grad, hvs), name + ": value");
      double[] gradOne = new double[N];
      double[] hv = new double[N];
      for (int j = 0; j < k; j++) {
        p.hessianVector(vs[j], gradOne, hv);
        assertClose(name + " k = " + k + " direction " + j, hv, hvs[j], 1e-12);
      }
      assertClose(name + " k = " + k + " gradient", gradOne, grad, 1e-12);
    }
  }

  /** Column j: central differences of the generated gradient in input j, which is restored. */
  private static double[][] gradientDifferences(HessianProblems.Problem p) {
    double[][] h = new double[N][N];
    double[] up = new double[N];
    double[] down = new double[N];
    int column = 0;
    for (double[] row : p.inputs()) {
      for (int k = 0; k < row.length; k++) {
        double saved = row[k];
        double step = 1e-6 * Math.max(1, Math.abs(saved));
        row[k] = saved + step;
        p.gradient(up);
        row[k] = saved - step;
        p.gradient(down);
        double width = (saved + step) - (saved - step);
        row[k] = saved;
        for (int i = 0; i < N; i++) {
          h[i][column] = (up[i] - down[i]) / width;
        }
        column++;
      }
    }
    return h;
  }

  /** Relative to the expected vector's largest component. */
  private static void assertClose(String what, double[] expected, double[] actual, double tol) {
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      error = Math.max(error, Math.abs(actual[i] - expected[i]));
    }
    double relative = error / maxAbs(expected);
    assertTrue(relative <= tol,
        () -> what + ": relative error " + relative);
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
