package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An array made in a loop lives in a buffer as long as the longest iteration's array; an index
 * past this iteration's length but inside the buffer must throw as Java does, in every generated
 * method, never read what an earlier iteration left there, and throw what Java throws: the same
 * exception, with the same message. Found in review: the gradient returned 2.94 where {@code f}
 * throws; then each kind threw {@code IndexOutOfBoundsException} (from {@code Objects.checkIndex})
 * where {@code f} throws {@code ArrayIndexOutOfBoundsException}.
 */
class LoopArrayIndexPastItsLengthTest {
  /** An element read past the iteration's length, inside the buffer. */
  private static final String READ_PAST =
      "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
          + "    for (int k = 3; k >= 1; k--) {\n      double[] p = new double[k];\n"
          + "      p[0] = x * k;\n      if (k == 3) {\n        p[2] = x;\n      }\n"
          + "      s += p[0] * p[2];\n    }\n    return s;\n  }\n";

  /** An element written past the iteration's length, inside the buffer. */
  private static final String WRITE_PAST =
      "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
          + "    for (int k = 3; k >= 1; k--) {\n      double[] p = new double[k];\n"
          + "      p[0] = x * k;\n      p[3 - k] = x * x;\n"
          + "      s += p[0] * p[k - 1];\n    }\n    return s;\n  }\n";

  /** A negative index. */
  private static final String NEGATIVE =
      "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
          + "    for (int k = 3; k >= 1; k--) {\n      double[] p = new double[k];\n"
          + "      p[k - 1] = x * k;\n      s += p[k - 1] * p[k - 3];\n    }\n    return s;\n  }\n";

  /** A column past the iteration's matrix, inside the buffer. */
  private static final String MATRIX_COLUMN_PAST =
      "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
          + "    for (int k = 3; k >= 1; k--) {\n      double[][] m = new double[k][k];\n"
          + "      m[0][0] = x * k;\n      if (k == 3) {\n        m[1][2] = x;\n      }\n"
          + "      s += m[0][0] * m[1][2];\n    }\n    return s;\n  }\n";

  @ParameterizedTest
  @ValueSource(strings = {READ_PAST, WRITE_PAST, NEGATIVE, MATRIX_COLUMN_PAST})
  void anIndexPastTheIterationsArrayThrowsWhatJavaThrowsInEveryKind(String method)
      throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", foo(method));
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> companion = loader.loadClass("p.FooDerivatives");
    Method f = loader.loadClass("p.Foo").getDeclaredMethod("f", double.class);
    f.setAccessible(true);
    Throwable original =
        assertThrows(InvocationTargetException.class, () -> f.invoke(null, 0.7)).getCause();
    assertEquals(ArrayIndexOutOfBoundsException.class, original.getClass(), "f throws");
    int checked = 0;
    for (Method m : companion.getDeclaredMethods()) {
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
      // mHessianEdges takes its recording first: it must throw what f throws too.
      int first = types[0] == dev.adjoint.runtime.EdgePushing.class ? 1 : 0;
      if (first == 1) {
        dev.adjoint.runtime.EdgePushing edges = new dev.adjoint.runtime.EdgePushing();
        edges.begin(1);
        args[0] = edges;
      }
      args[first] = 0.7;
      for (int k = first + 1; k < args.length; k++) {
        // mHessianVectors takes its directions and products as rows: one of each.
        args[k] = types[k] == double[][].class ? new double[1][1] : new double[1];
      }
      Throwable thrown =
          assertThrows(InvocationTargetException.class, () -> m.invoke(null, args), m.getName())
              .getCause();
      assertEquals(original.getClass(), thrown.getClass(), m.getName() + ": " + thrown);
      assertEquals(original.getMessage(), thrown.getMessage(), m.getName());
      checked++;
    }
    assertTrue(checked >= 4, "gradient, derivative, Hessian-vector product, Hessian: " + checked);
  }

  @Test
  void withinTheLengthTheGradientIsRight() throws Exception {
    Advice.checkGradientOfF(
        DiagnosticSources.expectClean(
            "p.Foo",
            foo("  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
                + "    for (int k = 3; k >= 1; k--) {\n      double[] p = new double[k];\n"
                + "      p[0] = x * k;\n      p[k - 1] += x * x;\n"
                + "      s += p[0] * p[k - 1];\n    }\n    return s;\n  }\n")));
  }

  private static boolean refillsASparseMatrix(Method m) {
    Class<?> last = m.getParameterTypes()[m.getParameterCount() - 1];
    return last == dev.adjoint.runtime.SparseHessian.class || last == dev.adjoint.runtime.SparseJacobian.class;
  }
}
