package dev.adjoint.catalogue;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import dev.adjoint.runtime.Revolve;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loops under binomial checkpointing ({@code @Checkpointed}): an RK4 integrator of a damped
 * pendulum (scalar state), a leapfrog integrator of a nonlinear chain (array state, a labelled
 * loop among others) and a long recurrence. Each checkpointed gradient is checked against finite
 * differences of the original and, bit for bit, against the gradient of the same method without
 * checkpointing; its returned value against the original; its peak tape against the count of one
 * iteration's entries; the iterations it runs against Griewank and Walther's minimum.
 */
class CheckpointedLoopsTest {
  /** Each method twice: checkpointed, and as the plain gradient sees it ({@code ...Plain}). */
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Checkpointed;
      import dev.adjoint.Differentiable;
      public final class Integrators {
        private Integrators() {}

        public static long ticks;

        public static void tick() {
          ticks++;
        }

        public static void guard(int i, int failAt) {
          if (i == failAt) {
            throw new IllegalStateException("step " + i);
          }
        }

        @Differentiable(wrt = {"q0", "p0", "stiffness", "damping"})
        @Checkpointed(snapshots = 4)
        public static double pendulum(double q0, double p0, double stiffness, double damping, int n, double dt) {
          double q = q0;
          double p = p0;
          double action = 0;
          for (int step = 0; step < n; step++) {
            tick();
            double k1q = p;
            double k1p = -stiffness * Math.sin(q) - damping * p;
            double q2 = q + 0.5 * dt * k1q;
            double p2 = p + 0.5 * dt * k1p;
            double k2q = p2;
            double k2p = -stiffness * Math.sin(q2) - damping * p2;
            double q3 = q + 0.5 * dt * k2q;
            double p3 = p + 0.5 * dt * k2p;
            double k3q = p3;
            double k3p = -stiffness * Math.sin(q3) - damping * p3;
            double q4 = q + dt * k3q;
            double p4 = p + dt * k3p;
            double k4q = p4;
            double k4p = -stiffness * Math.sin(q4) - damping * p4;
            q = q + dt / 6.0 * (k1q + 2.0 * k2q + 2.0 * k3q + k4q);
            p = p + dt / 6.0 * (k1p + 2.0 * k2p + 2.0 * k3p + k4p);
            action += dt * (0.5 * p * p - stiffness * (1.0 - Math.cos(q)));
          }
          return action + q * q + 0.5 * p;
        }

        @Differentiable(wrt = {"q0", "p0", "stiffness", "damping"})
        public static double pendulumPlain(double q0, double p0, double stiffness, double damping, int n, double dt) {
          double q = q0;
          double p = p0;
          double action = 0;
          for (int step = 0; step < n; step++) {
            tick();
            double k1q = p;
            double k1p = -stiffness * Math.sin(q) - damping * p;
            double q2 = q + 0.5 * dt * k1q;
            double p2 = p + 0.5 * dt * k1p;
            double k2q = p2;
            double k2p = -stiffness * Math.sin(q2) - damping * p2;
            double q3 = q + 0.5 * dt * k2q;
            double p3 = p + 0.5 * dt * k2p;
            double k3q = p3;
            double k3p = -stiffness * Math.sin(q3) - damping * p3;
            double q4 = q + dt * k3q;
            double p4 = p + dt * k3p;
            double k4q = p4;
            double k4p = -stiffness * Math.sin(q4) - damping * p4;
            q = q + dt / 6.0 * (k1q + 2.0 * k2q + 2.0 * k3q + k4q);
            p = p + dt / 6.0 * (k1p + 2.0 * k2p + 2.0 * k3p + k4p);
            action += dt * (0.5 * p * p - stiffness * (1.0 - Math.cos(q)));
          }
          return action + q * q + 0.5 * p;
        }

