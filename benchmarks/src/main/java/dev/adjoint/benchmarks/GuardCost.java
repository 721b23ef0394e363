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
 * What {@code Chain.times} costs: the generated gradient and Hessian-vector product of a pair
 * potential with a {@code sqrt} and a {@code pow} per pair, against the same methods as generated
 * before the guards ({@link PotentialsBeforeGuards}), in one run.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar org.openjdk.jmh.Main GuardCost}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class GuardCost {
  @Param("64")
  int particles;

  private double[] x;
  private double[] grad;
  private double[] v;
  private double[] hv;

  @Setup
  public void setUp() {
    x = Data.cluster(particles, 42);
    grad = new double[x.length];
    v = Data.direction(x.length, 43);
    hv = new double[x.length];
  }

  @Benchmark
  public double original() {
    return Potentials.clusterEnergy(x);
  }

  @Benchmark
  public double gradient() {
    return PotentialsDerivatives.clusterEnergyGradient(x, grad);
  }

  @Benchmark
  public double gradientBeforeGuards() {
    return PotentialsBeforeGuards.clusterEnergyGradient(x, grad);
  }

  @Benchmark
  public double hessianVector() {
    return PotentialsDerivatives.clusterEnergyHessianVector(x, v, grad, hv);
  }

  @Benchmark
  public double hessianVectorBeforeGuards() {
    return PotentialsBeforeGuards.clusterEnergyHessianVector(x, v, grad, hv);
  }
}
