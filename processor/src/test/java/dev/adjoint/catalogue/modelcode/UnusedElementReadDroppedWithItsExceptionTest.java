package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIXED (found in review of issue 16's integrate at 8bc6366; not caused by it): a local that reads
 * an array element and is never used ({@code double u = x[7];}) was dropped from the gradient with
 * the ArrayIndexOutOfBoundsException Java throws there, so the gradient returned where f throws;
 * the same held for an argument of a helper read in place that the helper never reads. The
 * simplifier took an element read to be free of effects; now each dropped read leaves {@code
 * Checks.index(i, x.length)} where it was (simplify/ElementChecks), unless the same element was
 * read before it. Every generated kind must throw what the original throws, message included.
 */
class UnusedElementReadDroppedWithItsExceptionTest {
  private static final String SOURCE =
      """
      package probes;

      import dev.adjoint.Differentiable;

      public class Probes {
        @Differentiable
        public static double unread(double[] x) {
          double u = x[7];
          return x[0] * x[0];
        }

        @Differentiable
        public static double unreadBelowZero(double[] x, int k) {
          double u = x[k - 1] * 2.0;
          return x[0] * x[1];
        }

        @Differentiable
        public static double unreadInLoop(double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double u = y[i];
            s += x[i] * x[i];
          }
          return s;
        }

        @Differentiable
        public static double unreadHelperArgument(double[] x) {
          return square(x[0], x[7]);
        }

        private static double square(double a, double unused) {
          return a * a;
        }
      }
      """;

  @Test
  void everyKindThrowsWhatTheOriginalThrows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Probes.java");
    Files.writeString(file, SOURCE);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(Compilation.Status.SUCCESS, compilation.status());
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> original = loader.loadClass("probes.Probes");
    Class<?> companion = loader.loadClass("probes.ProbesDerivatives");
    double[] two = {0.3, 0.4};
    check(original, companion, "unread", () -> new Object[] {two.clone()});
    check(original, companion, "unreadBelowZero", () -> new Object[] {two.clone(), 0});
    check(
        original, companion, "unreadInLoop", () -> new Object[] {two.clone(), new double[] {1.0}});
    check(original, companion, "unreadHelperArgument", () -> new Object[] {two.clone()});
  }

  /** Each generated method of {@code name} throws the exception {@code name} throws. */
  private static void check(
      Class<?> original, Class<?> companion, String name, Supplier<Object[]> arguments)
      throws Exception {
    Method f = null;
    for (Method m : original.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        f = m;
      }
    }
    Object[] originalArgs = arguments.get();
    Throwable expected = thrownBy(f, originalArgs);
    int kinds = 0;
    for (Method m : companion.getDeclaredMethods()) {
      Class<?> last = m.getParameterCount() == 0 ? null : m.getParameterTypes()[m.getParameterCount() - 1];
      if (!name.equals(probeOf(original, m.getName()))
          || last == dev.adjoint.runtime.SparseHessian.class
          || last == dev.adjoint.runtime.SparseJacobian.class
          || (m.getParameterCount() > 0
              && m.getParameterTypes()[0] == dev.adjoint.runtime.SparsityTracer.class)) {
        // A refill needs the matrix its new version makes, and that one runs the refill; the
        // tracing sweep takes handles, not values (SparsityPatternTest checks it).
        continue;
      }
      Object[] args = new Object[m.getParameterCount()];
      Class<?>[] types = m.getParameterTypes();
      // mHessianEdges takes its recording first (keys for more inputs than any probe has).
      int first = types.length > 0 && types[0] == dev.adjoint.runtime.EdgePushing.class ? 1 : 0;
      if (first == 1) {
        dev.adjoint.runtime.EdgePushing edges = new dev.adjoint.runtime.EdgePushing();
        edges.begin(64);
        args[0] = edges;
      }
      System.arraycopy(arguments.get(), 0, args, first, originalArgs.length);
      for (int k = first + originalArgs.length; k < args.length; k++) {
        args[k] = filler(types[k]);
      }
      m.setAccessible(true);
      Throwable actual = thrownBy(m, args);
      assertEquals(expected.getClass(), actual.getClass(), m.getName());
      assertEquals(expected.getMessage(), actual.getMessage(), m.getName());
      kinds++;
    }
    assertTrue(kinds >= 3, name + ": only " + kinds + " generated kinds");
  }

  /** The longest method of {@code original} that {@code generated} is a kind of, or null. */
  private static String probeOf(Class<?> original, String generated) {
    String probe = null;
    for (Method m : original.getDeclaredMethods()) {
      String n = m.getName();
      if (generated.length() > n.length()
          && generated.startsWith(n)
          && Character.isUpperCase(generated.charAt(n.length()))
          && (probe == null || n.length() > probe.length())) {
        probe = n;
      }
    }
    return probe;
  }

  private static Object filler(Class<?> type) {
    if (type == double[].class) {
      return new double[64];
    } else if (type == double[][].class) {
      return new double[8][8];
    } else if (type == int.class) {
      return 0;
    }
    return 1.0;
  }

  private static Throwable thrownBy(Method m, Object[] args) {
    InvocationTargetException thrown =
        assertThrows(InvocationTargetException.class, () -> m.invoke(null, args), m.getName());
    return thrown.getCause();
  }
}
