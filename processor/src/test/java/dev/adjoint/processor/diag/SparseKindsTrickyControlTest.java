package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Review R8 of issue 18: control and indices the tracing must refuse or follow on both sides (an
 * int from a data double, an int set in a branch on a value, an index chosen on a value, a return
 * in a branch on a value, a boolean mask, a local array written across a branch on a value, a loop
 * counted on values): each method's sparse Hessian, made at one point and refilled at points that
 * take the branches both ways, equals the dense Hessian there.
 */
class SparseKindsTrickyControlTest {
  private static final String SRC =
      """
      package probe;

      import dev.adjoint.Differentiable;

      public final class Tricky {
        private Tricky() {}

        @Differentiable(wrt = "x")
        public static double intFromData(double[] x, double[] w) {
          int k = (int) w[0];
          return x[k] * x[k + 1];
        }

        @Differentiable(wrt = "x")
        public static double intSetInValueBranch(double[] x) {
          int c = 0;
          if (x[0] > 0) {
            c = 2;
          }
          return x[c] * x[c + 1];
        }

        @Differentiable(wrt = "x")
        public static double indexChosenOnValue(double[] x) {
          return Math.exp(x[x[0] > 0 ? 1 : 2] * x[3]);
        }

        @Differentiable(wrt = "x")
        public static double returnInValueBranch(double[] x) {
          if (x[0] > 0) {
            return x[1] * x[2];
          }
          return x[3] * x[0];
        }

        @Differentiable(wrt = "x")
        public static double maskedPairs(double[] x, boolean[] mask) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            if (mask[i]) {
              s += x[i] * x[i + 1];
            } else {
              s += Math.sin(x[i]);
            }
          }
          return s;
        }

        @Differentiable(wrt = "x")
        public static double localArrayAcrossValueBranch(double[] x) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
          }
          if (x[0] > 0) {
            a[1] = x[2] * x[3];
          }
          double t = a[0];
          a[0] = a[1];
          a[1] = t;
          return a[0] * a[3] + a[1];
        }

        @Differentiable(wrt = "x")
        public static double countedOnValue(double[] x) {
          double s = 0;
          int hits = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              hits++;
            }
          }
          for (int i = 0; i < hits; i++) {
            s += x[i] * x[(i + 1) % x.length];
          }
          return s;
        }
      }
      """;

  @Test
  void sparseEqualsDenseOnBothSides() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("probe.Tricky", SRC));
    assertThat(compilation).succeeded();
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("probe.TrickyDerivatives");
    double[][] points = {
      {0.5, -0.3, 0.7, 0.2, -0.9}, {-0.5, 0.3, -0.7, 0.2, 0.9}, {0.5, 0.3, 0.7, 0.2, 0.9},
      {-0.5, -0.3, -0.7, -0.2, -0.9}
    };
    StringBuilder failures = new StringBuilder();
    for (Method make : c.getMethods()) {
      if (!make.getName().endsWith("HessianSparse") || make.getReturnType() != SparseHessian.class) {
        continue;
      }
      String name = make.getName().replace("HessianSparse", "");
      Method dense = c.getMethod(name + "Hessian", make.getParameterTypes());
      Class<?>[] types = make.getParameterTypes();
      Object extra = types.length == 1 ? null
          : types[1] == double[].class ? new double[] {2.0} : new boolean[] {true, false, true, false};
      for (double[] first : points) {
        Object[] a1 = extra == null ? new Object[] {first} : new Object[] {first, extra};
        SparseHessian h = (SparseHessian) make.invoke(null, a1);
        Method refill = c.getMethod(make.getName(),
            SparseKindsCheck.append(types, double[].class, SparseHessian.class));
        for (double[] p : points) {
          Object[] a = extra == null ? new Object[] {p} : new Object[] {p, extra};
          refill.invoke(null, SparseKindsCheck.append(a, new double[5], h));
          try {
            SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, a), h, name);
          } catch (AssertionError e) {
            failures.append(name).append(" made at ").append(java.util.Arrays.toString(first))
                .append(" refilled at ").append(java.util.Arrays.toString(p)).append(": ")
                .append(e.getMessage()).append('\n');
          }
        }
      }
    }
    if (failures.length() > 0) {
      throw new AssertionError(failures.toString());
    }
  }
}
