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
 * FIXED (random-program test, long run from seed 5000, e.g. seed 5017 Gen25.sin, minimised): an
 * {@code if} whose branches compute nothing any generated method needs was dropped whole, with the
 * call in its condition, so a callee with effects ran fewer times in the gradient and the forward
 * derivative than in the original (0 for 6 in the random program; here 0 for 1 or 2, depending on
 * whether {@code &&} reaches the second call). {@code simplify/DeadCode} now keeps such a
 * condition, evaluated as written, its value discarded; and a loop whose test makes a call with
 * effects stays even when its body is dead.
 */
class DeadBranchesDropConditionWithEffectsTest {
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
        static double f(double a, double b) {
          if (a > 0 && g(b) > 0.5) {
            double unused = b;
          } else {
            double unused = a;
          }
          int k = 0;
          while (g(a) > 100 && k < 3) {
            k++;
          }
          return a * b;
        }
      }
      """;

  @Test
  void aDeadIfStillEvaluatesItsCondition() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    for (double a : new double[] {0.7, -0.7}) {
      touched.setInt(null, 0);
      method(c, "f", 2).invoke(null, a, 0.9);
      int runs = touched.getInt(null);

      touched.setInt(null, 0);
      double[] grad = new double[2];
      method(d, "fGradient", 3).invoke(null, a, 0.9, grad);
      assertEquals(runs, touched.getInt(null), "fGradient at a = " + a);
      assertEquals(0.9, grad[0], 1e-15);
      assertEquals(a, grad[1], 1e-15);

      touched.setInt(null, 0);
      method(d, "fDerivative", 3).invoke(null, a, 0.9, new double[] {1, 0});
      assertEquals(runs, touched.getInt(null), "fDerivative at a = " + a);

      touched.setInt(null, 0);
      method(d, "fHessianVector", 5)
          .invoke(null, a, 0.9, new double[] {1, 0}, new double[2], new double[2]);
      assertEquals(runs, touched.getInt(null), "fHessianVector at a = " + a);
    }
  }
}
