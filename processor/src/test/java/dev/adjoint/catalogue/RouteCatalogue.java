package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;
import dev.adjoint.HessianRoute;

/**
 * Methods whose sparse Hessian's route is forced or chosen in known ways, for {@link
 * SparseHessianRoutesTest}.
 */
final class RouteCatalogue {
  private RouteCatalogue() {}

  /** A chain of nonlinear neighbours with a repeated product: a band, forced to edge pushing. */
  @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
  static double chainByEdges(double[] x) {
    double s = 0.0;
    for (int i = 0; i + 1 < x.length; i++) {
      double t = Math.exp(0.3 * x[i]) * Math.sin(x[i + 1]);
      s += t * t + x[i] * x[i] * x[i + 1];
    }
    return s + Math.log1p(x[0] * x[0]);
  }

  /** The same, forced to colouring. */
  @Differentiable(hessian = HessianRoute.COLORING)
  static double chainByColoring(double[] x) {
    double s = 0.0;
    for (int i = 0; i + 1 < x.length; i++) {
      double t = Math.exp(0.3 * x[i]) * Math.sin(x[i + 1]);
      s += t * t + x[i] * x[i] * x[i + 1];
    }
    return s + Math.log1p(x[0] * x[0]);
  }

  /**
   * Products of {@code k} inputs each, chosen by {@code idx} (repeats allowed, so some keys meet
   * themselves), with a scalar scale: forced to edge pushing.
   */
  @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
  static double productsByEdges(double[] x, double scale, int[] idx, int k) {
    double f = 0.0;
    for (int i = 0; i + k <= idx.length; i += k) {
      double p = scale;
      for (int j = 0; j < k; j++) {
        p *= x[idx[i + j]];
      }
      f += p;
    }
    return f + scale * scale;
  }

  /** A logistic loss over rows of a sparse design, forced to colouring. */
  @Differentiable(wrt = "w", hessian = HessianRoute.COLORING)
  static double logisticByColoring(double[] w, int[] rowStarts, int[] cols, double[] vals) {
    double f = 0.0;
    for (int r = 0; r + 1 < rowStarts.length; r++) {
      double z = 0.0;
      for (int q = rowStarts[r]; q < rowStarts[r + 1]; q++) {
        z += vals[q] * w[cols[q]];
      }
      f += Math.log1p(Math.exp(-z));
    }
    return f;
  }

  /**
   * Sparse in truth (a sum of squares), but its halving loop runs while a value is large, so no
   * pattern can be traced: the dense pattern, one colour per column.
   */
  @Differentiable
  static double untraceable(double[] x) {
    double s = 0.0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i] * (1.0 + 0.1 * i);
    }
    while (s > 1e6) {
      s = s * 0.5;
    }
    return s;
  }

  /**
   * Pairs chosen by data: a random graph needs many colours, and each statement makes one entry.
   */
  @Differentiable
  static double pairs(double[] x, int[] a, int[] b) {
    double f = 0.0;
    for (int k = 0; k < a.length; k++) {
      f += x[a[k]] * x[b[k]];
    }
    return f;
  }

  /** Squares of disjoint pairs' products: 2×2 blocks on the diagonal, two colours. */
  @Differentiable
  static double blocks(double[] x) {
    double f = 0.0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      double p = x[i] * x[i + 1];
      f += p * p;
    }
    return f;
  }
}
