package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thrown message that joins {@code String} data, a parameter and a private field (issue 16,
 * corpus class {@code RobustRegression}: {@code "unknown loss " + loss}), or is such a value
 * alone: every generated kind throws the original's exception with the original's message, a
 * {@code null} string included, and where nothing is thrown the derivatives match differences.
 */
class ThrowMessageOfStringDataTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      public class Loss {
        private final String name;

        public Loss(String name) {
          this.name = name;
        }

        @Differentiable(wrt = "x")
        public double value(double x, String unit) {
          if (x > 2) {
            throw new IllegalArgumentException(x + " is too large for " + name + " in " + unit);
          }
          if (x < -2) {
            throw new IllegalStateException(unit);
          }
          return switch (name) {
            case "squared" -> x * x;
            case "cauchy" -> Math.log1p(x * x);
            default -> throw new UnsupportedOperationException("unknown loss " + name);
          };
        }
      }
      """;

  @Test
  void everyKindThrowsTheOriginalsMessageOrMatchesDifferences() throws Exception {
    Compilation c = expectClean("p.Loss", SOURCE);
    ClassLoader loader = classes(c);
    Class<?> type = loader.loadClass("p.Loss");
    Class<?> companion = loader.loadClass("p.LossDerivatives");
    Method value = type.getMethod("value", double.class, String.class);
    for (String name : new String[] {"squared", "cauchy", "huber", null}) {
      Object loss = type.getConstructor(String.class).newInstance(name);
      for (String unit : new String[] {"metres", null}) {
        for (double x : new double[] {-2.5, -0.7, 1.3, 2.5}) {
          String where = "value(" + x + ", " + unit + ") of loss " + name;
          Throwable expected = thrown(value, loss, x, unit);
          Map<String, Throwable> byKind = thrownByEachKind(companion, loss, x, unit);
          for (Map.Entry<String, Throwable> kind : byKind.entrySet()) {
            String at = where + ", " + kind.getKey();
            if (expected == null) {
              assertEquals(null, kind.getValue(), at);
            } else {
              assertNotNull(kind.getValue(), at + " does not throw " + expected);
              assertEquals(expected.getClass(), kind.getValue().getClass(), at);
              if (!(expected instanceof NullPointerException)) {
                // (A null selector's exception is Java's, whose text names its bytecode.)
                assertEquals(expected.getMessage(), kind.getValue().getMessage(), at);
              }
            }
          }
          if (expected == null) {
            Method gradient = find(companion, "valueGradient", 4);
            GradientCheck.defaults()
                .checkEachCoordinate(
                    y -> call(value, loss, y[0], unit),
                    (y, g) -> call(gradient, null, loss, y[0], unit, g),
                    new double[] {x})
                .assertPassed();
          }
        }
      }
    }
  }

  /** What each generated method of {@code value} throws at {@code x}, or null. */
  private static Map<String, Throwable> thrownByEachKind(
      Class<?> companion, Object loss, double x, String unit) throws ReflectiveOperationException {
    double[] v = {0.6};
    Map<String, Object[]> calls = new LinkedHashMap<>();
    calls.put("valueGradient", new Object[] {loss, x, unit, new double[1]});
    calls.put("valueDerivative", new Object[] {loss, x, unit, v});
    calls.put("valueHessianVector", new Object[] {loss, x, unit, v, new double[1], new double[1]});
    calls.put("valueHessian", new Object[] {loss, x, unit});
    Map<String, Throwable> thrown = new LinkedHashMap<>();
    for (Map.Entry<String, Object[]> call : calls.entrySet()) {
      Object[] args = call.getValue();
      thrown.put(call.getKey(), thrown(find(companion, call.getKey(), args.length), null, args));
    }
    return thrown;
  }

  private static Throwable thrown(Method m, Object receiver, Object... args)
      throws IllegalAccessException {
    try {
      m.invoke(receiver, args);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  private static double call(Method m, Object receiver, Object... args) {
    try {
      return (Double) m.invoke(receiver, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(m.getName() + " failed", e);
    }
  }

  private static Method find(Class<?> c, String name, int arity) {
    return Arrays.stream(c.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterCount() == arity)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " with " + arity + " parameters"));
  }
}
