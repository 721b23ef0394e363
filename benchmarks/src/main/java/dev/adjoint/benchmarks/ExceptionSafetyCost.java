package dev.adjoint.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the try/finally of generated methods costs, by JMH: the Kepler gradient (tape) and the GMM
 * gradient (workspace and tape) at the sizes of the Speed table, against the same methods as
 * generated before ({@link ProblemsBeforeExceptionSafety}). On a shared machine prefer
 * {@link ExceptionSafetyCostInterleaved}, which load that comes and goes affects alike.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar org.openjdk.jmh.Main ExceptionSafetyCost}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ExceptionSafetyCost {
  private Data.Kepler kepler;
  private Data.Gmm gmm;
  private double[] keplerGrad;
  private double[] gmmGrad;

  @Setup
  public void setUp() {
    kepler = Data.kepler(1000, 42);
    gmm = Data.gmm(5, 10, 1000, 42);
    keplerGrad = new double[2];
    gmmGrad = new double[5 + 2 * 5 * 10];
  }

  @Benchmark
  public double keplerGradient() {
    return ProblemsDerivatives.keplerFitGradient(
        kepler.e(), kepler.a(), kepler.meanAnomaly(), kepler.observed(), keplerGrad);
  }

  @Benchmark
  public double keplerGradientBefore() {
    return ProblemsBeforeExceptionSafety.keplerFitGradient(
        kepler.e(), kepler.a(), kepler.meanAnomaly(), kepler.observed(), keplerGrad);
  }

  @Benchmark
  public double gmmGradient() {
    return ProblemsDerivatives.gmmObjectiveGradient(
        gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), gmmGrad);
  }

  @Benchmark
  public double gmmGradientBefore() {
    return ProblemsBeforeExceptionSafety.gmmObjectiveGradient(
        gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), gmmGrad);
  }
}
