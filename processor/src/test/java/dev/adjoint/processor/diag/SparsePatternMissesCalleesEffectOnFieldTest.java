package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FIXED (review R10, issue 18): was a silently wrong sparse Hessian from the first call. A
 * differentiable callee ({@code bumpSquare}) makes a call as a statement that writes a static
 * field ({@code setW(k)}); its own sweep leaves the call out (it reads no field, so nothing
 * refuses it), and {@code read/CalleePatternState} does not count a call made as a statement, so
 * the callee is {@code PatternInputs.ARGUMENTS} and its caller is traced. The caller's sweep calls
 * {@code bumpSquareSparsity} (which does not run {@code setW}) and then reads {@code Probe.W} as
 * data for its loop with the value from before the call (1), while the original and every product
 * read 2: the band at distance 1 is recorded, the band at distance 2 is filled; (0, 0) = 3.0 where
 * {@code mHessian} gives 2.0, entries (i, i + 2) missing, no exception.
 *
 * <p>Was: {@code read/CalleePatternState} exempted calls made as statements. Now a callee making
 * a call of the user's, for its effect, counts as {@code PatternInputs.STATE}, so its caller takes
 * the dense pattern ({@code CALLEE_READS_STATE}). Package {@code diag}.
 */
class SparsePatternMissesCalleesEffectOnFieldTest {
  private static final String SOURCE =
      """
      package r10b;
      import dev.adjoint.Differentiable;
      public final class Probe {
        public static int W = 1;

        static void setW(int v) {
          W = v;
        }

        @Differentiable
        public static double bumpSquare(double[] x, int k) {
          setW(k);
          return x[0] * x[0];
        }

        @Differentiable
        public static double caller(double[] x, int k) {
          double s = bumpSquare(x, k);
          for (int i = 0; i + W < x.length; i++) {
            s += x[i] * x[i + W];
          }
          return s;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r10b.Probe", SOURCE));
    assertThat(compilation).succeeded();
    loader = DiagnosticSources.classes(compilation);
  }

  private static Method method(String name, int params) throws Exception {
    for (Method m : loader.loadClass("r10b.ProbeDerivatives").getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private static double[] x(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.1 * i;
    }
    return x;
  }

  @Test
  void calleeSetsTheFieldTheCallerLoopsOn() throws Exception {
    java.lang.reflect.Field w = loader.loadClass("r10b.Probe").getField("W");
    w.setInt(null, 1);
    SparseHessian h = (SparseHessian) method("callerHessianSparse", 2).invoke(null, x(6), 2);
    w.setInt(null, 1); // the dense Hessian from the same state
    double[][] dense = (double[][]) method("callerHessian", 2).invoke(null, x(6), 2);
    SparseKindsCheck.sameEntries(dense, h, "caller(x, 2): W 1 at entry, bumpSquare sets 2");
  }
}
