package dev.adjoint.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The generated gradient against its original method for each of the {@link HessianProblems},
 * timed in alternation ({@link Interleaved}) for a machine others share, each problem and size in
 * a fresh JVM so that what the JIT made of one case does not change the next.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.GradientRatiosInterleaved [rounds [N...]]}: 40 rounds at N = 100 and
 * 1000 by default; {@code -Dproblems=chebyquad,broydenBanded} runs only the problems named.
 */
public final class GradientRatiosInterleaved {
  private GradientRatiosInterleaved() {}

  /** {@code [rounds [N...]]}, or {@code rounds --case problem N} to run one case in this JVM. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    if (args.length == 4 && args[1].equals("--case")) {
      compare(args[2], Integer.parseInt(args[3]), rounds);
      return;
    }
    String[] sizes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"100", "1000"};
    String only = System.getProperty("problems");
    List<String> names = only == null ? HessianProblems.NAMES : List.of(only.split(","));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String n : sizes) {
      for (String name : names) {
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GradientRatiosInterleaved.class.getName(), Integer.toString(rounds), "--case",
                name, n)
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
    Interleaved.compare(name + " N = " + n, "gradient", () -> p.gradient(grad), "original",
        p::value, rounds, 200);
  }
}
