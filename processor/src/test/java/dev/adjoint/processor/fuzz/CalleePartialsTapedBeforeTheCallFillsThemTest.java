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
 * FIXED (found by {@code RandomProgramsTest} with {@code -Dadjoint.fuzz.seed=707000
 * -Dadjoint.fuzz.programs=300} on {@code Gen8.min}, review R6; older than issue 17): a silently
 * wrong gradient. In a loop, a call {@code e(m)} of a generated method taking a matrix, after a
 * call made as a statement ({@code g(m[1]);}, which may change what {@code e} reads, so {@code e}
 * is not called again in the backward sweep), had its partials kept on the tape, but the forward
 * sweep wrote
 *
 * <pre>
 *   eGrad = new double[Shapes.size(m)];
 *   tape.push(eGrad);
 *   double e = CDerivatives.eGradient(m, eGrad);
 * </pre>
 *
 * The push records the partials of the iteration before, but the array had just been made anew
 * (CallSites.hoistArguments left the allocation before the call, and only a vector's length, not
 * {@code Shapes.size}, let the simplifier move it out of the loop), so zeros were recorded and
 * every iteration but the last added nothing: {@code ∂f/∂m[0][0]} was {@code -0.6} where it is
 * {@code -1.2}, and {@code fHessianVector} was half too. Now a callee's gradient array of a length
 * that is the same everywhere is made once, before the loops around the call (diff/CallSites), so
 * each call overwrites the partials the previous one left only after they are recorded. Checked
 * against central differences of the original and against forward mode; the Hessian-vector
 * product against central differences of forward mode. Every kind, and other loops and
 * arguments: {@code catalogue/modelcode/CalleePartialsTapedInLoopsTest}.
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
