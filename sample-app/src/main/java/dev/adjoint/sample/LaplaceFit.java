package dev.adjoint.sample;

/**
 * The fit of a {@link GridModel}: for a given tau, the mode of the latent field (u, mu) by Newton's
 * method on the sparse Hessian with a sparse Cholesky, and the Laplace approximation of the log
 * marginal likelihood there,
 *
 * <pre>
 *   log p(y | tau) ≈ log p(y, x̂ | tau) + (d/2) log 2π - (1/2) log det H(x̂),
 * </pre>
 *
 * with x̂ the mode, d = n + 1 its dimension and H the Hessian of {@code -log p(y, x | tau)} (log
 * det H from the Cholesky factor); then tau by maximising that over log tau (empirical Bayes, as
 * INLA's first step). Each tau starts Newton from the previous mode.
 *
 * <p>A factorisation is the fit's cost (at 10⁶ unknowns some 20 s of CPU, 130 solves with the
 * factor), and the Laplace value needs one at each mode, for log det H. The steps
 * that lead there need none: each solves {@code H s = g} by conjugate gradients preconditioned
 * with the factor at hand, of the Hessian at the previous point or tau ({@link PreconditionedCg}),
 * and only a mode, or a step where that factor has grown too far from H, is factored. A search
 * over tau then costs about one factorisation per value of tau.
 */
final class LaplaceFit {
  /**
   * Newton stops when the decrease it predicts, {@code gᵀ H⁻¹ g / 2}, is below this, or once it is
   * below {@link #ROUNDING} times |f| and no longer falls tenfold a step (rounding, not the
   * distance to the mode, is then what is left).
   */
  private static final double DECREMENT = 1e-20;

  /**
   * While the search over tau compares Laplace values, Newton may stop once the decrease it
   * predicts is below this (a step or two less per value of tau): the joint density is then
   * within this of its maximum, far less than the values compared differ by over the search's
   * tolerance, and the best tau's mode is finished to {@link #DECREMENT}.
   */
  private static final double SEARCH_DECREMENT = 1e-7;

  /** About the relative rounding of a sum like f. */
  private static final double ROUNDING = 1e-16;

  /**
   * A step may raise f by this times |f| times the square root of the number of its terms:
   * rounding's share, which no line search can see past (the rounding of a sum of n terms grows
   * like √n; the two codes that compute f here, the method and its generated refill, may round
   * differently).
   */
  private static final double RELATIVE_SLACK = 1e-15;

  private static final int MOST_NEWTON_STEPS = 50;

  /**
   * Conjugate gradients stop when the decrement left in the residual is below this squared times
   * the whole: then Newton's steps still shrink the decrement ten-thousandfold or better.
   */
  private static final double CG_TOLERANCE = 1e-2;

  /**
   * Beyond this many iterations of conjugate gradients (each one solve with the factor), the
   * factor is too far from H and H is factored instead. A factorisation costs as much as some 35
   * solves at 10⁴ unknowns, 65 at 1.6·10⁵ and 130 at 10⁶ (measured); the fits here take at
   * most about a dozen iterations a step.
   */
  private static final int MOST_CG_ITERATIONS = 20;

  private final GridModel.Data data;
  private final double logDetQ;
  private final double countTerms;
  private final int n;
  private final double[] u;
  private double mu;
  private final double[] grad;
  private final double[] step;
  private final double[] trialU;
  private final GridHessian hessian;
  private final SparseCholesky cholesky;
  private final PreconditionedCg cg;
  private int newtonSteps;
  private int factorisations;
  private int cgIterations;
  /** Whether the factor is of the Hessian at the current (u, mu), at {@link #factorTau}. */
  private boolean factorCurrent;
  /** The tau of the Hessian's values (its last refill) and that of the factor. */
  private double valuesTau;
  private double factorTau;
  /** The tau whose mode (u, mu) is, with the factor of the Hessian there; NaN before the first. */
  private double modeTau = Double.NaN;

  /** The mode at one tau and the Laplace approximation there. */
  record Mode(
      double tau,
      double logMarginal,
      double negativeLogJoint,
      double logDetHessian,
      int newtonSteps,
      double gradientNorm) {}

  /** The tau found, its Laplace approximation and how many evaluations the search made. */
  record Search(Mode best, int evaluations, int newtonSteps) {}

