package dev.adjoint.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences of the {@link Problems}, same output convention as {@link
 * HandGradients}: 2N calls of the original plus one for the value. The caller's arrays are
 * perturbed in place and restored exactly, so they must not be shared with another thread.
 */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  public static double extendedRosenbrock(double[] x, double[] grad) {
    return central(() -> Problems.extendedRosenbrock(x), List.of(x), grad);
  }

  public static double logisticNll(double[] w, double[][] x, double[] y, double[] grad) {
    return central(() -> Problems.logisticNll(w, x, y), List.of(w), grad);
  }

  public static double gmmObjective(
      double[] alpha, double[][] mu, double[][] q, double[][] x, double gamma, int m,
      double[] grad) {
    List<double[]> rows = new ArrayList<>();
    rows.add(alpha);
    Collections.addAll(rows, mu);
    Collections.addAll(rows, q);
    return central(() -> Problems.gmmObjective(alpha, mu, q, x, gamma, m), rows, grad);
  }

  public static double mlpLoss(
      double[][] w1, double[] b1, double[] w2, double b2, double[][] x, double[] y,
      double[] grad) {
    double[] b2Box = {b2}; // a scalar parameter is perturbed in a one-element row
    List<double[]> rows = new ArrayList<>();
    Collections.addAll(rows, w1);
    rows.add(b1);
    rows.add(w2);
    rows.add(b2Box);
    return central(() -> Problems.mlpLoss(w1, b1, w2, b2Box[0], x, y), rows, grad);
  }

  public static double keplerFit(
      double e, double a, double[] meanAnomaly, double[] observed, double[] grad) {
    double[] ea = {e, a};
    return central(
        () -> Problems.keplerFit(ea[0], ea[1], meanAnomaly, observed), List.of(ea), grad);
  }

  /**
   * Writes the central differences of {@code f} with respect to every element of {@code rows}, in
   * order, into {@code grad}, and returns f at the unperturbed point. The step is 1e-6 max(1, |x|);
   * dividing by the representable distance between the two points rather than 2h removes the
   * rounding of x ± h from the quotient.
   */
  static double central(DoubleSupplier f, List<double[]> rows, double[] grad) {
    int k = 0;
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        double saved = row[j];
        double h = 1e-6 * Math.max(1, Math.abs(saved));
        double up = saved + h;
        double down = saved - h;
        row[j] = up;
        double fUp = f.getAsDouble();
        row[j] = down;
        double fDown = f.getAsDouble();
        row[j] = saved;
        grad[k++] = (fUp - fDown) / (up - down);
      }
    }
    return f.getAsDouble();
  }
}
