package dev.adjoint.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link DenseHessians}' ratios for a machine others share: the dense Hessian and N gradients
 * timed in alternation ({@link Interleaved}), and one sweep of {@value
 * DenseHessians#DIRECTIONS} directions and as many separate Hessian-vector products; the median of
 * the per-round ratios, which load that comes and goes affects alike. Each problem and size runs
 * in a fresh JVM, so that what the JIT made of one case does not change the next.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.DenseHessiansInterleaved [rounds [N...]]}: 20 rounds at N = 100 and 300
 * by default, about 5 minutes on 2 cores (each sample is the fastest of 5 calls; at N = 1000
 * Chebyquad's Hessian alone takes seconds a call).
 */
public final class DenseHessiansInterleaved {
  private DenseHessiansInterleaved() {}

  /** {@code [rounds [N...]]}, or {@code rounds --case problem N} to run one case in this JVM. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    if (args.length == 4 && args[1].equals("--case")) {
      compare(args[2], Integer.parseInt(args[3]), rounds);
      return;
    }
    String[] sizes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"100", "300"};
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String n : sizes) {
      for (String name : HessianProblems.NAMES) {
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DenseHessiansInterleaved.class.getName(), Integer.toString(rounds), "--case", name,
                n)
            .inheritIO()
            .start();
        if (child.waitFor() != 0) {
          throw new IllegalStateException(name + " at N = " + n + " failed");
        }
      }
    }
  }

  private static void compare(String name, int n, int rounds) {
    HessianProblems.Problem p = HessianProblems.of(name, n);
    double[] grad = new double[n];
    Interleaved.compare(name + " N = " + n, "dense Hessian", () -> p.hessian()[n - 1][0],
        "N gradients", () -> {
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += p.gradient(grad);
          }
          return sum;
        },
        rounds, 0);
    int k = DenseHessians.DIRECTIONS;
    double[][] vs = new double[k][];
    double[][] hvs = new double[k][n];
    for (int j = 0; j < k; j++) {
      vs[j] = Data.direction(n, 43 + j);
    }
    Interleaved.compare(name + " N = " + n, "one sweep of " + k,
        () -> p.hessianVectors(vs, grad, hvs), k + " products", () -> {
          double sum = 0;
          for (int j = 0; j < k; j++) {
            sum += p.hessianVector(vs[j], grad, hvs[j]);
          }
          return sum;
        },
        rounds, 0);
  }
}
