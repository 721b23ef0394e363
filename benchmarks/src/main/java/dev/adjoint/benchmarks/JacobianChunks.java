package dev.adjoint.benchmarks;

import dev.adjoint.runtime.DenseDerivatives;
import java.util.Arrays;
import java.util.Random;

/**
 * How the dense {@code mJacobian} should be built: by one reverse product ({@code
 * mVectorJacobian}) per output, or by forward sweeps of {@code mJacobianVectors} over chunks of
 * unit directions, and how many per sweep. Prints, for each problem, the time of each way (the
 * median of repeated runs, each the fastest of a few, all in one run) relative to one reverse
 * product per row, and what one sweep of 16 directions costs in reverse products, the number
 * {@link DenseDerivatives#byRows} decides by.
 *
 * <p>{@code java -cp benchmarks/target/adjoint-benchmarks.jar dev.adjoint.benchmarks.JacobianChunks}
 */
public final class JacobianChunks {
  private JacobianChunks() {}

  private static double sink;

  private interface Problem {
    int rows();

    int n();

    void vectorJacobian(double[] u, double[] vj);

    void jacobianVector(double[] v, double[] jv);

    void jacobianVectors(double[][] vs, double[][] jvs);
  }

  private interface Products {
    double[] vectorJacobian(double[] u, double[] vj);

    double[] jacobianVector(double[] v, double[] jv);

    double[] jacobianVectors(double[][] vs, double[][] jvs);
  }

  private static Problem problem(int rows, int n, Products p) {
    return new Problem() {
      public int rows() {
        return rows;
      }

      public int n() {
        return n;
      }

      public void vectorJacobian(double[] u, double[] vj) {
        sink += p.vectorJacobian(u, vj)[0];
      }

      public void jacobianVector(double[] v, double[] jv) {
        sink += p.jacobianVector(v, jv)[0];
      }

      public void jacobianVectors(double[][] vs, double[][] jvs) {
        sink += p.jacobianVectors(vs, jvs)[0];
      }
    };
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    Random random = new Random(7);
    double[][] basis = matrix(random, 1000, 50);
    double[] y = vector(random, 1000);
    double[] theta = vector(random, 50);
    for (int j = 0; j < theta.length; j++) {
      theta[j] *= 0.2;
    }
    report("tall residuals, 1000 outputs over 50 parameters", problem(1000, 50, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.linkResidualsVectorJacobian(theta, basis, y, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.linkResidualsJacobianVector(theta, basis, y, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.linkResidualsJacobianVectors(theta, basis, y, vs, jvs);
      }
    }), rounds);
    double[] x = vector(random, 1000);
    double[][] weights = matrix(random, 50, 1000);
    report("wide map, 50 outputs over 1000 inputs", problem(50, 1000, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.wideMapVectorJacobian(x, weights, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.wideMapJacobianVector(x, weights, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.wideMapJacobianVectors(x, weights, vs, jvs);
      }
    }), rounds);
    double[] decay = {1.5, 0.7};
    double[] t = vector(random, 30);
    double[] observed = vector(random, 30);
    report("decay residuals, 30 outputs over 2 parameters", problem(30, 2, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.decayResidualsVectorJacobian(decay, t, observed, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.decayResidualsJacobianVector(decay, t, observed, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.decayResidualsJacobianVectors(decay, t, observed, vs, jvs);
      }
    }), rounds);
    double[] s = {1.0, -2.0, 24.0};
    report("Lorenz, 3 outputs over 6 inputs", problem(3, 6, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.lorenzVectorJacobian(s, 10, 28, 8.0 / 3, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.lorenzJacobianVector(s, 10, 28, 8.0 / 3, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.lorenzJacobianVectors(s, 10, 28, 8.0 / 3, vs, jvs);
      }
    }), rounds);
    double[] z = vector(random, 20);
    report("softmax, 20 over 20", problem(20, 20, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.softmaxVectorJacobian(z, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.softmaxJacobianVector(z, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.softmaxJacobianVectors(z, vs, jvs);
      }
    }), rounds);
    double[] y0 = vector(random, 6);
    report("Euler steps, 20 steps, 6 outputs over 7 inputs", problem(6, 7, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.eulerStepsVectorJacobian(y0, 0.5, 20, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.eulerStepsJacobianVector(y0, 0.5, 20, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.eulerStepsJacobianVectors(y0, 0.5, 20, vs, jvs);
      }
    }), rounds);
    double[][] a = matrix(random, 10, 10);
    double[] v10 = vector(random, 10);
    report("matrix times vector, 10 outputs over 110 inputs", problem(10, 110, new Products() {
      public double[] vectorJacobian(double[] u, double[] vj) {
        return JacobianProblemsDerivatives.matVecVectorJacobian(a, v10, u, vj);
      }

      public double[] jacobianVector(double[] v, double[] jv) {
        return JacobianProblemsDerivatives.matVecJacobianVector(a, v10, v, jv);
      }

      public double[] jacobianVectors(double[][] vs, double[][] jvs) {
        return JacobianProblemsDerivatives.matVecJacobianVectors(a, v10, vs, jvs);
      }
    }), rounds);
    System.out.println(sink == 42 ? "" : "done");
  }

  private static void report(String name, Problem p, int rounds) {
    int rows = p.rows();
    int n = p.n();
    double[] u = new double[rows];
    double[] vj = new double[n];
    double oneRow = seconds(() -> p.vectorJacobian(u, vj), rounds);
    double byRows = seconds(() -> DenseDerivatives.fromRows(rows, n, p::vectorJacobian), rounds);
    double oldColumns =
        seconds(() -> DenseDerivatives.jacobian(rows, n, (x, y) -> { }, p::jacobianVector), rounds);
    if (rows <= n) {
      // The old method goes by rows here; time its columns explicitly.
      double[] unit = new double[n];
      double[] column = new double[rows];
      oldColumns =
          seconds(
              () -> {
                for (int j = 0; j < n; j++) {
                  unit[j] = 1;
                  p.jacobianVector(unit, column);
                  unit[j] = 0;
                }
              },
              rounds);
    }
    System.out.printf(
        "%s: one mVectorJacobian %.2f us; by rows %.1f us; relative to by rows:"
            + " one mJacobianVector per column %.2f",
        name, oneRow * 1e6, byRows * 1e6, oldColumns / byRows);
    for (int chunk : new int[] {32, 16, 8, 4}) {
      double t = seconds(() -> DenseDerivatives.fromColumns(rows, n, chunk, p::jacobianVectors), rounds);
      System.out.printf(", chunks of %d %.2f", chunk, t / byRows);
    }
    double[][] vs = new double[16][];
    double[][] jvs = new double[16][rows];
    for (int l = 0; l < 16; l++) {
      vs[l] = Data.direction(n, 100 + l);
    }
    double sweep = seconds(() -> p.jacobianVectors(vs, jvs), rounds);
    System.out.printf(
        "%n  one sweep of 16 directions = %.2f mVectorJacobian; rule picks %s%n",
        sweep / oneRow, DenseDerivatives.byRows(rows, n, 16) ? "rows" : "chunks of 16");
  }

  private static double[] vector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 2 * random.nextDouble() - 1;
    }
    return v;
  }

  private static double[][] matrix(Random random, int rows, int columns) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(random, columns);
    }
    return m;
  }

  /** The median over {@code rounds} of the fastest of 5 timed calls, after a warm-up. */
  private static double seconds(Runnable call, int rounds) {
    long warmUpEnd = System.nanoTime() + 500_000_000L;
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
