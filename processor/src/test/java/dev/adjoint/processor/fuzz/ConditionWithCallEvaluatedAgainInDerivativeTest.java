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
 * FIXED (random-program test, seed 20240611, Gen9.m7, minimised): {@code CallSites} now computes
 * a condition with a call once into a boolean local, where the source computes it (inside the
 * branch of the outer {@code ?:}, which becomes an if/else), and the partials read the local. Was:
 * a call in the condition of a
 * nested {@code ?:} is evaluated again by the derivative, so the callee runs more often than in
 * the original: its calls made as statements (here {@code touch}) run twice in {@code fGradient}
 * and three times in {@code fHessianVector}, once in {@code f} and {@code fDerivative}.
 *
 * <p>Expected: {@code touched} is 1 after each of {@code f}, {@code fGradient}, {@code
 * fDerivative}, {@code fHessianVector}. Actual: 1, 2, 1, 3. (The numbers are right; only the
 * callee's effects, and its cost, are repeated.)
 *
 * <p>Root cause: {@code diff/Linearizer.java:82}, {@code out.merge(u, cond(c.condition(), t, f),
 * ...)}: the partials of {@code c ? x : y} are written as {@code c ? ∂x : ∂y} with the condition
 * copied verbatim, calls included. The reverse sweep prints
 *
 * <pre>
 * double result = (b < 3 ? (C.g(a) <= 0.5 && a >= 0.1 ? Math.log(1 + c * c) : Math.cos(c)) : c) + 0.5 * a;
 * double cBar = b < 3 ? (C.g(a) <= 0.5 && a >= 0.1 ? 2.0 * c / (1.0 + c * c) : -Math.sin(c)) : 1.0;
 * </pre>
 *
 * where {@code g} must run once. (A condition with a call at the top of the {@code ?:} is shared
 * already, {@code double gA = C.g(a);}; one inside a branch, or after {@code &&}, is not.) Right:
 * a condition that contains a call is evaluated once into a boolean local where the source
 * evaluates it (inside the branch, after the short circuit, as {@code CallSites.hoist} does for
 * differentiated calls) and that local is what the partials read; or the condition is recorded
 * as a decision, as {@code If} statements are ({@code ReverseMode}'s {@code branch} flags). (An
 * {@code if} whose condition calls a method now keeps its decision so.)
 */
class ConditionWithCallEvaluatedAgainInDerivativeTest {
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
        static double f(double a, double b, double c) {
          return (b < 3 ? ((g(a) <= 0.5 && a >= 0.1) ? Math.log(1 + c * c) : Math.cos(c)) : c)
              + 0.5 * a;
        }
      }
      """;

  @Test
  void theCalleeInTheConditionRunsOnceInEveryKind() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    touched.setInt(null, 0);
    method(c, "f", 3).invoke(null, 0.3, 1.0, 0.2);
    assertEquals(1, touched.getInt(null), "f");

    touched.setInt(null, 0);
    method(d, "fGradient", 4).invoke(null, 0.3, 1.0, 0.2, new double[3]);
    assertEquals(1, touched.getInt(null), "fGradient"); // actual: 2

    touched.setInt(null, 0);
    method(d, "fDerivative", 4).invoke(null, 0.3, 1.0, 0.2, new double[3]);
    assertEquals(1, touched.getInt(null), "fDerivative");

    touched.setInt(null, 0);
    method(d, "fHessianVector", 6)
        .invoke(null, 0.3, 1.0, 0.2, new double[3], new double[3], new double[3]);
    assertEquals(1, touched.getInt(null), "fHessianVector"); // actual: 3
  }
}
