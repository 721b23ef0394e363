package dev.adjoint.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * runs the short version (a few minutes on 2 cores); {@code --long} measures longer. {@code
 * --hessians} runs {@link DenseHessians} instead and adds, per problem and N, the dense Hessian's
 * time over N gradients' and one sweep of {@value DenseHessians#DIRECTIONS} directions over as many
 * Hessian-vector products, with the targets of issue 17. Any other argument is a regular expression
 * of the benchmarks to run.
 */
public final class Report {
  private Report() {}

  /**
   * One measured variant of one problem at one size; {@code n} is the benchmark's parameter {@code
   * n}, the number of inputs, where it has one (0 where not).
   */
  record Row(String problem, String size, int n, String variant, double micros, double bytes) {}

  private static final String SHORT_BENCHMARKS = "dev\\.adjoint\\.benchmarks\\..*Bench\\..*";
  private static final String DENSE_HESSIANS = "dev\\.adjoint\\.benchmarks\\.DenseHessians\\..*";

  public static void main(String[] args) throws RunnerException {
    List<String> arguments = List.of(args);
    boolean longRun = arguments.contains("--long");
    boolean hessians = arguments.contains("--hessians");
    String include = arguments.stream().filter(a -> !a.startsWith("--")).findFirst()
        .orElse(hessians ? DENSE_HESSIANS : SHORT_BENCHMARKS);
    // The dense Hessians' problems have large generated methods, which on a loaded machine were
    // still being compiled after 3 short warm-up iterations; a gradient measured too early would
    // make the Hessian look cheaper than N gradients.
    int warmups = hessians ? (longRun ? 10 : 5) : (longRun ? 5 : 3);
    int millis = longRun || hessians ? 1000 : 400;
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(include)
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.milliseconds(millis))
            .measurementIterations(longRun ? 5 : 3)
            .measurementTime(TimeValue.milliseconds(millis))
            .timeUnit(TimeUnit.MICROSECONDS)
            .shouldFailOnError(true);
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      rows.add(row(r));
    }
    System.out.println(table(rows));
    System.out.println(targets(rows));
    if (rows.stream().anyMatch(r -> r.variant().equals("hessian") && r.n() > 0)) {
      System.out.println(hessianTable(rows));
      System.out.println(hessianTargets(rows));
    }
  }

  /** A JMH result as a row: a parameter {@code problem} names the problem, else the class. */
  private static Row row(RunResult r) {
    BenchmarkParams params = r.getParams();
    String benchmark = params.getBenchmark();
    String problem = params.getParam("problem");
    if (problem == null) {
      problem = benchmark.substring(0, benchmark.lastIndexOf('.'));
      problem = problem.substring(problem.lastIndexOf('.') + 1).replace("Bench", "");
    }
    String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    String size = String.join(", ", params.getParamsKeys().stream()
        .filter(k -> !k.equals("problem"))
        .map(k -> k + " = " + params.getParam(k)).toList());
    String n = params.getParam("n");
    Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return new Row(problem, size, n == null ? 0 : Integer.parseInt(n), variant,
        r.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore());
  }

  /**
   * The rows of README's table of dense Hessians (issue 17), by N and then problem, each N closed by
   * the median over its problems: the dense Hessian's time over N gradients', and one sweep of
   * {@value DenseHessians#DIRECTIONS} directions' over as many separate Hessian-vector products'.
   */
  static String hessianTable(List<Row> rows) {
    StringBuilder out = new StringBuilder("\nDense Hessians (ratios within this run):\n\n");
    out.append("| problem | N | dense Hessian ÷ (N × gradient) | sweep of "
        + DenseHessians.DIRECTIONS + " directions ÷ " + DenseHessians.DIRECTIONS + " products |\n");
    out.append("| --- | ---: | ---: | ---: |\n");
    Map<Integer, List<List<Row>>> bySize = new TreeMap<>();
    for (List<Row> g : groups(rows).values()) {
      Row gradient = find(g, "gradient");
      if (gradient != null && find(g, "hessian") != null && gradient.n() > 0) {
        bySize.computeIfAbsent(gradient.n(), k -> new ArrayList<>()).add(g);
      }
    }
    for (Map.Entry<Integer, List<List<Row>>> size : bySize.entrySet()) {
      List<List<Row>> problems = new ArrayList<>(size.getValue());
      problems.sort(java.util.Comparator.comparingInt(g -> order(g.get(0).problem())));
      List<Double> hessians = new ArrayList<>();
      List<Double> sweeps = new ArrayList<>();
      for (List<Row> g : problems) {
        Row gradient = find(g, "gradient");
        double hessian = perGradients(find(g, "hessian"), gradient);
        Row sweep = find(g, "hessianVectors");
        Row separate = find(g, "eightHessianVectors");
        hessians.add(hessian);
        String sweepRatio = "not run";
        if (sweep != null && separate != null) {
          sweeps.add(sweep.micros() / separate.micros());
          sweepRatio = number(sweep.micros() / separate.micros());
        }
        out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n",
            HessianProblems.title(gradient.problem()), size.getKey(), number(hessian), sweepRatio));
      }
      out.append(String.format(Locale.ROOT, "| **median** | %d | **%s** | **%s** |%n",
          size.getKey(), number(median(hessians)),
          sweeps.isEmpty() ? "" : number(median(sweeps))));
    }
    return out.toString();
  }

  /** Where a problem's rows go: in the order {@link HessianProblems#NAMES} lists them. */
  private static int order(String problem) {
    int at = HessianProblems.NAMES.indexOf(problem);
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  /** The targets of issue 17 against this run. */
  static String hessianTargets(List<Row> rows) {
    StringBuilder out = new StringBuilder("\nTargets of the dense Hessians (issue 17):\n");
    Map<Integer, List<Double>> bySize = new TreeMap<>();
    List<Double> all = new ArrayList<>();
    for (Map.Entry<String, List<Row>> group : groups(rows).entrySet()) {
      List<Row> g = group.getValue();
      Row gradient = find(g, "gradient");
      Row hessian = find(g, "hessian");
      if (gradient != null && hessian != null && gradient.n() > 0) {
        double ratio = perGradients(hessian, gradient);
        all.add(ratio);
        bySize.computeIfAbsent(gradient.n(), k -> new ArrayList<>()).add(ratio);
      }
      Row sweep = find(g, "hessianVectors");
      Row separate = find(g, "eightHessianVectors");
      if (sweep != null && separate != null) {
        check(out, group.getKey(), "8 in one sweep ≤ 0.35× 8 products",
            sweep.micros() / separate.micros(), 0.35, true);
        check(out, group.getKey(), "one sweep allocates ≤ 64 B", sweep.bytes(), 64, true);
      }
    }
    for (Map.Entry<Integer, List<Double>> size : bySize.entrySet()) {
      check(out, "N = " + size.getKey(), "median Hessian ≤ 0.5× N gradients",
          median(size.getValue()), 0.5, true);
    }
    if (!all.isEmpty()) {
      check(out, "all", "median Hessian ≤ 0.5× N gradients", median(all), 0.5, true);
    }
    return out.toString();
  }

  private static double perGradients(Row hessian, Row gradient) {
    return hessian.micros() / (gradient.n() * gradient.micros());
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
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
    out.append(String.format(Locale.ROOT, "  %s %-20s %-36s %s%n",
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
    return row == null || base == null ? "" : number(row.micros() / base.micros());
  }

  private static String number(double x) {
    if (x >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    return String.format(Locale.ROOT, x >= 10 ? "%.1f" : "%.2f", x);
  }
}
