package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OPEN (review R7, issue 18): a silently wrong sparse Hessian. {@code mSparsity} follows data the
 * way the method does, and that data includes fields ({@code self.shift}, {@code Probe.STEP}) and
 * what data helpers return ({@code Probe.step()}), but the refill's {@code PatternKey} holds only
 * the parameters (and the receiver's identity: emit/SparseMethods.keyStatements). A matrix made
 * while {@code shift == 1} (a tridiagonal pattern, coloured for it) is accepted by the refill after
 * {@code shift = 2}, whose Hessian has entries (i, i+2) outside the pattern: the refill recovers
 * wrong numbers into the old entries ({@code (0, 0) = 1.0} where {@code mHessian} gives 0) and
 * misses the new ones, with no exception. Same with a static field and with a helper that reads
 * one. Expected: either the refill refuses (IllegalArgumentException) or the values are right.
 *
 * <p>Smallest sound fix, proposed: {@code diff/SparsityTracing} refuses (a typed Refusal, the
 * dense pattern) where an expression it keeps as data (a loop condition, a branch on data, an
 * index, a callee's data argument) reads a field that is not a compile-time constant or an enum
 * constant, or calls a data helper that is not a library function known to be pure. The reader
 * knows which fields are constants ({@code VariableElement.getConstantValue()}) but
 * {@code Expr.FieldRef} with {@code Access.DIRECT} does not carry it yet, so the fix needs that
 * typed fact first. Mixing the fields into the key is not enough (helpers, objects' fields).
 * Copy this file into {@code processor/src/test/java/dev/adjoint/processor/diag/} with the fix.
 */
class SparseRefillAfterFieldChangedTest {
  private static final String SOURCE =
      """
      package r7f;
      import dev.adjoint.Differentiable;
      public class Probe {
        public int shift = 1;
        public static int STEP = 1;

        static int step() {
          return STEP;
        }

        @Differentiable
        public double strided(double[] x) {
          double s = 0;
          for (int i = 0; i + shift < x.length; i++) {
            s += x[i] * x[i + shift];
          }
          return s;
        }

        @Differentiable
        public static double staticStrided(double[] x) {
          double s = 0;
          for (int i = 0; i + STEP < x.length; i++) {
            s += x[i] * x[i + STEP];
          }
          return s;
        }

        @Differentiable
        public static double helperStrided(double[] x) {
          double s = 0;
          int k = step();
          for (int i = 0; i + k < x.length; i++) {
            s += x[i] * x[i + k];
          }
          return s;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7f.Probe", SOURCE));
    assertThat(compilation).succeeded();
    loader = DiagnosticSources.classes(compilation);
  }

  private static Method method(String name, int params) throws Exception {
    for (Method m : loader.loadClass("r7f.ProbeDerivatives").getMethods()) {
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

  /** The refill either refuses the matrix or gives the dense Hessian's entries. */
  private static void refusedOrRight(Method refill, Object[] args, double[][] dense, String where)
      throws Exception {
    SparseHessian h = (SparseHessian) args[args.length - 1];
    try {
      refill.invoke(null, args);
    } catch (InvocationTargetException e) {
      assertThrows(IllegalArgumentException.class, () -> { throw e.getCause(); }, where);
      return;
    }
    SparseKindsCheck.sameEntries(dense, h, where);
  }

  @Test
  void receiverFieldChangedBetweenMakeAndRefill() throws Exception {
    Class<?> type = loader.loadClass("r7f.Probe");
    Object self = type.getConstructor().newInstance();
    Field shift = type.getField("shift");
    SparseHessian h = (SparseHessian) method("stridedHessianSparse", 2).invoke(null, self, x(5));
    shift.setInt(self, 2);
    refusedOrRight(
        method("stridedHessianSparse", 4),
        new Object[] {self, x(5), new double[5], h},
        (double[][]) method("stridedHessian", 2).invoke(null, self, x(5)),
        "strided, shift 1 -> 2");
  }

  @Test
  void staticFieldChangedBetweenMakeAndRefill() throws Exception {
    staticChanged("staticStrided");
  }

  @Test
  void staticFieldReadByAHelperChangedBetweenMakeAndRefill() throws Exception {
    staticChanged("helperStrided");
  }

  private static void staticChanged(String name) throws Exception {
    Field step = loader.loadClass("r7f.Probe").getField("STEP");
    step.setInt(null, 1);
    try {
      SparseHessian h = (SparseHessian) method(name + "HessianSparse", 1).invoke(null, (Object) x(5));
      step.setInt(null, 2);
      refusedOrRight(
          method(name + "HessianSparse", 3),
          new Object[] {x(5), new double[5], h},
          (double[][]) method(name + "Hessian", 1).invoke(null, (Object) x(5)),
          name + ", STEP 1 -> 2");
    } finally {
      step.setInt(null, 1);
    }
  }
}
