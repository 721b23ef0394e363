package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * FIXED (random-program test, seed 2000, Gen9.m4, minimised): {@code CallSites} now computes the
 * inner condition once into a boolean local inside the branch (so no copy of the call is left for
 * the gradient's shared subexpressions to lift), and leaves no differentiable call without its
 * gradient array in the branches it makes (they were never made data calls). Was: a call of a
 * {@code @Differentiable} method with a computed argument, in the condition of a {@code ?:} that
 * is a branch of another {@code ?:} whose other branch calls a differentiable method, crashes the
 * Hessian-vector product: ADJ003, "Adjoint failed with an internal error while differentiating f
 * (java.lang.IllegalStateException: call without its gradient array: g)". The method is in the
 * supported language (README: {@code ?:}, calls of {@code @Differentiable} methods); with {@code
 * g(c)} instead of {@code g(Math.sin(c))}, or {@code order = 1}, it compiles.
 *
 * <p>Expected: the compilation succeeds. Actual: the ADJ003 above on {@code f} (also on main at
 * 05eb4d5).
 *
 * <p>Root cause: {@code CallSites.hoist} turns the outer {@code ?:} into an if/else (its true
 * branch needs {@code g(a)}'s gradient) and leaves the false branch {@code (g(Math.sin(c)) < 1 ? a
 * : b)} as it is, a call without a gradient array in a condition. The gradient's backward sweep
 * then evaluates that condition again (see {@code ConditionWithCallEvaluatedAgainInDerivativeTest},
 * {@code diff/Linearizer.java:82}) and its shared subexpressions lift the call into a temporary,
 * {@code t2 = repro.C.g(java.lang.Math.sin(c));} (printed by {@code -Aadjoint.stages} with {@code
 * order = 1}). Forward mode over that gradient (the Hessian-vector product) linearises {@code t2}'s
 * assignment, an active call without partials: {@code diff/ForwardMode.java:517} ({@code assign})
 * calls {@code Linearizer.coefficients}, which throws at {@code diff/Linearizer.java:115}. The
 * FIXED note in {@code ProgramGenerator} (a call in the condition of a nested ?:) fixed the case
 * at the top of the statement, not this one inside a hoisted branch. Right: evaluate such a
 * condition once in the forward sweep and record the decision (which also fixes the double run),
 * or let forward mode treat a lifted call that has no gradient array, read only by conditions, as
 * data (its tangent is never read).
 */
class HessianVectorCrashOnCallInConditionInsideBranchTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        @Differentiable
        static double g(double x) {
          return x * x;
        }

        @Differentiable
        static double f(double a, double b, double c) {
          return Math.sin(b > 0 ? g(a) : (g(Math.sin(c)) < 1 ? a : b));
        }
      }
      """;

  @Test
  void theHessianVectorProductIsGenerated() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    assertEquals(
        "",
        compilation.errors().stream()
            .map(Diagnostic::toString)
            .reduce("", (a, b) -> a + b + "\n"));
  }
}