        @Differentiable(wrt = {"x0", "stiffness"})
        @Checkpointed(snapshots = 3, loop = "steps")
        public static double chain(double[] x0, double stiffness, int n, double dt) {
          int m = x0.length;
          double[] x = new double[m];
          double[] v = new double[m];
          for (int i = 0; i < m; i++) {
            x[i] = x0[i];
          }
          int parity = 0;
          boolean odd = false;
          steps:
          for (int t = 0; t < n; t++) {
            for (int i = 0; i < m; i++) {
              double left = i > 0 ? x[i - 1] : 0.0;
              double right = i + 1 < m ? x[i + 1] : 0.0;
              double force = stiffness * (left + right - 2.0 * x[i]) - x[i] * x[i] * x[i];
              v[i] = v[i] + dt * force;
            }
            for (int i = 0; i < m; i++) {
              x[i] = x[i] + dt * v[i];
            }
            parity = parity + 1;
            odd = !odd;
          }
          double e = odd ? 1.0 : 2.0;
          for (int i = 0; i < m; i++) {
            e += x[i] * x[i] + v[i] * v[i] * parity;
          }
          return e;
        }

        @Differentiable(wrt = {"x0", "stiffness"})
        public static double chainPlain(double[] x0, double stiffness, int n, double dt) {
          int m = x0.length;
          double[] x = new double[m];
          double[] v = new double[m];
          for (int i = 0; i < m; i++) {
            x[i] = x0[i];
          }
          int parity = 0;
          boolean odd = false;
          for (int t = 0; t < n; t++) {
            for (int i = 0; i < m; i++) {
              double left = i > 0 ? x[i - 1] : 0.0;
              double right = i + 1 < m ? x[i + 1] : 0.0;
              double force = stiffness * (left + right - 2.0 * x[i]) - x[i] * x[i] * x[i];
              v[i] = v[i] + dt * force;
            }
            for (int i = 0; i < m; i++) {
              x[i] = x[i] + dt * v[i];
            }
            parity = parity + 1;
            odd = !odd;
          }
          double e = odd ? 1.0 : 2.0;
          for (int i = 0; i < m; i++) {
            e += x[i] * x[i] + v[i] * v[i] * parity;
          }
          return e;
        }

        @Differentiable(wrt = {"a", "b"})
        @Checkpointed(snapshots = 10)
        public static double recurrence(double a, double b, double x0, int n) {
          double x = x0;
          double sum = 0;
          for (int i = 1; i <= n; i += 1) {
            tick();
            x = Math.tanh(a * x + b / i);
            sum += x * x;
          }
          return sum;
        }

        @Differentiable(wrt = {"a", "b"})
        public static double recurrencePlain(double a, double b, double x0, int n) {
          double x = x0;
          double sum = 0;
          for (int i = 1; i <= n; i += 1) {
            tick();
            x = Math.tanh(a * x + b / i);
            sum += x * x;
          }
          return sum;
        }

        /** d and k are data to the loop's derivative, and changed after it. */
        @Differentiable(wrt = {"a", "x0"})
        @Checkpointed(snapshots = 2)
        public static double inputChangedAfter(double a, double x0, int n) {
          double x = x0;
          double d = 0.3;
          int k = 2;
          for (int i = 0; i < n; i++) {
            x = Math.sin(a * x) + d * k;
          }
          d = 5.0;
          k = 7;
          return x * d + k;
        }

        @Differentiable
        @Checkpointed(snapshots = 3)
        public static double[] trajectory(double[] y0, double c, int n) {
          double[] y = new double[2];
          y[0] = y0[0];
          y[1] = y0[1];
          for (int i = 0; i < n; i++) {
            double a = y[0];
            double b = y[1];
            y[0] = a + 0.1 * b;
            y[1] = b - 0.1 * c * Math.sin(a);
          }
          double[] out = new double[2];
          out[0] = y[0];
          out[1] = y[1] * y[0];
          return out;
        }

        @Differentiable
        public static double[] trajectoryPlain(double[] y0, double c, int n) {
          double[] y = new double[2];
          y[0] = y0[0];
          y[1] = y0[1];
          for (int i = 0; i < n; i++) {
            double a = y[0];
            double b = y[1];
            y[0] = a + 0.1 * b;
            y[1] = b - 0.1 * c * Math.sin(a);
          }
          double[] out = new double[2];
          out[0] = y[0];
          out[1] = y[1] * y[0];
          return out;
        }

