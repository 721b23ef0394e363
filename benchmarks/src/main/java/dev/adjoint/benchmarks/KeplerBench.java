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
 * Kepler's equation solved by Newton's method for each observation, a loop whose trip count
 * depends on the data: the gradient replays it from its tape.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KeplerBench {
  @Param("1000")
  int points;

  private Data.Kepler p;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    p = Data.kepler(points, 42);
    grad = new double[2];
    v = Data.direction(2, 43);
    hv = new double[2];
  }

  @Benchmark
  public double original() {
    return Problems.keplerFit(p.e(), p.a(), p.meanAnomaly(), p.observed());
  }

  @Benchmark
  public double gradient() {
    return ProblemsDerivatives.keplerFitGradient(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad);
  }

  @Benchmark
  public double handGradient() {
    return HandGradients.keplerFit(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad);
  }

  @Benchmark
  public double hipparchus() {
    return HipparchusGradients.keplerFit(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.keplerFit(p.e(), p.a(), p.meanAnomaly(), p.observed(), grad);
  }

  @Benchmark
  public double derivative() {
    return ProblemsDerivatives.keplerFitDerivative(p.e(), p.a(), p.meanAnomaly(), p.observed(), v);
  }

  @Benchmark
  public double hessianVector() {
    return ProblemsDerivatives.keplerFitHessianVector(p.e(), p.a(), p.meanAnomaly(), p.observed(), v, grad, hv);
  }
}
