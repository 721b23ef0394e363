package dev.adjoint.benchmarks;

import dev.adjoint.HessianRoute;
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
 * Issue 19's problem set ({@link RouteCases}, Petra et al. 2018, N = 4,000) in JMH: one generated
 * gradient and a refill of the sparse Hessian by each route (one matrix each, {@code
 * useRoute}). The ratios come from one run's rows; {@link
 * RoutesInterleaved} times the same pairs in alternation, which load on shared cores disturbs
 * less. Not a {@code *Bench}: {@code java -Xmx8g -jar benchmarks/target/adjoint-benchmarks.jar
 * SparseRoutes -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Thread)
public class SparseRoutes {
  /** A name of {@link RouteCases#NAMES}. */
  @Param({"band", "petraArrowhead:1", "petraArrowhead:8", "petraArrowhead:64", "pureArrowhead:1",
      "pureArrowhead:8", "pureArrowhead:64", "randomProducts:2", "randomProducts:8",
      "randomProducts:64", "randomPairs:2", "randomPairs:8", "randomPairs:64", "logistic:4",
      "logistic:16", "logistic:64"})
  String problem;

  private RouteCases p;
  private double[] grad;
  private SparseHessian colouring;
  private SparseHessian edges;

  @Setup
  public void setUp() {
    p = RouteCases.of(problem, RouteCases.N);
    grad = new double[p.size()];
    colouring = p.newHessian();
    colouring.useRoute(HessianRoute.COLORING);
    edges = p.newHessian();
    edges.useRoute(HessianRoute.EDGE_PUSHING);
  }

  @Benchmark
  public double gradient() {
    return p.gradient(grad);
  }

  @Benchmark
  public double coloringRefill() {
    return p.refill(grad, colouring);
  }

  @Benchmark
  public double edgePushingRefill() {
    return p.refill(grad, edges);
  }
}
