package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * OPEN (review R9, issue 18): a written pattern replays a loop that accumulated into a variable
 * where that variable meets something ({@code PatternWriter.expand}); when the loop lies inside a
 * branch on DATA and the meet after it, the replay is written after the branch, unconditionally,
 * and its indices (and any data its header reads) are not guarded. {@code summed(x, k)} with
 * {@code k == x.length} is a valid call (the branch is not taken, its dense Hessian is zero), but
 * {@code summedHessianSparse} throws ArrayIndexOutOfBoundsException from {@code tracer.meet} in
 * {@code summedHessianPattern}, which is written
 * <pre>
 *   for (int j = k; j <= k + 1; j++) { for (int j2 = k; j2 <= k + 1; j2++) { tracer.meet(j, j2); } }
 * </pre>
 * {@code counted} shows the same for data read in the replayed loop's header ({@code idx[k]}).
 * Not a missed entry (a replay outside its branch only adds pairs), but a valid call refused.
 * Fix: guard every atom a replay records (as atoms read on a side are), and refuse, or replay
 * under the enclosing data conditions, a loop whose header or copied statements may throw.
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
