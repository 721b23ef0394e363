package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * FIXED (review R7, issue 18): the tracing sweep runs both sides of a branch on a value, and so
 * evaluated indices that the original only evaluates on one side. {@code guarded(x, k)} with
 * {@code k == x.length} is a valid call wherever {@code x[0] <= 0}, and its dense Hessian exists,
 * but {@code mHessianSparse} threw ArrayIndexOutOfBoundsException from {@code guardedSparsity}; the
 * same for a {@code ?:} on a value. Now a handle read or store on such a side goes through
 * {@code SparsitySets.element}/{@code store}, which add nothing where the index is out of range
 * (every run taking that side throws there, so no entry is missed).
 */
class SparsityBothSidesIndexTest {
  private static final String SOURCE =
      """
      package r7b;
      import dev.adjoint.Differentiable;
      public class B {
        @Differentiable(wrt = "x")
        public static double guarded(double[] x, int k) {
          double s = x[0] * x[1];
          if (x[0] > 0) {
            s += x[k] * x[1];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        public static double chosen(double[] x, int k) {
          return x[0] * (x[0] > 0 ? x[k] : x[1]);
        }
      }
      """;

  @Test
  void aSideNotTakenReadsPastTheEnd() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7b.B", SOURCE));
    assertThat(compilation).succeeded();
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("r7b.BDerivatives");
    double[] x = {-0.5, 0.7};
    for (String name : new String[] {"guarded", "chosen"}) {
      Method dense = c.getMethod(name + "Hessian", double[].class, int.class);
      Method sparse = c.getMethod(name + "HessianSparse", double[].class, int.class);
      SparseKindsCheck.sameEntries(
          (double[][]) dense.invoke(null, x, 2), (SparseHessian) sparse.invoke(null, x, 2), name);
    }
  }
}
