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
 * FIXED (random-program test, seed 1007, Gen1.m1, minimised): {@code CountedLoop.of} now refuses a
 * loop whose start or bound calls a method, which is then reversed by counting its trips (taped in
 * an enclosing loop), so the bound runs only in the forward loop. Was: the bound of a counted loop that
 * holds a call ({@code k < (int) (1.5 + Math.tanh(g(c)))}) is evaluated again by the backward
 * sweep to run the indices downwards, so the callee runs once more per run of the loop in the
 * gradient: its calls made as statements (here {@code touch}) run 6 times where the original runs
 * them 4 times. Numbers are right.
 *
 * <p>Expected: {@code touched} is 4 after {@code f} and after {@code fGradient}. Actual: 4 and 6.
 * The backward sweep prints {@code for (int k = Math.max((int) (1.5 + Math.tanh(C.g(c))), 0) - 1;
 * k >= 0; k--)}.
 *
 * <p>Root cause: {@code diff/CountedLoop.java:59-68} accepts a loop as counted when its body
 * changes neither the counter nor the variables its bound reads ({@code boundInputs}), and line 76
 * ({@code Expr bound = cond.right();}) reuses the bound expression in the backward loop: a bound
 * that calls a method is taken for recomputable. Right: a bound (or start) that contains a call is
 * not recomputed: either {@code return null} there (the loop is then reversed by recording its
 * trip count), or the bound is evaluated once into an int local before the forward loop (and, in
 * an enclosing loop, recorded), which both loops read.
 */
class CountedLoopBoundWithCallEvaluatedAgainTest {
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

        @Differentiable(wrt = "a")
        static double f(double a, double c) {
          for (int i = 0; i < 2; i++) {
            for (int k = 0; k < (int) (1.5 + Math.tanh(g(c))); k++) {
              a = Math.sin(a);
            }
          }
          return a;
        }
      }
      """;

  @Test
  void theBoundIsEvaluatedAsOftenAsInTheOriginal() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    touched.setInt(null, 0);
    method(c, "f", 2).invoke(null, 0.3, 0.5);
    assertEquals(4, touched.getInt(null), "f");

    touched.setInt(null, 0);
    method(d, "fGradient", 3).invoke(null, 0.3, 0.5, new double[1]);
    assertEquals(4, touched.getInt(null), "fGradient"); // actual: 6
  }
}
