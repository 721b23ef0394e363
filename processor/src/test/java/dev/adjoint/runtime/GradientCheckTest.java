package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
  /** f(x) = sum of sin(x_i) x_{i+1} + x_0^3. */
  private static double f(double[] x) {
    double s = x[0] * x[0] * x[0];
    for (int i = 0; i + 1 < x.length; i++) {
      s += Math.sin(x[i]) * x[i + 1];
    }
    return s;
  }

  private static double gradient(double[] x, double[] g) {
    java.util.Arrays.fill(g, 0);
    g[0] = 3 * x[0] * x[0];
    for (int i = 0; i + 1 < x.length; i++) {
      g[i] += Math.cos(x[i]) * x[i + 1];
      g[i + 1] += Math.sin(x[i]);
    }
    return f(x);
  }

  /** The gradient with coordinate 2 off by 1%. */
  private static double wrongGradient(double[] x, double[] g) {
    double value = gradient(x, g);
    g[2] *= 1.01;
    return value;
  }

  private static double hessianVector(double[] x, double[] v, double[] g, double[] hv) {
    java.util.Arrays.fill(hv, 0);
    hv[0] = 6 * x[0] * v[0];
    for (int i = 0; i + 1 < x.length; i++) {
      hv[i] += -Math.sin(x[i]) * x[i + 1] * v[i] + Math.cos(x[i]) * v[i + 1];
      hv[i + 1] += Math.cos(x[i]) * v[i];
    }
    return gradient(x, g);
  }

  private final double[] x = {0.3, -1.2, 0.8, 2.0, -0.4};

  @Test
  void aRightGradientPassesEveryCheck() {
    assertTrue(GradientCheck.check(GradientCheckTest::f, GradientCheckTest::gradient, x).passed());
    assertTrue(
        GradientCheck.defaults()
            .checkEachCoordinate(GradientCheckTest::f, GradientCheckTest::gradient, x)
            .passed());
    GradientCheck.assertGradient(GradientCheckTest::f, GradientCheckTest::gradient, x);
    GradientCheck.Report hv =
        GradientCheck.defaults()
            .checkHessianVector(
                GradientCheckTest::gradient,
                GradientCheckTest::hessianVector,
                x,
                new double[] {1, -2, 0.5, 0, 3});
    assertTrue(hv.passed(), hv.toString());
    assertEquals(5, hv.entries().size());
  }

  @Test
  void aWrongPartialFailsInRandomDirectionsAndIsNamedCoordinateByCoordinate() {
    GradientCheck.Report directional =
        GradientCheck.check(GradientCheckTest::f, GradientCheckTest::wrongGradient, x);
    assertFalse(directional.passed(), directional.toString());
    GradientCheck.Report each =
        GradientCheck.defaults()
            .checkEachCoordinate(GradientCheckTest::f, GradientCheckTest::wrongGradient, x);
    List<String> failing =
        each.entries().stream().filter(e -> !e.passed()).map(GradientCheck.Entry::what).toList();
    assertEquals(List.of("coordinate 2"), failing, each.toString());
    assertTrue(each.toString().contains("1 of 5 comparisons disagree"), each.toString());
    assertEquals("coordinate 2", each.worst().what());
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> GradientCheck.assertGradient(GradientCheckTest::f, GradientCheckTest::wrongGradient, x));
    assertTrue(error.getMessage().contains("direction"), error.getMessage());
  }

  @Test
  void aWrongHessianVectorProductIsNamedByComponent() {
    GradientCheck.Report report =
        GradientCheck.defaults()
            .checkHessianVector(
                GradientCheckTest::gradient,
                (x0, v, g, hv) -> {
                  double value = hessianVector(x0, v, g, hv);
                  hv[4] += 0.01;
                  return value;
                },
                x,
                new double[] {1, -2, 0.5, 0, 3});
    assertFalse(report.passed());
    assertTrue(report.toString().contains("component 4"), report.toString());
  }

  @Test
  void tolerancesStepsAndDirectionsCanBeChanged() {
    GradientCheck loose = GradientCheck.defaults().withTolerances(0.01, 0).withDirections(20, 7);
    assertTrue(loose.directional(GradientCheckTest::f, GradientCheckTest::wrongGradient, x).passed());
    assertEquals(
        20, loose.directional(GradientCheckTest::f, GradientCheckTest::gradient, x).entries().size());
    // A step far too large makes the differences themselves wrong.
    assertFalse(
        GradientCheck.defaults()
            .withStep(0.5)
            .directional(GradientCheckTest::f, GradientCheckTest::gradient, x)
            .passed());
  }

  @Test
  void theCheckLeavesItsPointAlone() {
    double[] copy = x.clone();
    GradientCheck.check(GradientCheckTest::f, GradientCheckTest::gradient, x);
    GradientCheck.defaults().checkHessianVector(
        GradientCheckTest::gradient, GradientCheckTest::hessianVector, x, new double[5]);
    assertEquals(java.util.Arrays.toString(copy), java.util.Arrays.toString(x));
  }
}
