package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FIXED (review R10, issue 18): was a silently wrong sparse Hessian (and Jacobian) from the first
 * call, {@code mHessianSparse(self, x, k)}, no refill needed. A helper computing data that writes
 * a field ({@code setN}, README "Calls": allowed, it runs where the original runs it) is called
 * inside a value expression ({@code double s = setN(k) * x[0] * x[0];}); the tracing sweep keeps
 * only the handles of a value expression, so {@code effectInValueSparsity} never calls {@code
 * setN} and then reads {@code self.n} as data for the loop's bound and index with the value it had
 * before the call (1), while the original, and every product the matrix is filled from, reads the
 * value {@code setN(k)} gave it (2). The pattern is the band at distance 1, the products hold the
 * band at distance 2, and the colouring recovers wrong numbers: (0, 0) = 5.0 where {@code
 * mHessian} gives 4.0, entries (i, i + 2) missing. No exception: the key is computed at entry,
 * before the call, both when the matrix is made and in the refill that fills it.
 *
 * <p>Was: {@code diff/SparsityTracing} noted ({@code leftOut}) only calls made as statements; a
 * data call with effects nested in a value expression was dropped silently. Now any call of the
 * user's that may have effects anywhere in the method is noted ({@code noteCallsWithEffects}), and
 * a sweep that reads a field is then refused: the dense pattern, right. Package {@code diag}.
 */
class SparsePatternTracedWithoutDataHelperEffectTest {
  private static final String SOURCE =
      """
      package r10;
      import dev.adjoint.Differentiable;
      public final class Probe {
        public int n = 1;

        private int setN(int v) {
          n = v;
          return v;
        }

        @Differentiable
        public double effectInValue(double[] x, int k) {
          double s = setN(k) * x[0] * x[0];
          for (int i = 0; i + n < x.length; i++) {
            s += x[i] * x[i + n];
          }
          return s;
        }

        @Differentiable
        public double[] effectInValueVector(double[] x, int k) {
          double[] y = new double[x.length];
          y[0] = setN(k) * x[0];
          for (int i = 0; i + n < x.length; i++) {
            y[i + 1] = y[i + 1] + x[i] * x[i + n];
          }
          return y;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r10.Probe", SOURCE));
    assertThat(compilation).succeeded();
    loader = DiagnosticSources.classes(compilation);
  }

  private static Method method(String name, int params) throws Exception {
    for (Method m : loader.loadClass("r10.ProbeDerivatives").getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  /** A receiver with {@code n == 1}, as each of the two calls compared starts from. */
  private static Object fresh() throws Exception {
    return loader.loadClass("r10.Probe").getConstructor().newInstance();
  }

  private static double[] x(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.1 * i;
    }
    return x;
  }

  @Test
  void hessianMadeAfterHelperChangedTheField() throws Exception {
    SparseHessian h = (SparseHessian) method("effectInValueHessianSparse", 3).invoke(null, fresh(), x(6), 2);
    double[][] dense = (double[][]) method("effectInValueHessian", 3).invoke(null, fresh(), x(6), 2);
    SparseKindsCheck.sameEntries(dense, h, "effectInValue(x, 2): n 1 at entry, setN(2) before the loop");
  }

  @Test
  void jacobianMadeAfterHelperChangedTheField() throws Exception {
    SparseJacobian j =
        (SparseJacobian) method("effectInValueVectorJacobianSparse", 3).invoke(null, fresh(), x(6), 2);
    double[][] dense = (double[][]) method("effectInValueVectorJacobian", 3).invoke(null, fresh(), x(6), 2);
    SparseKindsCheck.sameEntries(dense, j, "effectInValueVector(x, 2): n 1 at entry, setN(2) before the loop");
  }
}
