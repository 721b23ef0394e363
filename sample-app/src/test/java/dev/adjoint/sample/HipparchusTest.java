package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimplePointChecker;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.GaussNewtonOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * Hipparchus's optimisers driven by generated derivatives, with no glue beyond a lambda: the
 * generated gradient as the objective's gradient of a conjugate-gradient minimisation, and the
 * generated Jacobian as the model's Jacobian of Levenberg–Marquardt and Gauss–Newton fits.
 */
class HipparchusTest {

  @Test
  void conjugateGradientsMinimiseTheExtendedRosenbrockFunctionWithTheGeneratedGradient() {
    double[] start = {-1.2, 1, -1.2, 1, -1.2, 1};
    NonLinearConjugateGradientOptimizer optimizer =
        new NonLinearConjugateGradientOptimizer(
            NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
            new SimpleValueChecker(1e-15, 1e-15));

    PointValuePair minimum =
        optimizer.optimize(
            new ObjectiveFunction(Rosenbrock::extended),
            new ObjectiveFunctionGradient(RosenbrockDerivatives::extendedGradient),
            GoalType.MINIMIZE,
            new InitialGuess(start),
            new MaxEval(100_000));

    // The only minimum is at all ones, where the function is 0.
    for (double xi : minimum.getPoint()) {
      assertEquals(1.0, xi, 1e-6, () -> Arrays.toString(minimum.getPoint()));
    }
    assertEquals(0.0, minimum.getValue(), 1e-12);
  }

  @Test
  void levenbergMarquardtFitsMisra1aWithTheGeneratedJacobian() throws IOException {
    StrdProblem misra1a = StrdProblem.read("/nist-strd/Misra1a.txt");
    for (String start : List.of("start1", "start2")) {
      LeastSquaresOptimizer.Optimum fit =
          new LevenbergMarquardtOptimizer()
              .withCostRelativeTolerance(1e-15)
              .withParameterRelativeTolerance(1e-15)
              .optimize(misra1a.problem(misra1a.numbers(start)));

      // The certificate gives 11 digits. Levenberg-Marquardt stops on its cost test (the sum of
      // squares is flat at the minimum) 2e-11 to 6e-11 away, relatively, from either start: 10
      // digits for the parameters; the sum of squares to all 11.
      double[] b = fit.getPoint().toArray();
      String where = start + ", " + fit.getIterations() + " iterations: " + Arrays.toString(b);
      assertEquals(1, b[0] / misra1a.certified("certified b1").doubleValue(), 1e-10, where);
      assertEquals(1, b[1] / misra1a.certified("certified b2").doubleValue(), 1e-10, where);
      assertAgreesToTheCertifiedDigits(
          misra1a.certified("certified residual sum of squares"), rss(fit), where);
    }
  }

  @Test
  void gaussNewtonReachesMisra1asCertifiedDigitsWithTheGeneratedJacobian() throws IOException {
    StrdProblem misra1a = StrdProblem.read("/nist-strd/Misra1a.txt");
    for (String start : List.of("start1", "start2")) {
      // Gauss-Newton (QR, no normal equations) stops only when the parameters stop moving, so it
      // takes the last steps that Levenberg-Marquardt's cost test leaves out.
      LeastSquaresOptimizer.Optimum fit =
          new GaussNewtonOptimizer().optimize(misra1a.problem(misra1a.numbers(start)));

      double[] b = fit.getPoint().toArray();
      String where = start + ", " + fit.getIterations() + " iterations: " + Arrays.toString(b);
      assertAgreesToTheCertifiedDigits(misra1a.certified("certified b1"), b[0], where);
      assertAgreesToTheCertifiedDigits(misra1a.certified("certified b2"), b[1], where);
      assertAgreesToTheCertifiedDigits(
          misra1a.certified("certified residual sum of squares"), rss(fit), where);
    }
  }

  private static double rss(LeastSquaresOptimizer.Optimum fit) {
    return fit.getResiduals().dotProduct(fit.getResiduals());
  }

  /** Rounded to the digits the certificate gives, the value is the certified one. */
  private static void assertAgreesToTheCertifiedDigits(
      BigDecimal certified, double value, String where) {
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(certified.precision()));
    assertTrue(
        rounded.compareTo(certified) == 0,
        () -> "certified " + certified + ", fitted " + value + " (" + rounded + "); " + where);
  }

  /**
   * A NIST StRD problem as in {@code src/test/resources/nist-strd}: header lines starting
   * with '#' ("# name: values"), then one "y x" pair per line.
   */
  private static final class StrdProblem {
    final Map<String, String> header = new HashMap<>();
    double[] x;
    double[] y;

    static StrdProblem read(String resource) throws IOException {
      StrdProblem problem = new StrdProblem();
      List<double[]> rows = new ArrayList<>();
      try (InputStream in = HipparchusTest.class.getResourceAsStream(resource)) {
        String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
          if (line.startsWith("#")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
              problem.header.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
            }
          } else if (!line.isBlank()) {
            String[] yx = line.trim().split("\\s+");
            rows.add(new double[] {Double.parseDouble(yx[0]), Double.parseDouble(yx[1])});
          }
        }
      }
      problem.y = rows.stream().mapToDouble(r -> r[0]).toArray();
      problem.x = rows.stream().mapToDouble(r -> r[1]).toArray();
      return problem;
    }

    /**
     * Fitting {@link Misra1a#values} to y from {@code start}: the model is the values and the
     * generated Jacobian, one lambda; it has converged when the parameters move by less than 1e-13,
     * relatively.
     */
    LeastSquaresProblem problem(double[] start) {
      return new LeastSquaresBuilder()
          .model(
              b ->
                  new Pair<>(
                      new ArrayRealVector(Misra1a.values(b.toArray(), x), false),
                      new Array2DRowRealMatrix(
                          Misra1aDerivatives.valuesJacobian(b.toArray(), x), false)))
          .target(y)
          .start(start)
          .checkerPair(new SimplePointChecker<>(1e-13, 0))
          .maxEvaluations(1000)
          .maxIterations(1000)
          .build();
    }

    /** The numbers of a header line such as "start1: 500 0.0001". */
    double[] numbers(String name) {
      String[] parts = header.get(name).split("\\s+");
      double[] values = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = Double.parseDouble(parts[i]);
      }
      return values;
    }

    /** The certified value of a header line such as "certified b1: 2.3894212918E+02  (...)". */
    BigDecimal certified(String name) {
      return new BigDecimal(header.get(name).split("\\s+")[0]);
    }
  }
}
