package dev.adjoint.benchmarks;

import dev.adjoint.runtime.ColoringOrder;
import dev.adjoint.runtime.HessianColoring;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparsityTracer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the first call of a sparse Hessian goes, warm: the tracing sweep, the compressed columns
 * ({@code lowerTriangle}), the colouring with its recovery ({@code HessianColoring.of}), the
 * matrix (its seeds and products) and its first refill, against a refill of a matrix in use and a
 * gradient. Each phase is timed alone, after warm-up, many times, in this thread's CPU time (so
 * that other processes on shared cores count little; the collector's threads are not counted);
 * the median and the range are printed in ms. {@code java -Xmx8g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.SparseFirstCallPhases [repeats [N [problem...]]]} (default 15, 10^5, all
 * four).
 */
public final class SparseFirstCallPhases {
  private SparseFirstCallPhases() {}

  private static double sink;

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    String[] names = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length)
        : SparseCases.NAMES.toArray(new String[0]);
    for (String name : names) {
      phases(name, SparseCases.of(name, n), repeats);
    }
  }

  private static void phases(String name, SparseCases p, int repeats) {
    int size = p.size();
    long key = p.key();
    double[] grad = new double[size];
    SparseHessian inUse = p.newHessian();
    for (int w = 0; w < 5; w++) {
      sink += p.newHessian().value(0) + p.refill(grad, inUse) + p.gradient(grad);
    }
    double[][] t = new double[8][repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = now();
      SparsityTracer tracer = new SparsityTracer(size);
      p.trace(tracer);
      long t1 = now();
      SparsityTracer.LowerTriangle lower = tracer.lowerTriangle();
      long t2 = now();
      HessianColoring coloring =
          HessianColoring.of(size, lower.columnStarts(), lower.rowIndices());
      long t3 = now();
      SparseHessian h =
          new SparseHessian(size, lower.columnStarts(), lower.rowIndices(), coloring, key);
      long t4 = now();
      sink += p.refill(grad, h);
      long t5 = now();
      sink += p.refill(grad, inUse);
      long t6 = now();
      sink += p.gradient(grad);
      long t7 = now();
      sink += p.newHessian().value(0);
      long t8 = now();
      long[] marks = {t0, t1, t2, t3, t4, t5, t6, t7, t8};
      for (int k = 0; k < 8; k++) {
        t[k][r] = (marks[k + 1] - marks[k]) / 1e6;
      }
    }
    String[] phase = {"trace", "lowerTriangle", "coloring+recovery", "matrix (seeds, products)",
        "first refill", "refill in use", "gradient", "new matrix (generated)"};
    System.out.printf(Locale.ROOT, "%s N = %d: %d entries, %d colours (%s)%n", name, size,
        inUse.nonZeros(), inUse.colors(), HessianColoring.of(size, inUse.columnStarts(),
            inUse.rowIndices()));
    for (int k = 0; k < 8; k++) {
      double[] s = t[k].clone();
      Arrays.sort(s);
      System.out.printf(Locale.ROOT, "  %-26s median %8.3f ms  (min %.3f, max %.3f)%n", phase[k],
          s[repeats / 2], s[0], s[repeats - 1]);
    }
    double refill = median(t[5]);
    System.out.printf(Locale.ROOT, "  new matrix / refill %.1f; refill / gradient %.1f%n",
        median(t[7]) / refill, refill / median(t[6]));
    acyclic(p, inUse, key, repeats, refill);
  }

  /**
   * The refill with an acyclic colouring (recovery by substitution) in place of the star one:
   * fewer directions for bands, at the price of subtractions along two-coloured trees.
   */
  private static void acyclic(SparseCases p, SparseHessian star, long key, int repeats,
      double starRefill) {
    int size = p.size();
    HessianColoring coloring = HessianColoring.of(size, star.columnStarts(), star.rowIndices(),
        HessianColoring.Method.ACYCLIC, ColoringOrder.NATURAL);
    if (coloring.colors() >= star.colors()) {
      return;
    }
    SparseHessian h =
        new SparseHessian(size, star.columnStarts(), star.rowIndices(), coloring, key);
    double[] grad = new double[size];
    for (int w = 0; w < 5; w++) {
      sink += p.refill(grad, h);
    }
    double[] times = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long start = now();
      sink += p.refill(grad, h);
      times[r] = (now() - start) / 1e6;
    }
    System.out.printf(Locale.ROOT, "  refill with an acyclic colouring (%d colours): median %.3f ms,"
        + " %.2f of the star refill's%n", coloring.colors(), median(times),
        median(times) / starRefill);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