  /**
   * Prepares the fit: the Hessian's pattern (from {@link GridHessian}) filled at the start (mu the
   * log of total count over total expected, u half each area's own log ratio less mu), the
   * fill-reducing order, the symbolic analysis and first factorisation.
   */
  LaplaceFit(GridModel.Data data, double startTau) {
    this.data = data;
    this.n = data.areas();
    this.logDetQ = GridModel.logDeterminantOfQ(data.rows(), data.columns(), data.ridge());
    this.countTerms = GridModel.countTerms(data.counts(), data.expected());
    u = new double[n];
    long total = 0;
    double expected = 0;
    for (int k = 0; k < n; k++) {
      total += data.counts()[k];
      expected += data.expected()[k];
    }
    mu = Math.log(Math.max(total, 1) / expected);
    for (int k = 0; k < n; k++) {
      u[k] = 0.5 * (Math.log((data.counts()[k] + 0.5) / data.expected()[k]) - mu);
    }
    grad = new double[n + 1];
    step = new double[n + 1];
    trialU = new double[n];
    hessian = GridHessian.at(data, u, mu, startTau, grad);
    valuesTau = startTau;
    int[] order = NestedDissection.of(data.rows(), data.columns(), 1);
    cholesky =
        new SparseCholesky(hessian.size(), hessian.columnStarts(), hessian.rowIndices(), order);
    cg = new PreconditionedCg(n + 1);
    factor();
  }

  /**
   * The mode at this tau by Newton's method, and the Laplace value there. Newton starts from the
   * previous tau's mode moved along its tangent: the mode solves g(x, tau) = 0, so {@code dx/dtau =
   * -H⁻¹ ∂g/∂tau}, one more solve with the factor at hand ({@code ∂g/∂tau}, the gradient of the
   * prior term {@code uᵀQu/2}, is the difference of the gradients at tau = 1 and 0, g being affine
   * in tau).
   */
  Mode mode(double tau) {
    return mode(tau, DECREMENT);
  }

  private Mode mode(double tau, double enough) {
    if (!Double.isNaN(modeTau) && tau != modeTau) {
      predict(tau);
    }
    factorCurrent &= tau == factorTau;
    int steps = 0;
    double previous = Double.POSITIVE_INFINITY;
    double slack = RELATIVE_SLACK * Math.sqrt(n + 1);
    double f = refill(tau);
    while (true) {
      // The step H⁻¹g: with the factor if it is of this H, else by conjugate gradients with the
      // factor at hand, else with a new factor.
      boolean exact = factorCurrent;
      if (!exact && !solveWithFactorAtHand()) {
        factor();
        exact = true;
      }
      if (exact) {
        cholesky.solve(grad, step);
      }
      double decrement = dot(grad, step);
      boolean stalled =
          decrement / 2 < ROUNDING * Math.max(1, Math.abs(f)) && decrement > previous / 10;
      if (decrement / 2 < enough || stalled || steps == MOST_NEWTON_STEPS) {
        if (!exact) {
          // The Laplace value needs log det H here, and the exact decrement says if this is it.
          factor();
          continue;
        }
        break;
      }
      previous = decrement;
      // Newton's step x - t H⁻¹g, halved until the objective falls enough (Armijo).
      double t = 1;
      double trial;
      while (true) {
        for (int k = 0; k < n; k++) {
          trialU[k] = u[k] - t * step[k];
        }
        trial = data.negativeLogJoint(trialU, mu - t * step[n], tau);
        if (trial <= f - 1e-4 * t * decrement + slack * Math.abs(f) || t < 1e-10) {
          break;
        }
        t /= 2;
      }
      System.arraycopy(trialU, 0, u, 0, n);
      mu -= t * step[n];
      f = refill(tau);
      factorCurrent = false;
      steps++;
    }
    newtonSteps += steps;
    modeTau = tau;
    double logDetH = cholesky.logDeterminant();
    double logJoint = -(f + GridModel.constant(n, tau, logDetQ, countTerms));
    double logMarginal = logJoint + 0.5 * (n + 1) * Math.log(2 * Math.PI) - 0.5 * logDetH;
    return new Mode(tau, logMarginal, f, logDetH, steps, maxAbs(grad));
  }

