package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * FINDING (random-program test, seed 20240611 Gen15.m5 and seed 1000 Gen20.m9, minimised): a call
 * whose value is never read (a local nobody reads, here {@code boolean unused = g(a) > 0.5;}) is
 * dropped from every generated method with the rest of the dead code, so the callee's calls made as
 * statements (here {@code touch}) do not run at all where the original runs them. Numbers are
 * right.
 *
 * <p>Expected: {@code touched} is 1 after each of {@code f}, {@code fGradient}, {@code
 * fDerivative}, {@code fHessianVector}. Actual: 1, 0, 0, 0 (a vector-valued method's Jacobian
 * products likewise: {@code double t1 = -(m6(...));} unread, 0 runs instead of 1).
 *
 * <p>Root cause: {@code simplify/DeadCode.java:25} ("Every expression in the IR is free of side
 * effects, so an unread assignment can always go") and the branch at lines 105-115 that drops an
 * {@code Assign}/{@code Declare} whose target is not live unless {@code mayThrow(s)} or {@code
 * fillsLive}. Since calls made as statements are supported, a callee (a {@code @Differentiable}
 * method, or a data helper) may have effects. Right: keep an unread assignment whose value
 * contains a call, as a {@code Stmt.Eval} of that call (as {@code fillsLive} already does for a
 * call whose partials are read), in the forward sweep only; or state in README that calls whose
 * values are unused may be dropped, and narrow the promise about calls made as statements to the
 * method's own statements. Harness tolerance: {@code RandomProgramsTest.expectTouches}, KNOWN BUG
 * (fewer runs tolerated in methods that call methods of their class), and {@code
 * ProgramGenerator}'s {@code untouched}.
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
    assertEquals(1, touched.getInt(null), "fGradient"); // actual: 0

    touched.setInt(null, 0);
    method(d, "fDerivative", 2).invoke(null, 0.3, new double[] {1});
    assertEquals(1, touched.getInt(null), "fDerivative"); // actual: 0

    touched.setInt(null, 0);
    method(d, "fHessianVector", 4)
        .invoke(null, 0.3, new double[] {1}, new double[1], new double[1]);
    assertEquals(1, touched.getInt(null), "fHessianVector"); // actual: 0
  }

  private static Method method(Class<?> cls, String name, int parameters) {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters");
  }
}
