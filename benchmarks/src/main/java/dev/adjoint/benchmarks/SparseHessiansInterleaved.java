package dev.adjoint.benchmarks;

import dev.adjoint.runtime.SparseHessian;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 18's ratios, each timed in alternation ({@link Interleaved}) in a fresh JVM per problem
 * and size: a sparse Hessian's refill against one gradient, the first call (pattern, colouring and
 * values) against a refill, and at N = 1,000 the refill against the dense Hessian, for extended
 * Rosenbrock, Broyden banded, the arrowhead and the grid field ({@link SparseProblems}).
 *
 * <p>{@code java -Xmx8g -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.SparseHessiansInterleaved [rounds [N...]]}: 10 rounds at N = 10^4, 10^5
 * and 10^6 by default (the grid's N is the nearest square).
 */
public final class SparseHessiansInterleaved {
  private SparseHessiansInterleaved() {}

  static final List<String> NAMES = List.of("rosenbrock", "broydenBanded", "arrowhead", "grid");

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
      for (String name : NAMES) {
        Process child = new ProcessBuilder(java, "-Xmx8g", "-cp",
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

  /** One problem: its generated gradient, sparse Hessian (new and refilled) and dense Hessian. */
  private interface Problem {
    int size();

    double gradient(double[] grad);

    SparseHessian newHessian();

    double refill(double[] grad, SparseHessian h);

    double[][] dense();
  }

  private static Problem of(String name, int n) {
    Random random = new Random(42);
    return switch (name) {
      case "rosenbrock" -> {
        double[] x = Data.rosenbrock(n, 42);
        yield new Problem() {
          public int size() { return n; }
          public double gradient(double[] g) {
            return ProblemsDerivatives.extendedRosenbrockGradient(x, g);
          }
          public SparseHessian newHessian() {
            return ProblemsDerivatives.extendedRosenbrockHessianSparse(x);
          }
          public double refill(double[] g, SparseHessian h) {
            return ProblemsDerivatives.extendedRosenbrockHessianSparse(x, g, h);
          }
          public double[][] dense() {
            return ProblemsDerivatives.extendedRosenbrockHessian(x);
          }
        };
      }
      case "broydenBanded" -> {
        double[] x = Data.broydenBanded(n, 42);
        yield new Problem() {
          public int size() { return n; }
          public double gradient(double[] g) {
            return ProblemsDerivatives.broydenBandedGradient(x, g);
          }
          public SparseHessian newHessian() {
            return ProblemsDerivatives.broydenBandedHessianSparse(x);
          }
          public double refill(double[] g, SparseHessian h) {
            return ProblemsDerivatives.broydenBandedHessianSparse(x, g, h);
          }
          public double[][] dense() {
            return ProblemsDerivatives.broydenBandedHessian(x);
          }
        };
      }
      case "arrowhead" -> {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = random.nextGaussian();
        }
        yield new Problem() {
          public int size() { return n; }
          public double gradient(double[] g) {
            return SparseProblemsDerivatives.arrowheadGradient(x, g);
          }
          public SparseHessian newHessian() {
            return SparseProblemsDerivatives.arrowheadHessianSparse(x);
          }
          public double refill(double[] g, SparseHessian h) {
            return SparseProblemsDerivatives.arrowheadHessianSparse(x, g, h);
          }
          public double[][] dense() {
            return SparseProblemsDerivatives.arrowheadHessian(x);
          }
        };
      }
      case "grid" -> {
        int side = (int) Math.round(Math.sqrt(n));
        int size = side * side;
        double[] u = new double[size];
        double[] y = new double[size];
        double[] e = new double[size];
        for (int k = 0; k < size; k++) {
          u[k] = 0.3 * random.nextGaussian();
          e[k] = 1 + random.nextDouble();
          y[k] = random.nextInt(5);
        }
        yield new Problem() {
          public int size() { return size; }
          public double gradient(double[] g) {
            return SparseProblemsDerivatives.gridFieldGradient(u, y, e, side, side, 2.0, g);
          }
          public SparseHessian newHessian() {
            return SparseProblemsDerivatives.gridFieldHessianSparse(u, y, e, side, side, 2.0);
          }
          public double refill(double[] g, SparseHessian h) {
            return SparseProblemsDerivatives.gridFieldHessianSparse(u, y, e, side, side, 2.0, g, h);
          }
          public double[][] dense() {
            return SparseProblemsDerivatives.gridFieldHessian(u, y, e, side, side, 2.0);
          }
        };
      }
      default -> throw new IllegalArgumentException("no problem named " + name);
    };
  }

  private static void compare(String name, int n, int rounds) {
    Problem p = of(name, n);
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
    Interleaved.compare(what, "first call", () -> p.newHessian().value(0), "refill",
        () -> p.refill(grad, h), rounds, 0);
    if (size <= 2000) {
      Interleaved.compare(what, "sparse refill", () -> p.refill(grad, h), "dense Hessian",
          () -> p.dense()[size - 1][0], rounds, 0);
    }
  }
}
