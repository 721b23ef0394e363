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

/** Extended Rosenbrock with n inputs: every variant, the caller providing the arrays. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RosenbrockBench {
  @Param({"10", "100", "1000"})
  int n;

  private double[] x;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    x = Data.rosenbrock(n, 42);
    grad = new double[n];
    v = Data.direction(n, 43);
    hv = new double[n];
  }

  @Benchmark
  public double original() {
    return Problems.extendedRosenbrock(x);
  }

  @Benchmark
  public double gradient() {
    return ProblemsDerivatives.extendedRosenbrockGradient(x, grad);
  }

  @Benchmark
  public double handGradient() {
    return HandGradients.extendedRosenbrock(x, grad);
  }

  @Benchmark
  public double hipparchus() {
    return HipparchusGradients.extendedRosenbrock(x, grad);
  }

  @Benchmark
  public double derivativeStructure() {
    return HipparchusGradients.extendedRosenbrockDs(x, grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.extendedRosenbrock(x, grad);
  }

  @Benchmark
  public double derivative() {
    return ProblemsDerivatives.extendedRosenbrockDerivative(x, v);
  }

  @Benchmark
  public double hessianVector() {
    return ProblemsDerivatives.extendedRosenbrockHessianVector(x, v, grad, hv);
  }
}
