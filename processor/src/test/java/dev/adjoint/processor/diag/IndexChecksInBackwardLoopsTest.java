package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * An element read whose value no derivative needs leaves {@code Checks.index(i, z.length)} where
 * it was (simplify/ElementChecks). In the backward sweep of a counted loop over {@code z.length},
 * {@code for (int i = z.length - 1; i >= 0; i--)}, the index is always in range, and the check
 * goes (it stood in every backward iteration on main at 48031bd); where the loop runs over another
 * array's length it stays, and every kind throws what the original throws.
 */
class IndexChecksInBackwardLoopsTest {
  private static String loopOver(String bound) {
    return foo("  @Differentiable(wrt = \"x\")\n  static double f(double[] x, double[] z) {\n"
        + "    double s = 0;\n    for (int i = 0; i < " + bound + ".length; i++) {\n"
        + "      double b = z[i] + 1;\n      double c = x[i] * 2;\n"
        + "      s += Math.sin(s) * c + b;\n    }\n    return s;\n  }\n");
  }

  @Test
  void aCheckOfTheLoopsOwnArrayGoesFromTheBackwardLoop() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", loopOver("z"));
    String generated =
        c.generatedSourceFile("p.FooDerivatives").orElseThrow().getCharContent(true).toString();
    assertFalse(generated.contains("Checks.index("), generated);
    ClassLoader loader = DiagnosticSources.classes(c);
    Method f = declared(loader.loadClass("p.Foo"), "f", 2);
    Method gradient = declared(loader.loadClass("p.FooDerivatives"), "fGradient", 3);
    double[] x = {0.3, -0.7, 1.1};
    double[] z = {0.5, 2.0, -1.0};
    double[] grad = new double[3];
    assertEquals(f.invoke(null, x, z), gradient.invoke(null, x.clone(), z, grad));
    double h = 1e-6;
    for (int k = 0; k < 3; k++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[k] += h;
      minus[k] -= h;
      double fd = ((double) f.invoke(null, plus, z) - (double) f.invoke(null, minus, z)) / (2 * h);
      assertEquals(fd, grad[k], 1e-6 * Math.max(1, Math.abs(fd)), "gradient " + k);
    }
  }

  @Test
  void aCheckOfAnotherArrayStaysAndEveryKindThrowsWhatTheOriginalThrows() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", loopOver("x"));
    ClassLoader loader = DiagnosticSources.classes(c);
    Method f = declared(loader.loadClass("p.Foo"), "f", 2);
    double[] x = {0.3, -0.7, 1.1};
    double[] z = {0.5, 2.0};
    Throwable original =
        assertThrows(InvocationTargetException.class, () -> f.invoke(null, x, z)).getCause();
    int checked = 0;
    for (Method m : loader.loadClass("p.FooDerivatives").getDeclaredMethods()) {
      if (!m.getName().startsWith("f") || m.isSynthetic() || refillsASparseMatrix(m)
          || (m.getParameterCount() > 0
              && m.getParameterTypes()[0] == dev.adjoint.runtime.SparsityTracer.class)) {
        // A refill needs the matrix its new version makes, and that one runs the refill; the
        // tracing sweep takes handles, not values (SparsityPatternTest checks it).
        continue;
      }
      m.setAccessible(true);
      Object[] args = new Object[m.getParameterCount()];
      Class<?>[] types = m.getParameterTypes();
      // mHessianEdges takes its recording first.
      int first = types[0] == dev.adjoint.runtime.EdgePushing.class ? 1 : 0;
      if (first == 1) {
        dev.adjoint.runtime.EdgePushing edges = new dev.adjoint.runtime.EdgePushing();
        edges.begin(6);
        args[0] = edges;
      }
      args[first] = x.clone();
      args[first + 1] = z.clone();
      for (int k = first + 2; k < args.length; k++) {
        // mHessianVectors takes its directions and products as rows.
        args[k] = types[k] == double[][].class ? new double[1][3] : new double[3];
      }
      Throwable thrown =
          assertThrows(InvocationTargetException.class, () -> m.invoke(null, args), m.getName())
              .getCause();
      assertEquals(original.getClass(), thrown.getClass(), m.getName());
      assertEquals(original.getMessage(), thrown.getMessage(), m.getName());
      checked++;
    }
    assertTrue(
        checked >= 5,
        "gradient, derivative, Hessian-vector product(s), Hessian: " + checked);
  }

  private static Method declared(Class<?> c, String name, int parameters) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters");
  }

  private static boolean refillsASparseMatrix(Method m) {
    Class<?> last = m.getParameterTypes()[m.getParameterCount() - 1];
    return last == dev.adjoint.runtime.SparseHessian.class || last == dev.adjoint.runtime.SparseJacobian.class;
  }
}
