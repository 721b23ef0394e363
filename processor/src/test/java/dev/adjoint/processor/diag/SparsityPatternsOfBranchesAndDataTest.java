package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparsityTracer;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tracing sweep {@code mSparsity} on branches and index data: a pattern traced from shapes
 * and data holds at points that take each side of every branch on values (the dense Hessian's
 * nonzeros at all of them lie in it), changes with the index data, is as sparse as the code where
 * nothing is on values, and is every pair where the pattern cannot be traced.
 */
class SparsityPatternsOfBranchesAndDataTest {
  private static final String SOURCE =
      """
      package sp;
      import dev.adjoint.Differentiable;
      public class Traced {
        static int bucket(double v) {
          return (int) Math.floor(Math.abs(v)) % 3;
        }

        @Differentiable
        public static double sides(double x, double y) {
          if (x > 0) {
            return x * y;
          }
          return Math.exp(y);
        }

        @Differentiable(wrt = {"a", "b", "m"})
        public static double arms(double a, double b, double[] m) {
          double t = switch (bucket(a)) {
            case 0 -> b;
            case 1 -> Math.sin(m[0]);
            default -> m[1] * m[1];
          };
          return (a + m[2]) * t;
        }

        @Differentiable(wrt = "x")
        public static double gathered(double[] x, int[] idx) {
          double s = 0;
          for (int i = 0; i < idx.length; i++) {
            s += x[idx[i]] * x[idx[(i + 1) % idx.length]];
          }
          return s;
        }

        @Differentiable
        public static double chain(double[] x) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            double d = x[i + 1] - x[i] * x[i];
            s += d * d;
          }
          return s;
        }

        @Differentiable
        public static double elements(double x, double y, double z) {
          double[] a = new double[2];
          a[0] = x;
          if (y > 0) {
            a[1] = x * y;
          } else {
            a[0] = y * z;
          }
          return a[0] * a[1] + z;
        }

        @Differentiable
        public static double skipped(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
              continue;
            }
            s += x[i] * x[(i + 1) % x.length];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        public static double checked(double[] x, int k) {
          if (k >= x.length) {
            throw new IllegalArgumentException("k = " + k + " of " + x.length);
          }
          if (x[k] > 1) {
            throw new IllegalArgumentException("x[k] = " + x[k]);
          }
          return x[k] * x[0];
        }

        @Differentiable
        public static double halvings(double x, double y) {
          while (x > 1) {
            x = x / 2;
          }
          return x + y;
        }
      }
      """;

