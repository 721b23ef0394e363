package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * FIXED (review R9, issue 18): a written pattern replays a loop that summed into a variable where
 * that variable meets something ({@code PatternWriter.expand}); a loop inside a branch on data was
 * replayed after the branch, unconditionally, so {@code summed(x, k)} with {@code k == x.length}
 * (a valid call: the branch is not taken) threw ArrayIndexOutOfBoundsException from {@code
 * tracer.meet}, and {@code counted} likewise from the data its header reads ({@code idx[k]}). Now a
 * loop's sum that leaves a branch is not written ({@code WrittenPatterns.merged} refuses it) and
 * the trace, which follows the branch, finds the pattern.
 */
class WrittenPatternLoopReplayedOutsideItsBranchTest {
  private static final String SOURCE =
      """
      package r9;
      import dev.adjoint.Differentiable;
      public class L {
        @Differentiable(wrt = "x")
        public static double summed(double[] x, int k) {
          double s = 0;
          if (k >= 0 && k + 1 < x.length) {
            for (int j = k; j <= k + 1; j++) {
              s += x[j];
            }
          }
          return s * s;
        }

        @Differentiable(wrt = "x")
        public static double counted(double[] x, int[] idx, int k) {
          double s = 0;
          if (k >= 0 && k < idx.length) {
            for (int j = 0; j < idx[k]; j++) {
              s += x[j];
            }
          }
          return s * s;
        }
      }
      """;

  @Test
  void aLoopInABranchOnDataNotTakenIsNotReplayed() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r9.L", SOURCE));
    assertThat(compilation).succeeded();
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("r9.LDerivatives");
    for (Method m : c.getDeclaredMethods()) { // the trace follows the branch; nothing is replayed
      org.junit.jupiter.api.Assertions.assertFalse(
          m.getName().endsWith("HessianPattern"), m.getName() + " written");
    }
    double[] x = {-0.5, 0.7, 0.2};
    Method dense = c.getMethod("summedHessian", double[].class, int.class);
    Method sparse = c.getMethod("summedHessianSparse", double[].class, int.class);
    SparseKindsCheck.sameEntries(
        (double[][]) dense.invoke(null, x, 3), (SparseHessian) sparse.invoke(null, x, 3), "summed, k = 3");
    int[] idx = {2, 3};
    dense = c.getMethod("countedHessian", double[].class, int[].class, int.class);
    sparse = c.getMethod("countedHessianSparse", double[].class, int[].class, int.class);
    SparseKindsCheck.sameEntries(
        (double[][]) dense.invoke(null, x, idx, 2), (SparseHessian) sparse.invoke(null, x, idx, 2), "counted, k = 2");
  }
}
