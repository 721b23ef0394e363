package lookalike.discardcallee;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Util;

/**
 * Differentiable callees that make calls as statements (counted): called where their value is
 * never read (the call still runs, once, and is not differentiated), and taking arrays inside
 * loops (the gradient records their partials instead of calling them again in its backward
 * sweep, so they run once per iteration).
 */
final class DiscardCallee {
  private DiscardCallee() {}

  @Differentiable
  static double scaled(double x) {
    Util.prepare(1);
    return x * x;
  }

  @Differentiable
  static double weighted(double[] w, double a) {
    Util.prepare(2);
    return a * a * w[0] + Math.sin(w[w.length - 1]);
  }

  /** Through another differentiable method: its effects are its callee's. */
  @Differentiable
  static double indirect(double[] w, double a) {
    return 2 * weighted(w, a);
  }

  @Differentiable
  @LoopDomain
  static double unreadCalls(double a, double b) {
    boolean unused = scaled(a) > 0.5;
    double dead = scaled(b) + 1;
    double alsoDead = scaled(a * b);
    return 2 * a + b * b;
  }

  @Differentiable
  @LoopDomain(sizes = {3}, ints = {3})
  static double unreadCallsInALoop(double[] w, double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double dead = weighted(w, x);
      s += w[i] * x;
    }
    return s;
  }

  @Differentiable
  @LoopDomain(sizes = {3}, ints = {3})
  static double calleeTakingArraysInALoop(double[] w, double b, int n) {
    double[] r = new double[2];
    for (int i = 0; i < n; i++) {
      b = Math.tanh(weighted(r, b) + b * w[i]);
      r[1] = b * w[0];
      b += indirect(w, b);
    }
    return w[1] * b + r[1];
  }

  @Differentiable
  @LoopDomain(sizes = {3, 2})
  static double calleeTakingRowsInALoop(double[][] m, double b) {
    double t = 0;
    for (int i = 0; i < m.length; i++) {
      t += Math.tanh(weighted(m[i], b) + b);
      b = b * 0.5 + t;
    }
    return t;
  }

  @Differentiable
  @LoopDomain(ints = {3})
  static double[] vectorWithCalleeTakingArrays(double a, double b, int n) {
    double[] r = new double[2];
    for (int i = 0; i < n; i++) {
      b = Math.tanh(weighted(r, b) + b);
      r[1] = b * a;
    }
    r[0] = a * b;
    return r;
  }
}
