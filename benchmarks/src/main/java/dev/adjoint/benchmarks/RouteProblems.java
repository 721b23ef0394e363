package dev.adjoint.benchmarks;

import dev.adjoint.Differentiable;

/**
 * The functions on which issue 19 compares the sparse Hessian's two routes, colouring and edge
 * pushing: the problem set of Petra, Qiang, Lubin and Huchette (2018), whose JuMP scripts are in
 * ReverseDiffTape.jl's {@code benchmark/} directory, written here as a user would write them,
 * beside {@link Problems#broydenBanded} (the band). Index data ({@code int[]}) fixes each random
 * structure; {@link RouteCases} makes it from a fixed seed.
 */
public final class RouteProblems {
  private RouteProblems() {}

  /**
   * Petra et al.'s arrowhead ({@code arrowhead.jl}), with {@code n = x.length - k}: {@code sum over
   * i < n of cos(x[i+1] + ... + x[i+k]) + sum over j < k of (x[i] + x[j])^2}. The cosines make a band
   * of half-width k - 1 (a full k × k block per i), the squares k dense rows: both routes do about
   * n k² work.
   */
  @Differentiable(wrt = "x")
  public static double petraArrowhead(double[] x, int k) {
    int n = x.length - k;
    double f = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 1; j <= k; j++) {
        s += x[i + j];
      }
      f += Math.cos(s);
      for (int j = 0; j < k; j++) {
        double d = x[i] + x[j];
        f += d * d;
      }
    }
    return f;
  }

  /**
   * Petra's arrowhead without the cosines: {@code sum over i of sum over j < k of (x[i] + x[j])^2 +
   * x[i]^4}, k dense rows and the diagonal. Colouring needs k + 1 colours, each a sweep of n k terms;
   * edge pushing touches each term's three entries once.
   */
  @Differentiable(wrt = "x")
  public static double pureArrowhead(double[] x, int k) {
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double square = x[i] * x[i];
      f += square * square;
      for (int j = 0; j < k; j++) {
        double d = x[i] + x[j];
        f += d * d;
      }
    }
    return f;
  }

  /**
   * Petra et al.'s random sparsity ({@code random_sparsity.jl}): {@code sum over i of (x[i] - 1)^2
   * + the product of x[members[i k + j]] over j < k}, each product over k indices drawn uniformly
   * (repeats possible). k is variables per product: a row meets about k² others.
   */
  @Differentiable(wrt = "x")
  public static double randomProducts(double[] x, int[] members, int k) {
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double e = x[i] - 1;
      double p = 1;
      for (int j = 0; j < k; j++) {
        p *= x[members[i * k + j]];
      }
      f += e * e + p;
    }
    return f;
  }

  /**
   * Random sparsity read as the issue words it, "k nonzeros per row": {@code sum over i of (x[i] -
   * 1)^2 + sum over j < h of cos(x[i] - x[partners[i h + j]])}, h = k / 2 partners per i drawn
   * uniformly (never i), so that a row meets about k others (its own partners and those that drew
   * it): a pairwise potential on a random graph of degree k.
   */
  @Differentiable(wrt = "x")
  public static double randomPairs(double[] x, int[] partners, int h) {
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double e = x[i] - 1;
      f += e * e;
      for (int j = 0; j < h; j++) {
        f += Math.cos(x[i] - x[partners[i * h + j]]);
      }
    }
    return f;
  }

  /**
   * Logistic regression with a sparse design: Petra et al.'s {@code logmod.jl} ({@code lambda sum
   * of theta^2 + sum over observations of log(1 + 1 / exp(y_i (x_i . theta)))}, there with a dense
   * design of 2 observations) with the design in compressed rows: observation i's nonzeros are
   * {@code values[rowStarts[i] .. rowStarts[i + 1])} in the columns {@code columns[...]}. Each
   * observation couples its features pairwise.
   */
  @Differentiable(wrt = "theta")
  public static double sparseLogistic(
      double[] theta, int[] rowStarts, int[] columns, double[] values, double[] y, double lambda) {
    double f = 0;
    for (int j = 0; j < theta.length; j++) {
      f += lambda * theta[j] * theta[j];
    }
    for (int i = 0; i < y.length; i++) {
      double z = 0;
      for (int k = rowStarts[i]; k < rowStarts[i + 1]; k++) {
        z += theta[columns[k]] * values[k];
      }
      f += Math.log(1 + 1 / Math.exp(y[i] * z));
    }
    return f;
  }
}
