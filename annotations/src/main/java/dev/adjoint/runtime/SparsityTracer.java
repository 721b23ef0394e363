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
 * #square}). Handle {@link #NONE} is the empty set (a constant or data). Every diagonal entry is in
 * the pattern anyway, so pairs of an input with itself are never recorded.
 *
 * <h2>Cost</h2>
 * A sweep costs about as much as the method plus the pattern's entries, whatever the method sums:
 *
 * <ul>
 *   <li>Handles 1 to N are the inputs themselves; nothing is stored for them.
 *   <li>{@link #union} stores a node of two handles and merges nothing, so a running sum {@code s
 *       += f(x[i])} costs one node per term, not the length of {@code s}'s set. A set is gathered
 *       only when {@link #cross}, {@link #square}, {@link #dependencies} or {@link #jacobian} needs
 *       its elements: a walk of the nodes below it, an epoch mark per node and per input dropping
 *       repeats, iteratively (no recursion, however long the sum). A gathered set is kept, so the
 *       same handle is gathered once, and a set squared once is not squared again.
 *   <li>Pairs go into a log (blocks that are never copied once full) through a small direct-mapped
 *       cache of the pairs recorded last, which drops most repeats of the same pair before they
 *       reach the log; {@link #lowerTriangle} drops the rest while it lays the log into compressed
 *       sparse columns by counting (one mark per row), sorting only each column's few rows.
 *   <li>Memory: a few ints per input, 8 to 12 bytes per union node, the gathered sets, and 8
 *       bytes per pair that reaches the log.
 * </ul>
 *
 * <h2>Branches</h2>
 * Handles are values: a branch on a differentiated value is traced by running both sides from the
 * same handles and merging each variable's handles afterwards, {@code v = t.union(vThen, vElse)}
 * for a number and {@link #unionInto} for an array (save the array's handles before the first side
 * with {@link #copy}). A tracer is for one thread and one sweep.
 */
public final class SparsityTracer {
  /** The handle of the empty set: constants and data. */
  public static final int NONE = 0;

  private static final int[] EMPTY = new int[0];

  /** Entries of the recent-pairs cache: a power of two, small enough for the first-level cache. */
  private static final int RECENT = 1 << 12;

  private final int inputs;

  /**
   * Nodes above the inputs: node d (handle {@code inputs + 1 + d}) is {@code nodes[2d]} and {@code
   * nodes[2d + 1]}, the handles it is the union of; {@code nodeMarks[d]} is the epoch of the last
   * walk that reached it (made at the first walk: a sweep that gathers nothing needs no marks).
   * Once gathered, {@code nodes[2d]} is {@code -1 - offset}: the set is kept in {@link #sets} at
   * that offset.
   */
  private int[] nodes;

  private int[] nodeMarks = EMPTY;

  private int nodeCount;

  /**
   * Gathered sets, each as its length, a flag saying whether it was squared, then its elements
   * (distinct, in no order).
   */
  private int[] sets;

  private int setsLength;

  /** The epoch of the last walk that met each input. */
  private final int[] inputMarks;

  private int epoch;
  private int[] stack = new int[64];

  /**
   * Lower-triangle pairs recorded, column in the high half, row in the low, repeats possible: full
   * blocks of {@link #BLOCK}, never copied once full (a long log grows without a copy's peak), then
   * {@code tail}, which doubles up to a block.
   */
  private long[][] fullBlocks = new long[4][];

  private int fullBlockCount;
  private long[] tail = new long[64];
  private int tailCount;

  private static final int BLOCK = 1 << 16;

  /** The last pair recorded in each slot; 0 is the pair (0, 0), which is never recorded. */
  private final long[] recent = new long[RECENT];

  /** A tracer over {@code inputs} inputs, numbered as the gradient numbers them. */
  public SparsityTracer(int inputs) {
    if (inputs < 0) {
      throw new IllegalArgumentException("a tracer needs a number of inputs >= 0, not " + inputs);
    }
    this.inputs = inputs;
    this.inputMarks = new int[inputs];
    // Room for about one node per input before any copying: most sweeps make a few per input,
    // so this saves the first doublings.
    int room = (int) Math.min(inputs + 64L, Integer.MAX_VALUE / 4);
    this.nodes = new int[2 * room];
    this.sets = new int[64];
  }

  /** The number of inputs. */
  public int inputs() {
    return inputs;
  }

  /** The handle of input {@code index} alone. */
  public int input(int index) {
    Checks.index(index, inputs);
    return index + 1;
  }

  /** The handles of inputs {@code offset} to {@code offset + length - 1}: a vector parameter's. */
  public int[] inputs(int offset, int length) {
    if (length > 0) {
      Checks.index(offset, inputs);
      Checks.index(offset + length - 1, inputs);
    }
    int[] handles = new int[length];
    for (int i = 0; i < length; i++) {
      handles[i] = offset + i + 1;
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

  /** The set of a linear combination of {@code a} and {@code b}: one node, nothing merged. */
  public int union(int a, int b) {
    if (a == b || b == NONE) {
      return a;
    }
    if (a == NONE) {
      return b;
    }
    if (2 * nodeCount + 2 > nodes.length) {
      if (nodes.length > Integer.MAX_VALUE / 2 - 8) {
        throw new IllegalStateException("a tracer holds at most 2^30 union nodes");
      }
      nodes = Arrays.copyOf(nodes, 2 * nodes.length);
    }
    if (nodeCount == Integer.MAX_VALUE - inputs - 1) {
      throw new IllegalStateException("a tracer holds at most 2^31 - 1 handles");
    }
    int d = 2 * nodeCount;
    nodes[d] = a;
    nodes[d + 1] = b;
    return inputs + 1 + nodeCount++;
  }

  /** The set of every handle in {@code handles}: an array's, where a call reads all of it. */
  public int unionOf(int[] handles) {
    int set = NONE;
    for (int h : handles) {
      set = union(set, h);
    }
    return set;
  }

  /** The set of every handle in {@code handles}, row by row. */
  public int unionOf(int[][] handles) {
    int set = NONE;
    for (int[] row : handles) {
      set = union(set, unionOf(row));
    }
    return set;
  }

  /**
   * A copy of an array's handles, to keep them before one side of a branch changes its elements:
   * arrays of handles are changed in place, as the method changes its arrays.
   */
  public int[] copy(int[] handles) {
    return handles.clone();
  }

  /** A copy of a matrix's handles, row by row (see {@link #copy(int[])}). */
  public int[][] copy(int[][] handles) {
    int[][] copy = new int[handles.length][];
    for (int r = 0; r < handles.length; r++) {
      copy[r] = handles[r].clone();
    }
    return copy;
  }

  /**
   * Merges the two sides of a branch: {@code into[k] = union(into[k], other[k])} for each k, the
   * array's handles after one side merged with those after the other.
   *
   * @throws IllegalArgumentException if the arrays' lengths differ
   */
  public void unionInto(int[] into, int[] other) {
    if (into.length != other.length) {
      throw new IllegalArgumentException(
          "the two sides of a branch left arrays of lengths " + into.length + " and "
              + other.length + "; their handles cannot be merged");
    }
    for (int k = 0; k < into.length; k++) {
      into[k] = union(into[k], other[k]);
    }
  }

  /** {@link #unionInto(int[], int[])} row by row. */
  public void unionInto(int[][] into, int[][] other) {
    if (into.length != other.length) {
      throw new IllegalArgumentException(
          "the two sides of a branch left matrices of " + into.length + " and " + other.length
              + " rows; their handles cannot be merged");
    }
    for (int r = 0; r < into.length; r++) {
      unionInto(into[r], other[r]);
    }
  }

  /** Records that the inputs of {@code a} meet each other, as an operation nonlinear in a does. */
  public void square(int a) {
    if (a <= inputs) {
      return; // the empty set, or one input: its diagonal entry is always in the pattern
    }
    int node = 2 * (a - inputs - 1);
    int left = nodes[node];
    int right = nodes[node + 1];
    if (left >= 0 && left <= inputs && right <= inputs) {
      pair(left - 1, right - 1); // two inputs, as in (x[i] - x[j])^2: one pair, nothing kept
      return;
    }
    int at = gather(a);
    if (sets[at + 1] != 0) {
      return;
    }
    sets[at + 1] = 1;
    int length = sets[at];
    for (int p = at + 2, end = at + 2 + length; p < end; p++) {
      int i = sets[p];
      for (int q = at + 2; q < p; q++) {
        pair(i, sets[q]);
      }
    }
  }

  /** Records that each input of {@code a} meets each input of {@code b} (as in {@code a * b}). */
  public void cross(int a, int b) {
    if (a == NONE || b == NONE) {
      return;
    }
    if (a == b) {
      square(a);
      return;
    }
    if (a <= inputs && b <= inputs) {
      if (a != b) {
        pair(a - 1, b - 1);
      }
      return;
    }
    if (a <= inputs || b <= inputs) {
      int single = Math.min(a, b) - 1;
      int at = gather(Math.max(a, b));
      for (int p = at + 2, end = at + 2 + sets[at]; p < end; p++) {
        if (sets[p] != single) {
          pair(single, sets[p]);
        }
      }
      return;
    }
    int atA = gather(a);
    int atB = gather(b); // may move sets, never the offsets in it
    for (int p = atA + 2, endA = atA + 2 + sets[atA]; p < endA; p++) {
      int i = sets[p];
      for (int q = atB + 2, endB = atB + 2 + sets[atB]; q < endB; q++) {
        if (sets[q] != i) {
          pair(i, sets[q]);
        }
      }
    }
  }

  /**
   * Records that inputs {@code i} and {@code j} meet (in either order; {@code i == j}, a diagonal
   * entry, is always in the pattern and records nothing): for patterns written at compile time,
   * which enumerate their entries directly instead of tracing sets.
   */
  public void meet(int i, int j) {
    Checks.index(i, inputs);
    Checks.index(j, inputs);
    if (i != j) {
      pair(i, j);
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
    if (a == NONE) {
      return EMPTY;
    }
    if (a <= inputs) {
      return new int[] {a - 1};
    }
    int at = gather(a);
    int[] set = Arrays.copyOfRange(sets, at + 2, at + 2 + sets[at]);
    Arrays.sort(set);
    return set;
  }

  /**
   * A Hessian of zeros on the pattern recorded so far, every diagonal entry included, coloured,
   * made for inputs whose {@link PatternKey} is {@code madeFor}.
   */
  public SparseHessian hessian(long madeFor) {
    LowerTriangle pattern = lowerTriangle();
    int[] columnStarts = pattern.columnStarts();
    int[] rowIndices = pattern.rowIndices();
    return new SparseHessian(
        inputs,
        columnStarts,
        rowIndices,
        HessianColoring.of(inputs, columnStarts, rowIndices),
        madeFor);
  }

  /**
   * A pattern in compressed sparse columns: {@code columnStarts} (N + 1 offsets) and {@code
   * rowIndices}, sorted within each column.
   */
  public record LowerTriangle(int[] columnStarts, int[] rowIndices) {}

  /**
   * The Hessian's pattern recorded so far, as {@link #hessian} holds it (lower triangle, every
   * diagonal entry, sorted by column then row), without colouring it.
   */
  public LowerTriangle lowerTriangle() {
    int[] columnStarts = new int[inputs + 1];
    for (int b = 0; b <= fullBlockCount; b++) {
      long[] block = b < fullBlockCount ? fullBlocks[b] : tail;
      for (int k = 0, end = b < fullBlockCount ? BLOCK : tailCount; k < end; k++) {
        columnStarts[(int) (block[k] >>> 32) + 1]++;
      }
    }
    long held = (long) BLOCK * fullBlockCount + tailCount + inputs;
    if (held > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "the traced pattern has more than 2^31 entries; a SparseHessian cannot hold it");
    }
    // columnStarts[j] becomes where column j's rows go (its diagonal entry first), then a cursor.
    int[] next = columnStarts;
    int start = 0;
    for (int j = 0; j < inputs; j++) {
      int count = next[j + 1];
      next[j] = start;
      start += count + 1;
    }
    int[] rows = new int[(int) held];
    for (int j = 0; j < inputs; j++) {
      rows[next[j]++] = j;
    }
    for (int b = 0; b <= fullBlockCount; b++) {
      long[] block = b < fullBlockCount ? fullBlocks[b] : tail;
      for (int k = 0, end = b < fullBlockCount ? BLOCK : tailCount; k < end; k++) {
        rows[next[(int) (block[k] >>> 32)]++] = (int) block[k];
      }
    }
    // Now column j's rows lie from next[j - 1] (0 for j = 0) to next[j]: drop repeats, sort.
    int[] lastColumnOf = inputMarks; // borrowed: per row, 1 + the last column that held it
    Arrays.fill(lastColumnOf, 0);
    int written = 0;
    int from = 0;
    for (int j = 0; j < inputs; j++) {
      int to = next[j];
      columnStarts[j] = written;
      for (int k = from; k < to; k++) {
        int row = rows[k];
        if (lastColumnOf[row] != j + 1) {
          lastColumnOf[row] = j + 1;
          rows[written++] = row;
        }
      }
      if (written - columnStarts[j] > 2) {
        Arrays.sort(rows, columnStarts[j] + 1, written); // after the diagonal, the smallest row
      }
      from = to;
    }
    columnStarts[inputs] = written;
    Arrays.fill(inputMarks, 0); // given back: no walk's epoch is 0
    return new LowerTriangle(
        columnStarts, written == rows.length ? rows : Arrays.copyOf(rows, written));
  }

  /**
   * A Jacobian of zeros whose row i holds the inputs {@code outputs[i]} depends on, coloured, made
   * for inputs whose {@link PatternKey} is {@code madeFor}.
   */
  public SparseJacobian jacobian(int[] outputs, long madeFor) {
    int[] at = new int[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      at[i] = outputs[i] > inputs ? gather(outputs[i]) : -1;
    }
    int[] columnStarts = new int[inputs + 1];
    long held = 0;
    for (int i = 0; i < outputs.length; i++) {
      int h = outputs[i];
      if (h > inputs) {
        for (int p = at[i] + 2, end = at[i] + 2 + sets[at[i]]; p < end; p++) {
          columnStarts[sets[p] + 1]++;
        }
        held += sets[at[i]];
      } else if (h != NONE) {
        columnStarts[h]++;
        held++;
      }
    }
    if (held > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "the traced pattern has more than 2^31 entries; a SparseJacobian cannot hold it");
    }
    for (int j = 0; j < inputs; j++) {
      columnStarts[j + 1] += columnStarts[j];
    }
    int[] next = Arrays.copyOf(columnStarts, inputs);
    int[] rowIndices = new int[columnStarts[inputs]];
    for (int i = 0; i < outputs.length; i++) {
      int h = outputs[i];
      if (h > inputs) {
        for (int p = at[i] + 2, end = at[i] + 2 + sets[at[i]]; p < end; p++) {
          rowIndices[next[sets[p]]++] = i;
        }
      } else if (h != NONE) {
        rowIndices[next[h - 1]++] = i;
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

  /**
   * The offset in {@link #sets} of node handle {@code a}'s set (length, squared flag, elements),
   * gathered now unless it was before.
   */
  private int gather(int a) {
    int node = 2 * (a - inputs - 1);
    if (nodes[node] < 0) {
      return -1 - nodes[node];
    }
    if (nodeMarks.length < nodeCount) {
      nodeMarks = Arrays.copyOf(nodeMarks, Math.max(nodeCount, 2 * nodeMarks.length));
    }
    if (++epoch == Integer.MAX_VALUE) {
      Arrays.fill(inputMarks, 0);
      Arrays.fill(nodeMarks, 0);
      epoch = 1;
    }
    int at = setsLength;
    reserve(2);
    setsLength += 2;
    int top = 0;
    stack[top++] = a;
    while (top > 0) {
      int h = stack[--top];
      if (h <= inputs) {
        add(h - 1);
        continue;
      }
      int mark = h - inputs - 1;
      if (nodeMarks[mark] == epoch) {
        continue;
      }
      nodeMarks[mark] = epoch;
      int d = 2 * mark;
      if (nodes[d] < 0) {
        int kept = -1 - nodes[d];
        for (int p = kept + 2, end = kept + 2 + sets[kept]; p < end; p++) {
          add(sets[p]);
        }
        continue;
      }
      if (top + 2 > stack.length) {
        stack = Arrays.copyOf(stack, 2 * stack.length);
      }
      stack[top++] = nodes[d + 1];
      stack[top++] = nodes[d];
    }
    sets[at] = setsLength - at - 2;
    sets[at + 1] = 0;
    nodes[node] = -1 - at;
    return at;
  }

  /** Appends input {@code i} to the set being gathered unless this walk met it already. */
  private void add(int i) {
    if (inputMarks[i] != epoch) {
      inputMarks[i] = epoch;
      reserve(1);
      sets[setsLength++] = i;
    }
  }

  private void reserve(int more) {
    if (setsLength + more > sets.length) {
      if (setsLength > Integer.MAX_VALUE / 2 - more) {
        throw new IllegalStateException("a tracer keeps at most 2^30 gathered indices");
      }
      sets = Arrays.copyOf(sets, Math.max(2 * sets.length, setsLength + more));
    }
  }

  /** Records the pair of distinct inputs {@code i} and {@code j}, in the lower triangle. */
  private void pair(int i, int j) {
    long key = i > j ? ((long) j << 32) | i : ((long) i << 32) | j;
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 52); // the top 12 bits
    if (recent[slot] == key) {
      return;
    }
    recent[slot] = key;
    if (tailCount == tail.length) {
      if (tail.length < BLOCK) {
        tail = Arrays.copyOf(tail, 2 * tail.length);
      } else {
        if (fullBlockCount == fullBlocks.length) {
          fullBlocks = Arrays.copyOf(fullBlocks, 2 * fullBlockCount);
        }
        fullBlocks[fullBlockCount++] = tail;
        tail = new long[BLOCK];
        tailCount = 0;
      }
    }
    tail[tailCount++] = key;
  }
}
