package dev.adjoint.runtime;

/**
 * Dense Hessians and Jacobians assembled from the products the generated methods compute: one
 * product per unit vector. The companion's {@code mHessian} and {@code mJacobian} call these.
 */
public final class DenseDerivatives {
  private DenseDerivatives() {}

  /** A Hessian-vector product: writes the gradient into {@code grad} and H·v into {@code hv}. */
  @FunctionalInterface
  public interface HessianVector {
    void apply(double[] v, double[] grad, double[] hv);
  }

  /**
   * Hessian-vector products along several directions at once: writes the gradient into {@code
   * grad} and H·vs[j] into hvs[j].
   */
  @FunctionalInterface
  public interface HessianVectors {
    void apply(double[][] vs, double[] grad, double[][] hvs);
  }

  /** A Jacobian product: writes the product of the Jacobian with {@code in} into {@code out}. */
  @FunctionalInterface
  public interface Product {
    void apply(double[] in, double[] out);
  }

  /**
   * Jacobian-vector products along several directions at once: writes J·vs[j] into jvs[j] for
   * each of the {@code vs.length} directions.
   */
  @FunctionalInterface
  public interface JacobianVectors {
    void apply(double[][] vs, double[][] jvs);
  }

  /**
   * The n×n Hessian: row i is H times the i-th unit vector; each entry is then averaged with its
   * mirror image, so the result is exactly symmetric.
   */
  public static double[][] hessian(int n, HessianVector product) {
    double[][] hessian = new double[n][n];
    double[] unit = new double[n];
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      unit[i] = 1.0;
      product.apply(unit, grad, hessian[i]);
      unit[i] = 0.0;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (hessian[i][j] + hessian[j][i]);
        hessian[i][j] = mean;
        hessian[j][i] = mean;
      }
    }
    return hessian;
  }

  /**
   * The n×n Hessian from products along {@code chunk} unit vectors at a time: entry (i, j) is the
   * mean of entry j of H times the i-th unit vector and entry i of H times the j-th, so the result
   * is exactly symmetric. Each sweep's products are laid into the result where they belong,
   * averaged at once where the mirror entry is already there. A generated {@code mHessianVectors}
   * takes its unit directions and lays its products in straight from its lanes ({@link
   * UnitSweep}); the rows any other product writes are put in lanes first.
   */
  public static double[][] hessian(int n, int chunk, HessianVectors products) {
    double[][] hessian = new double[n][n];
    double[] grad = new double[n];
    int width = Math.max(1, Math.min(chunk, n));
    double[][] units = new double[width][n];
    // One sweep's products; a last, shorter sweep leaves the rows past its directions alone.
    double[][] sweep = new double[width][n];
    double[] lanes = null;
    UnitSweep sweeps = UnitSweep.begin(hessian, sweep);
    try {
      for (int start = 0; start < n; start += width) {
        int k = Math.min(width, n - start);
        double[][] vs = k == width ? units : java.util.Arrays.copyOf(units, k);
        for (int j = 0; j < k; j++) {
          vs[j][start + j] = 1.0;
        }
        sweeps.next(vs, start);
        products.apply(vs, grad, sweep);
        for (int j = 0; j < k; j++) {
          vs[j][start + j] = 0.0;
        }
        if (!sweeps.laidIn()) {
          lanes = lanes != null && lanes.length == n * k ? lanes : new double[n * k];
          for (int l = 0; l < k; l++) {
            for (int i = 0; i < n; i++) {
              lanes[i * k + l] = sweep[l][i];
            }
          }
          layInLanes(lanes, start, k, hessian);
        }
      }
    } finally {
      sweeps.end();
    }
    return hessian;
  }

  /**
   * Lays the products of one sweep in lanes, lane l of element i = entry i of H e(start + l), into
   * columns {@code start..start + k)} of the result, where element i's lanes are row i's entries
   * (H is symmetric up to rounding). Entries above the sweep's rows meet their mirror image, laid
   * in by an earlier sweep, and both become the mean; entries below are copied as they are, to be
   * averaged by the sweep that reaches their mirror image.
   */
  static void layInLanes(double[] lanes, int start, int k, double[][] hessian) {
    int n = hessian.length;
    int end = start + k;
    for (int i = 0; i < start; i++) {
      double[] row = hessian[i];
      int at = i * k;
      for (int l = 0; l < k; l++) {
        double[] mirror = hessian[start + l];
        double mean = 0.5 * (lanes[at + l] + mirror[i]);
        row[start + l] = mean;
        mirror[i] = mean;
      }
    }
    for (int l = 0; l < k; l++) {
      double[] row = hessian[start + l];
      row[start + l] = lanes[(start + l) * k + l];
      for (int m = 0; m < l; m++) {
        double mean = 0.5 * (lanes[(start + m) * k + l] + lanes[(start + l) * k + m]);
        row[start + m] = mean;
        hessian[start + m][start + l] = mean;
      }
    }
    for (int i = end; i < n; i++) {
      System.arraycopy(lanes, i * k, hessian[i], start, k);
    }
  }

  /**
   * Whether the dense Jacobian of {@code rows} outputs over {@code n} inputs is cheaper by one
   * reverse product per row than by forward sweeps of {@code chunk} unit directions: when there
   * are at most 4 rows per sweep. Measured with {@code benchmarks/JacobianChunks} (two runs on a
   * shared machine), one sweep of 16 directions cost 0.9 to 9.6 reverse products (Euler steps
   * 0.9/2.3, softmax 1.9/4.1, decay residuals 2.6/2.4, Lorenz 3.8/3.4, a matrix times a vector
   * 3.9/9.6, 1000 residuals over 50 parameters 5.6/7.2, 50 outputs over 1000 inputs 6.4/1.9), and
   * this rule picked the faster way on each of them in both runs.
   */
  public static boolean byRows(int rows, int n, int chunk) {
    long sweeps = (n + Math.max(1, chunk) - 1) / Math.max(1, chunk);
    return rows <= 4 * sweeps;
  }

  /**
   * The rows×n Jacobian: one vector-Jacobian product per row where {@link #byRows} says so, else
   * forward sweeps of {@code chunk} unit directions at a time, column j of the Jacobian from J
   * times the j-th unit vector.
   */
  public static double[][] jacobian(
      int rows, int n, int chunk, Product vectorJacobian, JacobianVectors forward) {
    if (byRows(rows, n, chunk)) {
      return fromRows(rows, n, vectorJacobian);
    }
    return fromColumns(rows, n, chunk, forward);
  }

  /** The rows×n Jacobian, one vector-Jacobian product per row. */
  public static double[][] fromRows(int rows, int n, Product vectorJacobian) {
    double[][] jacobian = new double[rows][n];
    double[] unit = new double[rows];
    for (int i = 0; i < rows; i++) {
      unit[i] = 1.0;
      vectorJacobian.apply(unit, jacobian[i]);
      unit[i] = 0.0;
    }
    return jacobian;
  }

  /** The rows×n Jacobian from forward sweeps of {@code chunk} unit directions at a time. */
  public static double[][] fromColumns(int rows, int n, int chunk, JacobianVectors forward) {
    double[][] jacobian = new double[rows][n];
    int width = Math.max(1, Math.min(chunk, n));
    double[][] units = new double[width][n];
    double[][] columns = new double[width][rows];
    for (int start = 0; start < n; start += width) {
      int k = Math.min(width, n - start);
      double[][] vs = k == width ? units : java.util.Arrays.copyOf(units, k);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 1.0;
      }
      forward.apply(vs, columns);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 0.0;
        double[] column = columns[j];
        for (int i = 0; i < rows; i++) {
          jacobian[i][start + j] = column[i];
        }
      }
    }
    return jacobian;
  }

  /**
   * The rows×n Jacobian: a vector-Jacobian product per row when there are no more rows than
   * columns, else a Jacobian-vector product per column. What companions generated before {@code
   * mJacobianVectors} call; new ones call {@link #jacobian(int, int, int, Product,
   * JacobianVectors)}.
   */
  public static double[][] jacobian(
      int rows, int n, Product vectorJacobian, Product jacobianVector) {
    double[][] jacobian = new double[rows][n];
    if (rows <= n) {
      double[] unit = new double[rows];
      for (int i = 0; i < rows; i++) {
        unit[i] = 1.0;
        vectorJacobian.apply(unit, jacobian[i]);
        unit[i] = 0.0;
      }
    } else {
      double[] unit = new double[n];
      double[] column = new double[rows];
      for (int j = 0; j < n; j++) {
        unit[j] = 1.0;
        jacobianVector.apply(unit, column);
        unit[j] = 0.0;
        for (int i = 0; i < rows; i++) {
          jacobian[i][j] = column[i];
        }
      }
    }
    return jacobian;
  }
}
