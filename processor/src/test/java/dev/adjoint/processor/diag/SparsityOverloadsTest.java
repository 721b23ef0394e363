package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Overloads whose tracing sweeps would have the same parameter types: {@code m(double, int)} and
 * {@code m(int, double)} both became {@code mSparsity(SparsityTracer, int, int)}, and the companion
 * did not compile. Now such overloads get no sweep: their sparse Hessians take the dense pattern
 * (right), a caller's sweep makes every input of their arguments meet, and an overload that does
 * not collide keeps its sweep.
 */
class SparsityOverloadsTest {
  private static final String SOURCE =
      """
      package ov;
      import dev.adjoint.Differentiable;
      public final class Ov {
        @Differentiable(wrt = "x")
        public static double m(double x, int k) {
          return k * x * x;
        }

        @Differentiable(wrt = "x")
        public static double m(int k, double x) {
          return Math.exp(k * x);
        }

        @Differentiable
        public static double m(double[] x) {
          return x[0] * x[1];
        }

        @Differentiable
        public static double caller(double[] x) {
          return m(x[0], 2) + m(3, x[1]) + x[2] * x[2];
        }
      }
      """;

  @Test
  void collidingOverloadsGetTheDensePatternAndCompile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("ov.Ov", SOURCE));
    assertThat(compilation).succeeded();
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("ov.OvDerivatives");
    long sweeps = Arrays.stream(c.getDeclaredMethods()).filter(m -> m.getName().equals("mSparsity")).count();
    assertEquals(1, sweeps, "only m(double[]) keeps its sweep");
    assertTrue(
        Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> m.getName().equals("callerSparsity")),
        "the caller keeps its sweep");
    SparseKindsCheck.sameEntries(
        (double[][]) c.getMethod("mHessian", double.class, int.class).invoke(null, 0.3, 2),
        (SparseHessian) c.getMethod("mHessianSparse", double.class, int.class).invoke(null, 0.3, 2),
        "m(double, int)");
    SparseKindsCheck.sameEntries(
        (double[][]) c.getMethod("mHessian", int.class, double.class).invoke(null, 2, 0.3),
        (SparseHessian) c.getMethod("mHessianSparse", int.class, double.class).invoke(null, 2, 0.3),
        "m(int, double)");
    double[] x = {0.3, -0.2, 0.5};
    Method dense = c.getMethod("callerHessian", double[].class);
    SparseHessian h = (SparseHessian) c.getMethod("callerHessianSparse", double[].class).invoke(null, (Object) x);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, (Object) x), h, "caller");
    assertFalse(h.nonZeros() == 6, "the caller's pattern is traced, not dense");
  }
}
