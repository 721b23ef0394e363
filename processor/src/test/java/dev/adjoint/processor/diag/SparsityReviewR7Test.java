package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Review R7: mHessianSparse (made at one point, refilled at others) against the dense Hessian. */
class SparsityReviewR7Test {
  private static final String SOURCE =
      """
      package r7;
      import dev.adjoint.Differentiable;
      public class Probe {
        public int shift = 1;
        public static int STEP = 1;

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
        public static double rows(double x, double y, double z) {
          double[][] m = new double[2][2];
          if (x > 0) {
            m[0][1] = x;
          } else {
            m[1][0] = z;
          }
          return m[0][1] * y + m[1][0] * y;
        }

        @Differentiable
        public static double mathCurvatures(double x, double y, double z) {
          return Math.abs(x) * y + Math.min(x, z) * Math.max(y, z) + Math.hypot(x, y) + Math.atan2(y, z)
              + Math.pow(x, 2.5) + x / 3.0 + Math.sqrt(z * z + 1) + Math.signum(y) * x;
        }

        @Differentiable
        public static double recurrence(double[] x) {
          double[] r = new double[x.length];
          r[0] = x[0];
          for (int i = 1; i < x.length; i++) {
            r[i] = x[i] * r[i - 1];
          }
          return r[x.length - 1];
        }

        @Differentiable
        public static double shortCircuit(double x, double y, double z) {
          double s = 0;
          if (x > 0 && y > 0) {
            s = x * y;
          } else if (x > 0 || z > 0) {
            s = y * z;
          }
          return s;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7.Probe", SOURCE));
    assertThat(compilation).succeeded();
    loader = DiagnosticSources.classes(compilation);
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("/tmp/r7/ProbeDerivatives.java"),
        compilation.generatedSourceFile("r7.ProbeDerivatives").orElseThrow().getCharContent(true));
  }

  private static Method method(String name, int params) throws Exception {
    for (Method m : loader.loadClass("r7.ProbeDerivatives").getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  /** Makes the sparse Hessian at the first point, refills it at each other, compares with dense. */
  private static void check(String name, Object[]... points) throws Exception {
    int k = points[0].length;
    Method dense = method(name + "Hessian", k);
    Method made = method(name + "HessianSparse", k);
    Method refill = method(name + "HessianSparse", k + 2);
    SparseHessian h = (SparseHessian) made.invoke(null, copy(points[0]));
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, copy(points[0])), h, name + " made");
    for (int p = 1; p < points.length; p++) {
      refill.invoke(null, SparseKindsCheck.append(copy(points[p]), new double[h.size()], h));
      SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, copy(points[p])), h, name + " refilled at " + p);
    }
  }

  private static Object[] copy(Object[] point) {
    Object[] out = point.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      }
    }
    return out;
  }

  private static double[] x(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.1 * i;
    }
    return x;
  }

  @Test
  void receiverIntFieldChangedBetweenMakeAndRefill() throws Exception {
    Class<?> type = loader.loadClass("r7.Probe");
    Object self = type.getConstructor().newInstance();
    Field shift = type.getField("shift");
    SparseHessian h = (SparseHessian) method("stridedHessianSparse", 2).invoke(null, self, x(5));
    shift.setInt(self, 2);
    method("stridedHessianSparse", 4).invoke(null, self, x(5), new double[5], h);
    SparseKindsCheck.sameEntries(
        (double[][]) method("stridedHessian", 2).invoke(null, self, x(5)), h, "strided, shift 1 -> 2");
  }

  @Test
  void staticIntFieldChangedBetweenMakeAndRefill() throws Exception {
    Field step = loader.loadClass("r7.Probe").getField("STEP");
    step.setInt(null, 1);
    SparseHessian h = (SparseHessian) method("staticStridedHessianSparse", 1).invoke(null, (Object) x(5));
    step.setInt(null, 2);
    try {
      method("staticStridedHessianSparse", 3).invoke(null, x(5), new double[5], h);
      SparseKindsCheck.sameEntries(
          (double[][]) method("staticStridedHessian", 1).invoke(null, (Object) x(5)), h, "STEP 1 -> 2");
    } finally {
      step.setInt(null, 1);
    }
  }

  @Test
  void rowAliasWrittenOnOneSide() throws Exception {
    check("rows", new Object[] {0.5, 0.6, 0.7}, new Object[] {-0.5, 0.6, 0.7});
  }

  @Test
  void curvatures() throws Exception {
    check("mathCurvatures", new Object[] {0.5, 0.6, 0.7}, new Object[] {0.8, -0.6, 0.2}, new Object[] {-0.3, 0.4, -0.9});
  }

  @Test
  void recurrenceOnTheParameter() throws Exception {
    check("recurrence", new Object[] {x(4)}, new Object[] {x(4)});
  }

  @Test
  void shortCircuits() throws Exception {
    check("shortCircuit", new Object[] {0.5, 0.6, 0.7}, new Object[] {0.5, -0.6, 0.7},
        new Object[] {-0.5, 0.6, 0.7}, new Object[] {-0.5, 0.6, -0.7});
  }
}
