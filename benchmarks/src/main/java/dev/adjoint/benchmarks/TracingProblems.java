package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparsityTracer;
import java.util.Random;

/**
 * Four problems of issue 18, each as a hand-written gradient and as the tracing sweep a generated
 * {@code mSparsity} would make of it (a handle per value, {@code union} for sums and data
 * products, {@code nonlinear}/{@code product} where the second derivative is not zero), followed
 * by laying the pattern into compressed columns. The colouring is not timed: it is another part.
 */
final class TracingProblems {
  private TracingProblems() {}

  static final String[] NAMES = {"rosenbrock", "tridiagonal", "grid", "glm"};

  /** One problem at one size. */
  interface Problem {
    /** Traces the pattern; returns its number of entries (the value's handle kept alive). */
    double trace();

    /** Writes the gradient at the problem's point; returns f. */
    double gradient(double[] grad);

    int size();
  }

  static Problem of(String name, int n) {
    return switch (name) {
      case "rosenbrock" -> new Rosenbrock(n);
      case "tridiagonal" -> new Tridiagonal(n);
      case "grid" -> new Grid((int) Math.round(Math.sqrt(n)));
      case "glm" -> new Glm(n);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static double[] point(int n) {
    return Data.direction(n, 17);
  }

  /** Extended Rosenbrock: sum over even i of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
  static final class Rosenbrock implements Problem {
    private final int n;
    private final double[] x;

    Rosenbrock(int n) {
      this.n = n - n % 2;
      this.x = point(this.n);
    }

    @Override
    public int size() {
      return n;
    }

    double[] x() {
      return x;
    }

    @Override
    public double trace() {
      SparsityTracer t = new SparsityTracer(n);
      int[] x = t.inputs(0, n);
      int f = SparsityTracer.NONE;
      for (int i = 0; i < n; i += 2) {
        int square = t.product(x[i], x[i]);
        int d = t.union(x[i + 1], square);
        int e = t.union(SparsityTracer.NONE, x[i]);
        f = t.union(f, t.union(t.product(d, d), t.product(e, e)));
      }
      return t.lowerTriangle().rowIndices().length + 0 * f;
    }

    @Override
    public double gradient(double[] grad) {
      double f = 0;
      for (int i = 0; i < n; i += 2) {
        double d = x[i + 1] - x[i] * x[i];
        double e = 1 - x[i];
        f += 100 * d * d + e * e;
        grad[i] = -400 * d * x[i] - 2 * e;
        grad[i + 1] = 200 * d;
      }
      return f;
    }
  }

  /** A tridiagonal sum: sum of exp(x[i]) + x[i] x[i+1]. */
  static final class Tridiagonal implements Problem {
    private final int n;
    private final double[] x;

    Tridiagonal(int n) {
      this.n = n;
      this.x = point(n);
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public double trace() {
      SparsityTracer t = new SparsityTracer(n);
      int[] x = t.inputs(0, n);
      int f = SparsityTracer.NONE;
      for (int i = 0; i < n; i++) {
        f = t.union(f, t.nonlinear(x[i]));
        if (i + 1 < n) {
          f = t.union(f, t.product(x[i], x[i + 1]));
        }
      }
      return t.lowerTriangle().rowIndices().length + 0 * f;
    }

    @Override
    public double gradient(double[] grad) {
      double f = 0;
      for (int i = 0; i < n; i++) {
        double e = Math.exp(x[i]);
        f += e;
        grad[i] = e;
      }
      for (int i = 0; i + 1 < n; i++) {
        f += x[i] * x[i + 1];
        grad[i] += x[i + 1];
        grad[i + 1] += x[i];
      }
      return f;
    }
  }

  /** A five-point grid energy: sum of exp(u) + (u - right)^2 + (u - below)^2 over a square grid. */
  static final class Grid implements Problem {
    private final int side;
    private final double[] x;

    Grid(int side) {
      this.side = side;
      this.x = point(side * side);
    }

    @Override
    public int size() {
      return side * side;
    }

    @Override
    public double trace() {
      int n = side * side;
      SparsityTracer t = new SparsityTracer(n);
      int[] x = t.inputs(0, n);
      int f = SparsityTracer.NONE;
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          int u = x[r * side + c];
          f = t.union(f, t.nonlinear(u));
          if (c + 1 < side) {
            int d = t.union(u, x[r * side + c + 1]);
            f = t.union(f, t.product(d, d));
          }
          if (r + 1 < side) {
            int d = t.union(u, x[(r + 1) * side + c]);
            f = t.union(f, t.product(d, d));
          }
        }
      }
      return t.lowerTriangle().rowIndices().length + 0 * f;
    }

    @Override
    public double gradient(double[] grad) {
      double f = 0;
      int n = side * side;
      for (int k = 0; k < n; k++) {
        double e = Math.exp(x[k]);
        f += e;
        grad[k] = e;
      }
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          int k = r * side + c;
          if (c + 1 < side) {
            double d = x[k] - x[k + 1];
            f += d * d;
            grad[k] += 2 * d;
            grad[k + 1] -= 2 * d;
          }
          if (r + 1 < side) {
            double d = x[k] - x[k + side];
            f += d * d;
            grad[k] += 2 * d;
            grad[k + side] -= 2 * d;
          }
        }
      }
      return f;
    }
  }

  /**
   * A Poisson regression with a sparse design: sum over rows i of y_i (a_i . x) - exp(a_i . x),
   * each row holding {@value #PER_ROW} entries at columns from data, as many rows as unknowns.
   */
  static final class Glm implements Problem {
    static final int PER_ROW = 5;
    private final int n;
    private final int[] columns;
    private final double[] entries;
    private final double[] y;
    private final double[] x;

    Glm(int n) {
      this.n = n;
      Random random = new Random(18);
      columns = new int[n * PER_ROW];
      entries = new double[n * PER_ROW];
      y = new double[n];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < PER_ROW; k++) {
          // A band with a random far entry, as a design with local and global effects has.
          columns[i * PER_ROW + k] = k == PER_ROW - 1 ? random.nextInt(n) : (i + k) % n;
          entries[i * PER_ROW + k] = random.nextGaussian() * 0.1;
        }
        y[i] = random.nextInt(4);
      }
      x = point(n);
    }

    @Override
    public int size() {
      return n;
    }

    @Override
    public double trace() {
      SparsityTracer t = new SparsityTracer(n);
      int[] x = t.inputs(0, n);
      int f = SparsityTracer.NONE;
      for (int i = 0; i < n; i++) {
        int eta = SparsityTracer.NONE;
        for (int k = i * PER_ROW; k < (i + 1) * PER_ROW; k++) {
          eta = t.union(eta, x[columns[k]]); // entries[k] * x[columns[k]]: data times a value
        }
        f = t.union(f, t.union(eta, t.nonlinear(eta))); // y_i * eta - exp(eta)
      }
      return t.lowerTriangle().rowIndices().length + 0 * f;
    }

    @Override
    public double gradient(double[] grad) {
      java.util.Arrays.fill(grad, 0, n, 0.0);
      double f = 0;
      for (int i = 0; i < n; i++) {
        double eta = 0;
        for (int k = i * PER_ROW; k < (i + 1) * PER_ROW; k++) {
          eta += entries[k] * x[columns[k]];
        }
        double e = Math.exp(eta);
        f += y[i] * eta - e;
        double etaBar = y[i] - e;
        for (int k = i * PER_ROW; k < (i + 1) * PER_ROW; k++) {
          grad[columns[k]] += etaBar * entries[k];
        }
      }
      return f;
    }
  }
}
