package dev.adjoint.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The problems whose dense Hessians {@link DenseHessians} times, each at N inputs with its data
 * made once: extended Rosenbrock, Broyden banded, Chebyquad, logistic regression (N weights,
 * {@value #LOGISTIC_ROWS} examples) and the Gaussian mixture ({@value #GMM_DIMENSIONS} dimensions,
 * N / 25 components, {@value #GMM_POINTS} points; N must be a multiple of 25).
 */
final class HessianProblems {
  private HessianProblems() {}

  static final int LOGISTIC_ROWS = 1000;
  static final int GMM_DIMENSIONS = 12;
  static final int GMM_POINTS = 500;

  /** The names {@link #of} knows, in the order the benchmarks list them. */
  static final List<String> NAMES =
      List.of("rosenbrock", "broydenBanded", "chebyquad", "logistic", "gmm");

  /** The name README's tables give the problem {@link #of} knows as {@code name}. */
  static String title(String name) {
    return switch (name) {
      case "rosenbrock" -> "extended Rosenbrock";
      case "broydenBanded" -> "Broyden banded";
      case "chebyquad" -> "Chebyquad";
      case "logistic" -> "logistic regression";
      case "gmm" -> "Gaussian mixture";
      default -> name;
    };
  }

  /** One problem at one size: its original method and its generated derivatives. */
  interface Problem {
    /** The original method. */
    double value();

    /** The differentiated inputs, in the generated methods' order: one array per row. */
    List<double[]> inputs();

    double gradient(double[] grad);

    double hessianVector(double[] v, double[] grad, double[] hv);

    double[][] hessian();

    /** The generated {@code mHessianVectors}: {@code hvs[j] = H vs[j]} in one sweep. */
    double hessianVectors(double[][] vs, double[] grad, double[][] hvs);
  }

  static Problem of(String name, int n) {
    return switch (name) {
      case "rosenbrock" -> new Rosenbrock(Data.rosenbrock(n, 42));
      case "broydenBanded" -> new BroydenBanded(Data.broydenBanded(n, 42));
      case "chebyquad" -> new Chebyquad(Data.chebyquad(n, 42));
      case "logistic" -> new Logistic(Data.logistic(LOGISTIC_ROWS, n, 42));
      case "gmm" -> {
        if (n % (2 * GMM_DIMENSIONS + 1) != 0) {
          throw new IllegalArgumentException("the GMM needs N = 25 k, not " + n);
        }
        yield new Gmm(Data.gmm(n / (2 * GMM_DIMENSIONS + 1), GMM_DIMENSIONS, GMM_POINTS, 42));
      }
      default -> throw new IllegalArgumentException("no problem named " + name);
    };
  }

  private record Rosenbrock(double[] x) implements Problem {
    public double value() {
      return Problems.extendedRosenbrock(x);
    }

    public List<double[]> inputs() {
      return List.of(x);
    }

    public double gradient(double[] grad) {
      return ProblemsDerivatives.extendedRosenbrockGradient(x, grad);
    }

    public double hessianVector(double[] v, double[] grad, double[] hv) {
      return ProblemsDerivatives.extendedRosenbrockHessianVector(x, v, grad, hv);
    }

    public double[][] hessian() {
      return ProblemsDerivatives.extendedRosenbrockHessian(x);
    }

    public double hessianVectors(double[][] vs, double[] grad, double[][] hvs) {
      return ProblemsDerivatives.extendedRosenbrockHessianVectors(x, vs, grad, hvs);
    }
  }

  private record BroydenBanded(double[] x) implements Problem {
    public double value() {
      return Problems.broydenBanded(x);
    }

    public List<double[]> inputs() {
      return List.of(x);
    }

    public double gradient(double[] grad) {
      return ProblemsDerivatives.broydenBandedGradient(x, grad);
    }

    public double hessianVector(double[] v, double[] grad, double[] hv) {
      return ProblemsDerivatives.broydenBandedHessianVector(x, v, grad, hv);
    }

    public double[][] hessian() {
      return ProblemsDerivatives.broydenBandedHessian(x);
    }

    public double hessianVectors(double[][] vs, double[] grad, double[][] hvs) {
      return ProblemsDerivatives.broydenBandedHessianVectors(x, vs, grad, hvs);
    }
  }

  private record Chebyquad(double[] x) implements Problem {
    public double value() {
      return Problems.chebyquad(x);
    }

    public List<double[]> inputs() {
      return List.of(x);
    }

    public double gradient(double[] grad) {
      return ProblemsDerivatives.chebyquadGradient(x, grad);
    }

    public double hessianVector(double[] v, double[] grad, double[] hv) {
      return ProblemsDerivatives.chebyquadHessianVector(x, v, grad, hv);
    }

    public double[][] hessian() {
      return ProblemsDerivatives.chebyquadHessian(x);
    }

    public double hessianVectors(double[][] vs, double[] grad, double[][] hvs) {
      return ProblemsDerivatives.chebyquadHessianVectors(x, vs, grad, hvs);
    }
  }

  private record Logistic(Data.Logistic d) implements Problem {
    public double value() {
      return Problems.logisticNll(d.w(), d.x(), d.y());
    }

    public List<double[]> inputs() {
      return List.of(d.w());
    }

    public double gradient(double[] grad) {
      return ProblemsDerivatives.logisticNllGradient(d.w(), d.x(), d.y(), grad);
    }

    public double hessianVector(double[] v, double[] grad, double[] hv) {
      return ProblemsDerivatives.logisticNllHessianVector(d.w(), d.x(), d.y(), v, grad, hv);
    }

    public double[][] hessian() {
      return ProblemsDerivatives.logisticNllHessian(d.w(), d.x(), d.y());
    }

    public double hessianVectors(double[][] vs, double[] grad, double[][] hvs) {
      return ProblemsDerivatives.logisticNllHessianVectors(d.w(), d.x(), d.y(), vs, grad, hvs);
    }
  }

  private record Gmm(Data.Gmm d) implements Problem {
    public double value() {
      return Problems.gmmObjective(d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m());
    }

    public List<double[]> inputs() {
      List<double[]> rows = new ArrayList<>();
      rows.add(d.alpha());
      Collections.addAll(rows, d.mu());
      Collections.addAll(rows, d.q());
      return rows;
    }

    public double gradient(double[] grad) {
      return ProblemsDerivatives.gmmObjectiveGradient(
          d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), grad);
    }

    public double hessianVector(double[] v, double[] grad, double[] hv) {
      return ProblemsDerivatives.gmmObjectiveHessianVector(
          d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), v, grad, hv);
    }

    public double[][] hessian() {
      return ProblemsDerivatives.gmmObjectiveHessian(
          d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m());
    }

    public double hessianVectors(double[][] vs, double[] grad, double[][] hvs) {
      return ProblemsDerivatives.gmmObjectiveHessianVectors(
          d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), vs, grad, hvs);
    }
  }
}