  /**
   * The Newton step H⁻¹g into {@code step} by conjugate gradients preconditioned with the factor
   * at hand (of the Hessian at an earlier point or tau); false if they did not converge within
   * {@link #MOST_CG_ITERATIONS}, the factor being too far from H: then H is factored.
   */
  private boolean solveWithFactorAtHand() {
    int iterations = cg.solve(hessian, cholesky, grad, step, CG_TOLERANCE, MOST_CG_ITERATIONS);
    cgIterations += iterations < 0 ? MOST_CG_ITERATIONS : iterations;
    return iterations >= 0;
  }

  /** Moves the previous mode along its tangent to this tau, unless that raises the objective. */
  private void predict(double tau) {
    GridModelDerivatives.negativeLogJointGradient(
        u, mu, 1, data.ridge(), data.counts(), data.expected(), data.rows(), data.columns(), step);
    GridModelDerivatives.negativeLogJointGradient(
        u, mu, 0, data.ridge(), data.counts(), data.expected(), data.rows(), data.columns(), grad);
    for (int k = 0; k <= n; k++) {
      step[k] -= grad[k];
    }
    cholesky.solve(step, step);
    double change = tau - modeTau;
    for (int k = 0; k < n; k++) {
      trialU[k] = u[k] - change * step[k];
    }
    double trialMu = mu - change * step[n];
    if (data.negativeLogJoint(trialU, trialMu, tau) <= data.negativeLogJoint(u, mu, tau)) {
      System.arraycopy(trialU, 0, u, 0, n);
      mu = trialMu;
    }
    factorCurrent = false;
  }

  /**
   * The tau in [low, high] maximising the Laplace log marginal, by Brent's method on log tau, to
   * {@code tolerance} in log tau; leaves the fit at that tau's mode.
   */
  Search maximise(double low, double high, double tolerance) {
    int before = newtonSteps;
    Mode[] best = {null};
    double[] bestU = new double[n];
    double[] bestMu = {0};
    Brent.Minimum found =
        Brent.minimise(
            logTau -> {
              Mode m = mode(Math.exp(logTau), SEARCH_DECREMENT);
              if (best[0] == null || m.logMarginal() > best[0].logMarginal()) {
                best[0] = m;
                System.arraycopy(u, 0, bestU, 0, n);
                bestMu[0] = mu;
              }
              return -m.logMarginal();
            },
            Math.log(low),
            Math.log(high),
            tolerance);
    // Back to the best tau's mode (the last evaluation may have been another), Newton taken to
    // its end there, with the factor at the mode.
    System.arraycopy(bestU, 0, u, 0, n);
    mu = bestMu[0];
    modeTau = best[0].tau();
    factorCurrent = false;
    Mode last = mode(best[0].tau());
    return new Search(last, found.evaluations(), newtonSteps - before);
  }

  /**
   * The overall level {@code mu + mean(u)}, which is what the data identify: the intrinsic prior
   * leaves the field's mean almost free (precision tau·ridge·n), so mu alone shares the level with
   * it and its own posterior is wide.
   */
  double level() {
    double sum = 0;
    for (double uk : u) {
      sum += uk;
    }
    return mu + sum / n;
  }

  /** The level's posterior standard deviation under the Laplace approximation, {@code (wᵀH⁻¹w)^½}. */
  double levelStandardDeviation() {
    double[] w = new double[n + 1];
    java.util.Arrays.fill(w, 0, n, 1.0 / n);
    w[n] = 1;
    double[] hw = new double[n + 1];
    cholesky.solve(w, hw);
    return Math.sqrt(dot(w, hw));
  }

  /** The current field u (the mode after {@link #mode}); the fit's own array. */
  double[] field() {
    return u;
  }

  /** The current intercept mu. */
  double intercept() {
    return mu;
  }

  GridHessian hessian() {
    return hessian;
  }

  SparseCholesky cholesky() {
    return cholesky;
  }

  /** Cholesky factorisations so far. */
  int factorisations() {
    return factorisations;
  }

  /** Iterations of conjugate gradients so far (each one solve with a factor). */
  int cgIterations() {
    return cgIterations;
  }

  /** Refills the Hessian and gradient at (u, mu) and tau; returns the objective there. */
  private double refill(double tau) {
    valuesTau = tau;
    return hessian.refill(u, mu, tau, grad);
  }

  private void factor() {
    if (!cholesky.factor(hessian.values())) {
      throw new IllegalStateException("the Hessian is not positive definite");
    }
    factorisations++;
    factorCurrent = true;
    factorTau = valuesTau;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
