package dev.adjoint.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Times of {@link EdgePushing} on tapes recorded by hand as generated code would record them:
 * recording (begin and the statements) and {@link EdgePushing#finish} separately, ms of this
 * thread's CPU time, the best and the median of a few runs after a warm-up; with the store's
 * updates and peak entries. {@code java -cp annotations/target/classes:annotations/target/test-classes
 * dev.adjoint.runtime.EdgePushingTiming}.
 */
public final class EdgePushingTiming {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int RUNS = 7;

  private interface Recording {
    void record(EdgePushing edges, double[] x);
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    for (int k : new int[] {1, 8, 64}) {
      int size = k == 64 ? n / 8 : n;
      time("pure arrowhead k=" + k, size, EdgePushingTest.arrowheadPattern(size, k),
          (e, x) -> arrowhead(e, x, k));
    }
    time("band (x_i x_{i+1} x_{i+2})^2", n, band(n), EdgePushingTiming::band);
    for (int k : new int[] {8, 64}) {
      int[][] sets = randomSets(4_000, k, 4_000L * k);
      time("random sparsity K=" + k, 4_000, randomProductsPattern(4_000, sets),
          (e, x) -> randomProducts(e, x, sets));
    }
  }

  private static void time(String name, int n, SparseHessian h, Recording recording) {
    double[] x = new double[n];
    Random random = new Random(1);
    for (int i = 0; i < n; i++) {
      x[i] = 0.5 + random.nextDouble();
    }
    EdgePushing edges = new EdgePushing();
    double[] grad = new double[n];
    double[] record = new double[RUNS];
    double[] finish = new double[RUNS];
    for (int run = -3; run < RUNS; run++) {
      long start = THREADS.getCurrentThreadCpuTime();
      edges.begin(n);
      recording.record(edges, x);
      long recorded = THREADS.getCurrentThreadCpuTime();
      edges.finish(grad, h);
      long finished = THREADS.getCurrentThreadCpuTime();
      if (run >= 0) {
        record[run] = (recorded - start) / 1e6;
        finish[run] = (finished - recorded) / 1e6;
      }
    }
    java.util.Arrays.sort(record);
    java.util.Arrays.sort(finish);
    System.out.printf("%-32s n=%-7d statements %-8d updates %-9d peak entries %-8d nnz %-8d"
            + " record %.1f ms (median %.1f) finish %.1f ms (median %.1f), %.1f ns/update%n",
        name, n, edges.statements(), edges.updates(), edges.peakEdges(), h.nonZeros(),
        record[0], record[RUNS / 2], finish[0], finish[RUNS / 2], 1e6 * finish[0] / edges.updates());
  }

  /** f = Σ_i Σ_{j<k} (x_i · x_{n-1-j})², each term as t = x_i * x_hub; f += t*t. */
  static void arrowhead(EdgePushing edges, double[] x, int k) {
    EdgePushingTest.recordArrowhead(edges, x, k, 1);
  }

  /** f = Σ_i (x_i x_{i+1} x_{i+2})², as t = x_i * x_{i+1} * x_{i+2}; f += t*t. */
  static void band(EdgePushing edges, double[] x) {
    int n = x.length;
    int f = edges.key();
    int t = edges.key();
    edges.statement(f);
    for (int i = 0; i + 2 < n; i++) {
      edges.statement(t);
      edges.partial(i, x[i + 1] * x[i + 2]);
      edges.partial(i + 1, x[i] * x[i + 2]);
      edges.partial(i + 2, x[i] * x[i + 1]);
      edges.second(i, i + 1, x[i + 2]);
      edges.second(i, i + 2, x[i + 1]);
      edges.second(i + 1, i + 2, x[i]);
      double tValue = x[i] * x[i + 1] * x[i + 2];
      edges.statement(f);
      edges.partial(f, 1.0);
      edges.partial(t, 2 * tValue);
      edges.second(t, 2.0);
    }
    edges.returned(f);
  }

  private static SparseHessian band(int n) {
    SparsityTracer tracer = new SparsityTracer(n);
    for (int i = 0; i + 2 < n; i++) {
      tracer.nonlinear(tracer.union(tracer.union(tracer.input(i), tracer.input(i + 1)),
          tracer.input(i + 2)));
    }
    return tracer.hessian(0L);
  }

  /**
   * Petra et al.'s random sparsity, f = Σ_i [(x_i − 1)² + Π_{j ∈ R_i} x_j] with {@code k} indices
   * drawn per product (repeats possible): the sets R_i.
   */
  static int[][] randomSets(int n, int k, long seed) {
    Random random = new Random(seed);
    int[][] sets = new int[n][k];
    for (int[] set : sets) {
      for (int j = 0; j < k; j++) {
        set[j] = random.nextInt(n);
      }
    }
    return sets;
  }

  /**
   * Records Petra et al.'s random sparsity over {@code sets}, each product one statement f += Π
   * (K partials, K(K−1)/2 seconds).
   */
  static void randomProducts(EdgePushing edges, double[] x, int[][] sets) {
    int n = x.length;
    int f = edges.key();
    edges.statement(f);
    for (int i = 0; i < n; i++) {
      edges.statement(f);
      edges.partial(f, 1.0);
      edges.partial(i, 2 * (x[i] - 1));
      edges.second(i, 2.0);
      int[] r = sets[i];
      edges.statement(f);
      edges.partial(f, 1.0);
      for (int j = 0; j < r.length; j++) {
        edges.partial(r[j], except(x, r, j, -1));
      }
      for (int j = 0; j < r.length; j++) {
        for (int l = j + 1; l < r.length; l++) {
          edges.second(r[j], r[l], except(x, r, j, l));
        }
      }
    }
    edges.returned(f);
  }

  static SparseHessian randomProductsPattern(int n, int[][] sets) {
    SparsityTracer tracer = new SparsityTracer(n);
    for (int i = 0; i < n; i++) {
      tracer.nonlinear(tracer.input(i));
      int product = tracer.input(sets[i][0]);
      for (int j = 1; j < sets[i].length; j++) {
        product = tracer.union(product, tracer.input(sets[i][j]));
      }
      tracer.nonlinear(product);
    }
    return tracer.hessian(0L);
  }

  private static double except(double[] x, int[] r, int j, int l) {
    double p = 1.0;
    for (int m = 0; m < r.length; m++) {
      if (m != j && m != l) {
        p *= x[r[m]];
      }
    }
    return p;
  }
}
