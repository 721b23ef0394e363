package dev.adjoint.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What finding a sparse Hessian's pattern costs: the tracing sweep a generated {@code mSparsity}
 * makes ({@link TracingProblems}, with the pattern laid into compressed columns, not coloured)
 * against a hand-written gradient of the same problem, timed in alternation ({@link Interleaved}),
 * and the bytes one trace allocates per unknown; for extended Rosenbrock also against the
 * generated gradient of {@link Problems#extendedRosenbrock}. Each problem and size runs in a fresh
 * JVM.
 *
 * <p>{@code java -Xmx4g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.TracingInterleaved [rounds [N...]]}: 10 rounds at N = 10^5 and 10^6 by
 * default, a few minutes on 2 cores.
 */
public final class TracingInterleaved {
  private TracingInterleaved() {}

  /** {@code [rounds [N...]]}, or {@code rounds --case problem N} to run one case in this JVM. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    if (args.length == 4 && args[1].equals("--case")) {
      compare(args[2], Integer.parseInt(args[3]), rounds);
      return;
    }
    String[] sizes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"100000", "1000000"};
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String n : sizes) {
      for (String name : TracingProblems.NAMES) {
        Process child = new ProcessBuilder(java, "-Xmx4g", "-cp",
                System.getProperty("java.class.path"), TracingInterleaved.class.getName(),
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
    TracingProblems.Problem p = TracingProblems.of(name, n);
    double[] grad = new double[p.size()];
    Interleaved.compare(name + " N = " + p.size(), "trace", p::trace, "gradient",
        () -> p.gradient(grad), rounds, 0);
    if (p instanceof TracingProblems.Rosenbrock r) {
      Interleaved.compare(name + " N = " + p.size(), "trace", p::trace, "generated gradient",
          () -> ProblemsDerivatives.extendedRosenbrockGradient(r.x(), grad), rounds, 0);
    }
    long before = allocatedBytes();
    double entries = p.trace();
    long bytes = allocatedBytes() - before;
    System.out.printf(Locale.ROOT, "%s N = %d: %.0f entries in the lower triangle, %.1f bytes"
        + " allocated per unknown by one trace%n",
        name, p.size(), entries, (double) bytes / p.size());
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
