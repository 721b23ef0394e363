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
 * The Gaussian mixture objective (ADBench style, diagonal covariances): k components in d
 * dimensions, n points; N = k + 2kd inputs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GmmBench {
  @Param("5")
  int k;

  @Param("10")
  int d;

  @Param("1000")
  int points;

  private Data.Gmm p;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    p = Data.gmm(k, d, points, 42);
    int n = k + 2 * k * d;
    grad = new double[n];
    v = Data.direction(n, 43);
    hv = new double[n];
  }

  @Benchmark
  public double original() {
    return Problems.gmmObjective(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m());
  }

  @Benchmark
  public double gradient() {
    return ProblemsDerivatives.gmmObjectiveGradient(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad);
  }

  @Benchmark
  public double handGradient() {
    return HandGradients.gmmObjective(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad);
  }

  @Benchmark
  public double hipparchus() {
    return HipparchusGradients.gmmObjective(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.gmmObjective(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), grad);
  }

  @Benchmark
  public double derivative() {
    return ProblemsDerivatives.gmmObjectiveDerivative(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), v);
  }

  @Benchmark
  public double hessianVector() {
    return ProblemsDerivatives.gmmObjectiveHessianVector(p.alpha(), p.mu(), p.q(), p.x(), p.gamma(), p.m(), v, grad, hv);
  }
}
