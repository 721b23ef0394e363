package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FIXED (review R8 of issue 18): a silently wrong sparse Hessian. {@code mSparsity} read fields
 * (a static {@code int[]} of index pairs, an instance {@code int}) as data deciding the pattern,
 * but the key a refill checks mixed only the parameters and the receiver's identity, so a refill
 * after such a field changed was accepted and read the new Hessian back through the old pattern
 * ((2, 2) = 0.697 where mHessian gives 0.263). Now the key also mixes the value of every field the
 * traced pattern read as data ({@code SparsityTracing.keyedFields}): the refill after a change is
 * refused, and one after the field is set back is accepted and right.
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
    Object pairs = probe.getField("pairs").get(null);
    probe.getField("pairs").set(null, new int[] {2, 3});
    refused(() -> refill.invoke(null, x, new double[4], h));
    probe.getField("pairs").set(null, new int[] {0, 1});
    refill.invoke(null, x, new double[4], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, x), h, "an equal array set back");
    probe.getField("pairs").set(null, pairs);
  }

  private static void refused(org.junit.jupiter.api.function.Executable refill) {
    java.lang.reflect.InvocationTargetException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class, refill);
    org.junit.jupiter.api.Assertions.assertEquals(IllegalArgumentException.class, e.getCause().getClass());
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
    refused(() -> refill.invoke(null, self, x, new double[5], h));
    // Another receiver with the same field: the same pattern, accepted.
    Object other = probe.getConstructor().newInstance();
    refill.invoke(null, other, x, new double[5], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, other, x), h, "another receiver, same shift");
  }
}
