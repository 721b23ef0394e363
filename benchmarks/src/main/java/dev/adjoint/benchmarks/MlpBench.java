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

/** A one-hidden-layer tanh network's mean squared error; N = hidden × (inputs + 2) + 1 inputs. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MlpBench {
  @Param("32")
  int hidden;

  @Param("10")
  int inputs;

  @Param("500")
  int points;

  private Data.Mlp p;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    p = Data.mlp(hidden, inputs, points, 42);
    int n = hidden * (inputs + 2) + 1;
    grad = new double[n];
    v = Data.direction(n, 43);
    hv = new double[n];
  }

  @Benchmark
  public double original() {
    return Problems.mlpLoss(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y());
  }

  @Benchmark
  public double gradient() {
    return ProblemsDerivatives.mlpLossGradient(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double handGradient() {
    return HandGradients.mlpLoss(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double hipparchus() {
    return HipparchusGradients.mlpLoss(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.mlpLoss(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), grad);
  }

  @Benchmark
  public double derivative() {
    return ProblemsDerivatives.mlpLossDerivative(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), v);
  }

  @Benchmark
  public double hessianVector() {
    return ProblemsDerivatives.mlpLossHessianVector(p.w1(), p.b1(), p.w2(), p.b2(), p.x(), p.y(), v, grad, hv);
  }
}
