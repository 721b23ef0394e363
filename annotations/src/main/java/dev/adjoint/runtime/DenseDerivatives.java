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
   * The n×n Hessian from products along {@code chunk} unit vectors at a time: row i is H times the
   * i-th unit vector; each entry is then averaged with its mirror image, so the result is exactly
   * symmetric.
   */
  public static double[][] hessian(int n, int chunk, HessianVectors products) {
    double[][] hessian = new double[n][n];
    double[] grad = new double[n];
    int width = Math.max(1, Math.min(chunk, n));
    double[][] units = new double[width][n];
    for (int start = 0; start < n; start += width) {
      int k = Math.min(width, n - start);
      double[][] vs = k == width ? units : java.util.Arrays.copyOf(units, k);
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 1.0;
      }
      products.apply(vs, grad, java.util.Arrays.copyOfRange(hessian, start, start + k));
      for (int j = 0; j < k; j++) {
        vs[j][start + j] = 0.0;
      }
    }
    symmetrize(hessian);
    return hessian;
  }

  private static void symmetrize(double[][] hessian) {
    int n = hessian.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (hessian[i][j] + hessian[j][i]);
        hessian[i][j] = mean;
        hessian[j][i] = mean;
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
