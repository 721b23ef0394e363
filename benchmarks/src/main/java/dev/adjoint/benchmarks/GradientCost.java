package dev.adjoint.benchmarks;

import java.util.Random;
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
 * The cost of a generated gradient relative to the original method, and of a Hessian-vector
 * product relative to the gradient: extended Rosenbrock with 1000 inputs and logistic regression on
 * 2000 examples of 50 features. Compare the times within one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GradientCost {
  private double[] x;
  private double[] xGrad;
  private double[] w;
  private double[][] data;
  private double[] labels;
  private double[] wGrad;
  private double[] xV;
  private double[] xHv;
  private double[] wV;
  private double[] wHv;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    x = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() * 2 - 1;
    }
    xGrad = new double[x.length];
    w = new double[50];
    for (int j = 0; j < w.length; j++) {
      w[j] = random.nextGaussian() * 0.1;
    }
    data = new double[2000][50];
    labels = new double[2000];
    for (int i = 0; i < data.length; i++) {
      for (int j = 0; j < w.length; j++) {
        data[i][j] = random.nextGaussian();
      }
      labels[i] = random.nextBoolean() ? 1 : 0;
    }
    wGrad = new double[w.length];
    xV = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xV[i] = random.nextGaussian();
    }
    xHv = new double[x.length];
    wV = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      wV[j] = random.nextGaussian();
    }
    wHv = new double[w.length];
  }

  @Benchmark
  public double rosenbrockOriginal() {
    return Problems.extendedRosenbrock(x);
  }

  @Benchmark
  public double rosenbrockGradient() {
    return ProblemsDerivatives.extendedRosenbrockGradient(x, xGrad);
  }

  @Benchmark
  public double logisticOriginal() {
    return Problems.logisticNll(w, data, labels);
  }

  @Benchmark
  public double logisticGradient() {
    return ProblemsDerivatives.logisticNllGradient(w, data, labels, wGrad);
  }

  @Benchmark
  public double rosenbrockHessianVector() {
    return ProblemsDerivatives.extendedRosenbrockHessianVector(x, xV, xGrad, xHv);
  }

  @Benchmark
  public double logisticHessianVector() {
    return ProblemsDerivatives.logisticNllHessianVector(w, data, labels, wV, wGrad, wHv);
  }
}
