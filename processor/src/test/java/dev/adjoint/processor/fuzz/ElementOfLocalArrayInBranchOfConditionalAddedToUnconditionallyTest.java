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
 * FIXED (found in review R6, not by the random test): an element of a local array read in one
 * branch of {@code ?:}, {@code s += r[i] * (i > 0 ? r[i - 1] : z)}, got its adjoint as {@code
 * rBar[i - 1] += i > 0 ? r[i] : 0.0;}: the condition guarded the value added but not the index, so
 * at {@code i = 0} the gradient threw {@code ArrayIndexOutOfBoundsException: Index -1} where the
 * original is fine (forward mode read {@code rDot[i - 1]} the same way, and a parameter array's
 * {@code x[i - 1]} too). Now an element that an expression reads only in branches of {@code ?:}
 * has its adjoint update made under their conditions, {@code if (i > 0) rBar[i - 1] += r[i];},
 * and its tangent term {@code (i > 0 ? r[i] * rDot[i - 1] : 0.0)} (diff/ElementGuard). Checked
 * against central differences of the original; every kind, and other shapes: {@code
 * catalogue/modelcode/ElementsReadInBranchesOfConditionalsTest}.
 */
class ElementOfLocalArrayInBranchOfConditionalAddedToUnconditionallyTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        @Differentiable
        static double f(double x, double y, double z) {
          double[] r = new double[6];
          for (int i = 0; i < 6; i++) {
            r[i] = x * i + y;
          }
          double s = 0;
          for (int i = 0; i < 6; i++) {
            s += r[i] * (i > 0 ? r[i - 1] : z);
          }
          return s;
        }
      }
      """;

  @Test
  void theGradientDoesNotReadOutsideTheArray() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Method f = Repro.method(loader.loadClass("repro.C"), "f", 3);
    Method gradient = Repro.method(loader.loadClass("repro.CDerivatives"), "fGradient", 4);
    double[] at = {0.4, -0.3, 1.1};
    double[] grad = new double[3];
    gradient.invoke(null, at[0], at[1], at[2], grad);
    double h = 1e-5;
    for (int j = 0; j < 3; j++) {
      double[] up = at.clone();
      double[] down = at.clone();
      up[j] += h;
      down[j] -= h;
      double fd =
          ((double) f.invoke(null, up[0], up[1], up[2]) - (double) f.invoke(null, down[0], down[1], down[2]))
              / (2 * h);
      assertEquals(fd, grad[j], 1e-6 * (1 + Math.abs(fd)), "gradient " + j);
    }
  }
}
