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
 * What reading private state costs: the generated gradient of the same model with private
 * fields, constant and helper ({@link RidgePrivate}: {@code VarHandle}s, a {@code MethodHandle}
 * and a named copy of the constant) and with package-private ones ({@link RidgePackage}: named
 * directly), in one run.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar org.openjdk.jmh.Main PrivateFieldCost -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PrivateFieldCost {
  @Param("500")
  int rows;

  @Param("20")
  int cols;

  private RidgePrivate hidden;
  private RidgePackage visible;
  private double[] w;
  private double[] grad;

  @Setup
  public void setUp() {
    Data.Logistic p = Data.logistic(rows, cols, 42);
    hidden = new RidgePrivate(p.x(), p.y(), 0.1);
    visible = new RidgePackage(p.x(), p.y(), 0.1);
    w = p.w();
    grad = new double[cols];
  }

  @Benchmark
  public double gradientPrivate() {
    return RidgePrivateDerivatives.lossGradient(hidden, w, grad);
  }

  @Benchmark
  public double gradientPackagePrivate() {
    return RidgePackageDerivatives.lossGradient(visible, w, grad);
  }
}