  private static Class<?> companion;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("sp.Traced", SOURCE));
    assertThat(compilation).succeededWithoutWarnings();
    companion = DiagnosticSources.classes(compilation).loadClass("sp.TracedDerivatives");
  }

  @Test
  void bothSidesOfAReturnOnAValue() throws Exception {
    SparseHessian p = holdsAt("sides", new Object[] {0.7, -0.4}, new Object[] {-0.7, -0.4});
    assertTrue(contains(p, 1, 0) && contains(p, 1, 1), "x meets y, y itself");
  }

  @Test
  void everyArmOfASwitchOnAValue() throws Exception {
    double[] m = {0.3, -0.8, 0.6};
    holdsAt(
        "arms",
        new Object[] {0.5, 0.2, m},
        new Object[] {1.5, 0.2, m},
        new Object[] {2.5, 0.2, m},
        new Object[] {-1.2, -0.9, new double[] {-0.4, 0.9, 0.1}});
  }

  @Test
  void indexDataDecidesThePattern() throws Exception {
    double[] x = {0.4, -1.1, 0.9, 0.3};
    SparseHessian first = holdsAt("gathered", new Object[] {x, new int[] {0, 1}});
    SparseHessian second = holdsAt("gathered", new Object[] {x, new int[] {2, 3}});
    assertTrue(contains(first, 1, 0), "x[0] meets x[1] through idx = {0, 1}");
    assertFalse(contains(second, 1, 0), "but not through idx = {2, 3}");
    assertTrue(contains(second, 3, 2), "x[2] meets x[3] through idx = {2, 3}");
  }

  @Test
  void loopsOverDataKeepTheBand() throws Exception {
    int n = 7;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(i + 1);
    }
    SparseHessian p = holdsAt("chain", new Object[] {x});
    assertEquals(2 * n - 1, p.nonZeros(), "a chain of neighbours: the diagonal and one band");
  }

  @Test
  void elementsWrittenOnEitherSideAreMerged() throws Exception {
    holdsAt("elements", new Object[] {0.6, 0.8, -0.3}, new Object[] {0.6, -0.8, -0.3});
  }

  @Test
  void aContinueOnAValueTracesTheRestOfTheIteration() throws Exception {
    holdsAt(
        "skipped",
        new Object[] {new double[] {0.5, -0.2, 0.7, 0.4}},
        new Object[] {new double[] {-0.5, 0.2, -0.7, 0.4}});
  }

  @Test
  void aThrowOnDataIsKeptAndOneOnAValueSkipped() throws Exception {
    SparseHessian p = holdsAt("checked", new Object[] {new double[] {0.2, 0.5, -0.3}, 2});
    assertTrue(contains(p, 2, 0), "x[k] meets x[0]");
    assertEquals(4, p.nonZeros(), "and nothing else but the diagonal");
  }

  @Test
  void aLoopOnAValueGivesEveryPair() throws Exception {
    SparseHessian p = holdsAt("halvings", new Object[] {3.0, 0.5});
    assertEquals(3, p.nonZeros(), "both inputs meet each other and themselves");
  }

  /**
   * Traces the pattern at each point (each point's shapes and data alone decide it), checks that
   * the points of the same shapes and data get the same pattern and that every entry of the dense
   * Hessian that is not zero at any of them lies in it; returns the last pattern.
   */
  private static SparseHessian holdsAt(String name, Object[]... points) throws Exception {
    Method hessian = null;
    Method sparsity = null;
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(name + "Hessian")) {
        hessian = m;
      } else if (m.getName().equals(name + "Sparsity")) {
        sparsity = m;
      }
    }
    hessian.setAccessible(true);
    sparsity.setAccessible(true);
    SparseHessian last = null;
    List<String> patterns = new ArrayList<>();
    for (Object[] point : points) {
      double[][] h = (double[][]) hessian.invoke(null, point);
      int n = h.length;
      SparsityTracer t = new SparsityTracer(n);
      Object[] args = new Object[point.length + 1];
      args[0] = t;
      Class<?>[] types = sparsity.getParameterTypes();
      int offset = 0;
      for (int k = 0; k < point.length; k++) {
        if (types[k + 1] == int.class && point[k] instanceof Double) {
          args[k + 1] = t.input(offset++);
        } else if (types[k + 1] == int[].class && point[k] instanceof double[] v) {
          args[k + 1] = t.inputs(offset, v.length);
          offset += v.length;
        } else {
          args[k + 1] = point[k];
        }
      }
      sparsity.invoke(null, args);
      last = t.hessian(0L);
      patterns.add(Arrays.toString(last.columnStarts()) + Arrays.toString(last.rowIndices()));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          assertTrue(
              h[i][j] == 0.0 || contains(last, i, j),
              name + ": H[" + i + "][" + j + "] = " + h[i][j] + " outside the pattern at "
                  + Arrays.deepToString(point));
        }
      }
    }
    if (points.length > 1) {
      boolean sameData = true;
      for (Object[] p : points) {
        for (int k = 0; k < p.length; k++) {
          sameData &= !(p[k] instanceof int[]) || Arrays.equals((int[]) p[k], (int[]) points[0][k]);
        }
      }
      if (sameData) {
        assertEquals(1, patterns.stream().distinct().count(), name + ": the pattern follows values");
      }
    }
    return last;
  }

  private static boolean contains(SparseHessian h, int i, int j) {
    int column = Math.min(i, j);
    int row = Math.max(i, j);
    return Arrays.binarySearch(
            h.rowIndices(), h.columnStarts()[column], h.columnStarts()[column + 1], row)
        >= 0;
  }
}
