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
 * FINDING (random-program test, seed 20240611, Gen28.m9, minimised): a call of a
 * {@code @Differentiable} method that takes an array, inside a loop, runs twice in reverse mode:
 * the forward sweep calls the callee for its value ({@code g = C.g(r, b);}) and the backward sweep
 * calls its gradient ({@code CDerivatives.gGradient(r, b, gGrad);}) for the partials. The numbers
 * are right, but the callee's calls made as statements (here {@code touch}) run twice per
 * iteration, where README promises "once each time the statement runs, in the forward sweep
 * only"; and every such call costs a callee and a callee gradient.
 *
 * <p>Expected: {@code touched} is 1 after each of {@code s}, {@code sGradient}, {@code
 * sHessianVector}, {@code fVectorJacobian}. Actual: 1, 2, 2, 2 ({@code fJacobianVector} runs it
 * once).
 *
 * <p>Root cause (lines at ff6bb95, where the fuzz branch starts): {@code
 * diff/ReverseMode.java:227-229}, {@code else if (inLoop && passesArrays(a.value()) &&
 * !forSecondOrder)}: "Only the value here; the backward sweep calls the companion for the
 * partials", with {@code passesArrays} (ReverseMode.java:661) excluding such calls from the
 * recorded partials (line 214). On main at 05eb4d5 the same decision is {@code
 * diff/SweepPlanner.java:129-130} ({@code passesArrays} gives {@code CallPartials.CALLED_AGAIN},
 * or {@code CALLED_AGAIN_AND_FORWARD} for second order), emitted at {@code ReverseMode.java:268-270};
 * the reproduction fails there in the same way. Right: call the companion's gradient once in
 * the forward sweep, as for calls outside loops, and record the partials it leaves (the array's
 * length plus the doubles: push them, pop them back into {@code gGrad} in the backward sweep), as
 * line 214 does for calls without arrays; or, if recomputation is kept for memory, say so in
 * README and exclude effects from it. Harness guard: {@code ProgramGenerator.sameClassCall},
 * KNOWN BUGS ({@code loopDepth() > 0}).
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
    assertEquals(1, touched.getInt(null), "sGradient"); // actual: 2

    touched.setInt(null, 0);
    method(d, "sHessianVector", 5)
        .invoke(null, 0.3, 0.2, new double[] {1, 1}, new double[2], new double[2]);
    assertEquals(1, touched.getInt(null), "sHessianVector"); // actual: 2

    touched.setInt(null, 0);
    method(d, "fVectorJacobian", 4).invoke(null, 0.3, 0.2, new double[] {1, 1}, new double[2]);
    assertEquals(1, touched.getInt(null), "fVectorJacobian"); // actual: 2
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
