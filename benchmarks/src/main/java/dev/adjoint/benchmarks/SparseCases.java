package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparsityTracer;
import java.util.List;
import java.util.Random;

/**
 * The four problems whose sparse Hessians issue 18 times, each at one size with its point fixed:
 * extended Rosenbrock (2×2 blocks), Broyden banded (a band of half-width 6), the arrowhead and the
 * grid field (a five-point stencil; N is the nearest square). Shared by {@link
 * SparseHessiansInterleaved}, {@link SparseHessians} and {@link SparseFirstCallPhases}.
 */
abstract class SparseCases {
  static final List<String> NAMES = List.of("rosenbrock", "broydenBanded", "arrowhead", "grid");

  /** The number of inputs. */
  abstract int size();

  /** One generated gradient. */
  abstract double gradient(double[] grad);

  /** The generated new-matrix call: pattern, colouring and values. */
  abstract SparseHessian newHessian();

  /** The generated refill. */
  abstract double refill(double[] grad, SparseHessian h);

  /** The generated dense Hessian. */
  abstract double[][] dense();

  /** The generated tracing sweep alone, into {@code t} (made for {@link #size()} inputs). */
  abstract void trace(SparsityTracer t);

  /**
   * The key the generated refill checks, read from a new matrix (the harness of {@link
   * SparseFirstCallPhases} builds matrices itself and must give them the generated key).
   */
  long key() {
    try {
      java.lang.reflect.Field madeFor = SparseHessian.class.getDeclaredField("madeFor");
      madeFor.setAccessible(true);
      return madeFor.getLong(newHessian());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static SparseCases of(String name, int n) {
    Random random = new Random(42);
    return switch (name) {
      case "rosenbrock" -> rosenbrock(Data.rosenbrock(n, 42));
      case "broydenBanded" -> broydenBanded(Data.broydenBanded(n, 42));
      case "arrowhead" -> {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = random.nextGaussian();
        }
        yield arrowhead(x);
      }
      case "grid" -> {
        int side = (int) Math.round(Math.sqrt(n));
        int size = side * side;
        double[] u = new double[size];
        double[] y = new double[size];
        double[] e = new double[size];
        for (int k = 0; k < size; k++) {
          u[k] = 0.3 * random.nextGaussian();
          e[k] = 1 + random.nextDouble();
          y[k] = random.nextInt(5);
        }
        yield grid(u, y, e, side);
      }
      default -> throw new IllegalArgumentException("no problem named " + name);
    };
  }

  private static SparseCases rosenbrock(double[] x) {
    return new SparseCases() {
      int size() { return x.length; }
      double gradient(double[] g) {
        return ProblemsDerivatives.extendedRosenbrockGradient(x, g);
      }
      SparseHessian newHessian() {
        return ProblemsDerivatives.extendedRosenbrockHessianSparse(x);
      }
      double refill(double[] g, SparseHessian h) {
        return ProblemsDerivatives.extendedRosenbrockHessianSparse(x, g, h);
      }
      double[][] dense() {
        return ProblemsDerivatives.extendedRosenbrockHessian(x);
      }
      void trace(SparsityTracer t) {
        ProblemsDerivatives.extendedRosenbrockSparsity(t, t.inputs(0, x.length));
      }
    };
  }

  private static SparseCases broydenBanded(double[] x) {
    return new SparseCases() {
      int size() { return x.length; }
      double gradient(double[] g) {
        return ProblemsDerivatives.broydenBandedGradient(x, g);
      }
      SparseHessian newHessian() {
        return ProblemsDerivatives.broydenBandedHessianSparse(x);
      }
      double refill(double[] g, SparseHessian h) {
        return ProblemsDerivatives.broydenBandedHessianSparse(x, g, h);
      }
      double[][] dense() {
        return ProblemsDerivatives.broydenBandedHessian(x);
      }
      void trace(SparsityTracer t) {
        ProblemsDerivatives.broydenBandedSparsity(t, t.inputs(0, x.length));
      }
    };
  }

  private static SparseCases arrowhead(double[] x) {
    return new SparseCases() {
      int size() { return x.length; }
      double gradient(double[] g) {
        return SparseProblemsDerivatives.arrowheadGradient(x, g);
      }
      SparseHessian newHessian() {
        return SparseProblemsDerivatives.arrowheadHessianSparse(x);
      }
      double refill(double[] g, SparseHessian h) {
        return SparseProblemsDerivatives.arrowheadHessianSparse(x, g, h);
      }
      double[][] dense() {
        return SparseProblemsDerivatives.arrowheadHessian(x);
      }
      void trace(SparsityTracer t) {
        SparseProblemsDerivatives.arrowheadSparsity(t, t.inputs(0, x.length));
      }
    };
  }

  private static SparseCases grid(double[] u, double[] y, double[] e, int side) {
    return new SparseCases() {
      int size() { return u.length; }
      double gradient(double[] g) {
        return SparseProblemsDerivatives.gridFieldGradient(u, y, e, side, side, 2.0, g);
      }
      SparseHessian newHessian() {
        return SparseProblemsDerivatives.gridFieldHessianSparse(u, y, e, side, side, 2.0);
      }
      double refill(double[] g, SparseHessian h) {
        return SparseProblemsDerivatives.gridFieldHessianSparse(u, y, e, side, side, 2.0, g, h);
      }
      double[][] dense() {
        return SparseProblemsDerivatives.gridFieldHessian(u, y, e, side, side, 2.0);
      }
      void trace(SparsityTracer t) {
        SparseProblemsDerivatives.gridFieldSparsity(t, t.inputs(0, u.length), y, e, side, side, 2.0);
      }
    };
  }
}
