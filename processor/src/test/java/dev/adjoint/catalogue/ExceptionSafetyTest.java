package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A generated method that throws part-way leaves the thread's tape and workspace as it found them
 * and lets the original exception through: thousands of failing calls of every kind (a check in
 * the model, missing data, an index out of bounds, a callee that throws, nested calls) leak
 * nothing, and the next call's answer is exact.
 */
class ExceptionSafetyTest {
  private static final int N = 40;

  /**
   * One failing model: the original at failing inputs, and every generated derivative at the same
   * inputs; the same derivatives at inputs where nothing fails, each returning its numbers as one
   * array.
   */
  record Case(String name, Runnable original, List<Runnable> failing, List<Supplier<double[]>> good) {}

  /** The running values of guardedRecurrence, to place its limit. */
  static double[] path(double[] x) {
    double[] path = new double[x.length];
    double s = 0.5;
    for (int i = 0; i < x.length; i++) {
      s = s + 1 / (1 + s * x[i] * x[i]);
      path[i] = s;
    }
    return path;
  }

  static double[] vector(int n, double from, double step) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = from + step * ((i * 7) % n);
    }
    return x;
  }

  /** Value, gradient, Hessian-vector product, directional derivative and Hessian, in one array. */
  static double[] all(
      double value, double[] grad, double[] hv, double derivative, double[][] hessian) {
    List<Double> out = new ArrayList<>();
    out.add(value);
    for (double g : grad) {
      out.add(g);
    }
    for (double h : hv) {
      out.add(h);
    }
    out.add(derivative);
    for (double[] row : hessian) {
      for (double h : row) {
        out.add(h);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The failing models, at {@code n} unknowns. */
  static List<Case> cases(int n) {
    double[] x = vector(n, 0.2, 0.6 / n);
    double[] v = vector(n, -0.5, 1.0 / n);
    double[] running = path(x);
    // Fails at the last step, after every iteration has recorded.
    double limit = 0.5 * (running[n - 2] + running[n - 1]);
    double none = Double.MAX_VALUE;
    int[] keys = new int[n];
    int[] badKeys = new int[n];
    int[] index = new int[n];
    int[] badIndex = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = i % 5;
      badKeys[i] = i == n - 1 ? -1 : keys[i];
      index[i] = (3 * i) % n;
      badIndex[i] = i == n - 1 ? n : index[i];
    }
    double[] logs = vector(n, 0.5, 1.0 / n);
    double[] badLogs = logs.clone();
    badLogs[n - 1] = -2;
    // The first two calls pass (limit and limit / 2 are above every running value), the third not.
    double nestedLimit = 2.5 * running[n - 1];
    List<Case> cases = new ArrayList<>();
    cases.add(
        new Case(
            "a check in the model",
            () -> FailingModels.guardedRecurrence(x, limit),
            List.of(
                () -> FailingModelsDerivatives.guardedRecurrenceGradient(x, limit, new double[n]),
                () -> FailingModelsDerivatives.guardedRecurrenceDerivative(x, limit, v),
                () -> FailingModelsDerivatives.guardedRecurrenceHessianVector(
                    x, limit, v, new double[n], new double[n]),
                () -> FailingModelsDerivatives.guardedRecurrenceHessian(x, limit)),
            List.of(
                () -> {
                  double[] g = new double[n];
                  double[] hv = new double[n];
                  double f = FailingModelsDerivatives.guardedRecurrenceGradient(x, none, g);
                  FailingModelsDerivatives.guardedRecurrenceHessianVector(
                      x, none, v, new double[n], hv);
                  return all(
                      f, g, hv, FailingModelsDerivatives.guardedRecurrenceDerivative(x, none, v),
                      FailingModelsDerivatives.guardedRecurrenceHessian(x, none));
                })));
    cases.add(
        new Case(
            "missing data",
            () -> FailingModels.weightedRecurrence(x, badKeys),
            List.of(
                () -> FailingModelsDerivatives.weightedRecurrenceGradient(x, badKeys, new double[n]),
                () -> FailingModelsDerivatives.weightedRecurrenceDerivative(x, badKeys, v),
                () -> FailingModelsDerivatives.weightedRecurrenceHessianVector(
                    x, badKeys, v, new double[n], new double[n]),
                () -> FailingModelsDerivatives.weightedRecurrenceHessian(x, badKeys)),
            List.of(
                () -> {
                  double[] g = new double[n];
                  double[] hv = new double[n];
                  double f = FailingModelsDerivatives.weightedRecurrenceGradient(x, keys, g);
                  FailingModelsDerivatives.weightedRecurrenceHessianVector(
                      x, keys, v, new double[n], hv);
                  return all(
                      f, g, hv, FailingModelsDerivatives.weightedRecurrenceDerivative(x, keys, v),
                      FailingModelsDerivatives.weightedRecurrenceHessian(x, keys));
                })));
    cases.add(
        new Case(
            "an index out of bounds",
            () -> FailingModels.gathered(x, badIndex),
            List.of(
                () -> FailingModelsDerivatives.gatheredGradient(x, badIndex, new double[n]),
                () -> FailingModelsDerivatives.gatheredDerivative(x, badIndex, v),
                () -> FailingModelsDerivatives.gatheredHessianVector(
                    x, badIndex, v, new double[n], new double[n]),
                () -> FailingModelsDerivatives.gatheredHessian(x, badIndex)),
            List.of(
                () -> {
                  double[] g = new double[n];
                  double[] hv = new double[n];
                  double f = FailingModelsDerivatives.gatheredGradient(x, index, g);
                  FailingModelsDerivatives.gatheredHessianVector(x, index, v, new double[n], hv);
                  return all(
                      f, g, hv, FailingModelsDerivatives.gatheredDerivative(x, index, v),
                      FailingModelsDerivatives.gatheredHessian(x, index));
                })));
    for (double bad : new double[] {limit, -1}) {
      cases.add(
          new Case(
              bad < 0 ? "a guard clause that throws" : "a throw inside a recorded loop",
              () -> FailingModels.guardedByThrow(x, bad),
              List.of(
                  () -> FailingModelsDerivatives.guardedByThrowGradient(x, bad, new double[n]),
                  () -> FailingModelsDerivatives.guardedByThrowDerivative(x, bad, v),
                  () -> FailingModelsDerivatives.guardedByThrowHessianVector(
                      x, bad, v, new double[n], new double[n]),
                  () -> FailingModelsDerivatives.guardedByThrowHessian(x, bad)),
              List.of(
                  () -> {
                    double[] g = new double[n];
                    double[] hv = new double[n];
                    double f = FailingModelsDerivatives.guardedByThrowGradient(x, none, g);
                    FailingModelsDerivatives.guardedByThrowHessianVector(
                        x, none, v, new double[n], hv);
                    return all(
                        f, g, hv, FailingModelsDerivatives.guardedByThrowDerivative(x, none, v),
                        FailingModelsDerivatives.guardedByThrowHessian(x, none));
                  })));
    }
    double[] w = concat(v, 0.5);
    cases.add(
        new Case(
            "a callee that throws",
            () -> FailingModels.sumOfLogs(badLogs, 0.1),
            List.of(
                () -> FailingModelsDerivatives.sumOfLogsGradient(badLogs, 0.1, new double[n + 1]),
                () -> FailingModelsDerivatives.sumOfLogsDerivative(badLogs, 0.1, w),
                () -> FailingModelsDerivatives.sumOfLogsHessianVector(
                    badLogs, 0.1, w, new double[n + 1], new double[n + 1]),
                () -> FailingModelsDerivatives.sumOfLogsHessian(badLogs, 0.1)),
            List.of(
                () -> {
                  double[] g = new double[n + 1];
                  double[] hv = new double[n + 1];
                  double f = FailingModelsDerivatives.sumOfLogsGradient(logs, 0.1, g);
                  FailingModelsDerivatives.sumOfLogsHessianVector(logs, 0.1, w, new double[n + 1], hv);
                  return all(
                      f, g, hv, FailingModelsDerivatives.sumOfLogsDerivative(logs, 0.1, w),
                      FailingModelsDerivatives.sumOfLogsHessian(logs, 0.1));
                })));
    cases.add(
        new Case(
            "nested calls, the third failing",
            () -> FailingModels.nestedCalls(x, nestedLimit),
            List.of(
                () -> FailingModelsDerivatives.nestedCallsGradient(x, nestedLimit, new double[n]),
                () -> FailingModelsDerivatives.nestedCallsDerivative(x, nestedLimit, v),
                () -> FailingModelsDerivatives.nestedCallsHessianVector(
                    x, nestedLimit, v, new double[n], new double[n]),
                () -> FailingModelsDerivatives.nestedCallsHessian(x, nestedLimit)),
            List.of(
                () -> {
                  double[] g = new double[n];
                  double[] hv = new double[n];
                  double f = FailingModelsDerivatives.nestedCallsGradient(x, none, g);
                  FailingModelsDerivatives.nestedCallsHessianVector(x, none, v, new double[n], hv);
                  return all(
                      f, g, hv, FailingModelsDerivatives.nestedCallsDerivative(x, none, v),
                      FailingModelsDerivatives.nestedCallsHessian(x, none));
                })));
    return cases;
  }

  private static double[] concat(double[] a, double last) {
    double[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }

  /** What {@code call} throws; null if it returns. */
  static Throwable thrownBy(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  /** Where the calling thread's workspace stands: the next mark it would hand out. */
  static int workspaceLevel() {
    int mark = Workspace.mark();
    Workspace.release(mark);
    return mark;
  }

  /** Every answer at the good inputs, computed on a thread of its own, whose state is fresh. */
  static List<double[]> freshAnswers(List<Case> cases) throws InterruptedException {
    AtomicReference<List<double[]>> answers = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              List<double[]> out = new ArrayList<>();
              for (Case c : cases) {
                for (Supplier<double[]> good : c.good()) {
                  out.add(good.get());
                }
              }
              answers.set(out);
            });
    t.start();
    t.join();
    return answers.get();
  }

  @Test
  void theExceptionReachingTheCallerIsTheOriginalOne() {
    for (Case c : cases(N)) {
      Throwable original = thrownBy(c.original());
      assertNotNull(original, c.name() + ": the original does not fail");
      for (int kind = 0; kind < c.failing().size(); kind++) {
        Throwable e = thrownBy(c.failing().get(kind));
        String what = c.name() + ", derivative " + kind;
        assertNotNull(e, what + " does not fail");
        assertEquals(original.getClass(), e.getClass(), what);
        assertEquals(original.getMessage(), e.getMessage(), what);
        assertNull(e.getCause(), what);
        assertEquals(0, e.getSuppressed().length, what);
      }
    }
  }

  @Test
  void thousandsOfFailingCallsLeaveTapeAndWorkspaceWhereTheyWere() throws InterruptedException {
    List<Case> cases = cases(N);
    List<double[]> expected = freshAnswers(cases);
    // The caller's own entries and arrays, below the failing calls: they must stay.
    int outer = Workspace.mark();
    double[] mine = Workspace.doubles(3);
    Tape tape = Tape.get();
    tape.push(42.5);
    tape.push(7);
    int tapeSize = tape.size();
    int level = workspaceLevel();
    for (int round = 0; round < 1_000; round++) {
      for (Case c : cases) {
        for (Runnable failing : c.failing()) {
          assertNotNull(thrownBy(failing), c.name());
        }
      }
      assertEquals(tapeSize, tape.size(), "tape entries left after round " + round);
      assertEquals(level, workspaceLevel(), "workspace marks left after round " + round);
    }
    assertEquals(7, tape.popInt());
    assertEquals(42.5, tape.popDouble());
    assertEquals(3, mine.length);
    Workspace.release(outer);
    List<double[]> after = new ArrayList<>();
    for (Case c : cases) {
      for (Supplier<double[]> good : c.good()) {
        after.add(good.get());
      }
    }
    for (int k = 0; k < expected.size(); k++) {
      assertArrayEquals(expected.get(k), after.get(k), "case " + k + " after the failures");
    }
  }

  /**
   * Thousands of failing calls of large problems in a JVM with a 32 MB heap: each leaked call would
   * keep tens of kilobytes, so a leak runs out of memory long before the end.
   */
  @Test
  void thousandsOfLargeFailingCallsRunInASmallHeap() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-Xmx32m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            FailingCallsInASmallHeap.class.getName());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the small-heap run did not end");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("exact after"), text);
  }
}
