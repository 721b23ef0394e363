package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgePushing} over recordings that call other recordings, written as generated code
 * writes them ({@code argument} per differentiated slot, the callee reading its inputs with
 * {@code input}, {@code returned} closing the call, {@code statementOfReturned}): the gradient
 * equals central differences of the value, and the Hessian central differences of that gradient,
 * for calls with the same key twice, nested calls, recursion, constant arguments and array
 * arguments in a loop; misuse of the frames is refused.
 */
class EdgePushingCallsTest {
  private static final double STEP = 1e-5;
  private static final double TOLERANCE = 1e-6;

  /** A method's recording, run at {@code x}; returns its value. */
  interface Recorded {
    double run(EdgePushing e, double[] x);
  }

  // ---------------------------------------------------------------- callees

  /** g(u, v) = u·v + sin(u). */
  private static double g(EdgePushing e, double u, double v) {
    int uKey = e.input(0, 0);
    int vKey = e.input(1, 1);
    int p = e.key();
    e.statement(p);
    e.partial(uKey, v);
    e.partial(vKey, u);
    e.second(uKey, vKey, 1.0);
    double pv = u * v;
    int s = e.key();
    e.statement(s);
    e.partial(uKey, Math.cos(u));
    e.second(uKey, -Math.sin(u));
    double sv = Math.sin(u);
    int r = e.key();
    e.statement(r);
    e.partial(p, 1.0);
    e.partial(s, 1.0);
    e.returned(r);
    return pv + sv;
  }

  /** h(u, v) = g(v, u)·u: a callee that calls another. */
  private static double h(EdgePushing e, double u, double v) {
    int uKey = e.input(0, 0);
    int vKey = e.input(1, 1);
    e.argument(0, vKey);
    e.argument(1, uKey);
    double t = g(e, v, u);
    int tKey = e.key();
    e.statementOfReturned(tKey);
    int r = e.key();
    e.statement(r);
    e.partial(tKey, u);
    e.partial(uKey, t);
    e.second(tKey, uKey, 1.0);
    e.returned(r);
    return t * u;
  }

  /** p(u, k) = k == 0 ? u : exp(p(u, k - 1))·u: recursion k deep; returns u's own key at k = 0. */
  private static double p(EdgePushing e, double u, int k) {
    int uKey = e.input(0, 0);
    if (k == 0) {
      e.returned(uKey);
      return u;
    }
    e.argument(0, uKey);
    double inner = p(e, u, k - 1);
    int innerKey = e.key();
    e.statementOfReturned(innerKey);
    int r = e.key();
    e.statement(r);
    double ex = Math.exp(inner);
    e.partial(innerKey, ex * u);
    e.partial(uKey, ex);
    e.second(innerKey, ex * u);
    e.second(innerKey, uKey, ex);
    e.returned(r);
    return ex * u;
  }

  /** s(a, w) = Σ w·a[i]² over a's elements, a an array slot, w a number slot. */
  private static double s(EdgePushing e, double[] a, double w) {
    int aKey = e.input(0, 0);
    int wKey = e.input(1, a.length);
    int sum = e.key();
    e.statement(sum);
    double value = 0.0;
    for (int i = 0; i < a.length; i++) {
      e.statement(sum);
      e.partial(sum, 1.0);
      e.partial(aKey + i, 2 * w * a[i]);
      e.partial(wKey, a[i] * a[i]);
      e.second(aKey + i, 2 * w);
      e.second(aKey + i, wKey, 2 * a[i]);
      value += w * a[i] * a[i];
    }
    e.returned(sum);
    return value;
  }

  // ---------------------------------------------------------------- callers (n = 4)

  /** g(x0, x1)·g(x2, x2) + g(x3, 3.0): two calls, one key passed twice, a constant argument. */
  private static double twoCalls(EdgePushing e, double[] x) {
    e.argument(0, 0);
    e.argument(1, 1);
    double a = g(e, x[0], x[1]);
    int aKey = e.key();
    e.statementOfReturned(aKey);
    e.argument(0, 2);
    e.argument(1, 2);
    double b = g(e, x[2], x[2]);
    int bKey = e.key();
    e.statementOfReturned(bKey);
    e.argument(0, 3);
    e.argument(1, e.constant());
    double c = g(e, x[3], 3.0);
    int cKey = e.key();
    e.statementOfReturned(cKey);
    int f = e.key();
    e.statement(f);
    e.partial(aKey, b);
    e.partial(bKey, a);
    e.partial(cKey, 1.0);
    e.second(aKey, bKey, 1.0);
    e.returned(f);
    return a * b + c;
  }

