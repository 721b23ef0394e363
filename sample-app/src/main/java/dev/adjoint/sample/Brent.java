package dev.adjoint.sample;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's minimisation of a function of one variable on an interval, without derivatives: golden
 * sections, and the minimum of the parabola through the three best points where that moves less
 * than half the step before last. Exact for a parabola in a few steps, never slower than golden
 * sections by more than a small factor.
 */
final class Brent {
  private static final double GOLDEN = 0.5 * (3 - Math.sqrt(5));

  private Brent() {}

  /** The point found and the number of times f was evaluated. */
  record Minimum(double x, double value, int evaluations) {}

  /** A minimum of f in [a, b], to within about {@code tolerance} in x. */
  static Minimum minimise(DoubleUnaryOperator f, double a, double b, double tolerance) {
    double x = a + GOLDEN * (b - a);
    double w = x;
    double v = x;
    double fx = f.applyAsDouble(x);
    double fw = fx;
    double fv = fx;
    double d = 0;
    double e = 0;
    int evaluations = 1;
    double tol = tolerance / 3;
    while (true) {
      double middle = 0.5 * (a + b);
      if (Math.abs(x - middle) <= 2 * tol - 0.5 * (b - a)) {
        return new Minimum(x, fx, evaluations);
      }
      boolean parabolic = false;
      if (Math.abs(e) > tol) {
        double r = (x - w) * (fx - fv);
        double q = (x - v) * (fx - fw);
        double p = (x - v) * q - (x - w) * r;
        q = 2 * (q - r);
        if (q > 0) {
          p = -p;
        } else {
          q = -q;
        }
        if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
          e = d;
          d = p / q;
          parabolic = true;
          if (x + d - a < 2 * tol || b - x - d < 2 * tol) {
            d = x < middle ? tol : -tol;
          }
        }
      }
      if (!parabolic) {
        e = (x < middle ? b : a) - x;
        d = GOLDEN * e;
      }
      double next = x + (Math.abs(d) >= tol ? d : (d > 0 ? tol : -tol));
      double fNext = f.applyAsDouble(next);
      evaluations++;
      if (fNext <= fx) {
        if (next < x) {
          b = x;
        } else {
          a = x;
        }
        v = w;
        fv = fw;
        w = x;
        fw = fx;
        x = next;
        fx = fNext;
      } else {
        if (next < x) {
          a = next;
        } else {
          b = next;
        }
        if (fNext <= fw || w == x) {
          v = w;
          fv = fw;
          w = next;
          fw = fNext;
        } else if (fNext <= fv || v == x || v == w) {
          v = next;
          fv = fNext;
        }
      }
    }
  }
}
