package dev.adjoint.benchmarks;

import dev.adjoint.HessianRoute;
import dev.adjoint.runtime.EdgePushing;
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
 * Interleaved}): the colouring and the edge-pushing refill (one matrix each, {@code useRoute})
 * against one gradient and against each other, the route AUTO chose (when the matrix was made, or
 * after the trials of its first refills where the counts left it open) and how far it is from the
 * better one (issue 19's target: within 1.2×), the dense Hessian against the
 * better refill, and the first call (pattern, colouring, AUTO's choice, values), cold and once
 * warm. One row per case closes the run.
 *
 * <p>{@code java -Xmx8g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.RoutesInterleaved [rounds [case...]]}: 5 rounds over every case of {@link
 * RouteCases#NAMES} by default; {@code -Droutes.noDense=true} leaves the dense Hessian out (it
 * takes N Hessian-vector lanes, seconds per call at N = 4,000).
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
      Process child = new ProcessBuilder(java, "-Xms3g", "-Xmx8g", "-XX:+AlwaysPreTouch",
              "-Droutes.noDense=" + Boolean.getBoolean("routes.noDense"), "-cp",
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
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
    rows.forEach(System.out::println);
  }

  private static final String HEADER = "| case | N | entries | colours | gradient µs"
      + " | colouring / gradient | edge pushing / gradient | edge pushing / colouring"
      + " | AUTO chose | AUTO / better | dense / better | first call ms (AUTO), cold / warm |";

  private static void compare(String name, int rounds) {
    RouteCases p = RouteCases.of(name, RouteCases.N);
    int size = p.size();
    double[] grad = new double[size];
    String what = name + " N = " + size;
    long start = System.nanoTime();
    SparseHessian auto;
    try {
      auto = p.newHessian();
    } catch (OutOfMemoryError e) {
      System.out.printf(Locale.ROOT, "%s: the first call ran out of memory (%s)%n", what, e);
      System.out.printf(Locale.ROOT, "| %s | %d | | | | | | | out of memory | | | |%n", name, size);
      return;
    }
    double coldMillis = (System.nanoTime() - start) / 1e6;
    // As a user's refills would: where the counts left the choice open, AUTO times both routes on
    // the matrix's own refills (its 3rd and 4th, then two more a second later) before it settles.
    String madeWith = auto.routeReason();
    int refills = 0;
    long trialStart = System.nanoTime();
    while (auto.routeBasis() == SparseHessian.RouteBasis.TRIALS && refills < 1_000_000) {
      sink += p.refill(grad, auto);
      refills++;
    }
    if (refills > 0) {
      System.out.printf(Locale.ROOT, "%s: made as %s; settled after %d refills (%.1f ms)%n", what,
          madeWith, refills, (System.nanoTime() - trialStart) / 1e6);
    }
    start = System.nanoTime();
    sink += p.newHessian().value(0);
    double warmMillis = (System.nanoTime() - start) / 1e6;
    System.out.printf(Locale.ROOT, "%s: %d entries in the lower triangle, %d colours; first call"
        + " %.1f ms cold, %.1f ms the second time; route %s%n", what, auto.nonZeros(),
        auto.colors(), coldMillis, warmMillis, auto.routeReason());
    SparseHessian colouring = auto;
    double colouringPerGradient = Double.NaN;
    double betterMicros = Double.NaN;
    try {
      colouring = p.newHessian();
      colouring.useRoute(HessianRoute.COLORING);
      SparseHessian c = colouring;
      colouringPerGradient = Interleaved.compare(what, "colouring refill",
          () -> p.refill(grad, c), "gradient", () -> p.gradient(grad), rounds, 0);
      betterMicros = bestMicros(() -> p.refill(grad, c), 3);
    } catch (OutOfMemoryError e) {
      colouring = null;
      System.out.printf(Locale.ROOT, "%s: the colouring refill ran out of memory (%s)%n", what, e);
    }
    // After the comparisons' warm-up: a gradient timed before it would be one not yet compiled.
    double gradientMicros = bestMicros(() -> p.gradient(grad), 200);
    String edgePerGradient = "no route";
    String edgePerColouring = "";
    String autoPerBetter = "";
    if (auto.hasEdgeRoute()) {
      SparseHessian edges = p.newHessian();
      edges.useRoute(HessianRoute.EDGE_PUSHING);
      p.refill(grad, edges);
      System.out.printf(Locale.ROOT, "%s: %d statements recorded, %d edge updates, %d edges at the"
          + " peak%n", what, edges.edges().statements(), edges.edges().updates(),
          edges.edges().peakEdges());
      edgePerGradient = ratio(Interleaved.compare(what, "edge-pushing refill",
          () -> p.refill(grad, edges), "gradient", () -> p.gradient(grad), rounds, 0));
      EdgePushing recorder = new EdgePushing();
      Interleaved.compare(what, "recording alone", () -> p.record(recorder),
          "edge-pushing refill", () -> p.refill(grad, edges), rounds, 0);
      boolean edgeBetter = true;
      double autoOverBetter = 1;
      if (colouring != null) {
        SparseHessian c = colouring;
        p.refill(grad, c);
        System.out.printf(Locale.ROOT, "%s: the routes' values differ by at most %.1e of the"
            + " largest%n", what, difference(c, edges));
        double edgeOverColouring = Interleaved.compare(what, "edge-pushing refill",
            () -> p.refill(grad, edges), "colouring refill", () -> p.refill(grad, c), rounds, 0);
        edgePerColouring = ratio(edgeOverColouring);
        edgeBetter = edgeOverColouring < 1;
        // AUTO kept one of the two: it costs the better one's time, or the other's.
        boolean pickedEdge = auto.route() == HessianRoute.EDGE_PUSHING;
        autoOverBetter = pickedEdge == edgeBetter ? 1
            : Math.max(edgeOverColouring, 1 / edgeOverColouring);
      } else {
        edgePerColouring = "colouring out of memory";
        autoOverBetter = auto.route() == HessianRoute.EDGE_PUSHING ? 1 : Double.POSITIVE_INFINITY;
      }
      autoPerBetter = ratio(autoOverBetter) + (autoOverBetter <= 1.2 ? "" : " MISSED");
      if (edgeBetter) {
        betterMicros = bestMicros(() -> p.refill(grad, edges), 3);
      }
    }
    String densePerBetter = "not run";
    if ((long) size * size <= DENSE_UP_TO && !Boolean.getBoolean("routes.noDense")) {
      densePerBetter = ratio(bestMicros(() -> p.dense()[size - 1][0], 2) / betterMicros);
    }
    System.out.printf(Locale.ROOT,
        "| %s | %d | %d | %d | %.1f | %s | %s | %s | %s (%s) | %s | %s | %.0f / %.0f |%n", name,
        size, auto.nonZeros(), auto.colors(), gradientMicros,
        colouring == null ? "out of memory" : ratio(colouringPerGradient), edgePerGradient,
        edgePerColouring, auto.route(), auto.routeBasis(), autoPerBetter, densePerBetter,
        coldMillis, warmMillis);
  }

  /** The largest difference between two matrices' values, relative to the largest value. */
  private static double difference(SparseHessian a, SparseHessian b) {
    double largest = 0;
    double difference = 0;
    for (int k = 0; k < a.nonZeros(); k++) {
      largest = Math.max(largest, Math.abs(a.value(k)));
      difference = Math.max(difference, Math.abs(a.value(k) - b.value(k)));
    }
    return difference / largest;
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