  /** h(x0, x1) + h(h(x2, x3), x0): calls two and three deep, one's value another's argument. */
  private static double nested(EdgePushing e, double[] x) {
    e.argument(0, 0);
    e.argument(1, 1);
    double a = h(e, x[0], x[1]);
    int aKey = e.key();
    e.statementOfReturned(aKey);
    e.argument(0, 2);
    e.argument(1, 3);
    double b = h(e, x[2], x[3]);
    int bKey = e.key();
    e.statementOfReturned(bKey);
    e.argument(0, bKey);
    e.argument(1, 0);
    double c = h(e, b, x[0]);
    int cKey = e.key();
    e.statementOfReturned(cKey);
    int f = e.key();
    e.statement(f);
    e.partial(aKey, 1.0);
    e.partial(cKey, 1.0);
    e.returned(f);
    return a + c;
  }

  /** p(x0, 2) + x1·p(x2·x3, 1): recursion, and an argument computed into a key of its own. */
  private static double recursion(EdgePushing e, double[] x) {
    e.argument(0, 0);
    double a = p(e, x[0], 2);
    int aKey = e.key();
    e.statementOfReturned(aKey);
    int uKey = e.key();
    e.statement(uKey);
    e.partial(2, x[3]);
    e.partial(3, x[2]);
    e.second(2, 3, 1.0);
    double u = x[2] * x[3];
    e.argument(0, uKey);
    double b = p(e, u, 1);
    int bKey = e.key();
    e.statementOfReturned(bKey);
    int f = e.key();
    e.statement(f);
    e.partial(aKey, 1.0);
    e.partial(1, b);
    e.partial(bKey, x[1]);
    e.second(1, bKey, 1.0);
    e.returned(f);
    return a + x[1] * b;
  }

  /**
   * Σ_k s(x[0..3], x[k]) in a loop, then s of a local array y = (x0·x1, sin x2) with weight 2:
   * array slots, an input array and a local one.
   */
  private static double arrays(EdgePushing e, double[] x) {
    int f = e.key();
    e.statement(f);
    double value = 0.0;
    double[] first = java.util.Arrays.copyOf(x, 3);
    for (int k = 0; k < 4; k++) {
      e.argument(0, 0);
      e.argument(1, k);
      double t = s(e, first, x[k]);
      int tKey = e.key();
      e.statementOfReturned(tKey);
      e.statement(f);
      e.partial(f, 1.0);
      e.partial(tKey, 1.0);
      value += t;
    }
    double[] y = new double[2];
    int yKey = e.keys(2);
    e.statement(yKey);
    e.partial(0, x[1]);
    e.partial(1, x[0]);
    e.second(0, 1, 1.0);
    y[0] = x[0] * x[1];
    e.statement(yKey + 1);
    e.partial(2, Math.cos(x[2]));
    e.second(2, -Math.sin(x[2]));
    y[1] = Math.sin(x[2]);
    e.argument(0, yKey);
    e.argument(1, e.constant());
    double t = s(e, y, 2.0);
    int tKey = e.key();
    e.statementOfReturned(tKey);
    e.statement(f);
    e.partial(f, 1.0);
    e.partial(tKey, 1.0);
    e.returned(f);
    return value + t;
  }

  /**
   * Σ_i h(x_i, x_{i+1}) + p(x_i, 2): calls two deep and recursive over n inputs, for the test that
   * a grown recording allocates nothing (its frames included).
   */
  static void recordCalls(EdgePushing e, double[] x) {
    int f = e.key();
    e.statement(f);
    for (int i = 0; i + 1 < x.length; i++) {
      e.argument(0, i);
      e.argument(1, i + 1);
      h(e, x[i], x[i + 1]);
      int t = e.key();
      e.statementOfReturned(t);
      e.argument(0, i);
      p(e, x[i], 2);
      int u = e.key();
      e.statementOfReturned(u);
      e.statement(f);
      e.partial(f, 1.0);
      e.partial(t, 1.0);
      e.partial(u, 1.0);
    }
    e.returned(f);
  }

  @Test
  void twoCallsEqualDifferences() {
    check("twoCalls", EdgePushingCallsTest::twoCalls);
  }

  @Test
  void nestedCallsEqualDifferences() {
    check("nested", EdgePushingCallsTest::nested);
  }

  @Test
  void recursionEqualsDifferences() {
    check("recursion", EdgePushingCallsTest::recursion);
  }

