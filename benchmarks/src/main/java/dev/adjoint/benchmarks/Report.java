package dev.adjoint.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every {@code *Bench} benchmark with JMH's allocation profiler and prints one table: per
 * problem and size, each variant's time, its ratio to the original method and to the generated
 * gradient measured in the same run, and the bytes it allocates per call; then the targets.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.Report}
 * runs the short version (a few minutes on 2 cores); {@code --long} measures longer.
 */
public final class Report {
  private Report() {}

  /** One measured variant of one problem at one size. */
  record Row(String problem, String size, String variant, double micros, double bytes) {}

  public static void main(String[] args) throws RunnerException {
    boolean longRun = args.length > 0 && args[0].equals("--long");
    String include = args.length > 1 ? args[1] : "dev\\.adjoint\\.benchmarks\\..*Bench\\..*";
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(include)
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(longRun ? 5 : 3)
            .warmupTime(TimeValue.milliseconds(longRun ? 1000 : 400))
            .measurementIterations(longRun ? 5 : 3)
            .measurementTime(TimeValue.milliseconds(longRun ? 1000 : 400))
            .timeUnit(TimeUnit.MICROSECONDS)
            .shouldFailOnError(true);
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String benchmark = params.getBenchmark();
      String problem = benchmark.substring(0, benchmark.lastIndexOf('.'));
      problem = problem.substring(problem.lastIndexOf('.') + 1).replace("Bench", "");
      String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String size = String.join(", ", params.getParamsKeys().stream()
          .map(k -> k + " = " + params.getParam(k)).toList());
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      rows.add(
          new Row(problem, size, variant, r.getPrimaryResult().getScore(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    System.out.println(table(rows));
    System.out.println(targets(rows));
  }

  /** The table, grouped by problem and size, in the order the rows came. */
  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| problem | size | variant | time (µs) | × original | × gradient | bytes/call |\n");
    out.append("| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Row>> group : groups(rows).entrySet()) {
      Row original = find(group.getValue(), "original");
      Row gradient = find(group.getValue(), "gradient");
      for (Row row : group.getValue()) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.0f |%n",
            row.problem(), row.size(), row.variant(), number(row.micros()),
            ratio(row, original), ratio(row, gradient), row.bytes()));
      }
    }
    return out.toString();
  }

  /** Each target of the benchmark issue, checked against this run. */
  static String targets(List<Row> rows) {
    StringBuilder out = new StringBuilder("\nTargets (ratios within this run):\n");
    for (Map.Entry<String, List<Row>> group : groups(rows).entrySet()) {
      List<Row> g = group.getValue();
      Row original = find(g, "original");
      Row gradient = find(g, "gradient");
      Row hand = find(g, "handGradient");
      Row hipparchus = find(g, "hipparchus");
      Row hessianVector = find(g, "hessianVector");
      String name = group.getKey();
      if (gradient != null && original != null) {
        check(out, name, "gradient ≤ 3× original", gradient.micros() / original.micros(), 3, true);
      }
      if (gradient != null && hand != null) {
        check(out, name, "gradient ≤ 1.2× hand-written", gradient.micros() / hand.micros(), 1.2, true);
      }
      if (gradient != null && hipparchus != null && name.endsWith("n = 100")) {
        check(out, name, "Hipparchus ≥ 100× gradient", hipparchus.micros() / gradient.micros(), 100,
            false);
      }
      if (gradient != null && hessianVector != null) {
        check(out, name, "Hessian-vector ≤ 3× gradient",
            hessianVector.micros() / gradient.micros(), 3, true);
      }
      for (Row r : new Row[] {gradient, hessianVector}) {
        if (r != null) {
          check(out, name, r.variant() + " allocates ≤ 64 B", r.bytes(), 64, true);
        }
      }
    }
    return out.toString();
  }

  private static void check(
      StringBuilder out, String name, String target, double value, double bound, boolean atMost) {
    boolean met = atMost ? value <= bound : value >= bound;
    out.append(String.format(Locale.ROOT, "  %s %-14s %-30s %s%n",
        met ? "met   " : "MISSED", name, target, number(value)));
  }

  private static Map<String, List<Row>> groups(List<Row> rows) {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      String key = row.size().isEmpty() ? row.problem() : row.problem() + " " + row.size();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    return groups;
  }

  private static Row find(List<Row> rows, String variant) {
    return rows.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
  }

  private static String ratio(Row row, Row base) {
    return base == null ? "" : number(row.micros() / base.micros());
  }

  private static String number(double x) {
    if (x >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    return String.format(Locale.ROOT, x >= 10 ? "%.1f" : "%.2f", x);
  }
}
