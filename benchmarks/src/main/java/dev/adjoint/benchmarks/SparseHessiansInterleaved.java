package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparseHessian;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 18's ratios, each timed in alternation ({@link Interleaved}) in a fresh JVM per problem
 * and size: a sparse Hessian's refill against one gradient, the first call (pattern, colouring and
 * values) against a refill, and at N = 1,000 the refill against the dense Hessian, for extended
 * Rosenbrock, Broyden banded, the arrowhead and the grid field ({@link SparseCases}).
 *
 * <p>{@code java -Xmx8g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.SparseHessiansInterleaved [rounds [N...]]}: 10 rounds at N = 10^3, 10^4,
 * 10^5 and 10^6 by default (the grid's N is the nearest square); first calls up to 2·10^5. Each
 * case runs in a JVM whose heap of 3 GB is touched at its start.
 */
public final class SparseHessiansInterleaved {
  private SparseHessiansInterleaved() {}

  /** First calls are timed up to this N (the target is at 10⁵; beyond, a call lasts seconds). */
  private static final int FIRST_CALLS_UP_TO = 200_000;

  /** {@code [rounds [N...]]}, or {@code rounds --case problem N} to run one case in this JVM. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    if (args.length == 4 && args[1].equals("--case")) {
      compare(args[2], Integer.parseInt(args[3]), rounds);
      return;
    }
    String[] sizes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"1000", "10000", "100000", "1000000"};
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String n : sizes) {
      for (String name : SparseCases.NAMES) {
        // A heap touched beforehand: a first call then times its own work, not the system's
        // zeroing of pages the heap grows into (which a JVM that ran a while has done already).
        Process child = new ProcessBuilder(java, "-Xms3g", "-Xmx8g", "-XX:+AlwaysPreTouch", "-cp",
                System.getProperty("java.class.path"), SparseHessiansInterleaved.class.getName(),
                Integer.toString(rounds), "--case", name, n)
            .inheritIO()
            .start();
        if (child.waitFor() != 0) {
          throw new IllegalStateException(name + " at N = " + n + " failed");
        }
      }
    }
  }

  private static void compare(String name, int n, int rounds) {
    SparseCases p = SparseCases.of(name, n);
    int size = p.size();
    double[] grad = new double[size];
    long start = System.nanoTime();
    SparseHessian h = p.newHessian();
    double firstMillis = (System.nanoTime() - start) / 1e6;
    String what = name + " N = " + size;
    System.out.printf(Locale.ROOT, "%s: %d entries in the lower triangle, %d colors; the very first"
        + " call (cold JIT) took %.1f ms%n", what, h.nonZeros(), h.colors(), firstMillis);
    Interleaved.compare(what, "refill", () -> p.refill(grad, h), "gradient",
        () -> p.gradient(grad), rounds, 0);
    if (size <= FIRST_CALLS_UP_TO) {
      Interleaved.compare(what, "first call", () -> p.newHessian().value(0), "refill",
          () -> p.refill(grad, h), rounds, 0);
    }
    if (size <= 2000) {
      Interleaved.compare(what, "sparse refill", () -> p.refill(grad, h), "dense Hessian",
          () -> p.dense()[size - 1][0], rounds, 0);
    }
  }
}
