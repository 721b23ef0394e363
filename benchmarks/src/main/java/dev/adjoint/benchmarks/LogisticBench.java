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

/** Logistic regression's negative log-likelihood on rows × cols data, with respect to w. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LogisticBench {
  @Param("2000")
  int rows;

  @Param("50")
  int cols;

  private Data.Logistic p;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    p = Data.logistic(rows, cols, 42);
    grad = new double[cols];
    v = Data.direction(cols, 43);
    hv = new double[cols];
  }

  @Benchmark
  public double original() {
    return Problems.logisticNll(p.w(), p.x(), p.y());
  }

  @Benchmark
  public double gradient() {
    return ProblemsDerivatives.logisticNllGradient(p.w(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double handGradient() {
    return HandGradients.logisticNll(p.w(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double hipparchus() {
    return HipparchusGradients.logisticNll(p.w(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.logisticNll(p.w(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double derivative() {
    return ProblemsDerivatives.logisticNllDerivative(p.w(), p.x(), p.y(), v);
  }

  @Benchmark
  public double hessianVector() {
    return ProblemsDerivatives.logisticNllHessianVector(p.w(), p.x(), p.y(), v, grad, hv);
  }
}
