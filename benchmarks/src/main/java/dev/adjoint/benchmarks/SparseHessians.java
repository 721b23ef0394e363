package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparseHessian;
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
 * Issue 18's sparse Hessians ({@link SparseCases}) at N = 10⁴, 10⁵ and 10⁶: one generated
 * gradient, a refill of the sparse Hessian, and the first call (pattern, colouring and values).
 * The ratios refill / gradient and first call / refill come from one run's rows; {@link
 * SparseHessiansInterleaved} times the same pairs in alternation, which load on shared cores
 * disturbs less. Not a {@code *Bench}: {@code java -Xmx8g -jar ...} with {@code SparseHessians}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Thread)
public class SparseHessians {
  @Param({"rosenbrock", "broydenBanded", "arrowhead", "grid"})
  String problem;

  /** The number of inputs N (the grid's is the nearest square). */
  @Param({"10000", "100000", "1000000"})
  int n;

  private SparseCases p;
  private double[] grad;
  private SparseHessian h;

  @Setup
  public void setUp() {
    p = SparseCases.of(problem, n);
    grad = new double[p.size()];
    h = p.newHessian();
  }

  @Benchmark
  public double gradient() {
    return p.gradient(grad);
  }

  @Benchmark
  public double refill() {
    return p.refill(grad, h);
  }

  @Benchmark
  public SparseHessian firstCall() {
    return p.newHessian();
  }
}
