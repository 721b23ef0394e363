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
 * FIXED (random-program test, seed 20240611 Gen15.m5 and seed 1000 Gen20.m9, minimised): a call
 * whose value is never read (a local nobody reads, here {@code boolean unused = g(a) > 0.5;}) was
 * dropped from every generated method with the rest of the dead code, so the callee's calls made
 * as statements (here {@code touch}) did not run at all where the original runs them (1, 0, 0, 0
 * runs in {@code f}, {@code fGradient}, {@code fDerivative}, {@code fHessianVector}).
 *
 * <p>What was wrong: {@code simplify/DeadCode} took every expression to be free of effects and
 * dropped any unread assignment. Now whether a call may have effects is decided once, by the
 * reader, from the callee's body ({@code ir.Effects}: a differentiable callee that makes a call
 * as a statement, itself or through the differentiable methods it calls), and an unread
 * assignment whose value makes such a call stays: the call alone as a call made as a statement
 * (a companion call as its plain call), any other value assigned as it was.
 */
class DeadCallDroppedWithItsEffectsTest {
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
        static double g(double x) {
          touch(1);
          return x * x;
        }

        @Differentiable
        static double f(double a) {
          boolean unused = g(a) > 0.5;
          return 2 * a;
        }
      }
      """;

  @Test
  void anUnreadCallStillRuns() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    touched.setInt(null, 0);
    method(c, "f", 1).invoke(null, 0.3);
    assertEquals(1, touched.getInt(null), "f");

    touched.setInt(null, 0);
    method(d, "fGradient", 2).invoke(null, 0.3, new double[1]);
    assertEquals(1, touched.getInt(null), "fGradient");

    touched.setInt(null, 0);
    method(d, "fDerivative", 2).invoke(null, 0.3, new double[] {1});
    assertEquals(1, touched.getInt(null), "fDerivative");

    touched.setInt(null, 0);
    method(d, "fHessianVector", 4)
        .invoke(null, 0.3, new double[] {1}, new double[1], new double[1]);
    assertEquals(1, touched.getInt(null), "fHessianVector");
  }
}
