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
 * FIXED (random-program test, seed 1003, Gen5.m5, minimised): {@code CallSites} now computes every
 * call of a method in a differentiated statement once into a local, which the statement, its
 * partials and its tangent read; in a loop the local is taped like any value the backward sweep
 * reads. Was: a call that carries no derivative
 * (here {@code g(c)}, {@code c} not differentiated) in a factor of a product, in a loop, is
 * evaluated again by the backward sweep, so the callee runs twice per iteration in the gradient:
 * its calls made as statements (here {@code touch}) run 4 times where the original runs them
 * twice. Numbers are right.
 *
 * <p>Expected: {@code touched} is 2 after each of {@code f}, {@code fGradient}, {@code
 * fDerivative}, {@code fHessianVector}. Actual: 2, 4, 4, 6. The gradient prints, in the forward
 * loop {@code u[0] = u[0] * Math.sin(C.g(c));} and in the backward loop {@code uBar[0] +=
 * uBarElement * Math.sin(C.g(c));}; forward mode {@code uDot[0] = Math.sin(C.g(c)) * uDot[0];}
 * before {@code u[0] = u[0] * Math.sin(C.g(c));}.
 *
 * <p>Root cause: the same as {@code ConditionWithCallEvaluatedAgainInDerivativeTest}, another
 * path: {@code diff/Linearizer.java} writes the partials of a product verbatim from the other
 * factor ({@code case MUL -> walk(l, mul(scale, r), ...)}), calls included, and forward mode
 * ({@code diff/ForwardMode.java}, the tangent of the statement) copies it likewise; outside loops the
 * statement's shared subexpressions ({@code SharedSubexpressions.plan}, from {@code
 * ReverseMode.plan} with {@code withPrimal}) give the call one temporary, but in a loop the
 * backward sweep recomputes the partial. ({@code CallSites.hoist} moves out only calls whose
 * derivative is needed, {@code needsGradient}.) Right: a call in a statement whose partials are
 * needed is hoisted into a temporary in the forward sweep whatever its activity, and the
 * temporary recorded in loops like any value the backward sweep reads.
 */
class CallInFactorEvaluatedAgainTest {
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
          double[] u = new double[2];
          u[0] = a;
          for (int k = 0; k < 2; k++) {
            u[0] *= Math.sin(g(c));
          }
          return u[0];
        }
      }
      """;

  @Test
  void theCallInTheFactorRunsOncePerIteration() throws Exception {
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
    assertEquals(2, touched.getInt(null), "f");

    touched.setInt(null, 0);
    method(d, "fGradient", 3).invoke(null, 0.3, 0.5, new double[1]);
    assertEquals(2, touched.getInt(null), "fGradient"); // actual: 4

    touched.setInt(null, 0);
    method(d, "fDerivative", 3).invoke(null, 0.3, 0.5, new double[] {1});
    assertEquals(2, touched.getInt(null), "fDerivative"); // actual: 4

    touched.setInt(null, 0);
    method(d, "fHessianVector", 5)
        .invoke(null, 0.3, 0.5, new double[] {1}, new double[1], new double[1]);
    assertEquals(2, touched.getInt(null), "fHessianVector"); // actual: 6
  }
}
