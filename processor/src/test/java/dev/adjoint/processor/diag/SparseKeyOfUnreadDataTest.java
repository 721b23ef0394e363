package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The refill's key holds the elements of an {@code int[]} only where the traced pattern reads them
 * ({@code idx}, which places the entries), not where they only scale values ({@code counts}: the
 * grid model's 10^6 counts were hashed at every refill). A refill with other counts is accepted and
 * right; one with another {@code idx} is refused.
 */
class SparseKeyOfUnreadDataTest {
  private static final String SOURCE =
      """
      package kd;
      import dev.adjoint.Differentiable;
      public final class K {
        @Differentiable(wrt = "u")
        public static double fit(double[] u, int[] counts, int[] idx) {
          double s = 0;
          for (int k = 0; k < idx.length; k++) {
            s += Math.exp(u[idx[k]] * u[idx[(k + 1) % idx.length]]) - counts[k] * u[idx[k]];
          }
          return s;
        }
      }
      """;

  @Test
  void countsLeftOutOfTheKeyIndicesKept() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("kd.K", SOURCE));
    assertThat(compilation).succeeded();
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("kd.KDerivatives");
    Class<?>[] types = {double[].class, int[].class, int[].class};
    Method dense = c.getMethod("fitHessian", types);
    Method make = c.getMethod("fitHessianSparse", types);
    Method refill = c.getMethod("fitHessianSparse", SparseKindsCheck.append(types, double[].class, SparseHessian.class));
    double[] u = {0.1, -0.2, 0.3, 0.05, -0.1};
    int[] idx = {0, 2, 4};
    SparseHessian h = (SparseHessian) make.invoke(null, u, new int[] {1, 2, 3}, idx);
    int[] counts = {7, 0, 5};
    refill.invoke(null, u, counts, idx, new double[5], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, u, counts, idx), h, "other counts");
    InvocationTargetException e =
        assertThrows(
            InvocationTargetException.class,
            () -> refill.invoke(null, u, counts, new int[] {1, 3, 4}, new double[5], h));
    assertEquals(IllegalArgumentException.class, e.getCause().getClass(), "another idx");
  }
}
