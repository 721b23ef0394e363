package dev.adjoint.benchmarks;

import dev.adjoint.runtime.EdgePushing;
import dev.adjoint.runtime.SparseHessian;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Issue 19's problems ({@link RouteProblems}, Petra, Qiang, Lubin and Huchette 2018) at one size
 * each, their point and index data fixed by a seed: a case is named {@code problem:parameter}, as in
 * {@link #NAMES}. Shared by {@link RoutesInterleaved}, {@link SparseRoutes} and the tests.
 */
final class RouteCases {
  /**
   * The benchmark set: Broyden banded (a band of half-width 6); Petra's arrowhead and the pure
   * arrowhead with k = 1, 8, 64 dense rows; random products of K = 2, 8, 64 variables (Petra's
   * random sparsity); random pairs with k = 2, 8, 64 nonzeros per row (the wording); the
   * sparse logistic regression with r = 4, 16, 64 nonzeros per observation.
   */
  static final List<String> NAMES = List.of("band", "petraArrowhead:1", "petraArrowhead:8",
      "petraArrowhead:64", "pureArrowhead:1", "pureArrowhead:8", "pureArrowhead:64",
      "randomProducts:2", "randomProducts:8", "randomProducts:64", "randomPairs:2", "randomPairs:8",
      "randomPairs:64", "logistic:4", "logistic:16", "logistic:64");

  /** The size the issue names for random sparsity, used for every problem. */
  static final int N = 4000;

  /** One generated gradient, writing {@code grad}, returning f. */
  interface Gradient {
    double of(double[] grad);
  }

  /** The generated recording of one run for edge pushing into {@code edges}, returning f. */
  interface Recording {
    double of(EdgePushing edges);
  }

  /** One generated refill of {@code h}, writing {@code grad}, returning f. */
  interface Refill {
    double of(double[] grad, SparseHessian h);
  }

  final String name;
  /** The differentiated inputs (one array); tests perturb it in place. */
  final double[] x;
  private final DoubleSupplier value;
  private final Gradient gradient;
  private final Supplier<SparseHessian> newHessian;
  private final Refill refill;
  private final Supplier<double[][]> dense;
  private final Recording recording;

  private RouteCases(String name, double[] x, DoubleSupplier value, Gradient gradient,
      Supplier<SparseHessian> newHessian, Refill refill, Supplier<double[][]> dense,
      Recording recording) {
    this.name = name;
    this.x = x;
    this.value = value;
    this.gradient = gradient;
    this.newHessian = newHessian;
    this.refill = refill;
    this.dense = dense;
    this.recording = recording;
  }

  int size() {
    return x.length;
  }

  /** The original method. */
  double value() {
    return value.getAsDouble();
  }

  /** One generated gradient. */
  double gradient(double[] grad) {
    return gradient.of(grad);
  }

  /** The generated new-matrix call: pattern, colouring, the route's choice and values. */
  SparseHessian newHessian() {
    return newHessian.get();
  }

  /** The generated refill, by the matrix's route. */
  double refill(double[] grad, SparseHessian h) {
    return refill.of(grad, h);
  }

  /** The generated dense Hessian. */
  double[][] dense() {
    return dense.get();
  }

  /**
   * The first half of an edge-pushing refill: {@code edges.begin(N)} and the generated {@code
   * mHessianEdges}, which runs the method recording each statement (the reverse sweep, {@code
   * edges.finish}, is the rest).
   */
  double record(EdgePushing edges) {
    edges.begin(size());
    return recording.of(edges);
  }

  /** The case {@code problem:parameter} (or {@code band}) with {@code n} inputs. */
  static RouteCases of(String name, int n) {
    String[] parts = name.split(":");
    int k = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    Random random = new Random(42);
    return switch (parts[0]) {
      case "band" -> band(name, Data.broydenBanded(n, 42));
      case "petraArrowhead" -> petraArrowhead(name, gaussians(random, n, 0.5), k);
      case "pureArrowhead" -> pureArrowhead(name, gaussians(random, n, 0.5), k);
      case "randomProducts" -> randomProducts(name, random, n, k);
      case "randomPairs" -> randomPairs(name, random, n, k);
      case "logistic" -> logistic(name, random, n, k);
      default -> throw new IllegalArgumentException("no problem named " + name);
    };
  }

  private static RouteCases band(String name, double[] x) {
    return new RouteCases(name, x, () -> Problems.broydenBanded(x),
        g -> ProblemsDerivatives.broydenBandedGradient(x, g),
        () -> ProblemsDerivatives.broydenBandedHessianSparse(x),
        (g, h) -> ProblemsDerivatives.broydenBandedHessianSparse(x, g, h),
        () -> ProblemsDerivatives.broydenBandedHessian(x),
        e -> ProblemsDerivatives.broydenBandedHessianEdges(e, x));
  }

  private static RouteCases petraArrowhead(String name, double[] x, int k) {
    return new RouteCases(name, x, () -> RouteProblems.petraArrowhead(x, k),
        g -> RouteProblemsDerivatives.petraArrowheadGradient(x, k, g),
        () -> RouteProblemsDerivatives.petraArrowheadHessianSparse(x, k),
        (g, h) -> RouteProblemsDerivatives.petraArrowheadHessianSparse(x, k, g, h),
        () -> RouteProblemsDerivatives.petraArrowheadHessian(x, k),
        e -> RouteProblemsDerivatives.petraArrowheadHessianEdges(e, x, k));
  }

  private static RouteCases pureArrowhead(String name, double[] x, int k) {
    return new RouteCases(name, x, () -> RouteProblems.pureArrowhead(x, k),
        g -> RouteProblemsDerivatives.pureArrowheadGradient(x, k, g),
        () -> RouteProblemsDerivatives.pureArrowheadHessianSparse(x, k),
        (g, h) -> RouteProblemsDerivatives.pureArrowheadHessianSparse(x, k, g, h),
        () -> RouteProblemsDerivatives.pureArrowheadHessian(x, k),
        e -> RouteProblemsDerivatives.pureArrowheadHessianEdges(e, x, k));
  }

  /** Near 1, so that a product of 64 stays near 1; indices uniform, repeats possible. */
  private static RouteCases randomProducts(String name, Random random, int n, int k) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1 + 0.05 * random.nextGaussian();
    }
    int[] members = new int[n * k];
    for (int m = 0; m < members.length; m++) {
      members[m] = random.nextInt(n);
    }
    return new RouteCases(name, x, () -> RouteProblems.randomProducts(x, members, k),
        g -> RouteProblemsDerivatives.randomProductsGradient(x, members, k, g),
        () -> RouteProblemsDerivatives.randomProductsHessianSparse(x, members, k),
        (g, h) -> RouteProblemsDerivatives.randomProductsHessianSparse(x, members, k, g, h),
        () -> RouteProblemsDerivatives.randomProductsHessian(x, members, k),
        e -> RouteProblemsDerivatives.randomProductsHessianEdges(e, x, members, k));
  }

  /** k / 2 partners per input (at least one), uniform among the others. */
  private static RouteCases randomPairs(String name, Random random, int n, int k) {
    double[] x = gaussians(random, n, 1);
    int h = Math.max(1, k / 2);
    int[] partners = new int[n * h];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < h; j++) {
        int p = random.nextInt(n - 1);
        partners[i * h + j] = p < i ? p : p + 1;
      }
    }
    return new RouteCases(name, x, () -> RouteProblems.randomPairs(x, partners, h),
        g -> RouteProblemsDerivatives.randomPairsGradient(x, partners, h, g),
        () -> RouteProblemsDerivatives.randomPairsHessianSparse(x, partners, h),
        (g, hs) -> RouteProblemsDerivatives.randomPairsHessianSparse(x, partners, h, g, hs),
        () -> RouteProblemsDerivatives.randomPairsHessian(x, partners, h),
        e -> RouteProblemsDerivatives.randomPairsHessianEdges(e, x, partners, h));
  }

  /**
   * n features, n / 2 observations of r distinct features each (uniform), Gaussian values, labels
   * ±1, λ = 0.01; θ small, as a solver's early iterates are.
   */
  private static RouteCases logistic(String name, Random random, int n, int r) {
    double[] theta = gaussians(random, n, 0.1);
    int m = Math.max(1, n / 2);
    int width = Math.min(r, n);
    int[] rowStarts = new int[m + 1];
    int[] columns = new int[m * width];
    double[] values = gaussians(random, m * width, 1);
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      rowStarts[i + 1] = (i + 1) * width;
      int[] features = random.ints(0, n).distinct().limit(width).sorted().toArray();
      System.arraycopy(features, 0, columns, i * width, width);
      y[i] = random.nextBoolean() ? 1 : -1;
    }
    double lambda = 0.01;
    return new RouteCases(name, theta,
        () -> RouteProblems.sparseLogistic(theta, rowStarts, columns, values, y, lambda),
        g -> RouteProblemsDerivatives.sparseLogisticGradient(theta, rowStarts, columns, values, y,
            lambda, g),
        () -> RouteProblemsDerivatives.sparseLogisticHessianSparse(theta, rowStarts, columns,
            values, y, lambda),
        (g, h) -> RouteProblemsDerivatives.sparseLogisticHessianSparse(theta, rowStarts, columns,
            values, y, lambda, g, h),
        () -> RouteProblemsDerivatives.sparseLogisticHessian(theta, rowStarts, columns, values, y,
            lambda),
        e -> RouteProblemsDerivatives.sparseLogisticHessianEdges(e, theta, rowStarts, columns,
            values, y, lambda));
  }

  private static double[] gaussians(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }
}
