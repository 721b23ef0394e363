package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.fuzz.Repro.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * FIXED (random-program test, long run from seed 5000: 11 methods in 4,500 programs, e.g. seed
 * 5001 Gen29.m7, minimised): a call with effects in a {@code return} whose value carries no
 * derivative, or in a part of it that carries none, did not run in the forward derivative ({@code
 * fDerivative} 0 runs for 1), nor in a caller's Jacobian-vector product, which calls that
 * derivative. The forward derivative returns the tangent only, so {@code diff/ForwardMode} dropped
 * the returned value with its calls. Now the value is computed, as written, where a call in it may
 * have effects, and dead-code removal keeps it.
 */
class ReturnedCallWithEffectsDroppedByForwardModeTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static int touched;

        static void touch(int k) {
          touched++;
        }

        @Differentiable
        static double g(double x, double y) {
          touch(1);
          return x * y;
        }

        @Differentiable(wrt = "c")
        static double f(double a, double c) {
          return g(a, 2.0) + 0.25 * c;
        }

        @Differentiable(wrt = "c")
        static double h(double a, double c) {
          return a > 0 ? g(a, 3.0) : c;
        }

        @Differentiable
        static double[] v(double c) {
          double[] out = new double[2];
          out[0] = f(1.5, c);
          out[1] = c * c;
          return out;
        }
      }
      """;

  @Test
  void aReturnedCallRunsInTheForwardDerivative() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    for (String name : new String[] {"f", "h"}) {
      for (double a : new double[] {0.7, -0.7}) {
        touched.setInt(null, 0);
        double value = (double) method(c, name, 2).invoke(null, a, 0.3);
        int runs = touched.getInt(null);
        touched.setInt(null, 0);
        double derivative =
            (double) method(d, name + "Derivative", 3).invoke(null, a, 0.3, new double[] {1});
        assertEquals(runs, touched.getInt(null), name + "Derivative at a = " + a);
        double h = 1e-6;
        double difference =
            ((double) method(c, name, 2).invoke(null, a, 0.3 + h)
                    - (double) method(c, name, 2).invoke(null, a, 0.3 - h))
                / (2 * h);
        assertEquals(difference, derivative, 1e-8, name + "Derivative value at a = " + a);
        assertEquals(value, (double) method(c, name, 2).invoke(null, a, 0.3));
      }
    }

    touched.setInt(null, 0);
    method(c, "v", 1).invoke(null, 0.3);
    int runs = touched.getInt(null);
    touched.setInt(null, 0);
    method(d, "vJacobianVector", 3).invoke(null, 0.3, new double[] {1}, new double[2]);
    assertEquals(runs, touched.getInt(null), "vJacobianVector");
  }
}
