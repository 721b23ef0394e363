package dev.adjoint.benchmarks;

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
 * Dense Hessians against N gradients, and many directions in one sweep against one at a time
 * (issue 17), for each of the {@link HessianProblems} at N inputs. Not a {@code *Bench}, so the
 * short report leaves it out: {@code Report --hessians} runs it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DenseHessians {
  /** How many directions {@link #hessianVectors} pushes through one sweep. */
  static final int DIRECTIONS = 8;

  @Param({"rosenbrock", "broydenBanded", "chebyquad", "logistic", "gmm"})
  String problem;

  /** The number of inputs N. */
  @Param({"100", "300", "1000"})
  int n;

  private HessianProblems.Problem p;
  private double[] grad;
  private double[][] vs;
  private double[][] hvs;

  @Setup
  public void setUp() {
    p = HessianProblems.of(problem, n);
    grad = new double[n];
    vs = new double[DIRECTIONS][];
    hvs = new double[DIRECTIONS][n];
    for (int j = 0; j < DIRECTIONS; j++) {
      vs[j] = Data.direction(n, 43 + j);
    }
  }

  @Benchmark
  public double gradient() {
    return p.gradient(grad);
  }

  @Benchmark
  public double[][] hessian() {
    return p.hessian();
  }

  /**
   * {@link #DIRECTIONS} separate Hessian-vector products, what one sweep of many replaces (and,
   * divided by {@link #DIRECTIONS}, the time of one).
   */
  @Benchmark
  public double eightHessianVectors() {
    double sum = 0;
    for (int j = 0; j < DIRECTIONS; j++) {
      sum += p.hessianVector(vs[j], grad, hvs[j]);
    }
    return sum;
  }

  /** One sweep with {@link #DIRECTIONS} directions; fails while the kind is not generated. */
  @Benchmark
  public double hessianVectors() {
    return p.hessianVectors(vs, grad, hvs);
  }
}
