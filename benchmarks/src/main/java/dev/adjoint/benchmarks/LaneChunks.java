package dev.adjoint.benchmarks;

import dev.adjoint.runtime.DenseDerivatives;
import java.util.Arrays;
import java.util.List;

/**
 * How many unit directions the dense {@code mHessian} should push through one sweep of {@code
 * mHessianVectors}: the time of a dense Hessian of {@link HessianProblems}, built with chunks of 4
 * to 64 directions, in N gradients (the median of repeated runs, each the fastest of a few), and
 * that of {@code mHessianVectors} with 8 directions against 8 separate {@code mHessianVector}
 * calls.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.LaneChunks
 * [rounds [problem:N ...]]}, by default 9 rounds of each problem at N = 100 and 300 and of the
 * cheap ones at N = 1000. On a machine others share, {@code LaneChunks --alternate rounds bigger
 * smaller problem:N ...} times the dense Hessian with two chunk sizes in alternation ({@link
 * Interleaved}) and prints the median ratio, bigger over smaller.
 */
public final class LaneChunks {
  private LaneChunks() {}

  private static double sink;

  private static final int[] CHUNKS = {64, 32, 16, 8, 4};

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--alternate")) {
      alternate(args);
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    List<String> cases = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("rosenbrock:100", "broydenBanded:100", "chebyquad:100", "logistic:100",
            "gmm:100", "rosenbrock:300", "broydenBanded:300", "chebyquad:300", "logistic:300",
            "gmm:300", "rosenbrock:1000", "broydenBanded:1000", "logistic:1000");
    System.out.printf("dense Hessian in N gradients, chunks %s%n", Arrays.toString(CHUNKS));
    for (String c : cases) {
      String[] nameAndN = c.split(":");
      int n = Integer.parseInt(nameAndN[1]);
      report(nameAndN[0] + " N = " + n, HessianProblems.of(nameAndN[0], n), n, rounds);
    }
    System.out.println(sink == 42 ? "" : "done");
  }

  /** {@code --alternate rounds bigger smaller problem:N ...}. */
  private static void alternate(String[] args) {
    int rounds = Integer.parseInt(args[1]);
    int bigger = Integer.parseInt(args[2]);
    int smaller = Integer.parseInt(args[3]);
    for (String c : List.of(args).subList(4, args.length)) {
      String[] nameAndN = c.split(":");
      int n = Integer.parseInt(nameAndN[1]);
      HessianProblems.Problem p = HessianProblems.of(nameAndN[0], n);
      Interleaved.compare(c, "chunk " + bigger,
          () -> DenseDerivatives.hessian(n, bigger, p::hessianVectors)[0][0], "chunk " + smaller,
          () -> DenseDerivatives.hessian(n, smaller, p::hessianVectors)[0][0], rounds, 0);
    }
  }

  private static void report(String name, HessianProblems.Problem p, int n, int rounds) {
    double[] grad = new double[n];
    double gradient = seconds(() -> sink += p.gradient(grad), rounds);
    StringBuilder line = new StringBuilder(String.format("%-24s gradient %8.1f us:", name,
        gradient * 1e6));
    for (int chunk : CHUNKS) {
      double t = seconds(() -> sink += DenseDerivatives.hessian(n, chunk, p::hessianVectors)[0][0],
          rounds);
      line.append(String.format(" %6.2f", t / (n * gradient)));
    }
    double[][] vs = new double[8][];
    double[][] hvs = new double[8][n];
    for (int l = 0; l < 8; l++) {
      vs[l] = Data.direction(n, 100 + l);
    }
    double eight = seconds(() -> {
      for (int l = 0; l < 8; l++) {
        sink += p.hessianVector(vs[l], grad, hvs[l]);
      }
    }, rounds);
    double lanes = seconds(() -> sink += p.hessianVectors(vs, grad, hvs), rounds);
    line.append(String.format("; sweep of 8 / 8 products %.2f", lanes / eight));
    System.out.println(line);
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
