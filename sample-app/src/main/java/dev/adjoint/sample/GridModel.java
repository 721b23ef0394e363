package dev.adjoint.sample;

import dev.adjoint.Differentiable;
import java.util.Random;

/**
 * The disease-mapping model of INLA and TMB on an r×c grid of areas: counts {@code y_k ~
 * Poisson(E_k exp(mu + u_k))} with expected counts {@code E_k}, an intercept {@code mu ~ N(0,
 * 1/0.001)} (INLA's default for a fixed effect) and a spatial field {@code u}, a Gaussian Markov
 * random field with precision {@code tau Q}.
 *
 * <p>{@code Q = L + ridge I}, where L is the Laplacian of the grid's 4-neighbour graph ({@code uᵀ L
 * u} is the sum of {@code (u_k - u_l)²} over neighbouring areas): Besag's intrinsic CAR prior, the
 * one INLA's {@code besag} and BYM models use, which smooths each area towards its neighbours and
 * says nothing about the field's level (that is {@code mu}'s). The small ridge makes Q positive
 * definite, so the Hessian has a Cholesky factor and the prior a normalising constant without a
 * sum-to-zero constraint; it is a hundredth of the smallest nonzero eigenvalue of L (the grid's
 * longest wave), so no wave of the field has its precision changed by more than 1%. A proper CAR
 * ({@code D - rho W}) would need {@code rho} within a few 1e-4 of 1 to smooth as much at 100×100,
 * and a second hyperparameter.
 *
 * <p>Areas are numbered row by row, {@code k = i * columns + j}; the latent vector the derivatives
 * see is {@code (u_0, ..., u_{n-1}, mu)}, so {@code mu} is its last element.
 */
public final class GridModel {
  /** The prior precision of the intercept mu. */
  static final double INTERCEPT_PRECISION = 0.001;

  private GridModel() {}

