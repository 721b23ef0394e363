package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mHessianSparse made at one point and refilled at points that take the other sides of branches
 * on values, against the dense mHessian there (review R7 of issue 18): matrices' elements written
 * on either side, every Math function's curvature, a recurrence through a local array, {@code
 * &&} and {@code ||} on values. (Fields changed between make and refill: findings/
 * SparseRefillAfterFieldChangedTest.)
 */
class SparsityReviewR7Test {
  private static final String SOURCE =
      """
      package r7;
      import dev.adjoint.Differentiable;
      public class Probe {
        @Differentiable(wrt = "x")
        public static double dataDouble(double[] x, double c) {
          if (c > 0) {
            return x[0] * x[1];
          }
          return x[0] + x[1];
        }

        @Differentiable
        public static double rounded(double[] x) {
          int k = Math.floorMod((int) Math.round(x[0]), x.length);
          return x[k] * x[1];
        }

        @Differentiable(wrt = {"x", "y", "z"})
        public static double switched(double x, double y, double z, int mode) {
          double s = 0;
          switch (mode) {
            case 0:
              s += x * y;
              break;
            case 1:
              s += y * z;
              break;
            default:
              s = z;
          }
          return s;
        }

        @Differentiable
        public static double switchedOnValue(double x, double y, double z) {
          int b = (int) Math.floor(Math.abs(x)) % 3;
          double s = 0;
          switch (b) {
            case 0:
              s = x * y;
              break;
            case 1:
              s += y * z;
              break;
            default:
              s = z * x;
          }
          return s;
        }

        @Differentiable
        public static double yielded(double x, double y, double z) {
          double t = switch ((int) Math.floor(Math.abs(x)) % 3) {
            case 0 -> x;
            case 1 -> {
              double u = y * z;
              yield u + 1;
            }
            default -> z;
          };
          return t * y;
        }

        @Differentiable
        public static double skippedWithCounter(double[] x) {
          double s = 0;
          double last = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
              continue;
            }
            s += x[i] * last;
            last = x[i];
          }
          return s;
        }

        @Differentiable
        public static double smoothNorm(double[] u) {
          double s = 1;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * u[i];
          }
          return Math.sqrt(s / u.length);
        }

        static int positives(double[] r) {
          int c = 0;
          for (double v : r) {
            if (v > 0) {
              c++;
            }
          }
          return c;
        }

        @Differentiable(wrt = "mat")
        public static double rowCalledForItsEffect(double[][] mat, int k) {
          smoothNorm(mat[k]);
          return mat[0][0] * mat[1][1];
        }

        @Differentiable
        public static double rowCounted(double[][] mat) {
          int j = positives(mat[0]) % 2;
          return mat[1][j] * mat[1][0];
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
      } else if (out[i] instanceof double[][] m) {
        double[][] c = m.clone();
        for (int r = 0; r < c.length; r++) {
          c[r] = m[r].clone();
        }
        out[i] = c;
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
  void doubleDataDecidingABranch() throws Exception {
    check("dataDouble", new Object[] {x(2), -1.0}, new Object[] {x(2), 1.0});
  }

  @Test
  void roundedValueAsIndex() throws Exception {
    check("rounded", new Object[] {new double[] {0.2, 0.5, 0.7}}, new Object[] {new double[] {2.2, 0.5, 0.7}},
        new Object[] {new double[] {1.2, 0.5, 0.7}});
  }

  @Test
  void switchOnData() throws Exception {
    check("switched", new Object[] {0.5, 0.6, 0.7, 0}, new Object[] {-0.5, 0.6, 0.7, 0});
    check("switched", new Object[] {0.5, 0.6, 0.7, 1}, new Object[] {-0.5, 0.6, 0.7, 1});
  }

  @Test
  void switchAndYieldOnValues() throws Exception {
    for (String name : new String[] {"switchedOnValue", "yielded"}) {
      check(name, new Object[] {0.5, 0.6, 0.7}, new Object[] {1.5, 0.6, 0.7}, new Object[] {2.5, 0.6, 0.7});
      check(name, new Object[] {2.5, 0.6, 0.7}, new Object[] {0.5, 0.6, 0.7}, new Object[] {1.5, 0.6, 0.7});
    }
  }

  @Test
  void continueOnAValueSkipsAnUpdate() throws Exception {
    check("skippedWithCounter", new Object[] {new double[] {0.5, 0.6, -0.7, 0.8}},
        new Object[] {new double[] {0.5, -0.6, 0.7, 0.8}}, new Object[] {new double[] {-0.5, 0.6, 0.7, -0.8}});
  }

  /**
   * A row of a differentiated matrix given whole to a call (RandomProgramsTest seed 7007001): the
   * sweep kept {@code smoothNorm(mat[k]);} and {@code positives(mat[0])} as data, with {@code mat}
   * declared in it as {@code new double[0][0]} (ArrayIndexOutOfBoundsException at the first call);
   * now such a row is values (diff/ValueDependence), so the call is dropped and the integer refused.
   */
  @Test
  void rowOfAValueMatrixGivenToACall() throws Exception {
    double[][] mat = {{0.9, -0.4}, {0.3, 0.7}};
    check("rowCalledForItsEffect", new Object[] {mat, 1}, new Object[] {mat, 1});
    check("rowCounted", new Object[] {new double[][] {{1.0, -1.0}, {0.3, 0.7}}},
        new Object[] {new double[][] {{-1.0, -1.0}, {0.3, 0.7}}});
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
