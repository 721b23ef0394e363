package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FAILS TODAY (review R8 of issue 18, integrate at 58fb128): a silently WRONG sparse Hessian.
 *
 * <p>{@code mSparsity} reads fields (static or instance, {@code int}, {@code int[]}, lengths of
 * arrays) as data that decides the pattern ({@code diff/SparsityTracing}: {@code Expr.FieldRef} and
 * {@code Expr.InstanceField} are data), but the key a refill checks ({@code emit/SparseMethods})
 * mixes only the parameters and the receiver's identity ({@code SparsePatterns.mixIdentity}). So a
 * refill after a field changed (a static {@code int[]} of index pairs, an instance {@code int} of
 * the same receiver) is accepted and reads the new Hessian's entries back through the old pattern
 * and colouring: entries are missing, and others are sums of entries of the same colour.
 * Expected: {@code IllegalArgumentException} (or a pattern that holds for every field value).
 * Actual: (2, 2) = 0.697 where mHessian gives 0.263; (0, 0) = 1.0 where mHessian gives 0.0.
 * Related: {@code mixIdentity} hashes {@code System.identityHashCode}, which two live receivers
 * may share, and a callee's receiver held in a field (the {@code Calls.softmax} of
 * {@code SparseKindsDataTest}) is not in the key at all.
 * Fix direction: mix into the key every field value the traced pattern reads as data (transitively
 * through callees' mSparsity), or give methods whose pattern reads a non-constant field no
 * sparsity kind (dense pattern, a typed Refusal), and say so in the Javadoc and contract.
 */
class SparsePatternDecidedByFieldsNotInKeyTest {
  private static final String SOURCE =
      """
      package probe;

      import dev.adjoint.Differentiable;

      public final class Probe {
        public static int[] pairs = {0, 1};
        public int shift = 1;

        @Differentiable(wrt = "x")
        public static double fromStatic(double[] x) {
          return Math.exp(x[pairs[0]] * x[pairs[1]]);
        }

        @Differentiable(wrt = "x")
        public double fromField(double[] x) {
          double s = 0;
          for (int i = 0; i + shift < x.length; i++) {
            s += x[i] * x[i + shift];
          }
          return s;
        }
      }
      """;

  private final Random random = new Random(8);

  private Class<?> companion() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("probe.Probe", SOURCE));
    assertThat(compilation).succeeded();
    return DiagnosticSources.classes(compilation).loadClass("probe.ProbeDerivatives");
  }

  @Test
  void staticIndexFieldChangedAfterTheMatrixWasMade() throws Exception {
    Class<?> companion = companion();
    Class<?> probe = companion.getClassLoader().loadClass("probe.Probe");
    Method make = companion.getMethod("fromStaticHessianSparse", double[].class);
    Method refill = companion.getMethod(
        "fromStaticHessianSparse", double[].class, double[].class, SparseHessian.class);
    Method dense = companion.getMethod("fromStaticHessian", double[].class);
    double[] x = random.doubles(4, -1, 1).toArray();
    SparseHessian h = (SparseHessian) make.invoke(null, x);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, x), h, "made");
    probe.getField("pairs").set(null, new int[] {2, 3});
    refill.invoke(null, x, new double[4], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, x), h, "refilled after pairs changed");
  }

  @Test
  void receiverIntFieldChangedAfterTheMatrixWasMade() throws Exception {
    Class<?> companion = companion();
    Class<?> probe = companion.getClassLoader().loadClass("probe.Probe");
    Object self = probe.getConstructor().newInstance();
    Method make = companion.getMethod("fromFieldHessianSparse", probe, double[].class);
    Method refill = companion.getMethod(
        "fromFieldHessianSparse", probe, double[].class, double[].class, SparseHessian.class);
    Method dense = companion.getMethod("fromFieldHessian", probe, double[].class);
    double[] x = random.doubles(5, -1, 1).toArray();
    SparseHessian h = (SparseHessian) make.invoke(null, self, x);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, self, x), h, "made");
    probe.getField("shift").set(self, 2);
    refill.invoke(null, self, x, new double[5], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, self, x), h, "refilled after shift changed");
  }
}
