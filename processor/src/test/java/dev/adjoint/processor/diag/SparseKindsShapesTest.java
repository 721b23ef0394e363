package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Review R8 of issue 18: sparse Jacobians recovered by rows end to end (a vector method with one
 * output depending on every input, and a dense last output), refilled twice, at n = 1, 2, 7;
 * sparse Hessians with respect to a subset of the parameters, and of a ragged matrix parameter
 * (rows swapped refused), and of an empty one; each against the dense kinds.
 */
class SparseKindsShapesTest {
  private static final String SRC =
      """
      package probe;

      import dev.adjoint.Differentiable;

      public final class Probe {
        @Differentiable(wrt = "x")
        public static double[] allInOne(double[] x) {
          double[] r = new double[x.length + 1];
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            r[i] = x[i] * x[i];
            s += x[i];
          }
          r[x.length] = Math.sin(s);
          return r;
        }

        @Differentiable(wrt = "x")
        public static double[] oneOutput(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += Math.exp(x[i]) * (i + 1);
          }
          double[] r = new double[1];
          r[0] = s;
          return r;
        }

        @Differentiable(wrt = {"a", "x"})
        public static double subset(double a, double[] x, double b) {
          return a * x[0] + Math.sin(b * x[x.length - 1]) + x[0] * x[0] * a;
        }

        @Differentiable(wrt = "m")
        public static double matrix(double[][] m) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += m[i][j] * m[i][(j + 1) % m[i].length];
            }
          }
          return s;
        }
      }
      """;

  private final Random random = new Random(8);

  private double[] vector(int n) {
    return random.doubles(n, -1, 1).toArray();
  }

  private Class<?> companion() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("probe.Probe", SRC));
    assertThat(compilation).succeeded();
    return DiagnosticSources.classes(compilation).loadClass("probe.ProbeDerivatives");
  }

  @Test
  void jacobiansByRowsAndByColumns() throws Exception {
    Class<?> c = companion();
    for (String name : new String[] {"allInOne", "oneOutput"}) {
      for (int n : new int[] {1, 2, 7}) {
        Method make = c.getMethod(name + "JacobianSparse", double[].class);
        Method refill = c.getMethod(name + "JacobianSparse", double[].class, SparseJacobian.class);
        Method dense = c.getMethod(name + "Jacobian", double[].class);
        double[] x = vector(n);
        SparseJacobian j = (SparseJacobian) make.invoke(null, x);
        if (n == 7) {
          assertTrue(j.byRows(), name + " was expected to be coloured by rows: " + j);
        }
        SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, x), j, name + " made");
        double[] y = vector(n);
        refill.invoke(null, y, j);
        SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, y), j, name + " refilled");
        refill.invoke(null, x, j);
        SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, x), j, name + " refilled twice");
      }
    }
  }

  @Test
  void subsetAndMatrix() throws Exception {
    Class<?> c = companion();
    for (int n : new int[] {1, 3}) {
      Method make = c.getMethod("subsetHessianSparse", double.class, double[].class, double.class);
      Method refill = c.getMethod("subsetHessianSparse", double.class, double[].class, double.class, double[].class, SparseHessian.class);
      Method dense = c.getMethod("subsetHessian", double.class, double[].class, double.class);
      double[] x = vector(n);
      SparseHessian h = (SparseHessian) make.invoke(null, 0.3, x, 0.7);
      SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, 0.3, x, 0.7), h, "subset");
      refill.invoke(null, -0.4, vector(n), 1.3, new double[n + 1], h);
      refill.invoke(null, 0.5, x, 1.9, new double[n + 1], h);
      SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, 0.5, x, 1.9), h, "subset refilled");
    }
    Method make = c.getMethod("matrixHessianSparse", double[][].class);
    Method refill = c.getMethod("matrixHessianSparse", double[][].class, double[].class, SparseHessian.class);
    Method dense = c.getMethod("matrixHessian", double[][].class);
    double[][] m = {vector(3), vector(1), vector(4)};
    SparseHessian h = (SparseHessian) make.invoke(null, (Object) m);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, (Object) m), h, "matrix");
    double[][] m2 = {vector(3), vector(1), vector(4)};
    refill.invoke(null, m2, new double[8], h);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, (Object) m2), h, "matrix refilled");
    double[][] ragged = {vector(4), vector(1), vector(3)};
    SparseKindsCheck.refused(refill, new Object[] {ragged, new double[8], h}, "ragged rows swapped");
    double[][] empty = {};
    SparseHessian e = (SparseHessian) make.invoke(null, (Object) empty);
    assertEquals(0, e.size());
    assertEquals(0, e.colors());
  }
}