  @Test
  void arrayArgumentsEqualDifferences() {
    check("arrays", EdgePushingCallsTest::arrays);
  }

  /** The same callee at the top level reads the keys it is given there, as without calls. */
  @Test
  void aCalleeAtTheTopLevelReadsItsOwnKeys() {
    check("g alone", (e, x) -> g(e, x[0], x[1]) + 0 * x[2] * x[3]);
  }

  @Test
  void misuseOfCallsIsRefused() {
    EdgePushing e = new EdgePushing();
    e.begin(2);
    assertThrows(IllegalStateException.class, () -> e.argument(1, 0), "slot 1 before slot 0");
    assertThrows(IllegalStateException.class, () -> e.statementOfReturned(e.key()), "no callee");
    e.argument(0, 1);
    assertThrows(IllegalStateException.class, () -> e.argument(2, 0), "slot 2 after slot 0");
    assertEquals(1, e.input(0, 0));
    assertThrows(IllegalStateException.class, () -> e.input(1, 1), "a slot not given");
    int v = e.key();
    e.statement(v);
    e.partial(1, 2.0);
    e.returned(v); // closes the call
    e.returned(v); // the method's own
    double[] grad = new double[2];
    e.finish(grad, SparseHessian.dense(2, 0L));
    assertEquals(2.0, grad[1]);
    e.begin(2);
    e.argument(0, 0);
    int w = e.key();
    e.statement(w);
    e.returned(w); // closes the call only
    e.statementOfReturned(w);
    IllegalStateException open =
        assertThrows(IllegalStateException.class, () -> e.finish(new double[2], SparseHessian.dense(2, 0L)));
    assertTrue(open.getMessage().contains("returned"), open.getMessage());
    e.begin(2);
    e.argument(0, 0);
    e.argument(0, 1); // a call in the call
    e.returned(e.key()); // closes the inner call only
    IllegalStateException left =
        assertThrows(IllegalStateException.class, () -> e.finish(new double[2], SparseHessian.dense(2, 0L)));
    assertTrue(left.getMessage().contains("call"), left.getMessage());
  }

  /**
   * An argument's key out of range (an element at an index out of its array) is remembered, not
   * refused where given: the call's argument, evaluated next, throws what the method throws.
   */
  @Test
  void anArgumentKeyNotGivenIsRefusedByFinish() {
    EdgePushing e = new EdgePushing();
    e.begin(2);
    e.argument(0, 7);
    int r = e.key();
    e.statement(r);
    e.partial(e.input(0, 0), 1.0);
    e.returned(r);
    int f = e.key();
    e.statementOfReturned(f);
    e.returned(f);
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> e.finish(new double[2], SparseHessian.dense(2, 0L)));
    assertTrue(thrown.getMessage().contains("7 was not given"), thrown.getMessage());
  }

  // ---------------------------------------------------------------- checks

  private static void check(String name, Recorded program) {
    Random random = new Random(name.hashCode());
    EdgePushing e = new EdgePushing();
    for (int point = 0; point < 3; point++) {
      double[] x = new double[4];
      for (int i = 0; i < x.length; i++) {
        x[i] = 0.3 + random.nextDouble();
      }
      double[] grad = new double[4];
      SparseHessian h = SparseHessian.dense(4, 0L);
      run(e, program, x, grad, h);
      String at = name + " at " + java.util.Arrays.toString(x);
      for (int j = 0; j < 4; j++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[j] += STEP;
        down[j] -= STEP;
        double[] gradUp = new double[4];
        double[] gradDown = new double[4];
        double valueUp = run(e, program, up, gradUp, SparseHessian.dense(4, 0L));
        double valueDown = run(e, program, down, gradDown, SparseHessian.dense(4, 0L));
        close((valueUp - valueDown) / (2 * STEP), grad[j], at + ": gradient " + j);
        for (int i = 0; i < 4; i++) {
          close((gradUp[i] - gradDown[i]) / (2 * STEP), h.get(i, j), at + ": Hessian (" + i + ", " + j + ")");
        }
      }
    }
  }

  private static double run(EdgePushing e, Recorded program, double[] x, double[] grad, SparseHessian h) {
    e.begin(x.length);
    double value = program.run(e, x);
    e.finish(grad, h);
    return value;
  }

  private static void close(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= TOLERANCE * Math.max(1.0, Math.abs(expected)),
        what + ": " + actual + ", by differences " + expected);
  }
}
