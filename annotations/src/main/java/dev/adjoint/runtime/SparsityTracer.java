package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * Index sets for a generated tracing sweep ({@code mSparsity}): each number the method computes is
 * a handle to the set of inputs it depends on, and each operation whose second derivative is not
 * zero records which inputs meet in it. The sweep runs on shapes and data only, through both sides
 * of any branch on values, so the pattern it finds holds for every input of those shapes and data.
 *
 * <p>A Hessian's pattern is the union, over the operations, of the products of the index sets of
 * the operands whose second derivatives are not zero: for {@code a * b} the pairs of {@code a}'s
 * set with {@code b}'s ({@link #cross}); for {@code exp(a)} the pairs within {@code a}'s set ({@link
 * #square}). Handle {@link #NONE} is the empty set (a constant or data).
 */
public final class SparsityTracer {
  /** The handle of the empty set: constants and data. */
  public static final int NONE = 0;

  private static final int[] EMPTY = new int[0];

  private final int inputs;
  private int[][] sets = new int[64][];
  private int count = 1;
  private long[] pairs = new long[64];
  private int pairCount;

  /** A tracer over {@code inputs} inputs, numbered as the gradient numbers them. */
  public SparsityTracer(int inputs) {
    this.inputs = inputs;
    sets[NONE] = EMPTY;
  }

  /** The number of inputs. */
  public int inputs() {
    return inputs;
  }

  /** The handle of input {@code index} alone. */
  public int input(int index) {
    Checks.index(index, inputs);
    return add(new int[] {index});
  }

  /** The handles of inputs {@code offset} to {@code offset + length - 1}: a vector parameter's. */
  public int[] inputs(int offset, int length) {
    int[] handles = new int[length];
    for (int i = 0; i < length; i++) {
      handles[i] = input(offset + i);
    }
    return handles;
  }

  /** The handles of a matrix parameter of {@code shape}'s shape, row by row from {@code offset}. */
  public int[][] inputs(int offset, double[][] shape) {
    int[][] handles = new int[shape.length][];
    for (int r = 0; r < shape.length; r++) {
      handles[r] = inputs(offset, shape[r].length);
      offset += shape[r].length;
    }
    return handles;
  }

  /** The set of a linear combination of {@code a} and {@code b}. */
  public int union(int a, int b) {
    if (a == b || b == NONE) {
      return a;
    }
    if (a == NONE) {
      return b;
    }
    return add(merge(sets[a], sets[b]));
  }

  /** Records that the inputs of {@code a} meet each other (an operation nonlinear in one operand). */
  public void square(int a) {
    cross(a, a);
  }

  /** Records that each input of {@code a} meets each input of {@code b} (as in {@code a * b}). */
  public void cross(int a, int b) {
    if (a == NONE || b == NONE) {
      return;
    }
    for (int i : sets[a]) {
      for (int j : sets[b]) {
        pair(i, j);
      }
    }
  }

  /** {@code a}'s set after an operation nonlinear in it, such as {@code exp(a)}. */
  public int nonlinear(int a) {
    square(a);
    return a;
  }

  /** The set of {@code a * b}. */
  public int product(int a, int b) {
    cross(a, b);
    return union(a, b);
  }

  /** The set of an operation nonlinear in both operands together, such as {@code pow(a, b)}. */
  public int nonlinear(int a, int b) {
    int u = union(a, b);
    square(u);
    return u;
  }

  /** The inputs {@code a} depends on, sorted. */
  public int[] dependencies(int a) {
    return sets[a].clone();
  }

  /**
   * A Hessian of zeros on the pattern recorded so far, every diagonal entry included, coloured,
   * made for inputs whose {@link PatternKey} is {@code madeFor}.
   */
  public SparseHessian hessian(long madeFor) {
    long[] lower = new long[pairCount + inputs];
    System.arraycopy(pairs, 0, lower, 0, pairCount);
    for (int i = 0; i < inputs; i++) {
      lower[pairCount + i] = key(i, i);
    }
    Arrays.sort(lower);
    int distinct = 0;
    for (int k = 0; k < lower.length; k++) {
      if (k == 0 || lower[k] != lower[k - 1]) {
        lower[distinct++] = lower[k];
      }
    }
    int[] columnStarts = new int[inputs + 1];
    int[] rowIndices = new int[distinct];
    for (int k = 0; k < distinct; k++) {
      columnStarts[(int) (lower[k] >>> 32) + 1]++;
      rowIndices[k] = (int) lower[k];
    }
    for (int j = 0; j < inputs; j++) {
      columnStarts[j + 1] += columnStarts[j];
    }
    return new SparseHessian(
        inputs,
        columnStarts,
        rowIndices,
        HessianColoring.of(inputs, columnStarts, rowIndices),
        madeFor);
  }

  /**
   * A Jacobian of zeros whose row i holds the inputs {@code outputs[i]} depends on, coloured, made
   * for inputs whose {@link PatternKey} is {@code madeFor}.
   */
  public SparseJacobian jacobian(int[] outputs, long madeFor) {
    int[] columnStarts = new int[inputs + 1];
    for (int h : outputs) {
      for (int j : sets[h]) {
        columnStarts[j + 1]++;
      }
    }
    for (int j = 0; j < inputs; j++) {
      columnStarts[j + 1] += columnStarts[j];
    }
    int[] next = Arrays.copyOf(columnStarts, inputs);
    int[] rowIndices = new int[columnStarts[inputs]];
    for (int i = 0; i < outputs.length; i++) {
      for (int j : sets[outputs[i]]) {
        rowIndices[next[j]++] = i;
      }
    }
    return new SparseJacobian(
        outputs.length,
        inputs,
        columnStarts,
        rowIndices,
        JacobianColoring.of(outputs.length, inputs, columnStarts, rowIndices),
        madeFor);
  }

  private int add(int[] set) {
    if (count == sets.length) {
      sets = Arrays.copyOf(sets, 2 * count);
    }
    sets[count] = set;
    return count++;
  }

  private void pair(int i, int j) {
    if (pairCount == pairs.length) {
      pairs = Arrays.copyOf(pairs, 2 * pairCount);
    }
    pairs[pairCount++] = i >= j ? key(j, i) : key(i, j);
  }

  /** Column in the high half, row in the low: sorting the keys sorts by column then row. */
  private static long key(int column, int row) {
    return ((long) column << 32) | row;
  }

  private static int[] merge(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        out[n++] = a[i++];
      } else if (a[i] > b[j]) {
        out[n++] = b[j++];
      } else {
        out[n++] = a[i++];
        j++;
      }
    }
    while (i < a.length) {
      out[n++] = a[i++];
    }
    while (j < b.length) {
      out[n++] = b[j++];
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
