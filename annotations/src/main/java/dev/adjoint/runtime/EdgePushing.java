package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The gradient and sparse Hessian of one run of a method by edge pushing (Gower and Mello, "A new
 * framework for the computation of Hessians", Optimization Methods and Software 27, 2012), in its
 * live-variable form (Wang, Gebremedhin and Pothen, "Capitalizing on live variables: new
 * algorithms for efficient Hessian computation via automatic differentiation", Mathematical
 * Programming Computation 8, 2016): the second route to a {@link SparseHessian}'s values, besides
 * colouring.
 *
 * <p><b>What edge pushing is.</b> Read the run as statements {@code v = φ(u1..uk)}. Reverse mode
 * walks them backwards carrying an adjoint per live variable; edge pushing also carries a
 * symmetric weight W(a, b) per pair of live variables (an "edge"), such that after the statements
 * later than t are handled, the adjoints and W are the gradient and Hessian of the rest of the run
 * as a function of the variables live at t. Handling {@code v = φ(u...)}, with first partials
 * {@code d_j} and second partials {@code d_jl} of φ: v's edges and its self weight are taken out
 * (v is not live before the statement); each edge (v, p, w) is pushed onto the operands,
 * W(u_j, p) += d_j·w; the self weight onto their pairs, W(u_j, u_l) += d_j·d_l·W(v, v); the
 * statement creates W(u_j, u_l) += ā(v)·d_jl; then the adjoints as in reverse mode, ā(u_j) +=
 * d_j·ā(v). At the start of the run the live variables are the inputs: W is the Hessian. The work
 * follows the edges that exist, so a Hessian needing many colours (a few dense rows, random or
 * data-driven couplings, sums of outer products) costs no more than its entries; no pattern and
 * no colouring are needed, though the values are written on the matrix's traced pattern (a
 * check: an edge of nonzero weight off the pattern is refused).
 *
 * <p><b>Keys.</b> Each variable is an {@code int} key, one space per recording. Keys 0..inputs-1
 * are the inputs in the gradient's layout (the Hessian's rows and columns); {@link #key()} gives
 * a local scalar one key for the whole run (a loop's temporary reuses its key every iteration:
 * when a statement is handled, every edge on its key belongs to the value it wrote, and once taken
 * the key names the older value); {@link #keys(int)} gives a local array consecutive keys. A
 * {@code double[][]}'s elements are keyed row after row through a table of each row's first key
 * ({@link #inputRowKeys} for a differentiated parameter, {@link #rowKeys} for a local). Keys
 * may repeat among a statement's operands ({@code x[i] * x[j]} with i == j): an edge that lands
 * on the diagonal counts twice, as both (a, b) and (b, a) land there. An input no statement writes
 * is terminal: edges between two such inputs are entries of the Hessian and go straight into the
 * matrix.
 *
 * <p><b>The calls generated code makes</b> ({@code mHessianEdges}, run by a sparse Hessian's
 * refill on the edge-pushing route): {@link #begin} with the number of inputs; {@link #key()} /
 * {@link #keys(int)} for locals, once, before their first write; at every write of an active
 * double, {@link #statement} with the key written, then one {@link #partial} per operand and one
 * {@link #second} per nonzero second partial, all computed from the values before the write, then
 * the write itself; {@link #returned} with the key of the value returned; finally {@link #finish}
 * with the gradient and the matrix to fill. A constant or data operand is not an operand.
 *
 * <p><b>Calls.</b> A recording reads its inputs' keys through {@link #input}: at the top level
 * (no call open) the key is the one its gradient layout gives, which the recording passes; in a
 * call of one differentiable method's recording from another's, it is the caller's key of the
 * argument. The caller opens the call with one {@link #argument} per differentiated parameter of
 * the callee (slot 0 first; {@link #constant()} or {@link #constants(int)} for an argument that
 * depends on no input: new keys never written, so they carry no edge), then runs the callee's
 * recording, which records into the same tape and ends with {@link #returned}, closing the call;
 * the caller records the call's value with {@link #statementOfReturned}. Calls nest (a stack of
 * argument frames), so a callee may call others, itself included; its local keys are new at every
 * call.
 *
 * <p>The tape and the edge store are growable primitive arrays kept from one recording to the
 * next, so refilling a matrix whose tape has reached its size allocates nothing. One recording
 * at a time: an instance belongs to one thread at a time.
 */
public final class EdgePushing {
  private static final int NOT_RETURNED = -2;
  private static final int FIRST_CAPACITY = 16;

  private final EdgeStore store = new EdgeStore();

  private int inputs = -1;
  private int nextKey;
  private int result = NOT_RETURNED;

  private int statements;
  private int[] statementOut = new int[FIRST_CAPACITY];
  private int[] firstPartial = new int[FIRST_CAPACITY];
  private int[] firstSecond = new int[FIRST_CAPACITY];

  private int partials;
  private int[] partialKey = new int[FIRST_CAPACITY];
  private double[] partialValue = new double[FIRST_CAPACITY];

  /** Second partials: keys u, w (w = {@link #SAME_OPERAND} for ∂²φ/∂u²) and value. */
  private int seconds;
  private int[] secondU = new int[FIRST_CAPACITY];
  private int[] secondW = new int[FIRST_CAPACITY];
  private double[] secondValue = new double[FIRST_CAPACITY];

  private static final int SAME_OPERAND = -1;

  /** Calls open: the argument keys of call d are frameKeys[frameStart[d] .. frameStart[d+1]). */
  private int depth;
  private int[] frameStart = new int[FIRST_CAPACITY];
  private int[] frameKeys = new int[FIRST_CAPACITY];
  private int frameTop;
  /** The key the last callee returned, until {@link #statementOfReturned} records it. */
  private int calleeResult = NOT_RETURNED;

  /**
   * The row-key tables {@link #inputRowKeys} and {@link #rowKeys} hand out, in the order of this
   * recording's calls; kept for the next recording (a table of the same length is reused).
   */
  private int[][] rowTables = new int[FIRST_CAPACITY][];

  private int rowTablesUsed;

  private double[] adjoint = new double[FIRST_CAPACITY];
  private boolean[] written = new boolean[FIRST_CAPACITY];
  private long updates;

  public EdgePushing() {}
  /** Whether a statement named a key not given since {@link #begin}, and the first such. */
  private boolean keyNotGiven;

  private int firstKeyNotGiven;

  /**
   * Starts a recording of a method of {@code inputs} inputs (keys 0..inputs-1); forgets the
   * previous recording, keeps its storage (no allocation in the steady state).
   */
  public void begin(int inputs) {
    if (inputs < 0) {
      throw new IllegalArgumentException("a method has no " + inputs + " inputs");
    }
    this.inputs = inputs;
    nextKey = inputs;
    result = NOT_RETURNED;
    calleeResult = NOT_RETURNED;
    depth = 0;
    frameTop = 0;
    keyNotGiven = false;
    rowTablesUsed = 0;
    statements = 0;
    partials = 0;
    seconds = 0;
    updates = 0;
  }

  /** A new key for a local scalar. */
  public int key() {
    return keys(1);
  }

  /** {@code count} consecutive new keys (a local array); returns the first. */
  public int keys(int count) {
    requireRecording();
    if (count < 0 || nextKey > Integer.MAX_VALUE - count) {
      throw new IllegalArgumentException("cannot give " + count + " more keys after " + nextKey);
    }
    int first = nextKey;
    nextKey += count;
    return first;
  }

  /** A new key for an argument that depends on no input: never written, so it has no edge. */
  public int constant() {
    return keys(1);
  }

  /** {@code count} new keys for an array argument that depends on no input; returns the first. */
  public int constants(int count) {
    return keys(count);
  }

  /**
   * The key of the recording's input slot {@code slot} (its differentiated parameters in order),
   * plus {@code offset} within an array: {@code topLevel} (its key in the gradient's layout) where
   * no call is open, else the key the caller gave that slot plus {@code offset}. Read once per
   * slot, before the recording's first call.
   */
  public int input(int slot, int topLevel) {
    if (depth == 0) {
      return topLevel;
    }
    int start = frameStart[depth - 1];
    if (slot < 0 || start + slot >= frameTop) {
      throw new IllegalStateException(
          "edge pushing: input slot " + slot + " of a call given " + (frameTop - start) + " arguments");
    }
    return frameKeys[start + slot];
  }

  /**
   * Gives the next call's differentiated argument in slot {@code slot} the caller's key {@code key}
   * (an array's first key); slot 0 opens the call, the others follow in order.
   */
  public void argument(int slot, int key) {
    requireRecording();
    noteKey(key);
    if (slot == 0) {
      if (depth == frameStart.length) {
        frameStart = Arrays.copyOf(frameStart, 2 * depth);
      }
      frameStart[depth++] = frameTop;
    } else if (depth == 0 || slot != frameTop - frameStart[depth - 1]) {
      throw new IllegalStateException("edge pushing: argument slot " + slot + " out of order");
    }
    if (frameTop == frameKeys.length) {
      frameKeys = Arrays.copyOf(frameKeys, 2 * frameTop);
    }
    frameKeys[frameTop++] = key;
  }

  /**
   * Records the statement {@code out = (the value the callee just returned)}: the call's value in
   * a key of the caller's own (the callee's keys are its own).
   */
  public void statementOfReturned(int out) {
    if (calleeResult == NOT_RETURNED) {
      throw new IllegalStateException("edge pushing: no callee returned");
    }
    int from = calleeResult;
    calleeResult = NOT_RETURNED;
    statement(out);
    if (from != -1) {
      partial(from, 1.0);
    }
  }

  /**
   * The keys of a differentiated matrix parameter {@code m}, whose first element is input key
   * {@code first} (in a call, the caller's first key of the matrix passed, whose keys follow in
   * the same order: a differentiated matrix's or a local one's, {@link #rowKeys}): the key of {@code m[i][j]} is {@code table[i] + j}, row after row as the
   * gradient lays the matrix out ({@link Shapes#flatten}; rows may differ in length). The table
   * is as long as {@code m}, so reading it at a row index out of range throws what {@code m[i]}
   * throws.
   *
   * @throws IllegalArgumentException if the matrix's keys are not all inputs (in a call: not all
   *     given)
   */
  public int[] inputRowKeys(double[][] m, int first) {
    requireRecording();
    int[] table = rowTable(m.length);
    long next = first;
    for (int i = 0; i < m.length; i++) {
      table[i] = (int) Math.min(next, Integer.MAX_VALUE);
      next += m[i].length;
    }
    // At the top level the matrix is inputs; in a call, the caller's matrix (keys already given).
    int limit = depth == 0 ? inputs : nextKey;
    if (first < 0 || next > limit) {
      throw new IllegalArgumentException(
          "edge pushing: a matrix of keys from " + first + " to " + (next - 1)
              + " is not within the " + limit + (depth == 0 ? " inputs" : " keys given"));
    }
    return table;
  }

  /**
   * New consecutive keys for every element of a local matrix {@code m} (made just now, its
   * elements zero, so they need no statement), row after row: the key of {@code m[i][j]} is
   * {@code table[i] + j}. The table is as long as {@code m}.
   */
  public int[] rowKeys(double[][] m) {
    requireRecording();
    int[] table = rowTable(m.length);
    for (int i = 0; i < m.length; i++) {
      table[i] = keys(m[i].length);
    }
    return table;
  }

  /**
   * The first key of a local matrix with the row-key table {@code table}, passed whole to a
   * recording: its keys are consecutive row after row ({@link #rowKeys}). A matrix without rows
   * has no element to read; 0 then stands for its keys.
   */
  public int firstKey(int[] table) {
    return table.length == 0 ? 0 : table[0];
  }

  /** A table of {@code rows} ints for this recording: the one of the previous recording if as long. */
  private int[] rowTable(int rows) {
    if (rowTablesUsed == rowTables.length) {
      rowTables = Arrays.copyOf(rowTables, 2 * rowTablesUsed);
    }
    int[] table = rowTables[rowTablesUsed];
    if (table == null || table.length != rows) {
      table = new int[rows];
      rowTables[rowTablesUsed] = table;
    }
    rowTablesUsed++;
    return table;
  }

  /**
   * Starts the record of one statement writing key {@code out} (every write of an active double
   * is recorded, even {@code v = 0.0} with no operand: it ends v's edges and zeroes its adjoint).
   */
  public void statement(int out) {
    noteKey(out);
    if (statements == statementOut.length) {
      int capacity = 2 * statements;
      statementOut = Arrays.copyOf(statementOut, capacity);
      firstPartial = Arrays.copyOf(firstPartial, capacity);
      firstSecond = Arrays.copyOf(firstSecond, capacity);
    }
    statementOut[statements] = out;
    firstPartial[statements] = partials;
    firstSecond[statements] = seconds;
    statements++;
  }

  /** ∂φ/∂u of the statement being recorded, u's key; two calls may name the same key. */
  public void partial(int key, double d) {
    noteKey(key);
    requireStatement();
    if (partials == partialKey.length) {
      partialKey = Arrays.copyOf(partialKey, 2 * partials);
      partialValue = Arrays.copyOf(partialValue, 2 * partials);
    }
    partialKey[partials] = key;
    partialValue[partials] = d;
    partials++;
  }

  /**
   * ∂²φ/∂u∂w for two DIFFERENT operands u, w of the statement (their keys may be equal at run
   * time: x[i]*x[j] with i == j; the store then adds 2·weight on the diagonal).
   */
  public void second(int u, int w, double d) {
    noteKey(w);
    addSecond(u, w, d);
  }

  /** ∂²φ/∂u² for one operand u. */
  public void second(int u, double d) {
    addSecond(u, SAME_OPERAND, d);
  }

  private void addSecond(int u, int w, double d) {
    noteKey(u);
    requireStatement();
    if (seconds == secondU.length) {
      secondU = Arrays.copyOf(secondU, 2 * seconds);
      secondW = Arrays.copyOf(secondW, 2 * seconds);
      secondValue = Arrays.copyOf(secondValue, 2 * seconds);
    }
    secondU[seconds] = u;
    secondW[seconds] = w;
    secondValue[seconds] = d;
    seconds++;
  }

  /**
   * The key the method's value was last written to (-1 when the value depends on no input); in a
   * call, this closes it, and the caller's {@link #statementOfReturned} reads the key. (A key out
   * of range is remembered, as at {@link #statement}: the method's return throws first.)
   */
  public void returned(int key) {
    requireRecording();
    if (key != -1) {
      noteKey(key);
    }
    if (depth > 0) {
      depth--;
      frameTop = frameStart[depth];
      calleeResult = key;
    } else {
      result = key;
    }
  }

  /**
   * Edge pushing's reverse sweep over the statements recorded: writes the gradient into
   * grad[0..inputs) and the Hessian's values on h's pattern (h.values()); throws
   * IllegalStateException if an edge of nonzero weight between two inputs falls outside h's
   * pattern (a bug of the tracer or of edge pushing: never a silently wrong matrix).
   */
  public void finish(double[] grad, SparseHessian h) {
    requireRecording();
    if (keyNotGiven) {
      requireKey(firstKeyNotGiven);
    }
    if (result == NOT_RETURNED || depth > 0) {
      throw new IllegalStateException(
          "edge pushing: the recording has no returned(key)"
              + (depth > 0 ? " closing its " + depth + " call(s)" : ""));
    }
    if (h.size() != inputs || grad.length < inputs) {
      throw new IllegalArgumentException(
          "edge pushing recorded " + inputs + " inputs, given a " + h.size() + "x" + h.size()
              + " Hessian and a gradient of " + grad.length);
    }
    if (adjoint.length < nextKey) {
      adjoint = new double[nextKey];
      written = new boolean[nextKey];
    }
    Arrays.fill(adjoint, 0, nextKey, 0.0);
    Arrays.fill(written, 0, nextKey, false);
    for (int t = 0; t < statements; t++) {
      written[statementOut[t]] = true;
    }
    Arrays.fill(h.values(), 0.0);
    store.reset(nextKey, written, inputs, h);
    if (result >= 0) {
      adjoint[result] = 1.0;
      for (int t = statements - 1; t >= 0; t--) {
        reverse(t);
      }
    }
    System.arraycopy(adjoint, 0, grad, 0, inputs);
    gather(h);
    h.refilled();
  }

  /** The reverse step of statement t, v = φ(u...): take, push, create, adjoints. */
  private void reverse(int t) {
    int v = statementOut[t];
    int from = firstPartial[t];
    int to = t + 1 < statements ? firstPartial[t + 1] : partials;
    long made = 0; // store updates, added to the total once (a field written in the loops is slower)
    int kept = oldValueOperand(v, from, to);
    int count = kept >= 0 ? store.passThrough(v, partialValue[kept]) : store.take(v);
    double self = store.takenSelf();
    int[] keys = store.scratchKeys();
    double[] weights = store.scratchWeights();
    for (int s = 0; s < count; s++) {
      double w = weights[s];
      if (w == 0.0) {
        continue;
      }
      int p = keys[s];
      for (int j = from; j < to; j++) {
        double d = partialValue[j];
        if (d != 0.0 && j != kept) { // the kept operand's share is already in place
          store.addCross(partialKey[j], p, d * w);
          made++;
        }
      }
    }
    if (self != 0.0) {
      for (int j = from; j < to; j++) {
        double dj = partialValue[j];
        if (dj == 0.0) {
          continue;
        }
        store.addDiag(partialKey[j], dj * dj * self);
        made++;
        for (int l = j + 1; l < to; l++) {
          double dl = partialValue[l];
          if (dl != 0.0) {
            store.addCross(partialKey[j], partialKey[l], dj * dl * self);
            made++;
          }
        }
      }
    }
    double a = adjoint[v];
    adjoint[v] = 0.0;
    if (a == 0.0) {
      updates += made;
      return;
    }
    int secondTo = t + 1 < statements ? firstSecond[t + 1] : seconds;
    for (int q = firstSecond[t]; q < secondTo; q++) {
      double d = secondValue[q];
      if (d == 0.0) {
        continue;
      }
      if (secondW[q] == SAME_OPERAND) {
        store.addDiag(secondU[q], a * d);
      } else {
        store.addCross(secondU[q], secondW[q], a * d);
      }
      made++;
    }
    updates += made;
    for (int j = from; j < to; j++) {
      double d = partialValue[j];
      if (d != 0.0) {
        adjoint[partialKey[j]] += d * a;
      }
    }
  }

  /**
   * The operand of the statement in [from, to) that is v's own old value, where it is the only
   * one with v's key and its partial is not 0 (then v's edges can stay in place, scaled by it);
   * else -1.
   */
  private int oldValueOperand(int v, int from, int to) {
    int found = -1;
    for (int j = from; j < to; j++) {
      if (partialKey[j] == v) {
        if (found >= 0) {
          return -1;
        }
        found = j;
      }
    }
    return found >= 0 && partialValue[found] != 0.0 ? found : -1;
  }

  /**
   * Adds the edges between inputs still in the store (those of written inputs, and final edges
   * outside h's pattern, which it refuses) onto h's pattern, each unordered pair once, and writes
   * the diagonal.
   */
  private void gather(SparseHessian h) {
    store.drainBlocks();
    double[] values = h.values();
    int[] columnStarts = h.columnStarts();
    int[] rowIndices = h.rowIndices();
    for (int i = 0; i < inputs; i++) {
      values[columnStarts[i]] = store.self(i);
      int count = store.copyRow(i);
      int[] keys = store.scratchKeys();
      double[] weights = store.scratchWeights();
      for (int s = 0; s < count; s++) {
        int j = keys[s];
        if (j >= inputs || !heldHere(i, j)) {
          continue;
        }
        int row = Math.max(i, j);
        int column = Math.min(i, j);
        int k = Arrays.binarySearch(
            rowIndices, columnStarts[column] + 1, columnStarts[column + 1], row);
        if (k >= 0) {
          values[k] += weights[s];
        } else if (weights[s] != 0.0) {
          throw EdgeStore.outsidePattern(row, column, weights[s]);
        }
      }
    }
  }

  /** Whether edge (i, j) between two inputs is read from row i (each pair read once). */
  private boolean heldHere(int i, int j) {
    return written[i] == written[j] ? j < i : written[i];
  }

  /** Statements recorded since {@link #begin}. */
  public int statements() {
    return statements;
  }

  /** Updates of the edge store by the last {@link #finish}. */
  public long updates() {
    return updates;
  }

  /** The most edges the store held at once during the last {@link #finish}. */
  public int peakEdges() {
    return store.peakEntries();
  }

  private void requireRecording() {
    if (inputs < 0) {
      throw new IllegalStateException("edge pushing: begin(inputs) was not called");
    }
  }

  private void requireStatement() {
    if (statements == 0) {
      throw new IllegalStateException("edge pushing: a partial before any statement(out)");
    }
  }

  /**
   * A key out of range is remembered, not refused at once: it is an element's key at an index out
   * of its array, and the method's own statement, run right after its record, throws there what
   * the method throws (an index out of bounds, with Java's message); {@link #finish} refuses a
   * recording that holds one.
   */
  private void noteKey(int key) {
    if ((key < 0 || key >= nextKey) && !keyNotGiven) {
      keyNotGiven = true;
      firstKeyNotGiven = key;
    }
  }

  private void requireKey(int key) {
    if (key < 0 || key >= nextKey) {
      throw new IllegalArgumentException(
          "edge pushing: key " + key + " was not given (keys 0.." + (nextKey - 1) + ")");
    }
  }
}
