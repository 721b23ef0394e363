package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparseHessian;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 19's comparison of the sparse Hessian's routes on Petra et al.'s problem set ({@link
 * RouteCases}, N = 4,000), each case in a fresh JVM, the ratios timed in alternation ({@link
 * Interleaved}): the colouring refill against one gradient, the dense Hessian against the refill,
 * and the first call (pattern, colouring, values), cold and once warm. One row per case closes the
 * run.
 *
 * <p>{@code java -Xmx8g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.RoutesInterleaved [rounds [case...]]}: 5 rounds over every case of {@link
 * RouteCases#NAMES} by default.
 */
public final class RoutesInterleaved {
  private RoutesInterleaved() {}

  /** A dense Hessian is timed where its N × N doubles fit in this many (the pattern's aside). */
  private static final long DENSE_UP_TO = 4000L * 4000L;

  private static double sink;

  /** {@code [rounds [case...]]}, or {@code rounds --case name} to run one case in this JVM. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    if (args.length == 3 && args[1].equals("--case")) {
      compare(args[2], rounds);
      return;
    }
    List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
        : RouteCases.NAMES;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> rows = new ArrayList<>();
    for (String name : names) {
      Process child = new ProcessBuilder(java, "-Xms3g", "-Xmx8g", "-XX:+AlwaysPreTouch", "-cp",
              System.getProperty("java.class.path"), RoutesInterleaved.class.getName(),
              Integer.toString(rounds), "--case", name)
          .redirectErrorStream(true)
          .start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          System.out.println(line);
          if (line.startsWith("| ")) {
            rows.add(line);
          }
        }
      }
      if (child.waitFor() != 0) {
        throw new IllegalStateException(name + " failed");
      }
    }
    System.out.println();
    System.out.println(HEADER);
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    rows.forEach(System.out::println);
  }

  private static final String HEADER = "| case | N | entries | colours | gradient µs"
      + " | colouring refill / gradient | dense / refill | first call ms, cold / warm |";

  private static void compare(String name, int rounds) {
    RouteCases p = RouteCases.of(name, RouteCases.N);
    int size = p.size();
    double[] grad = new double[size];
    long start = System.nanoTime();
    SparseHessian h = p.newHessian();
    double coldMillis = (System.nanoTime() - start) / 1e6;
    start = System.nanoTime();
    sink += p.newHessian().value(0);
    double warmMillis = (System.nanoTime() - start) / 1e6;
    String what = name + " N = " + size;
    System.out.printf(Locale.ROOT, "%s: %d entries in the lower triangle, %d colours; first call"
        + " %.1f ms cold, %.1f ms the second time%n", what, h.nonZeros(), h.colors(), coldMillis,
        warmMillis);
    double refillPerGradient = Interleaved.compare(what, "colouring refill",
        () -> p.refill(grad, h), "gradient", () -> p.gradient(grad), rounds, 0);
    double gradientMicros = bestMicros(() -> p.gradient(grad), 20);
    double refillMicros = bestMicros(() -> p.refill(grad, h), 3);
    String densePerRefill = "not run";
    if ((long) size * size <= DENSE_UP_TO) {
      densePerRefill = ratio(bestMicros(() -> p.dense()[size - 1][0], 2) / refillMicros);
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %s | %s | %.0f / %.0f |%n", name,
        size, h.nonZeros(), h.colors(), gradientMicros, ratio(refillPerGradient), densePerRefill,
        coldMillis, warmMillis);
  }

  /**
   * The fastest of {@code times} calls after one: for calls too slow to interleave (a dense
   * Hessian of N sweeps takes seconds), against a refill timed the same way just before.
   */
  private static double bestMicros(java.util.function.DoubleSupplier f, int times) {
    sink += f.getAsDouble();
    long best = Long.MAX_VALUE;
    for (int k = 0; k < times; k++) {
      long t = System.nanoTime();
      sink += f.getAsDouble();
      best = Math.min(best, System.nanoTime() - t);
    }
    return best / 1e3;
  }

  private static String ratio(double x) {
    return String.format(Locale.ROOT, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x);
  }
}
