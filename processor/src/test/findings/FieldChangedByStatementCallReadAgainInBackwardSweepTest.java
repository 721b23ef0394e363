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
 * OPEN (found while testing branch {@code access}; reproduced there with this public field, whose
 * read the branch leaves as on main at 8886272, so handles do not cause it): a static field read before a call made
 * as a statement that assigns it is read again by the backward sweep, after the call, so the
 * gradient uses its new value. Here {@code f(x) = factor·x (factor = 1) + factor·x² (factor =
 * 2)}: {@code f'(0.7) = 1 + 4·0.7 = 3.8}, but {@code fGradient} gives 4.8 (the partial of {@code
 * a = factor * x}, {@code factor}, is read as 2 in the backward sweep).
 *
 * <p>Root cause: the reverse sweep takes fields as constants of the whole call (diff/ReverseMode
 * and Recomputation read {@code FieldRef}/{@code InstanceField} where the backward sweep needs
 * them); a value a call with effects may change must be saved (a local, or the tape in a loop)
 * before that call, like an overwritten local. Severity: a silently wrong derivative, but only
 * for a model whose helper called as a statement assigns a field the method reads before it.
 */
class FieldChangedByStatementCallReadAgainInBackwardSweepTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static double factor = 1;

        static void bump() {
          factor += 1;
        }

        @Differentiable
        static double f(double x) {
          double a = factor * x;
          bump();
          return a + factor * x * x;
        }
      }
      """;

  @Test
  void theGradientUsesTheValueTheOriginalRead() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Field factor = c.getField("factor");
    double x = 0.7;
    double h = 1e-6;
    factor.setDouble(null, 1);
    double plus = (double) method(c, "f", 1).invoke(null, x + h);
    factor.setDouble(null, 1);
    double minus = (double) method(c, "f", 1).invoke(null, x - h);
    factor.setDouble(null, 1);
    double[] grad = new double[1];
    method(d, "fGradient", 2).invoke(null, x, grad);
    assertEquals((plus - minus) / (2 * h), grad[0], 1e-6);
  }
}
