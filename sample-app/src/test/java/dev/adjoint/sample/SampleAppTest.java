package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SampleAppTest {

  @Test
  void generatedGradientMatchesHandDerivedOne() {
    double[][] points = {{-1.2, 1.0}, {0.0, 0.0}, {1.0, 1.0}, {0.5, -2.0}, {3.0, 7.5}};
    for (double[] p : points) {
      double x = p[0];
      double y = p[1];
      double[] expected = {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
      double[] grad = new double[2];
      double f = RosenbrockDerivatives.rosenbrockGradient(x, y, grad);
      assertEquals(Rosenbrock.rosenbrock(x, y), f, 1e-12, "value at (" + x + ", " + y + ")");
      assertArrayEquals(expected, grad, 1e-9, "gradient at (" + x + ", " + y + ")");
      assertArrayEquals(expected, RosenbrockDerivatives.rosenbrockGradient(x, y), 1e-9);
    }
  }

  /** Tests the optimiser alone: f(x) = 1/2 x^T A x - b^T x, gradient A x - b, minimum at A^-1 b. */
  @Test
  void lbfgsMinimisesAQuadraticWithAHandWrittenGradient() {
    double[][] a = {{4, 1, 0}, {1, 3, -1}, {0, -1, 2}};
    double[] b = {1, 2, 3};
    Objective quadratic = (x, grad) -> {
      double f = 0;
      for (int i = 0; i < 3; i++) {
        double ax = 0;
        for (int j = 0; j < 3; j++) {
          ax += a[i][j] * x[j];
        }
        grad[i] = ax - b[i];
        f += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return f;
    };
    double[] start = {10, -10, 5};

    Lbfgs.Result result = new Lbfgs().minimize(quadratic, start);

    // A^-1 b = adj(A) b / det(A) = (-2, 26, 40) / 18.
    double[] expected = {-2.0 / 18, 26.0 / 18, 40.0 / 18};
    assertTrue(result.converged(), result::toString);
    assertArrayEquals(expected, result.point(), 1e-8, result::toString);
    assertTrue(result.iterations() <= 20, result::toString);
    assertArrayEquals(new double[] {10, -10, 5}, start, "start must not be modified");
  }

  /** The generated Hessian-vector product against differences of the generated gradient. */
  @Test
  void hessianVectorProductMatchesDifferencesOfTheGradient() {
    java.util.Random random = new java.util.Random(7);
    double[] x = new double[10];
    double[] v = new double[10];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() * 2 - 1;
      v[i] = random.nextGaussian();
    }
    double[] grad = new double[10];
    double[] hv = new double[10];
    RosenbrockDerivatives.extendedHessianVector(x, v, grad, hv);
    double h = 1e-5;
    double[] plus = x.clone();
    double[] minus = x.clone();
    for (int i = 0; i < x.length; i++) {
      plus[i] += h * v[i];
      minus[i] -= h * v[i];
    }
    double[] gPlus = RosenbrockDerivatives.extendedGradient(plus);
    double[] gMinus = RosenbrockDerivatives.extendedGradient(minus);
    for (int i = 0; i < x.length; i++) {
      double fd = (gPlus[i] - gMinus[i]) / (2 * h);
      assertEquals(fd, hv[i], 1e-5 * Math.max(1, Math.abs(fd)), "component " + i);
    }
    assertArrayEquals(RosenbrockDerivatives.extendedGradient(x), grad);
  }

  @Test
  void newtonCgWithGeneratedHessianVectorProductsFindsTheMinimumIn100Dimensions() {
    double[] start = new double[100];
    for (int i = 0; i < start.length; i += 2) {
      start[i] = -1.2;
      start[i + 1] = 1.0;
    }
    NewtonCg.Result result = new NewtonCg().minimize(SampleApp.extendedRosenbrock(), start);

    assertTrue(result.converged(), result::toString);
    for (double xi : result.point()) {
      assertEquals(1.0, xi, 1e-8, result::toString);
    }
    assertTrue(result.iterations() < 100, result::toString);
  }

  /** Rosenbrock's generated gradients (2 and n dimensions), as a user would check them. */
  @Test
  void rosenbrockGradientsPassTheRuntimeGradientCheck() {
    dev.adjoint.runtime.GradientCheck.defaults()
        .checkEachCoordinate(
            p -> Rosenbrock.rosenbrock(p[0], p[1]),
            SampleApp.rosenbrock()::valueAndGradient,
            new double[] {-1.2, 1.0})
        .assertPassed();
    double[] x = new double[10];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i + 1.0);
    }
    dev.adjoint.runtime.GradientCheck.assertGradient(
        Rosenbrock::extended, SampleApp.extendedRosenbrockGradient()::valueAndGradient, x);
  }

  /** The generated gradient of the Poisson negative log-likelihood, as a user would check it. */
  @Test
  void poissonGradientPassesTheRuntimeGradientCheck() {
    PoissonRegression.Data data = PoissonRegression.simulate(SampleApp.POISSON_TRUTH, 200, 3);
    dev.adjoint.runtime.GradientCheck.assertGradient(
        beta -> PoissonRegression.negativeLogLikelihood(beta, data.x(), data.counts()),
        (beta, g) ->
            PoissonRegressionDerivatives.negativeLogLikelihoodGradient(
                beta, data.x(), data.counts(), g),
        new double[] {0.1, -0.2, 0.3, 0.0});
  }

  /** Maximum likelihood lands within a few standard errors of the truth, on several data sets. */
  @Test
  void poissonEstimatesAreNearTheTruthInStandardErrors() {
    for (long seed = 1; seed <= 5; seed++) {
      PoissonRegression.Data data = PoissonRegression.simulate(SampleApp.POISSON_TRUTH, 2000, seed);
      PoissonRegression.Fit fit = PoissonRegression.fit(data);
      assertTrue(fit.iterations() < 20, "Newton took " + fit.iterations() + " iterations");
      for (int j = 0; j < SampleApp.POISSON_TRUTH.length; j++) {
        double z = (fit.estimate()[j] - SampleApp.POISSON_TRUTH[j]) / fit.standardError()[j];
        assertTrue(Math.abs(z) < 4, "seed " + seed + ", coefficient " + j + ": z = " + z);
        // The standard error of a Poisson GLM with ~2000 counts of mean ~2 is a few hundredths.
        assertTrue(fit.standardError()[j] > 0.005 && fit.standardError()[j] < 0.1,
            "standard error " + fit.standardError()[j]);
      }
    }
  }

  @Test
  void logPosteriorGradientPassesTheRuntimeGradientCheck() {
    BayesianLogistic.Data data = BayesianLogistic.simulate(SampleApp.LOGISTIC_TRUTH, 300, 5);
    dev.adjoint.runtime.GradientCheck.defaults()
        .checkEachCoordinate(
            beta -> BayesianLogistic.logPosterior(beta, data.x(), data.y(), 2.5),
            (beta, g) ->
                BayesianLogisticDerivatives.logPosteriorGradient(beta, data.x(), data.y(), 2.5, g),
            new double[] {0.3, -0.4, 0.9})
        .assertPassed();
  }

  /**
   * On a large data set the posterior concentrates: its mean is near the truth, in posterior sds;
   * the chains agree and mix.
   */
  @Test
  void hmcPosteriorMeansAreNearTheTruth() {
    BayesianLogistic.Data data = BayesianLogistic.simulate(SampleApp.LOGISTIC_TRUTH, 1000, 11);
    Hmc.Result result = Hmc.sample(BayesianLogistic.posterior(data, 2.5), 3,
        Hmc.Settings.defaults().withWarmup(500).withDraws(500), 3);
    for (Hmc.Chain chain : result.chains()) {
      assertTrue(chain.meanAcceptance() > 0.7, "mean acceptance " + chain.meanAcceptance());
      assertEquals(0, chain.divergences());
    }
    for (int j = 0; j < SampleApp.LOGISTIC_TRUTH.length; j++) {
      Convergence.Summary s = Convergence.summarise(result.parameter(j));
      assertTrue(s.sd() > 0.01 && s.sd() < 0.3, "posterior sd " + s.sd());
      assertTrue(Math.abs(s.mean() - SampleApp.LOGISTIC_TRUTH[j]) < 4 * s.sd(),
          "coefficient " + j + ": posterior mean " + s.mean() + ", sd " + s.sd());
      assertTrue(s.bulkEss() > 400 && s.tailEss() > 400, "ESS " + s);
      assertTrue(s.rhat() < 1.01, "R-hat " + s.rhat());
    }
  }

  /**
   * On a large data set the prior hardly matters: HMC's posterior mean lands near the maximum
   * likelihood estimate, found by Newton's method on the generated gradient and Hessian.
   */
  @Test
  void hmcPosteriorMeanIsNearTheMaximumLikelihoodEstimate() {
    BayesianLogistic.Data data = BayesianLogistic.simulate(SampleApp.LOGISTIC_TRUTH, 2000, 17);
    double flat = 1e6;
    double[] mle = new double[SampleApp.LOGISTIC_TRUTH.length];
    double[] g = new double[mle.length];
    for (int iteration = 0; iteration < 30; iteration++) {
      BayesianLogisticDerivatives.logPosteriorGradient(mle, data.x(), data.y(), flat, g);
      double[][] h = BayesianLogisticDerivatives.logPosteriorHessian(mle, data.x(), data.y(), flat);
      for (double[] row : h) {
        for (int j = 0; j < row.length; j++) {
          row[j] = -row[j];
        }
      }
      double[] step = Linear.solve(h, g);
      for (int j = 0; j < mle.length; j++) {
        mle[j] += step[j];
      }
    }
    assertTrue(Linear.norm(g) < 1e-6, "Newton did not converge: |g| = " + Linear.norm(g));
    Hmc.Result result = Hmc.sample(BayesianLogistic.posterior(data, 2.5), 3,
        Hmc.Settings.defaults().withWarmup(500).withDraws(500), 5);
    for (int j = 0; j < mle.length; j++) {
      Convergence.Summary s = Convergence.summarise(result.parameter(j));
      assertTrue(Math.abs(s.mean() - mle[j]) < 0.5 * s.sd(),
          "coefficient " + j + ": posterior mean " + s.mean() + ", MLE " + mle[j] + ", sd " + s.sd());
    }
  }

  @Test
  void reportsAllDemosWritesThePlotsAndExitsZero(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = SampleApp.run(new String[] {"--plots", dir.toString()}, print(out), print(err));

    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    for (String section :
        new String[] {
          "L-BFGS, n = 2", "L-BFGS, n = 100", "Newton-CG, n = 100",
          "Poisson regression by maximum likelihood", "Hamiltonian Monte Carlo",
          "Disease mapping on a 100 x 100 grid", "tau maximising the Laplace approximation",
          "Plots (PNG, and SVG to scale)", "Generated derivative sources"
        }) {
      assertTrue(report.contains(section), "no \"" + section + "\" in:\n" + report);
    }
    for (String plot : new String[] {"rosenbrock-convergence", "hmc-traces", "hmc-posteriors", "hmc-warmup", "grid-field"}) {
      assertTrue(report.contains("  " + plot + ".png") && report.contains("  " + plot + ".svg"), plot);
      assertTrue(javax.imageio.ImageIO.read(dir.resolve(plot + ".png").toFile()).getWidth() >= 600, plot);
      String svg = java.nio.file.Files.readString(dir.resolve(plot + ".svg"));
      assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), plot);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void oneDemoWithItsOwnSizeAndSeed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        SampleApp.run(
            new String[] {"poisson", "--observations", "800", "--seed", "3", "--plots", dir.toString()},
            print(out),
            print(new ByteArrayOutputStream()));
    assertEquals(0, status);
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("800 simulated counts"), report);
    assertTrue(!report.contains("Rosenbrock") && !report.contains("Monte Carlo"), report);
  }

  @Test
  void noPlotsDrawsNone() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.nio.file.Path cwdPlots = java.nio.file.Path.of("adjoint-sample-plots", "rosenbrock-convergence.png");
    long before = java.nio.file.Files.exists(cwdPlots) ? java.nio.file.Files.getLastModifiedTime(cwdPlots).toMillis() : -1;

    int status = SampleApp.run(new String[] {"rosenbrock", "--no-plots"}, print(out), print(new ByteArrayOutputStream()));

    assertEquals(0, status);
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("L-BFGS, n = 100") && !report.contains("Plots ("), report);
    long after = java.nio.file.Files.exists(cwdPlots) ? java.nio.file.Files.getLastModifiedTime(cwdPlots).toMillis() : -1;
    assertEquals(before, after, "no plot written to the default folder");
  }

  @Test
  void lbfgsWithTheGeneratedGradientReachesTheMinimumIn2And100Dimensions() {
    Lbfgs.Result small = new Lbfgs().minimize(SampleApp.rosenbrock(), new double[] {-1.2, 1.0});
    assertTrue(small.converged() && small.iterations() < 100, small::toString);
    assertArrayEquals(new double[] {1.0, 1.0}, small.point(), 1e-8);
    double[] start = new double[100];
    for (int i = 0; i < 100; i += 2) {
      start[i] = -1.2;
      start[i + 1] = 1.0;
    }
    Lbfgs.Result large = new Lbfgs().minimize(SampleApp.extendedRosenbrockGradient(), start);
    assertTrue(large.converged(), large::toString);
    for (double xi : large.point()) {
      assertEquals(1.0, xi, 1e-8);
    }
  }

  @Test
  void badCommandLinesGiveTheUsageAndStatusTwo() {
    for (String[] args :
        new String[][] {
          {"--bogus"}, {"--seed"}, {"--dimension", "7"}, {"--draws", "many"}, {"--chains", "0"}, {"plot"}, {"--grid", "1"},
          {"--no-plots", "--plots", "elsewhere"}
        }) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = SampleApp.run(args, print(out), print(err));
      assertEquals(2, status, String.join(" ", args));
      assertEquals("", out.toString(StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertTrue(message.startsWith("error: "), message);
      assertTrue(message.contains("usage: java -jar adjoint-sample-app.jar"), message);
    }
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    assertEquals(0, SampleApp.run(new String[] {"--help"}, print(help), print(new ByteArrayOutputStream())));
    assertTrue(help.toString(StandardCharsets.UTF_8).startsWith("usage:"));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
