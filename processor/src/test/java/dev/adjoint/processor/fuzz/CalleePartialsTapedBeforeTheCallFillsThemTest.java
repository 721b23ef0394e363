package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * OPEN (found by {@code RandomProgramsTest} with {@code -Dadjoint.fuzz.seed=707000
 * -Dadjoint.fuzz.programs=300} on {@code Gen8.min}, review R6; integrate at c5d9ed5, and also on
 * 712fdb9, so older than issue 17): a silently wrong gradient. In a loop, a call {@code e(m)} of a
 * generated method taking a matrix, after a call made as a statement ({@code g(m[1]);}, a
 * generated method whose body has an unused call), has its partials kept on the tape, but the
 * forward sweep writes
 *
 * <pre>
 *   eGrad = new double[Shapes.size(m)];
 *   tape.push(eGrad);
 *   double e = CDerivatives.eGradient(m, eGrad);
 * </pre>
 *
 * The push is meant to record the partials of the iteration before (ReverseMode.pushPartials,
 * "before it overwrites them"), but the buffer was just allocated anew (CallSites.hoistArguments,
 * a stable length: "one array, allocated where it is declared", yet the allocation stays in the
 * loop), so zeros are pushed; the backward sweep uses the last iteration's partials, then pops
 * zeros for every earlier iteration. Every iteration but the last contributes nothing: here
 * {@code f = 2 m[0][0] m[1][2]}, the gradient is half of it ({@code ∂f/∂m[0][0]} is {@code -0.6}
 * where it should be {@code -1.2}); in {@code Gen8.min} it was 1.47 times central differences.
 * Forward mode ({@code fDerivative}) is right; {@code fHessianVector} pushes {@code eGrad} and
 * {@code eGradDot} after allocating them the same way, and its product is half too (1 where it
 * should be 2). Without {@code g(m[1]);} (or with no unused call in
 * {@code g}) the partials are computed again in the backward sweep and the gradient is right.
 * What should be generated: the allocation outside the loop (or the push before it), so that the
 * tape records the partials the previous call left. Checked against central differences of the
 * original and against forward mode; the Hessian-vector product against central differences of
 * forward mode (right here).
 */
class CalleePartialsTapedBeforeTheCallFillsThemTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        @Differentiable
        static double f(double[][] m) {
          double s = 0;
          for (int i = 0; i < 2; i++) {
            g(m[1]);
            s += e(m);
          }
          return s;
        }

        @Differentiable
        static double g(double[] p) {
          Math.log(p[0]);
          return 0;
        }

        @Differentiable
        static double e(double[][] m) {
          return m[0][0] * m[1][2];
        }
      }
      """;

  @Test
  void theGradientCountsEveryIterationsPartials() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Method f = Repro.method(loader.loadClass("repro.C"), "f", 1);
    Class<?> derivatives = loader.loadClass("repro.CDerivatives");
    Method gradient = Repro.method(derivatives, "fGradient", 2);
    Method forward = Repro.method(derivatives, "fDerivative", 2);
    double[][] at = {{0.7, -0.4, 1.1}, {0.9, 0.3, -0.6}};
    double[] grad = new double[6];
    gradient.invoke(null, at, grad);
    double h = 1e-6;
    for (int k = 0; k < 6; k++) {
      double[][] up = {at[0].clone(), at[1].clone()};
      double[][] down = {at[0].clone(), at[1].clone()};
      up[k / 3][k % 3] += h;
      down[k / 3][k % 3] -= h;
      double fd =
          ((double) f.invoke(null, (Object) up) - (double) f.invoke(null, (Object) down)) / (2 * h);
      double[] direction = new double[6];
      direction[k] = 1;
      double tangent = (double) forward.invoke(null, at, direction);
      assertEquals(fd, tangent, 1e-6 * (1 + Math.abs(fd)), "forward mode, element " + k);
      assertEquals(
          tangent, grad[k], 1e-12 * (1 + Math.abs(tangent)), "gradient against forward, " + k);
      assertEquals(fd, grad[k], 1e-6 * (1 + Math.abs(fd)), "gradient against differences, " + k);
    }
  }

  @Test
  void theHessianVectorProductCountsEveryIteration() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> derivatives = loader.loadClass("repro.CDerivatives");
    Method forward = Repro.method(derivatives, "fDerivative", 2);
    Method hessianVector = Repro.method(derivatives, "fHessianVector", 4);
    double[][] at = {{0.7, -0.4, 1.1}, {0.9, 0.3, -0.6}};
    double[] v = {0.5, -1.0, 0.25, 0.75, 1.5, -0.5};
    double[] grad = new double[6];
    double[] hv = new double[6];
    hessianVector.invoke(null, at, v, grad, hv);
    double h = 1e-6;
    double[][] up = {at[0].clone(), at[1].clone()};
    double[][] down = {at[0].clone(), at[1].clone()};
    for (int k = 0; k < 6; k++) {
      up[k / 3][k % 3] += h * v[k];
      down[k / 3][k % 3] -= h * v[k];
    }
    for (int k = 0; k < 6; k++) {
      double[] direction = new double[6];
      direction[k] = 1;
      double fd =
          ((double) forward.invoke(null, up, direction)
                  - (double) forward.invoke(null, down, direction))
              / (2 * h);
      assertEquals(fd, hv[k], 1e-6 * (1 + Math.abs(fd)), "Hessian-vector product, element " + k);
    }
  }
}
