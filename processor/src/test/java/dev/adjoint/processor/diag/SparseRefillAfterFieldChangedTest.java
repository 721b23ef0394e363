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
 * FIXED (review R7, issue 18): a silently wrong sparse Hessian. {@code mSparsity} follows data the
 * way the method does, and that data included fields ({@code self.shift}, {@code Probe.STEP}) and
 * what data helpers return ({@code Probe.step()}), but the refill's {@code PatternKey} held only the
 * parameters and the receiver's identity: a matrix made while {@code shift == 1} (tridiagonal) was
 * refilled after {@code shift = 2} with wrong numbers ((0, 0) = 1.0 where {@code mHessian} gives 0)
 * and the new entries missed, without an exception. Now the key mixes the fields the sweep reads as
 * data (the refill is refused after one changed), and a data helper deciding the pattern gives the
 * method the dense pattern ({@code SparsityTracing.Refusal.DATA_HELPER}), as does a callee whose
 * own pattern may read fields ({@code CALLEE_READS_STATE}): right values at every refill.
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

  private static final String MODEL =
      """
      package r7g;
      import dev.adjoint.Differentiable;
      public final class Model {
        private int shift = 1;
        private final double scale = 2.0;
        static final int WIDTH = 1;
        public static int calls;

        public void setShift(int shift) {
          this.shift = shift;
        }

        @Differentiable
        public double band(double[] x) {
          double s = 0;
          for (int i = 0; i + shift < x.length; i++) {
            s += scale * x[i] * x[i + shift];
          }
          return s;
        }

        @Differentiable
        public double caller(double[] x) {
          return band(x) + x[0] * x[0];
        }

        @Differentiable
        public static double constantWidth(double[] x) {
          double s = 0;
          for (int i = 0; i + WIDTH < x.length; i++) {
            s += x[i] * x[i + WIDTH];
          }
          return s;
        }

        static void count() {
          calls++;
        }

        @Differentiable
        public static double counted(double[] x) {
          count();
          return x[0] * x[1];
        }

        public static int width = 1;

        @Differentiable
        public static double countedBand(double[] x) {
          count();
          double s = 0;
          for (int i = 0; i + width < x.length; i++) {
            s += x[i] * x[i + width];
          }
          return s;
        }
      }
      """;

  /**
   * A private field read through a handle is keyed; a callee whose own pattern reads a field of
   * its receiver gives its caller the dense pattern (right after the field changed); a constant
   * is left out of the key.
   */
  @Test
  void privateFieldKeyedAndCalleeReadingFieldsDense() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7g.Model", MODEL));
    assertThat(compilation).succeeded();
    ClassLoader classes = DiagnosticSources.classes(compilation);
    Class<?> type = classes.loadClass("r7g.Model");
    Class<?> companion = classes.loadClass("r7g.ModelDerivatives");
    Object self = type.getConstructor().newInstance();
    Method band = companion.getMethod("bandHessianSparse", type, double[].class);
    Method bandRefill =
        companion.getMethod("bandHessianSparse", type, double[].class, double[].class, SparseHessian.class);
    Method caller = companion.getMethod("callerHessianSparse", type, double[].class);
    Method callerRefill =
        companion.getMethod("callerHessianSparse", type, double[].class, double[].class, SparseHessian.class);
    SparseHessian h = (SparseHessian) band.invoke(null, self, x(6));
    SparseHessian c = (SparseHessian) caller.invoke(null, self, x(6));
    org.junit.jupiter.api.Assertions.assertEquals(6 * 7 / 2, c.nonZeros(), "caller: dense pattern");
    type.getMethod("setShift", int.class).invoke(self, 2);
    InvocationTargetException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvocationTargetException.class, () -> bandRefill.invoke(null, self, x(6), new double[6], h));
    org.junit.jupiter.api.Assertions.assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    callerRefill.invoke(null, self, x(6), new double[6], c);
    SparseKindsCheck.sameEntries(
        (double[][]) companion.getMethod("callerHessian", type, double[].class).invoke(null, self, x(6)),
        c,
        "caller, shift 1 -> 2");
    String source =
        compilation.generatedSourceFile("r7g.ModelDerivatives").orElseThrow().getCharContent(true).toString();
    String constant = source.substring(source.indexOf("constantWidthHessianSparse(double[] x,"));
    constant = constant.substring(0, constant.indexOf("requireMadeFor"));
    org.junit.jupiter.api.Assertions.assertFalse(constant.contains("WIDTH"), constant);
  }

  /**
   * A call made for its effect runs as often in {@code mHessianSparse(x)} as in a refill: the
   * tracing sweep leaves it out where it is given no array and the sweep reads no field it could
   * change ({@code counted}), and the method takes the dense pattern where the sweep reads one
   * ({@code countedBand}, whose matrix is then right after the field changed).
   */
  @Test
  void callWithEffectsNotRunAgainByTheSweep() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7g.Model", MODEL));
    assertThat(compilation).succeeded();
    ClassLoader classes = DiagnosticSources.classes(compilation);
    Field calls = classes.loadClass("r7g.Model").getField("calls");
    Class<?> companion = classes.loadClass("r7g.ModelDerivatives");
    for (String name : new String[] {"counted", "countedBand"}) {
      Method make = companion.getMethod(name + "HessianSparse", double[].class);
      Method refill =
          companion.getMethod(name + "HessianSparse", double[].class, double[].class, SparseHessian.class);
      int before = calls.getInt(null);
      SparseHessian h = (SparseHessian) make.invoke(null, (Object) x(4));
      int made = calls.getInt(null) - before;
      refill.invoke(null, x(4), new double[4], h);
      int refilled = calls.getInt(null) - before - made;
      org.junit.jupiter.api.Assertions.assertEquals(refilled, made, name + ": count() in a new matrix and a refill");
    }
    Field width = classes.loadClass("r7g.Model").getField("width");
    SparseHessian h =
        (SparseHessian) companion.getMethod("countedBandHessianSparse", double[].class).invoke(null, (Object) x(4));
    width.setInt(null, 2);
    refusedOrRight(
        companion.getMethod("countedBandHessianSparse", double[].class, double[].class, SparseHessian.class),
        new Object[] {x(4), new double[4], h},
        (double[][]) companion.getMethod("countedBandHessian", double[].class).invoke(null, (Object) x(4)),
        "countedBand, width 1 -> 2");
  }
}
