package dev.adjoint.catalogue;

import dev.adjoint.Differentiable;

/**
 * Models whose derivatives throw part-way, after their loops have recorded on the thread's tape and
 * taken arrays from its workspace: a check in the model, data that is missing, an index out of
 * bounds, a callee that throws. {@link ExceptionSafetyTest} calls them thousands of times.
 */
final class FailingModels {
  private FailingModels() {}

  /** A check in the model, called as a statement: the derivatives run it where the model does. */
  static void requireAtMost(double value, double limit) {
    if (value > limit) {
      throw new IllegalArgumentException("running value " + value + " exceeds " + limit);
    }
  }

  /** Data looked up by key: there is none for a negative key. */
  static double weight(int key) {
    if (key < 0) {
      throw new IllegalStateException("no weight for key " + key);
    }
    return 1.0 / (1 + key);
  }

  /** A check that throws for a non-positive argument. */
  static void requirePositive(double z) {
    if (!(z > 0)) {
      throw new ArithmeticException("log of " + z);
    }
  }

  /**
   * A growing running value, recorded on the tape at every step and kept in a local array (from
   * the workspace), checked after every step: fails at the step where it passes {@code limit}.
   */
  @Differentiable(wrt = {"x"})
  static double guardedRecurrence(double[] x, double limit) {
    double[] path = new double[x.length];
    double s = 0.5;
    for (int i = 0; i < x.length; i++) {
      s = s + 1 / (1 + s * x[i] * x[i]);
      path[i] = s;
      requireAtMost(s, limit);
    }
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += path[i] * Math.sin(path[i]);
    }
    return total;
  }

  /** A running value scaled by weights looked up from data: fails at the first negative key. */
  @Differentiable(wrt = {"x"})
  static double weightedRecurrence(double[] x, int[] keys) {
    double s = 1;
    for (int i = 0; i < keys.length; i++) {
      s = Math.cos(s) * weight(keys[i]) + x[i] * s;
    }
    return s * s;
  }

  /** Elements gathered by an index array: an index past the end fails in the generated code. */
  @Differentiable(wrt = {"x"})
  static double gathered(double[] x, int[] index) {
    double[] seen = new double[index.length];
    double s = 0;
    for (int i = 0; i < index.length; i++) {
      s = Math.sin(s + x[index[i]]);
      seen[i] = s * s;
    }
    double total = 0;
    for (double v : seen) {
      total += v;
    }
    return total;
  }

  /** A logarithm that checks its argument. */
  @Differentiable
  static double checkedLog(double z) {
    requirePositive(z);
    return Math.log(z);
  }

  /** Calls a callee that throws inside a recorded loop: fails where {@code x[i] + shift <= 0}. */
  @Differentiable
  static double sumOfLogs(double[] x, double shift) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s = 0.5 * s * s + checkedLog(x[i] + shift);
    }
    return s;
  }

  /**
   * Calls a callee that records on the tape and takes arrays, in a loop of its own that records:
   * each call's tape and workspace nest in the caller's. The limit tightens from call to call: the
   * third fails when the callee's running value passes {@code limit / 3} but not {@code limit / 2}.
   */
  @Differentiable(wrt = {"x"})
  static double nestedCalls(double[] x, double limit) {
    double total = 0;
    for (int k = 1; k <= 3; k++) {
      total = Math.sin(total) + guardedRecurrence(x, limit / k);
    }
    return total;
  }

  /**
   * Guard clauses that throw in the model itself: one on an argument, before anything is recorded,
   * and one inside a loop that records on the tape and fills an array from the workspace.
   */
  @Differentiable(wrt = {"x"})
  static double guardedByThrow(double[] x, double limit) {
    if (!(limit > 0)) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    double[] path = new double[x.length];
    double s = 0.5;
    for (int i = 0; i < x.length; i++) {
      s = s + 1 / (1 + s * x[i] * x[i]);
      path[i] = s;
      if (s > limit) {
        throw new IllegalStateException("running value " + s + " exceeds " + limit + " at step " + i);
      }
    }
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += path[i] * Math.sin(path[i]);
    }
    return total;
  }
}
