package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the tests of the sparse kinds share: a sparse matrix against the dense one entry for entry,
 * the invariants of compressed sparse columns, and the arguments of other shapes or data a refill
 * must refuse.
 */
public final class SparseKindsCheck {
  /**
   * |sparse - dense| at most this times max(1, the largest |dense| entry): the same products,
   * read back by a colouring instead of averaged with their mirror images, differ by rounding.
   */
  public static final double TOLERANCE = 1e-10;

  private SparseKindsCheck() {}

  /** Every entry of {@code sparse} (both triangles) equals {@code dense}'s, to rounding. */
  public static void sameEntries(double[][] dense, SparseHessian sparse, String where) {
    int n = dense.length;
    assertEquals(n, sparse.size(), where + ": size");
    lowerTriangleInvariants(sparse, where);
    double[][] fromSparse = sparse.toDense();
    double scale = scale(dense);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = fromSparse[i][j];
        assertEquals(s, sparse.get(i, j), 0.0, where + ": get(" + i + ", " + j + ") and toDense");
        if (!close(s, dense[i][j], scale)) {
          fail(where + ": sparse Hessian (" + i + ", " + j + ") = " + s + " but mHessian gives "
              + dense[i][j] + (inPattern(sparse, Math.max(i, j), Math.min(i, j)) ? "" : " (not in the pattern)"));
        }
      }
    }
  }

  /** Every entry of {@code sparse} equals {@code dense}'s, to rounding. */
  public static void sameEntries(double[][] dense, SparseJacobian sparse, String where) {
    int m = dense.length;
    assertEquals(m, sparse.rows(), where + ": rows");
    int n = sparse.columns();
    invariants(sparse.columnStarts(), sparse.rowIndices(), n, m, false, where);
    assertEquals(sparse.rowIndices().length, sparse.values().length, where + ": values");
    double[][] fromSparse = sparse.toDense();
    double scale = scale(dense);
    for (int i = 0; i < m; i++) {
      assertEquals(n, dense[i].length, where + ": columns of mJacobian's row " + i);
      for (int j = 0; j < n; j++) {
        double s = fromSparse[i][j];
        assertEquals(s, sparse.get(i, j), 0.0, where + ": get(" + i + ", " + j + ") and toDense");
        if (!close(s, dense[i][j], scale)) {
          fail(where + ": sparse Jacobian (" + i + ", " + j + ") = " + s + " but mJacobian gives "
              + dense[i][j]);
        }
      }
    }
  }

  /** Lower triangle, rows sorted and distinct within each column, every diagonal entry. */
  public static void lowerTriangleInvariants(SparseHessian h, String where) {
    int n = h.size();
    invariants(h.columnStarts(), h.rowIndices(), n, n, true, where);
    assertEquals(h.rowIndices().length, h.values().length, where + ": values");
    assertEquals(h.rowIndices().length, h.nonZeros(), where + ": nonZeros");
    for (int k = 0; k < h.nonZeros(); k++) {
      assertTrue(h.row(k) >= h.column(k), where + ": entry " + k + " above the diagonal");
    }
  }

  private static void invariants(
      int[] starts, int[] rows, int columns, int rowCount, boolean diagonal, String where) {
    assertEquals(columns + 1, starts.length, where + ": columnStarts' length");
    assertEquals(0, starts[0], where + ": columnStarts[0]");
    assertEquals(rows.length, starts[columns], where + ": the last column start");
    for (int j = 0; j < columns; j++) {
      assertTrue(starts[j] <= starts[j + 1], where + ": column starts decrease at " + j);
      if (diagonal) {
        assertTrue(starts[j] < starts[j + 1] && rows[starts[j]] == j,
            where + ": diagonal entry " + j + " missing or not first in its column");
      }
      for (int k = starts[j]; k < starts[j + 1]; k++) {
        assertTrue(rows[k] >= 0 && rows[k] < rowCount, where + ": row " + rows[k] + " out of range");
        assertTrue(k == starts[j] || rows[k - 1] < rows[k], where + ": rows of column " + j
            + " not sorted and distinct");
      }
    }
  }

  private static boolean inPattern(SparseHessian h, int row, int column) {
    int[] starts = h.columnStarts();
    return Arrays.binarySearch(h.rowIndices(), starts[column], starts[column + 1], row) >= 0;
  }

  private static double scale(double[][] dense) {
    double scale = 1;
    for (double[] row : dense) {
      for (double e : row) {
        if (Double.isFinite(e)) {
          scale = Math.max(scale, Math.abs(e));
        }
      }
    }
    return scale;
  }

  private static boolean close(double sparse, double dense, double scale) {
    return LoopSampling.sameValue(sparse, dense) || Math.abs(sparse - dense) <= TOLERANCE * scale;
  }

  /**
   * For each argument that is not a {@code double}, a copy of {@code args} where only it differs
   * in shape or data: an array one longer, an {@code int[]} with another first element, an int
   * plus one, a boolean negated. A refill must refuse each, but for an {@code int[]} of other
   * elements whose elements the pattern never reads ({@link #otherElementsOnly}).
   */
  public static List<Object[]> otherShapesOrData(Object[] args) {
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      Object other = changed(args[i]);
      if (other != null) {
        Object[] copy = args.clone();
        copy[i] = other;
        out.add(copy);
      }
    }
    return out;
  }

  /**
   * Whether {@code other} differs from {@code args} only in the elements of an {@code int[]}, its
   * length the same: a refill may accept it where the pattern never reads those elements.
   */
  public static boolean otherElementsOnly(Object[] args, Object[] other) {
    for (int i = 0; i < args.length; i++) {
      if (args[i] != other[i]) {
        return args[i] instanceof int[] v && other[i] instanceof int[] w && v.length == w.length;
      }
    }
    return false;
  }

  private static Object changed(Object a) {
    if (a instanceof double[] v) {
      return Arrays.copyOf(v, v.length + 1);
    } else if (a instanceof double[][] m) {
      double[][] out = Arrays.copyOf(m, m.length + 1);
      out[m.length] = m.length == 0 ? new double[1] : m[0].clone();
      return out;
    } else if (a instanceof int[] v) {
      if (v.length == 0) {
        return new int[] {0};
      }
      int[] out = v.clone();
      out[0]++;
      return out;
    } else if (a instanceof Integer k) {
      return k + 1;
    } else if (a instanceof Long k) {
      return k + 1;
    } else if (a instanceof Boolean b) {
      return !b;
    }
    return null;
  }

  /** Calls {@code refill} and requires an IllegalArgumentException that names it. */
  public static void refused(Method refill, Object[] args, String where) {
    try {
      refill.invoke(null, args);
      fail(where + ": " + refill.getName() + " accepted a matrix made for other shapes or data");
    } catch (InvocationTargetException e) {
      assertTrue(e.getCause() instanceof IllegalArgumentException,
          where + ": " + refill.getName() + " threw " + e.getCause());
      assertTrue(e.getCause().getMessage().contains(refill.getName()),
          where + ": the message does not name " + refill.getName() + ": " + e.getCause().getMessage());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code args} followed by {@code more}. */
  public static Object[] append(Object[] args, Object... more) {
    Object[] out = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }

  /** {@code types} followed by {@code more}. */
  public static Class<?>[] append(Class<?>[] types, Class<?>... more) {
    Class<?>[] out = Arrays.copyOf(types, types.length + more.length);
    System.arraycopy(more, 0, out, types.length, more.length);
    return out;
  }
}