        @Differentiable(wrt = {"a"})
        @Checkpointed(snapshots = 3)
        public static double failing(double a, double x0, int n, int failAt) {
          double x = x0;
          for (int i = 0; i < n; i++) {
            guard(i, failAt);
            x = Math.sin(a * x) + x;
          }
          return x;
        }
      }
      """;

  private static ClassLoader loader;
  private static Class<?> original;
  private static Class<?> derivatives;

  @BeforeAll
  static void compile() throws Exception {
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("p.Integrators", SOURCE));
    assertThat(c).succeeded();
    loader = DiagnosticSources.classes(c);
    original = loader.loadClass("p.Integrators");
    derivatives = loader.loadClass("p.IntegratorsDerivatives");
  }

  private static final Class<?>[] PENDULUM = {
    double.class, double.class, double.class, double.class, int.class, double.class
  };

  @Test
  void pendulumGradientMatchesDifferencesAndThePlainGradientBitForBit() throws Exception {
    for (int n : new int[] {0, 1, 2, 7, 50, 333}) {
      Object[] at = {0.7, -0.2, 1.3, 0.15, n, 0.05};
      double[] grad = gradient("pendulum", PENDULUM, at, 4);
      double[] plain = gradient("pendulumPlain", PENDULUM, at, 4);
      assertArrayEquals(plain, grad, "n = " + n);
      for (int k = 0; k < 4; k++) {
        double fd = difference("pendulum", PENDULUM, at, k);
        assertEquals(fd, grad[k], 1e-7 * Math.max(1, Math.abs(fd)), "n = " + n + ", slot " + k);
      }
    }
  }

  /**
   * The Hessian-vector product keeps the ordinary tape: it equals the plain method's, and the
   * differences of the checkpointed gradient; the directional derivative equals the gradient's
   * dot product.
   */
  @Test
  void secondOrderAndForwardModeAgreeWithTheCheckpointedGradient() throws Exception {
    Object[] at = {0.7, -0.2, 1.3, 0.15, 60, 0.05};
    double[] v = {0.3, -1.1, 0.6, 0.9};
    double[] hv = hessianVector("pendulum", at, v);
    assertArrayEquals(hessianVector("pendulumPlain", at, v), hv);
    double h = 1e-5;
    double[] up = gradient("pendulum", PENDULUM, shifted(at, v, h), 4);
    double[] down = gradient("pendulum", PENDULUM, shifted(at, v, -h), 4);
    double[] grad = gradient("pendulum", PENDULUM, at, 4);
    double dot = 0;
    for (int k = 0; k < 4; k++) {
      double fd = (up[k] - down[k]) / (2 * h);
      assertEquals(fd, hv[k], 1e-6 * Math.max(1, Math.abs(fd)), "H v, slot " + k);
      dot += grad[k] * v[k];
    }
    Method derivative =
        derivatives.getMethod("pendulumDerivative", append(PENDULUM, double[].class));
    double forward = (double) derivative.invoke(null, append(copies(at), v.clone()));
    assertEquals(dot, forward, 1e-12 * Math.max(1, Math.abs(dot)));
  }

  private static double[] hessianVector(String name, Object[] at, double[] v) throws Exception {
    Class<?>[] types = append(append(append(PENDULUM, double[].class), double[].class), double[].class);
    Method m = derivatives.getMethod(name + "HessianVector", types);
    double[] hv = new double[4];
    m.invoke(null, append(append(append(copies(at), v.clone()), new double[4]), hv));
    return hv;
  }

  private static Object[] shifted(Object[] at, double[] v, double h) {
    Object[] out = copies(at);
    for (int k = 0; k < v.length; k++) {
      out[k] = (double) out[k] + h * v[k];
    }
    return out;
  }

  @Test
  void chainGradientWithArrayStateMatchesDifferencesAndThePlainGradient() throws Exception {
    Class<?>[] types = {double[].class, double.class, int.class, double.class};
    for (int n : new int[] {0, 1, 5, 40, 101}) {
      double[] x0 = {0.3, -0.5, 0.8, 0.1};
      Object[] at = {x0, 0.9, n, 0.02};
      double[] grad = gradient("chain", types, at, 5);
      double[] plain = gradient("chainPlain", types, at, 5);
      assertArrayEquals(plain, grad, "n = " + n);
      for (int k = 0; k < 5; k++) {
        double fd = chainDifference(at, k);
        assertEquals(fd, grad[k], 1e-7 * Math.max(1, Math.abs(fd)), "n = " + n + ", slot " + k);
      }
    }
  }

  @Test
  void recurrenceRunsTheTheorysIterationsAndKeepsItsTapeBounded() throws Exception {
    Class<?>[] types = {double.class, double.class, double.class, int.class};
    int[] lengths = {1_000, 10_000, 100_000};
    int[] capacities = new int[lengths.length];
    int[] plainCapacities = new int[lengths.length];
    for (int k = 0; k < lengths.length; k++) {
      int n = lengths[k];
      Object[] at = {0.8, 0.4, 0.1, n};
      long before = ticks();
      double[] grad = gradient("recurrence", types, at, 2);
      long runs = ticks() - before;
      // The original, run once to check the value; the gradient runs each iteration taped once,
      // plus the schedule's advances, no more.
      assertEquals(n + n + Revolve.minimumAdvances(n, 10), runs, "n = " + n);
      before = ticks();
      double[] plain = gradient("recurrencePlain", types, at, 2);
      assertEquals(n + n, ticks() - before);
      assertArrayEquals(plain, grad, "n = " + n);
      capacities[k] = tapeCapacityOnAFreshThread("recurrence", types, at);
      plainCapacities[k] = tapeCapacityOnAFreshThread("recurrencePlain", types, at);
    }
    // Without checkpointing the tape grows with n (at least one entry per iteration); with it, it
    // holds one iteration's entries whatever n is.
    for (int k = 0; k < lengths.length; k++) {
      assertTrue(plainCapacities[k] >= lengths[k], "plain tape at n = " + lengths[k]);
      assertTrue(capacities[k] <= 64, "checkpointed tape " + capacities[k] + " at n = " + lengths[k]);
    }
    double fd = difference("recurrence", types, new Object[] {0.8, 0.4, 0.1, 1000}, 0);
    double[] grad = gradient("recurrence", types, new Object[] {0.8, 0.4, 0.1, 1000}, 2);
    assertEquals(fd, grad[0], 1e-7 * Math.max(1, Math.abs(fd)));
  }

  @Test
  void aGradientThatThrowsInsideTheLoopLeavesTapeAndWorkspaceAsTheyWere() throws Exception {
    Class<?>[] types = {double.class, double.class, int.class, int.class};
    Method g = derivatives.getMethod("failingGradient", append(types, double[].class));
    int size = Tape.get().size();
    int mark = Workspace.mark();
    Workspace.release(mark);
    for (int failAt = 0; failAt < 30; failAt += 7) {
      Object[] args = {0.5, 0.2, 30, failAt, new double[1]};
      InvocationTargetException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              InvocationTargetException.class, () -> g.invoke(null, args));
      assertEquals(IllegalStateException.class, e.getCause().getClass());
      assertEquals(size, Tape.get().size());
      assertEquals(mark, Workspace.mark());
      Workspace.release(mark);
    }
    double[] grad = new double[1];
    double value = (double) g.invoke(null, 0.5, 0.2, 30, -1, grad);
    assertEquals((double) original.getMethod("failing", types).invoke(null, 0.5, 0.2, 30, -1), value);
    Object[] at = {0.5, 0.2, 30, -1};
    double fd = difference("failing", types, at, 0);
    assertEquals(fd, grad[0], 1e-7 * Math.max(1, Math.abs(fd)));
  }

  /** A value the loop reads as data, changed after the loop: iterations run again see the old. */
  @Test
  void loopInputsChangedAfterTheLoopAreSnapshotted() throws Exception {
    Class<?>[] types = {double.class, double.class, int.class};
    for (int n : new int[] {1, 3, 17}) {
      Object[] at = {0.9, 0.4, n};
      double[] grad = gradient("inputChangedAfter", types, at, 2);
      for (int k = 0; k < 2; k++) {
        double fd = difference("inputChangedAfter", types, at, k);
        assertEquals(fd, grad[k], 1e-7 * Math.max(1, Math.abs(fd)), "n = " + n + ", slot " + k);
      }
    }
  }

  /** A vector-valued method: its vector-Jacobian products are checkpointed. */
  @Test
  void jacobianOfACheckpointedTrajectoryIsThePlainOne() throws Exception {
    Class<?>[] types = {double[].class, double.class, int.class};
    for (int n : new int[] {0, 1, 9, 40}) {
      Object[] at = {new double[] {0.5, -0.3}, 2.0, n};
      double[][] jacobian =
          (double[][]) derivatives.getMethod("trajectoryJacobian", types).invoke(null, copies(at));
      double[][] plain =
          (double[][])
              derivatives.getMethod("trajectoryPlainJacobian", types).invoke(null, copies(at));
      for (int row = 0; row < 2; row++) {
        assertArrayEquals(plain[row], jacobian[row], "n = " + n + ", row " + row);
      }
      double[] u = {0.7, -1.3};
      double[] vj = new double[3];
      Method product =
          derivatives.getMethod(
              "trajectoryVectorJacobian", double[].class, double.class, int.class, double[].class,
              double[].class);
      product.invoke(null, new double[] {0.5, -0.3}, 2.0, n, u, vj);
      for (int col = 0; col < 3; col++) {
        assertEquals(u[0] * plain[0][col] + u[1] * plain[1][col], vj[col], 1e-12, "n = " + n);
      }
    }
  }

  private static long ticks() throws Exception {
    return original.getField("ticks").getLong(null);
  }

  /** The gradient, checking that its value is the original's, bit for bit. */
  private static double[] gradient(String name, Class<?>[] types, Object[] at, int slots)
      throws Exception {
    Method g = derivatives.getMethod(name + "Gradient", append(types, double[].class));
    double[] grad = new double[slots];
    Object[] args = append(copies(at), grad);
    double value = (double) g.invoke(null, args);
    assertEquals((double) original.getMethod(name, types).invoke(null, copies(at)), value, name);
    return grad;
  }

  private static int tapeCapacityOnAFreshThread(String name, Class<?>[] types, Object[] at)
      throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                gradient(name, types, at, 2);
                result.set(Tape.get().capacity());
              } catch (Throwable e) {
                result.set(e);
              }
            });
    t.start();
    t.join();
    if (result.get() instanceof Throwable e) {
      throw new AssertionError(e);
    }
    return (Integer) result.get();
  }

  /** Fourth-order central difference of the original in scalar argument {@code k}. */
  private static double difference(String name, Class<?>[] types, Object[] at, int k)
      throws Exception {
    Method f = original.getMethod(name, types);
    double h = 1e-4;
    double[] values = new double[4];
    double[] steps = {-2 * h, -h, h, 2 * h};
    for (int s = 0; s < 4; s++) {
      Object[] args = copies(at);
      args[k] = (double) args[k] + steps[s];
      values[s] = (double) f.invoke(null, args);
    }
    return (values[0] - 8 * values[1] + 8 * values[2] - values[3]) / (12 * h);
  }

  /** The chain's gradient slot k: an element of x0 (k < 4), or the stiffness. */
  private static double chainDifference(Object[] at, int k) throws Exception {
    Method f = original.getMethod("chain", double[].class, double.class, int.class, double.class);
    double h = 1e-4;
    double[] values = new double[4];
    double[] steps = {-2 * h, -h, h, 2 * h};
    for (int s = 0; s < 4; s++) {
      Object[] args = copies(at);
      if (k < 4) {
        ((double[]) args[0])[k] += steps[s];
      } else {
        args[1] = (double) args[1] + steps[s];
      }
      values[s] = (double) f.invoke(null, args);
    }
    return (values[0] - 8 * values[1] + 8 * values[2] - values[3]) / (12 * h);
  }

  private static Object[] copies(Object[] at) {
    Object[] out = at.clone();
    for (int k = 0; k < out.length; k++) {
      if (out[k] instanceof double[] a) {
        out[k] = a.clone();
      }
    }
    return out;
  }

  private static <T> T[] append(T[] values, T last) {
    T[] out = java.util.Arrays.copyOf(values, values.length + 1);
    out[values.length] = last;
    return out;
  }
}
