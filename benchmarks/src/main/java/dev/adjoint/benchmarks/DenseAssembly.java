package dev.adjoint.benchmarks;

import dev.adjoint.runtime.DenseDerivatives;
import dev.adjoint.runtime.Lanes;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What building a dense Hessian costs besides the products (issue 17): the N×N result alone,
 * {@link DenseDerivatives#hessian(int, int, DenseDerivatives.HessianVectors)} with products that
 * do nothing, and with products that only move their directions into lanes and the lanes out to
 * rows as every generated {@code mHessianVectors} does ({@link Lanes#gather}, {@link
 * Lanes#scatter}); each also for the assembly it replaced (every row written by its sweep, then
 * a pass of mirror means walking columns), and an extended Rosenbrock gradient for scale: divide
 * by N of them.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar org.openjdk.jmh.Main DenseAssembly
 * -f 1 -wi 3 -i 5 -w 1 -r 1}, or for a shared machine {@code java -cp
 * benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.DenseAssembly [rounds [N...]]},
 * which times the cases in alternation ({@link Interleaved}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DenseAssembly {
  @Param({"100", "300", "1000"})
  int n;

  @Param({"16"})
  int chunk;

  private double[] lanes;
  private double[] x;
  private double[] grad;

  @Setup
  public void setUp() {
    lanes = new double[n * chunk];
    x = Data.rosenbrock(n, 42);
    grad = new double[n];
  }

  /** {@code [rounds [N...]]}: each assembly against the one it replaced and against N gradients. */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String[] sizes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"100", "300", "1000"};
    for (String size : sizes) {
      DenseAssembly b = new DenseAssembly();
      b.n = Integer.parseInt(size);
      b.chunk = 16;
      b.setUp();
      String at = "N = " + b.n;
      Interleaved.compare(at, "laid in", () -> b.laidIn()[0][0], "rows then mirror",
          () -> b.rowsThenMirror()[0][0], rounds, 2000);
      Interleaved.compare(at, "laid in, with lanes", () -> b.laidInWithLanes()[0][0],
          "rows then mirror, with lanes", () -> b.rowsThenMirrorWithLanes()[0][0], rounds, 2000);
      Interleaved.compare(at, "laid in, with lanes", () -> b.laidInWithLanes()[0][0],
          "N Rosenbrock gradients", b::nGradients, rounds, 2000);
      Interleaved.compare(at, "the N×N result alone", () -> b.result()[0][0],
          "N Rosenbrock gradients", b::nGradients, rounds, 2000);
    }
  }

  private double nGradients() {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += rosenbrockGradient();
    }
    return sum;
  }

  @Benchmark
  public double[][] result() {
    return new double[n][n];
  }

  @Benchmark
  public double[][] laidIn() {
    return DenseDerivatives.hessian(n, chunk, (vs, g, hvs) -> {});
  }

  @Benchmark
  public double[][] laidInWithLanes() {
    return DenseDerivatives.hessian(n, chunk, this::throughLanes);
  }

  @Benchmark
  public double[][] rowsThenMirror() {
    return rowsThenMirror(n, chunk, (vs, g, hvs) -> {});
  }

  @Benchmark
  public double[][] rowsThenMirrorWithLanes() {
    return rowsThenMirror(n, chunk, this::throughLanes);
  }

  @Benchmark
  public double rosenbrockGradient() {
    return ProblemsDerivatives.extendedRosenbrockGradient(x, grad);
  }

  /** What a generated {@code mHessianVectors} does with its directions and products, nothing else. */
  private void throughLanes(double[][] vs, double[] g, double[][] hvs) {
    int k = vs.length;
    double[] v = k == chunk ? lanes : new double[n * k];
    Lanes.gather(vs, v);
    Lanes.scatter(v, k, hvs);
  }

  /** The assembly before: each sweep writes its rows of the result, then one pass of means. */
  static double[][] rowsThenMirror(int n, int chunk, DenseDerivatives.HessianVectors products) {
    double[][] hessian = new double[n][n];
    double[] grad = new double[n];
    int width = Math.max(1, Math.min(chunk, n));
    double[][] units = new double[width][n];
    for (int start = 0; start < n; start += width) {
      int k = Math.min(width, n - start);
      double[][] vs = k == width ? units : Arrays.copyOf(units, k);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 1.0;
      }
      products.apply(vs, grad, Arrays.copyOfRange(hessian, start, start + k));
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 0.0;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (hessian[i][j] + hessian[j][i]);
        hessian[i][j] = mean;
        hessian[j][i] = mean;
      }
    }
    return hessian;
  }
}
