package dev.adjoint.runtime;

import dev.adjoint.runtime.HessianColoring.Method;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Colour counts and colouring times of large structured patterns, by method and order and for
 * {@code of}: ms of this thread's CPU time (so other processes sharing the cores count little),
 * the best of a few runs (so the JIT's warm-up counts little), and the wall-clock time of that run:
 * {@code java -cp annotations/target/classes:annotations/target/test-classes
 * dev.adjoint.runtime.ColoringTiming [n ...]}.
 */
public final class ColoringTiming {
  private static final int RUNS = 5;

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000} : new int[args.length];
    for (int a = 0; a < args.length; a++) {
      sizes[a] = Integer.parseInt(args[a]);
    }
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    all(200_000); // warm-up, not shown
    System.setOut(out);
    for (int n : sizes) {
      all(n);
    }
  }

  private static void all(int n) {
    {
      int side = (int) Math.round(Math.sqrt(n));
      report("tridiagonal", n, Patterns.bandColumns(n, 1));
      report("band b=3", n, Patterns.bandColumns(n, 3));
      report("grid " + side + "x" + side, side * side, Patterns.gridColumns(side));
      report("arrowhead, hub first", n, Patterns.arrowheadColumns(n, true));
      report("arrowhead, hub last", n, Patterns.arrowheadColumns(n, false));
      jacobian("band b=2 Jacobian", n, squareBand(n, 2));
    }
  }

  private static void report(String name, int n, int[][] csc) {
    StringBuilder line = new StringBuilder(String.format("%-24s n=%-8d", name, n));
    double best = Double.MAX_VALUE;
    HessianColoring chosen = null;
    for (int run = 0; run < RUNS; run++) {
      long start = now();
      chosen = HessianColoring.of(n, csc[0], csc[1]);
      best = Math.min(best, (now() - start) / 1e6);
    }
    line.append(String.format(" of: %d %s %s %.0f ms |", chosen.colors(), chosen.method(),
        chosen.order(), best));
    double[][] products = new double[chosen.colors()][n];
    double[] values = new double[csc[1].length];
    double recover = Double.MAX_VALUE;
    for (int run = 0; run < RUNS; run++) {
      long start = now();
      chosen.recover(products, values);
      recover = Math.min(recover, (now() - start) / 1e6);
    }
    line.append(String.format(" recover %.1f ms |", recover));
    for (Method method : Method.values()) {
      for (ColoringOrder order : ColoringOrder.values()) {
        if (method == Method.ACYCLIC && name.startsWith("arrowhead")) {
          continue; // quadratic: of never tries it there
        }
        double time = Double.MAX_VALUE;
        int colors = 0;
        for (int run = 0; run < 2; run++) {
          long start = now();
          colors = HessianColoring.of(n, csc[0], csc[1], method, order).colors();
          time = Math.min(time, (now() - start) / 1e6);
        }
        line.append(String.format(" %s/%s %d %.0f ms", method.name().charAt(0),
            abbreviation(order), colors, time));
      }
    }
    System.out.println(line);
  }

  private static void jacobian(String name, int n, int[][] csc) {
    double best = Double.MAX_VALUE;
    JacobianColoring chosen = null;
    for (int run = 0; run < RUNS; run++) {
      long start = now();
      chosen = JacobianColoring.of(n, n, csc[0], csc[1]);
      best = Math.min(best, (now() - start) / 1e6);
    }
    System.out.println(String.format("%-24s n=%-8d of: %d %s %s %.0f ms", name, n,
        chosen.colors(), chosen.byRows() ? "rows" : "columns", chosen.order(), best));
  }

  private static int[][] squareBand(int n, int halfWidth) {
    int[] starts = new int[n + 1];
    int[] rows = new int[n * (2 * halfWidth + 1)];
    int k = 0;
    for (int j = 0; j < n; j++) {
      for (int i = Math.max(0, j - halfWidth); i <= Math.min(n - 1, j + halfWidth); i++) {
        rows[k++] = i;
      }
      starts[j + 1] = k;
    }
    return new int[][] {starts, java.util.Arrays.copyOf(rows, k)};
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static String abbreviation(ColoringOrder order) {
    switch (order) {
      case NATURAL: return "nat";
      case LARGEST_FIRST: return "lf";
      case SMALLEST_LAST: return "sl";
      default: return "id";
    }
  }
}
