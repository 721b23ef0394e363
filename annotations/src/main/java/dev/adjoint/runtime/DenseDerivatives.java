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
   * is exactly symmetric. Each sweep's products go into rows of {@code chunk} × n that stay in the
   * cache and are then laid into the result where they belong, already averaged where the mirror
   * entry is known: the result is written in rows, never walked by columns.
   */
  public static double[][] hessian(int n, int chunk, HessianVectors products) {
    double[][] hessian = new double[n][n];
    double[] grad = new double[n];
    int width = Math.max(1, Math.min(chunk, n));
    double[][] units = new double[width][n];
    // One sweep's products; a last, shorter sweep leaves the rows past its directions alone.
    double[][] sweep = new double[width][n];
    for (int start = 0; start < n; start += width) {
      int k = Math.min(width, n - start);
      double[][] vs = k == width ? units : java.util.Arrays.copyOf(units, k);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 1.0;
      }
      products.apply(vs, grad, sweep);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 0.0;
      }
      layIn(sweep, start, k, hessian);
    }
    return hessian;
  }

  /**
   * Lays the products of one sweep, {@code sweep[l] = H e(start + l)} for l < k, into rows {@code
   * start..start + k) of the result. Entries left of the sweep's columns meet their mirror image,
   * laid in by an earlier sweep, and both become the mean; entries right of them are copied as
   * they are, to be averaged by the sweep that reaches their mirror image.
   */
  private static void layIn(double[][] sweep, int start, int k, double[][] hessian) {
    int n = hessian.length;
    int end = start + k;
    for (int l = 0; l < k; l++) {
      System.arraycopy(sweep[l], end, hessian[start + l], end, n - end);
    }
    for (int l = 0; l < k; l++) {
      double[] product = sweep[l];
      double[] row = hessian[start + l];
      row[start + l] = product[start + l];
      for (int m = 0; m < l; m++) {
        double mean = 0.5 * (product[start + m] + sweep[m][start + l]);
        row[start + m] = mean;
        hessian[start + m][start + l] = mean;
      }
    }
    // Row by row of the earlier part, so each of its rows is touched in one short stretch.
    for (int j = 0; j < start; j++) {
      double[] earlier = hessian[j];
      for (int l = 0; l < k; l++) {
        double mean = 0.5 * (sweep[l][j] + earlier[start + l]);
        earlier[start + l] = mean;
        hessian[start + l][j] = mean;
      }
    }
  }

  /**
   * The rows×n Jacobian: a vector-Jacobian product per row when there are no more rows than
   * columns, else a Jacobian-vector product per column.
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
