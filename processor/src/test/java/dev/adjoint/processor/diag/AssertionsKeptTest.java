package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An {@code assert} of a {@code @Differentiable} method is kept in every generated method: with
 * assertions enabled, each fails where the original fails, with the same message (it is Java's
 * assert, so condition and message are evaluated once, only then); with assertions disabled (for the classes of a class loader of their own), none
 * evaluates either, and each returns what it returns without the assert.
 */
class AssertionsKeptTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      public class Foo {
        @Differentiable
        public static double f(double x, double y) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += Math.sin(x * i) * y;
            assert s < 2 : "s is " + s + " at " + i;
          }
          assert x < 1.5 : x;
          return s * s + x * y;
        }
      }
      """;

  /** Each generated method of f, called at (x, y): what it throws, or null. */
  private static List<Throwable> thrownByEachKind(Class<?> companion, double x, double y)
      throws ReflectiveOperationException {
    List<Throwable> thrown = new ArrayList<>();
    double[] v = {0.3, -0.7};
    Object[][] calls = {
      {"fGradient", new Object[] {x, y, new double[2]}},
      {"fDerivative", new Object[] {x, y, v}},
      {"fHessianVector", new Object[] {x, y, v, new double[2], new double[2]}},
      {"fHessian", new Object[] {x, y}},
    };
    for (Object[] call : calls) {
      Object[] args = (Object[]) call[1];
      Method m = find(companion, (String) call[0], args.length);
      try {
        m.invoke(null, args);
        thrown.add(null);
      } catch (InvocationTargetException e) {
        thrown.add(e.getCause());
      }
    }
    return thrown;
  }

  private static Method find(Class<?> c, String name, int arity) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + arity + " parameters");
  }

  private static Throwable thrownByOriginal(Class<?> original, double x, double y)
      throws ReflectiveOperationException {
    try {
      original.getMethod("f", double.class, double.class).invoke(null, x, y);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  @Test
  void assertsFailWhereTheOriginalFailsWhenEnabledAndAreSkippedWhenDisabled() throws Exception {
    Compilation c = expectClean("p.Foo", SOURCE);
    for (boolean enabled : new boolean[] {true, false}) {
      ClassLoader loader = classes(c);
      loader.setDefaultAssertionStatus(enabled);
      Class<?> original = loader.loadClass("p.Foo");
      Class<?> companion = loader.loadClass("p.FooDerivatives");
      // (1.0, 1.0): no assert fails; (2.0, 0.1): x < 1.5 fails; (1.0, 3.0): s < 2 fails in the loop.
      for (double[] at : new double[][] {{1.0, 1.0}, {2.0, 0.1}, {1.0, 3.0}}) {
        String where = (enabled ? "enabled" : "disabled") + " at " + at[0] + ", " + at[1];
        Throwable expected = thrownByOriginal(original, at[0], at[1]);
        if (!enabled || at[0] == 1.0 && at[1] == 1.0) {
          assertNull(expected, where + ": the original");
        } else {
          assertInstanceOf(AssertionError.class, expected, where);
        }
        for (Throwable t : thrownByEachKind(companion, at[0], at[1])) {
          if (expected == null) {
            assertNull(t, where);
          } else {
            assertInstanceOf(AssertionError.class, t, where);
            assertEquals(expected.getMessage(), t.getMessage(), where);
          }
        }
      }
    }
  }
}
