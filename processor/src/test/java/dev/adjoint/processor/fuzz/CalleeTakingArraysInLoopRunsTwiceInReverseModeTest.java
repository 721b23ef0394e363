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
 * FIXED (random-program test, seed 20240611, Gen28.m9, minimised): a call of a {@code
 * @Differentiable} method that takes an array, inside a loop, ran twice in reverse mode: the
 * forward sweep called the callee for its value ({@code g = C.g(r, b);}) and the backward sweep
 * called its gradient ({@code CDerivatives.gGradient(r, b, gGrad);}) for the partials, so the
 * callee's calls made as statements (here {@code touch}) ran twice per iteration (1, 2, 2, 2 runs
 * in {@code s}, {@code sGradient}, {@code sHessianVector}, {@code fVectorJacobian}), where README
 * promises once, in the forward sweep only.
 *
 * <p>What was wrong: {@code diff/SweepPlanner} planned {@code CallPartials.CALLED_AGAIN} for every
 * call passing arrays in a loop. Calling again is what keeps the tape small (the partials are as
 * long as the arrays), so it stays for callees without effects; a callee that may have effects
 * ({@code ir.Effects}, decided from its body) has its partials taped instead ({@code
 * CallPartials.TAPE}; a buffer whose length changes, for rows of a matrix, element by element
 * with its length), and runs once per iteration.
 */
class CalleeTakingArraysInLoopRunsTwiceInReverseModeTest {
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
        static double g(double[] w, double a) {
          touch(1);
          return a * a * w[0];
        }

        @Differentiable
        static double s(double a, double b) {
          double[] r = new double[2];
          for (int i = 0; i < 1; i++) {
            b = Math.tanh(g(r, b) + b);
            r[1] = b * a;
          }
          return a * b + r[1];
        }

        @Differentiable
        static double[] f(double a, double b) {
          double[] r = new double[2];
          for (int i = 0; i < 1; i++) {
            b = Math.tanh(g(r, b) + b);
            r[1] = b * a;
          }
          r[0] = a * b;
          return r;
        }
      }
      """;

  @Test
  void theCalleeRunsOncePerIterationInReverseMode() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    touched.setInt(null, 0);
    method(c, "s", 2).invoke(null, 0.3, 0.2);
    assertEquals(1, touched.getInt(null), "s");

    touched.setInt(null, 0);
    method(d, "sGradient", 3).invoke(null, 0.3, 0.2, new double[2]);
    assertEquals(1, touched.getInt(null), "sGradient");

    touched.setInt(null, 0);
    method(d, "sHessianVector", 5)
        .invoke(null, 0.3, 0.2, new double[] {1, 1}, new double[2], new double[2]);
    assertEquals(1, touched.getInt(null), "sHessianVector");

    touched.setInt(null, 0);
    method(d, "fVectorJacobian", 4).invoke(null, 0.3, 0.2, new double[] {1, 1}, new double[2]);
    assertEquals(1, touched.getInt(null), "fVectorJacobian");
  }
}
