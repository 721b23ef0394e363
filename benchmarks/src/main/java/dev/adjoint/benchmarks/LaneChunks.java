package dev.adjoint.benchmarks;

import dev.adjoint.runtime.DenseDerivatives;
import java.util.Arrays;

/**
 * How many unit directions the dense {@code mHessian} should push through one sweep of {@code
 * mHessianVectors}: the time of a dense Hessian, built with chunks of 1 to 32 directions, in
 * gradients (the median of repeated runs, each the fastest of a few), and that of {@code
 * mHessianVectors} with 8 directions against 8 separate {@code mHessianVector} calls.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.LaneChunks}
 */
public final class LaneChunks {
  private LaneChunks() {}

  private static double sink;

  private interface Problem {
    int n();

    void gradient(double[] grad);

    void hessianVector(double[] v, double[] grad, double[] hv);

    void hessianVectors(double[][] vs, double[] grad, double[][] hvs);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    double[] x = Data.rosenbrock(1000, 1);
    Data.Logistic logistic = Data.logistic(500, 50, 2);
    Data.Gmm gmm = Data.gmm(3, 5, 200, 3);
    report(
        "extended Rosenbrock, N = 1000",
        new Problem() {
          public int n() {
            return x.length;
          }

          public void gradient(double[] g) {
            sink += ProblemsDerivatives.extendedRosenbrockGradient(x, g);
          }

          public void hessianVector(double[] v, double[] g, double[] hv) {
            sink += ProblemsDerivatives.extendedRosenbrockHessianVector(x, v, g, hv);
          }

          public void hessianVectors(double[][] vs, double[] g, double[][] hvs) {
            sink += ProblemsDerivatives.extendedRosenbrockHessianVectors(x, vs, g, hvs);
          }
        },
        rounds);
    report(
        "logistic regression, 500 x 50, N = 50",
        new Problem() {
          public int n() {
            return logistic.w().length;
          }

          public void gradient(double[] g) {
            sink += ProblemsDerivatives.logisticNllGradient(logistic.w(), logistic.x(), logistic.y(), g);
          }

          public void hessianVector(double[] v, double[] g, double[] hv) {
            sink +=
                ProblemsDerivatives.logisticNllHessianVector(
                    logistic.w(), logistic.x(), logistic.y(), v, g, hv);
          }

          public void hessianVectors(double[][] vs, double[] g, double[][] hvs) {
            sink +=
                ProblemsDerivatives.logisticNllHessianVectors(
                    logistic.w(), logistic.x(), logistic.y(), vs, g, hvs);
          }
        },
        rounds);
    int gmmN = gmm.alpha().length + 2 * gmm.alpha().length * gmm.mu()[0].length;
    report(
        "GMM, 3 components in 5 dimensions, 200 points, N = " + gmmN,
        new Problem() {
          public int n() {
            return gmmN;
          }

          public void gradient(double[] g) {
            sink +=
                ProblemsDerivatives.gmmObjectiveGradient(
                    gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), g);
          }

          public void hessianVector(double[] v, double[] g, double[] hv) {
            sink +=
                ProblemsDerivatives.gmmObjectiveHessianVector(
                    gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), v, g, hv);
          }

          public void hessianVectors(double[][] vs, double[] g, double[][] hvs) {
            sink +=
                ProblemsDerivatives.gmmObjectiveHessianVectors(
                    gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), vs, g, hvs);
          }
        },
        rounds);
    System.out.println(sink == 42 ? "" : "done");
  }

  private static void report(String name, Problem p, int rounds) {
    int n = p.n();
    double[] grad = new double[n];
    double gradient = seconds(() -> p.gradient(grad), rounds);
    System.out.printf("%s: gradient %.1f us%n", name, gradient * 1e6);
    // Largest chunks first: whatever the warm-up leaves unfinished slows the small ones, which
    // lose anyway.
    for (int chunk : new int[] {32, 16, 8, 4, 2, 1}) {
      double t = seconds(() -> DenseDerivatives.hessian(n, chunk, p::hessianVectors), rounds);
      System.out.printf(
          "  dense Hessian, %2d directions per sweep: %.2f N gradients%n", chunk, t / (n * gradient));
    }
    double oneByOne =
        seconds(
            () ->
                DenseDerivatives.hessian(
                    n, (v, g, hv) -> p.hessianVector(v, g, hv)),
            rounds);
    System.out.printf(
        "  dense Hessian, one mHessianVector per direction: %.2f N gradients%n",
        oneByOne / (n * gradient));
    double[][] vs = new double[8][];
    double[][] hvs = new double[8][n];
    for (int l = 0; l < 8; l++) {
      vs[l] = Data.direction(n, 100 + l);
    }
    double eight = seconds(() -> {
      for (int l = 0; l < 8; l++) {
        p.hessianVector(vs[l], grad, hvs[l]);
      }
    }, rounds);
    double lanes = seconds(() -> p.hessianVectors(vs, grad, hvs), rounds);
    System.out.printf(
        "  mHessianVectors, k = 8: %.2f x 8 mHessianVector calls (%.1f us vs %.1f us)%n",
        lanes / eight, lanes * 1e6, eight * 1e6);
  }

  /** The median over {@code rounds} of the fastest of 5 timed calls, after a warm-up. */
  private static double seconds(Runnable call, int rounds) {
    long warmUpEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmUpEnd) {
      call.run();
    }
    double[] samples = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long best = Long.MAX_VALUE;
      for (int s = 0; s < 5; s++) {
        long start = System.nanoTime();
        call.run();
        best = Math.min(best, System.nanoTime() - start);
      }
      samples[r] = best * 1e-9;
    }
    Arrays.sort(samples);
    return samples[rounds / 2];
  }
}