  /**
   * The negative log joint density {@code -log p(y, u, mu | tau)} of the counts and the latent
   * field, without the terms that depend on neither u nor mu ({@link #constant} has them).
   */
  @Differentiable(wrt = {"u", "mu"})
  public static double negativeLogJoint(
      double[] u,
      double mu,
      double tau,
      double ridge,
      int[] counts,
      double[] expected,
      int rows,
      int columns) {
    double poisson = 0;
    double smoothness = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        int k = i * columns + j;
        double eta = mu + u[k];
        poisson += expected[k] * Math.exp(eta) - counts[k] * eta;
        // Each neighbouring pair once: the right and the lower neighbour.
        if (j + 1 < columns) {
          double d = u[k] - u[k + 1];
          smoothness += d * d;
        }
        if (i + 1 < rows) {
          double d = u[k] - u[k + columns];
          smoothness += d * d;
        }
        smoothness += ridge * u[k] * u[k];
      }
    }
    return poisson + 0.5 * tau * smoothness + 0.5 * INTERCEPT_PRECISION * mu * mu;
  }

  /** Counts on a grid, with what they were simulated from. */
  public record Data(
      int rows,
      int columns,
      int[] counts,
      double[] expected,
      double ridge,
      double[] trueField,
      double trueIntercept,
      double trueTau) {
    /** The number of areas, r·c. */
    public int areas() {
      return rows * columns;
    }

    /** {@link GridModel#negativeLogJoint} at these data. */
    public double negativeLogJoint(double[] u, double mu, double tau) {
      return GridModel.negativeLogJoint(u, mu, tau, ridge, counts, expected, rows, columns);
    }
  }

  /**
   * The ridge added to the grid Laplacian: a hundredth of its smallest nonzero eigenvalue, {@code
   * 2 - 2 cos(pi / max(rows, columns))}.
   */
  static double ridge(int rows, int columns) {
    return 0.01 * pathEigenvalue(1, Math.max(rows, columns));
  }

  /**
   * Simulates the model: a field drawn from the prior with precision {@code tau Q} (without its
   * level, the constant wave, which the intrinsic prior leaves to mu), expected counts log-normal
   * around 5, counts Poisson.
   */
  public static Data simulate(int rows, int columns, double tau, double mu, long seed) {
    Random random = new Random(seed);
    double ridge = ridge(rows, columns);
    double[] field = priorDraw(rows, columns, tau, ridge, random);
    int n = rows * columns;
    double[] expected = new double[n];
    int[] counts = new int[n];
    for (int k = 0; k < n; k++) {
      expected[k] = 5 * Math.exp(0.5 * random.nextGaussian());
      counts[k] = PoissonRegression.poisson(expected[k] * Math.exp(mu + field[k]), random);
    }
    return new Data(rows, columns, counts, expected, ridge, field, mu, tau);
  }

  /**
   * A draw from N(0, (tau Q)⁻¹) without the constant wave, from the eigenvectors of Q: those of
   * the grid Laplacian are products of those of two paths, cosines (the discrete cosine
   * transform), so {@code u = C_r Z C_cᵀ} with {@code Z_ab ~ N(0, 1 / (tau (λ_a + λ_b + ridge)))}.
   */
  static double[] priorDraw(int rows, int columns, double tau, double ridge, Random random) {
    double[][] z = new double[rows][columns];
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < columns; b++) {
        double eigenvalue = pathEigenvalue(a, rows) + pathEigenvalue(b, columns) + ridge;
        z[a][b] = a + b == 0 ? 0 : random.nextGaussian() / Math.sqrt(tau * eigenvalue);
      }
    }
    double[][] cr = cosineBasis(rows);
    double[][] cc = cosineBasis(columns);
    // t = Z C_cᵀ, then u = C_r t.
    double[][] t = new double[rows][columns];
    for (int a = 0; a < rows; a++) {
      for (int b = 0; b < columns; b++) {
        double zab = z[a][b];
        if (zab != 0) {
          double[] basis = cc[b];
          double[] row = t[a];
          for (int j = 0; j < columns; j++) {
            row[j] += zab * basis[j];
          }
        }
      }
    }
    double[] u = new double[rows * columns];
    for (int a = 0; a < rows; a++) {
      double[] basis = cr[a];
      double[] row = t[a];
      for (int i = 0; i < rows; i++) {
        double c = basis[i];
        int start = i * columns;
        for (int j = 0; j < columns; j++) {
          u[start + j] += c * row[j];
        }
      }
    }
    return u;
  }

  /** The orthonormal eigenvectors of the path's Laplacian: row a is the cosine of frequency a. */
  private static double[][] cosineBasis(int m) {
    double[][] basis = new double[m][m];
    for (int a = 0; a < m; a++) {
      double scale = Math.sqrt((a == 0 ? 1.0 : 2.0) / m);
      for (int i = 0; i < m; i++) {
        basis[a][i] = scale * Math.cos(Math.PI * a * (i + 0.5) / m);
      }
    }
    return basis;
  }

  /** Eigenvalue a of the Laplacian of a path of m vertices: {@code 2 - 2 cos(pi a / m)}. */
  static double pathEigenvalue(int a, int m) {
    return 2 - 2 * Math.cos(Math.PI * a / m);
  }

  /**
   * log det Q = the sum over the grid's waves of {@code log(λ_a + λ_b + ridge)}: exact, in
   * O(r·c), with no factorisation.
   */
  static double logDeterminantOfQ(int rows, int columns, double ridge) {
    double sum = 0;
    for (int a = 0; a < rows; a++) {
      double la = pathEigenvalue(a, rows);
      for (int b = 0; b < columns; b++) {
        sum += Math.log(la + pathEigenvalue(b, columns) + ridge);
      }
    }
    return sum;
  }

  /**
   * The terms of {@code -log p(y, u, mu | tau)} that {@link #negativeLogJoint} leaves out, those
   * depending on neither u nor mu, for n areas: the counts' ({@link #countTerms}, given), the
   * normalising constants of the field's prior ({@code (n/2) log 2pi - (1/2) log det(tau Q)}, with
   * log det Q given) and of mu's.
   */
  static double constant(int n, double tau, double logDetQ, double countTerms) {
    double logTwoPi = Math.log(2 * Math.PI);
    return countTerms
        + 0.5 * n * logTwoPi - 0.5 * (n * Math.log(tau) + logDetQ)
        + 0.5 * logTwoPi - 0.5 * Math.log(INTERCEPT_PRECISION);
  }

  /**
   * The terms of the Poisson log-likelihood's negative that the method leaves out: {@code sum
   * (log y_k! - y_k log E_k)}.
   */
  static double countTerms(int[] counts, double[] expected) {
    double sum = 0;
    for (int k = 0; k < counts.length; k++) {
      sum += logFactorial(counts[k]) - counts[k] * Math.log(expected[k]);
    }
    return sum;
  }

  private static double logFactorial(int y) {
    double sum = 0;
    for (int k = 2; k <= y; k++) {
      sum += Math.log(k);
    }
    return sum;
  }
}
