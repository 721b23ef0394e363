package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.EdgePushing;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a compiled method's {@code mHessianEdges} as the sparse Hessian's edge route does ({@code
 * begin(n)}, the recording, {@code finish}) into the pattern of its own {@code mHessianSparse},
 * and compares the values with the dense {@code mHessian} (to rounding), the gradient with {@code
 * mGradient} and the value with the method's own. Every value is NaN before {@code finish}, so an
 * entry it does not write fails.
 */
final class EdgeRouteCheck {
  private final Class<?> cases;
  private final Class<?> companion;

  EdgeRouteCheck(Class<?> cases, Class<?> companion) {
    this.cases = cases;
    this.companion = companion;
  }

  /** The edge route of {@code name} at {@code args} against the dense Hessian; returns the dense Hessian. */
  double[][] check(String name, Object... args) throws Exception {
    return check(new EdgePushing(), name, args);
  }

  /** As {@link #check(String, Object...)}, recorded into {@code recording} (begun here). */
  double[][] check(EdgePushing recording, String name, Object... args) throws Exception {
    Method m = find(cases, name, args.length);
    Class<?>[] types = m.getParameterTypes();
    Method edges = find(companion, name + "HessianEdges", types.length + 1);
    Method dense = find(companion, name + "Hessian", types.length);
    Method make = find(companion, name + "HessianSparse", types.length);
    Method gradient = find(companion, name + "Gradient", types.length + 1);
    String at = name + Arrays.deepToString(args);
    double[][] expected = (double[][]) dense.invoke(null, args);
    int n = expected.length;
    SparseHessian h = (SparseHessian) make.invoke(null, args);
    Arrays.fill(h.values(), Double.NaN);
    recording.begin(n);
    double value;
    try {
      value = (double) edges.invoke(null, prepend(recording, args));
    } catch (InvocationTargetException e) {
      throw new AssertionError(at + ": mHessianEdges threw", e.getCause());
    }
    double[] grad = new double[n];
    recording.finish(grad, h);
    assertEquals((double) m.invoke(null, args), value, 0.0, at + ": value");
    SparseKindsCheck.sameEntries(expected, h, at);
    double[] g = new double[n];
    Object[] withGrad = Arrays.copyOf(args, args.length + 1);
    withGrad[args.length] = g;
    gradient.invoke(null, withGrad);
    for (int i = 0; i < n; i++) {
      assertEquals(g[i], grad[i], 1e-12 * Math.max(1, Math.abs(g[i])), at + ": gradient " + i);
    }
    return expected;
  }

  /**
   * What the method throws at {@code args} and what its {@code mHessianEdges} throws there: the
   * same class and message (null if neither throws).
   */
  String[] thrown(String name, Object... args) throws Exception {
    Method m = find(cases, name, -1);
    Method edges = find(companion, name + "HessianEdges", m.getParameterCount() + 1);
    EdgePushing recording = new EdgePushing();
    recording.begin(1 << 10);
    return new String[] {describe(m, args), describe(edges, prepend(recording, args))};
  }

  private static String describe(Method m, Object[] args) throws IllegalAccessException {
    try {
      m.invoke(null, args);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
    }
  }

  boolean hasEdges(String name) {
    return Arrays.stream(companion.getDeclaredMethods())
        .anyMatch(g -> g.getName().equals(name + "HessianEdges"));
  }

  private static Object[] prepend(Object first, Object[] args) {
    Object[] all = new Object[args.length + 1];
    all[0] = first;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private static Method find(Class<?> owner, String name, int parameters) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && (parameters < 0 || m.getParameterCount() == parameters)) {
        m.setAccessible(true);
        return m;
      }
    }
    fail(owner.getSimpleName() + " has no " + name + " of " + parameters + " parameters");
    return null;
  }
}
