package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.SparseHessian;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * What {@link RoutesInterleaved} and {@link SparseRoutes} time is right before it is timed, on the
 * same {@link RouteCases} at a small size: the generated gradient against central differences of
 * the original, the dense Hessian against central differences of the gradient, and the sparse
 * Hessian (made, and refilled at another point by each route, colouring and edge pushing) against
 * the dense one; each problem is the published function, written another way.
 */
class RouteCasesTest {
  /** Big enough for k = 64 dense rows and 64-variable products, small enough for dense checks. */
  private static final int N = 150;

  static List<String> names() {
    return RouteCases.NAMES;
  }

  static Stream<Arguments> routes() {
    return RouteCases.NAMES.stream().flatMap(name -> Stream.of(
        Arguments.of(name, HessianRoute.COLORING), Arguments.of(name, HessianRoute.EDGE_PUSHING)));
  }

  @ParameterizedTest
  @MethodSource("names")
  void gradientAgreesWithFiniteDifferences(String name) {
    RouteCases p = RouteCases.of(name, N);
    double[] grad = new double[N];
    assertEquals(p.value(), p.gradient(grad), 1e-12 * Math.abs(p.value()), name + ": value");
    double[] fd = new double[N];
    FiniteDifferences.central(p::value, List.of(p.x), fd);
    assertTrue(maxAbs(grad) > 0, name + ": the gradient is not zero");
    assertClose(name + " gradient", fd, grad, 1e-6);
  }

  @ParameterizedTest
  @MethodSource("names")
  void denseHessianAgreesWithDifferencesOfTheGradient(String name) {
    RouteCases p = RouteCases.of(name, N);
    double[][] hessian = p.dense();
    double[][] fd = gradientDifferences(p);
    for (int i = 0; i < N; i++) {
      assertClose(name + " row " + i, fd[i], hessian[i], 1e-5, scale(fd));
    }
  }

  /** Made (by the route AUTO chose), then refilled by each route at another point. */
  @ParameterizedTest
  @MethodSource("routes")
  void sparseHessianEqualsTheDenseOneMadeAndRefilled(String name, HessianRoute route) {
    RouteCases p = RouteCases.of(name, N);
    SparseHessian h = p.newHessian();
    assertSameMatrix(name + " made by " + h.routeReason(), p.dense(), h.toDense());
    h.useRoute(route);
    for (int i = 0; i < N; i++) {
      p.x[i] += 0.01 * Math.sin(i + 1.0);
    }
    double[] grad = new double[N];
    double value = p.refill(grad, h);
    assertEquals(p.value(), value, 1e-12 * Math.abs(value), name + ": refill's value");
    double[] expectedGrad = new double[N];
    p.gradient(expectedGrad);
    assertClose(name + " refill's gradient", expectedGrad, grad, 1e-12);
    assertSameMatrix(name + " refilled by " + route, p.dense(), h.toDense());
  }

  /** The random structures are what their names say: at most k per product, k / 2 partners. */
  @Test
  void structuresHaveTheirNamedSizes() {
    SparseHessian arrow = RouteCases.of("pureArrowhead:8", N).newHessian();
    assertEquals(8 * N - 8 * 7 / 2 + (N - 8), arrow.nonZeros(),
        "8 dense rows and the diagonal, in the lower triangle");
    SparseHessian band = RouteCases.of("band", N).newHessian();
    assertEquals(7 * N - 21, band.nonZeros(), "a band of half-width 6");
  }

  /** The JMH class runs exactly the harness's cases. */
  @Test
  void jmhRunsEveryCase() throws NoSuchFieldException {
    String[] problems = SparseRoutes.class.getDeclaredField("problem").getAnnotation(Param.class)
        .value();
    assertEquals(RouteCases.NAMES, List.of(problems));
  }

  /** Each problem against its definition written another way (Petra et al.'s 1-based sums). */
  @Test
  void problemsAreThePublishedFunctions() {
    double[] x = RouteCases.of("petraArrowhead:3", 12).x;
    int k = 3;
    int n = x.length - k;
    double expected = 0;
    for (int i = 1; i <= n; i++) {
      double s = 0;
      double squares = 0;
      for (int j = 1; j <= k; j++) {
        s += x[i + j - 1];
        squares += Math.pow(x[i - 1] + x[j - 1], 2);
      }
      expected += Math.cos(s) + squares;
    }
    assertEquals(expected, RouteProblems.petraArrowhead(x, k), 1e-12 * Math.abs(expected));

    double[] y = {0.5, 2, 3};
    int[] members = {0, 0, 1, 2, 2, 0};
    double products = (0.5 * 0.5) + (2 * 3) + (3 * 0.5);
    double squares = 0.25 + 1 + 4;
    assertEquals(products + squares, RouteProblems.randomProducts(y, members, 2), 1e-12);

    double[] theta = {0.1, -0.2, 0.3};
    int[] rowStarts = {0, 2, 3};
    int[] columns = {0, 2, 1};
    double[] values = {1.5, -1, 2};
    double[] labels = {1, -1};
    double z0 = 0.1 * 1.5 - 0.3;
    double z1 = -0.2 * 2;
    double logistic = 0.5 * (0.01 + 0.04 + 0.09) + Math.log1p(Math.exp(-z0))
        + Math.log1p(Math.exp(z1));
    assertEquals(logistic,
        RouteProblems.sparseLogistic(theta, rowStarts, columns, values, labels, 0.5), 1e-12);
  }

  /** Column j: central differences of the generated gradient in input j, which is restored. */
  private static double[][] gradientDifferences(RouteCases p) {
    double[][] h = new double[N][N];
    double[] up = new double[N];
    double[] down = new double[N];
    for (int j = 0; j < N; j++) {
      double saved = p.x[j];
      double step = 1e-6 * Math.max(1, Math.abs(saved));
      p.x[j] = saved + step;
      p.gradient(up);
      p.x[j] = saved - step;
      p.gradient(down);
      double width = (saved + step) - (saved - step);
      p.x[j] = saved;
      for (int i = 0; i < N; i++) {
        h[i][j] = (up[i] - down[i]) / width;
      }
    }
    return h;
  }

  /** Entry by entry, relative to the largest entry: the routes sum in different orders. */
  private static void assertSameMatrix(String what, double[][] expected, double[][] actual) {
    double scale = scale(expected);
    assertTrue(scale > 0, what + ": the Hessian is not zero");
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + " row " + i, expected[i], actual[i], 1e-12, scale);
    }
  }

  private static double scale(double[][] m) {
    double max = 0;
    for (double[] row : m) {
      max = Math.max(max, maxAbs(row));
    }
    return max;
  }

  private static void assertClose(String what, double[] expected, double[] actual, double tol) {
    assertClose(what, expected, actual, tol, maxAbs(expected));
  }

  private static void assertClose(
      String what, double[] expected, double[] actual, double tol, double scale) {
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      error = Math.max(error, Math.abs(actual[i] - expected[i]));
    }
    double relative = error / scale;
    assertTrue(relative <= tol, () -> what + ": relative error " + relative);
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
