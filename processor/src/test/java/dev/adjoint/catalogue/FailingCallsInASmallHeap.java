package dev.adjoint.catalogue;

import dev.adjoint.runtime.Tape;
import java.util.Arrays;
import java.util.List;

/**
 * Run by {@link ExceptionSafetyTest} in a JVM of its own with a 32 MB heap: thousands of failing
 * gradient and Hessian-vector calls of a 2000-unknown model, each of which records 2000 values (and
 * as many tangents) on the tape and takes arrays of 2000 from the workspace before it throws; then
 * an exact answer and an empty tape. Exits with 1 on a wrong answer, and dies of OutOfMemoryError
 * if the failing calls leak.
 */
final class FailingCallsInASmallHeap {
  private FailingCallsInASmallHeap() {}

  public static void main(String[] args) {
    int n = 2_000;
    int calls = 5_000;
    List<ExceptionSafetyTest.Case> cases = ExceptionSafetyTest.cases(n);
    ExceptionSafetyTest.Case guarded = cases.get(0);
    ExceptionSafetyTest.Case nested = cases.get(cases.size() - 1);
    double[] x = ExceptionSafetyTest.vector(n, 0.2, 0.6 / n);
    double[] before = gradient(x);
    int failures = 0;
    for (int k = 0; k < calls; k++) {
      ExceptionSafetyTest.Case c = k % 2 == 0 ? guarded : nested;
      // The gradient and the Hessian-vector product; the dense Hessian is too large here.
      Runnable call = c.failing().get(k % 4 < 2 ? 0 : 2);
      if (ExceptionSafetyTest.thrownBy(call) != null) {
        failures++;
      }
    }
    double[] after = gradient(x);
    int tape = Tape.get().size();
    int workspace = ExceptionSafetyTest.workspaceLevel();
    if (failures != calls || !Arrays.equals(before, after) || tape != 0 || workspace != 0) {
      System.out.println(
          failures + " of " + calls + " calls failed; answers equal: " + Arrays.equals(before, after)
              + "; tape entries " + tape + ", workspace level " + workspace);
      System.exit(1);
    }
    System.out.println(calls + " failing calls, exact after, tape and workspace empty");
  }

  private static double[] gradient(double[] x) {
    double[] grad = new double[x.length + 1];
    grad[x.length] = FailingModelsDerivatives.guardedRecurrenceGradient(x, Double.MAX_VALUE, grad);
    return grad;
  }
}
