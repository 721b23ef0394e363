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
 * FIXED (random-program test, seed 3022, Gen11.m6, minimised): a call of a {@code @Differentiable}
 * method on data whose argument holds an integer remainder ({@code g(1 + n % 3)}), as a factor of
 * a product, outside loops, ran again in the gradient, the derivative and the Hessian-vector
 * product: its calls made as statements (here {@code touch}) ran twice where the original runs
 * them once.
 *
 * <p>What was wrong: the partial of {@code a * cos(g(1 + n % 3))} with respect to {@code a} is a
 * copy of the other factor, calls included. Outside loops the locals a statement shares with its
 * partials ({@code SharedSubexpressions}) usually give such a factor one local, but never an
 * expression with an integer division or remainder (which may throw where the source guarded it),
 * so the copy called {@code g} again. ({@code CallInFactorEvaluatedAgainTest} is the same copy in
 * a loop.) Now {@code CallSites} computes every call of a method in a differentiated statement
 * once into a local, which the statement and its partials read.
 */
class CallWithIntegerRemainderInFactorEvaluatedAgainTest {
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
        static double f(double a, int n) {
          return a * Math.cos(g(1 + n % 3));
        }
      }
      """;

  @Test
  void theCallInTheFactorRunsOnce() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field touched = c.getField("touched");

    touched.setInt(null, 0);
    method(c, "f", 2).invoke(null, 0.3, 4);
    assertEquals(1, touched.getInt(null), "f");

    touched.setInt(null, 0);
    method(d, "fGradient", 3).invoke(null, 0.3, 4, new double[1]);
    assertEquals(1, touched.getInt(null), "fGradient"); // was 2

    touched.setInt(null, 0);
    method(d, "fDerivative", 3).invoke(null, 0.3, 4, new double[] {1});
    assertEquals(1, touched.getInt(null), "fDerivative"); // was 2

    touched.setInt(null, 0);
    method(d, "fHessianVector", 5)
        .invoke(null, 0.3, 4, new double[] {1}, new double[1], new double[1]);
    assertEquals(1, touched.getInt(null), "fHessianVector");
  }
}
