package dev.adjoint.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The reference gradients agree with the generated ones (and so with each other): hand-written and
 * Hipparchus to rounding, finite differences to their truncation error; the values are the
 * original's, exactly where the operations are the same.
 */
class ReferenceGradientsTest {
  private static final double AD_TOLERANCE = 1e-10;
  private static final double FD_TOLERANCE = 1e-5;
  private static final double HIPPARCHUS_VALUE_TOLERANCE = 1e-12;

  /** One way of computing the value and writing the gradient into {@code grad}. */
  @FunctionalInterface
  interface Variant {
    double run(double[] grad);
  }

  @Test
  void extendedRosenbrock() {
    for (int n : new int[] {10, 100, 11}) {
      double[] x = Data.rosenbrock(n, n);
      double[] copy = x.clone();
      double[] generated = check(
          "rosenbrock " + n, () -> Problems.extendedRosenbrock(x), n,
          g -> ProblemsDerivatives.extendedRosenbrockGradient(x, g),
          g -> HandGradients.extendedRosenbrock(x, g),
          g -> HipparchusGradients.extendedRosenbrock(x, g),
          g -> FiniteDifferences.extendedRosenbrock(x, g));
      double[] ds = new double[n];
      double value = HipparchusGradients.extendedRosenbrockDs(x, ds);
      assertClose("rosenbrock " + n + " DerivativeStructure value",
          Problems.extendedRosenbrock(x), value, HIPPARCHUS_VALUE_TOLERANCE);
      assertGradient("rosenbrock " + n + " DerivativeStructure", generated, ds, AD_TOLERANCE);
      assertArrayEquals(copy, x, "finite differences restore the point");
    }
  }

  @Test
  void logisticNll() {
    Data.Logistic d = Data.logistic(200, 10, 1);
    check("logistic", () -> Problems.logisticNll(d.w(), d.x(), d.y()), d.w().length,
        g -> ProblemsDerivatives.logisticNllGradient(d.w(), d.x(), d.y(), g),
        g -> HandGradients.logisticNll(d.w(), d.x(), d.y(), g),
        g -> HipparchusGradients.logisticNll(d.w(), d.x(), d.y(), g),
        g -> FiniteDifferences.logisticNll(d.w(), d.x(), d.y(), g));
  }

  @Test
  void gmmObjective() {
    gmm("gmm", Data.gmm(3, 4, 50, 2));
    gmm("gmm with prior", Data.gmm(3, 4, 50, 3, 0.5, 2));
  }

  private static void gmm(String name, Data.Gmm d) {
    int k = d.alpha().length;
    int size = k + 2 * k * d.mu()[0].length;
    check(name, () -> Problems.gmmObjective(d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m()),
        size,
        g -> ProblemsDerivatives.gmmObjectiveGradient(
            d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), g),
        g -> HandGradients.gmmObjective(d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), g),
        g -> HipparchusGradients.gmmObjective(
            d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), g),
        g -> FiniteDifferences.gmmObjective(
            d.alpha(), d.mu(), d.q(), d.x(), d.gamma(), d.m(), g));
  }

  @Test
  void mlpLoss() {
    Data.Mlp d = Data.mlp(8, 5, 30, 4);
    int size = 8 * 5 + 8 + 8 + 1;
    check("mlp", () -> Problems.mlpLoss(d.w1(), d.b1(), d.w2(), d.b2(), d.x(), d.y()), size,
        g -> ProblemsDerivatives.mlpLossGradient(d.w1(), d.b1(), d.w2(), d.b2(), d.x(), d.y(), g),
        g -> HandGradients.mlpLoss(d.w1(), d.b1(), d.w2(), d.b2(), d.x(), d.y(), g),
        g -> HipparchusGradients.mlpLoss(d.w1(), d.b1(), d.w2(), d.b2(), d.x(), d.y(), g),
        g -> FiniteDifferences.mlpLoss(d.w1(), d.b1(), d.w2(), d.b2(), d.x(), d.y(), g));
  }

  @Test
  void keplerFit() {
    Data.Kepler d = Data.kepler(50, 5);
    // The guess, and eccentricities across the range where Newton's iteration count varies.
    for (double e : new double[] {d.e(), 0.05, 0.3, 0.6}) {
      double a = d.a();
      double[] m = d.meanAnomaly();
      double[] o = d.observed();
      check("kepler e=" + e, () -> Problems.keplerFit(e, a, m, o), 2,
          g -> ProblemsDerivatives.keplerFitGradient(e, a, m, o, g),
          g -> HandGradients.keplerFit(e, a, m, o, g),
          g -> HipparchusGradients.keplerFit(e, a, m, o, g),
          g -> FiniteDifferences.keplerFit(e, a, m, o, g));
    }
  }

  /** Runs every variant against the generated gradient; returns the generated gradient. */
  private static double[] check(
      String name, DoubleSupplier original, int size,
      Variant generated, Variant hand, Variant hipparchus, Variant finiteDifferences) {
    double value = original.getAsDouble();
    double[] reference = new double[size];
    assertEquals(value, generated.run(reference), name + ": generated value");
    assertTrue(max(reference) > 0, name + ": the gradient is not zero");

    double[] g = new double[size];
    assertEquals(value, hand.run(g), name + ": hand-written value");
    assertGradient(name + " hand-written", reference, g, AD_TOLERANCE);

    g = new double[size];
    assertClose(name + " Hipparchus value", value, hipparchus.run(g), HIPPARCHUS_VALUE_TOLERANCE);
    assertGradient(name + " Hipparchus", reference, g, AD_TOLERANCE);

    g = new double[size];
    assertEquals(value, finiteDifferences.run(g), name + ": finite-differences value");
    assertGradient(name + " finite differences", reference, g, FD_TOLERANCE);
    assertEquals(value, original.getAsDouble(), name + ": the arguments are restored");
    return reference;
  }

  /** Relative to the gradient's largest component, so that tiny components do not dominate. */
  private static void assertGradient(String what, double[] expected, double[] actual, double tol) {
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      error = Math.max(error, Math.abs(actual[i] - expected[i]));
    }
    double scale = max(expected);
    double relative = error / scale;
    assertTrue(relative <= tol, () -> what + ": relative error " + relative);
  }

  private static void assertClose(String what, double expected, double actual, double tol) {
    double relative = Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(relative <= tol, () -> what + ": relative error " + relative);
  }

  private static double max(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }
}
