package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The symmetric weights W(a, b) between live keys that {@link EdgePushing}'s reverse sweep
 * carries: per key a self weight W(a, a) and a row of (neighbour, weight) edges.
 *
 * <p>Where an edge lives: a key that no statement writes (terminal: an input the method only
 * reads, an element of a local array never written) is never taken, so an edge between two
 * terminals is kept once, in the row of the larger key; an edge between a terminal and a written
 * key only in the written key's row; an edge between two written keys in both rows, so that
 * taking either end finds it (and removes it from the other). An edge between two terminal inputs
 * is final, an entry of the Hessian: it goes straight into the matrix's values and is not kept
 * here at all (unless the matrix's pattern lacks it).
 *
 * <p>How rows are stored: every row is a block of one arena ({@code neighbours}, {@code
 * weights}). Most rows stay small and are scanned linearly (up to {@link #SMALL} entries, packed
 * at the block's start); a row past that becomes an open-addressing table (linear probing,
 * load at most 1/2, deletion by backward shift, so no tombstones) and doubles into a new block when
 * it fills. Blocks are powers of two; one left (by a row that grew, or a table taken) goes to a
 * free list of its size for the next row that needs one. A small row taken keeps its block for the
 * key's next value (a loop's temporary reuses its key every iteration). {@link #reset} forgets only the keys touched since
 * the last reset and starts the arena over; the arrays grow only past their high-water marks, so
 * once they have, refilling the same tape allocates nothing.
 */
final class EdgeStore {
  /** The largest row scanned linearly; larger rows are hashed. */
  static final int SMALL = 8;

  private static final int FIRST_ROW = 4;
  private static final int EMPTY = -1;
  /** A column of the matrix with at most this many entries below its diagonal is scanned. */
  private static final int SHORT_COLUMN = 16;
  /** A column of the matrix this long or longer may get a dense block... */
  private static final int LONG_COLUMN = 32;
  /** ...if it holds at least 1 in this many of the rows from its diagonal down. */
  private static final int BLOCK_DENSITY = 8;

  // Per key (indexed by key, valid below keyCapacity).
  private double[] self = new double[0];
  private int[] rowStart = new int[0];
  private int[] rowCapacity = new int[0];
  private int[] rowLength = new int[0];
  /** Whether a key's self weight or row was touched since the last reset. */
  private boolean[] touched = new boolean[0];
  private int[] touchedKeys = new int[0];
  private int touchedCount;
  private boolean[] written = new boolean[0];

  // The matrix final edges go into.
  private int inputs;
  private double[] values;
  private int[] columnStarts;
  private int[] rowIndices;
  /** Per column of the matrix: its last row if it holds every row from the diagonal on, else -1. */
  private int[] contiguousTo = new int[0];
  /**
   * Per column: where its dense block starts in {@link #columnBlocks} (entry (r, c) accumulates in
   * {@code columnBlocks[blockStart[c] + r - c]}, whether h's pattern has it or not), or -1 for a
   * column searched instead. The blocks are all zero between two sweeps.
   */
  private int[] blockStart = new int[0];
  private double[] columnBlocks = new double[0];
  private int blocked;
  /** The matrix the arrays above describe. */
  private SparseHessian indexedFor;

  // The arena of row blocks.
  private int[] neighbours = new int[64];
  private double[] weights = new double[64];
  private int arenaTop;
  /**
   * Per block size (a power of two, by its exponent): the first free block of that size, -1 if
   * none; a free block's first neighbour slot holds the next one.
   */
  private final int[] freeBlocks = new int[32];

  private int entries;
  private int peakEntries;

  private int[] scratchKeys = new int[16];
  private double[] scratchWeights = new double[16];
  private double takenSelf;

  /**
   * Forgets every edge and every self weight; keys 0..keys-1 are valid from now on, and {@code
   * written[k]} (read, not copied: kept unchanged until the next reset) says that key k is
   * written by some statement, so is not terminal. An edge between two terminal keys below {@code
   * inputs} is final (nothing will push it further): it is added straight into {@code h}'s values
   * where h's pattern has it (the caller zeroes them first), and kept here otherwise, for the
   * caller to refuse.
   */
  void reset(int keys, boolean[] written, int inputs, SparseHessian h) {
    this.inputs = inputs;
    values = h.values();
    columnStarts = h.columnStarts();
    rowIndices = h.rowIndices();
    if (h != indexedFor) {
      index(h);
    }
    for (int t = 0; t < touchedCount; t++) {
      int k = touchedKeys[t];
      self[k] = 0.0;
      rowCapacity[k] = 0;
      rowLength[k] = 0;
      touched[k] = false;
    }
    touchedCount = 0;
    if (self.length < keys) {
      int capacity = Math.max(keys, self.length + self.length / 2);
      self = new double[capacity];
      rowStart = new int[capacity];
      rowCapacity = new int[capacity];
      rowLength = new int[capacity];
      touched = new boolean[capacity];
      touchedKeys = new int[capacity];
    }
    this.written = written;
    arenaTop = 0;
    Arrays.fill(freeBlocks, -1);
    entries = 0;
    peakEntries = 0;
  }

  private void touch(int k) {
    if (!touched[k]) {
      touched[k] = true;
      touchedKeys[touchedCount++] = k;
    }
  }

  /** W(a, a) += w. */
  void addDiag(int a, double w) {
    touch(a);
    self[a] += w;
  }

  /** W(a, b) += w for a ≠ b; W(a, a) += 2w for a == b (both (a, b) and (b, a) land there). */
  void addCross(int a, int b, double w) {
    if (a == b) {
      touch(a);
      self[a] += 2 * w;
      return;
    }
    boolean aWritten = written[a];
    boolean bWritten = written[b];
    if (aWritten) {
      add(a, b, w);
      if (bWritten) {
        add(b, a, w);
      }
    } else if (bWritten) {
      add(b, a, w);
    } else {
      int high = Math.max(a, b);
      int low = Math.min(a, b);
      if (high < inputs) {
        int last = contiguousTo[low];
        if (last >= 0) { // rows low..last all there (dense and band columns): found by offset
          if (high <= last) {
            values[columnStarts[low] + (high - low)] += w;
            return;
          }
        } else {
          int start = blockStart[low];
          if (start >= 0) {
            columnBlocks[start + (high - low)] += w;
            return;
          }
          int k = search(low, high);
          if (k >= 0) {
            values[k] += w;
            return;
          }
        }
      }
      add(high, low, w); // not on the pattern: kept for the gather to refuse
    }
  }

  /** Where column's entries hold row (below the diagonal), or -1. */
  private int search(int column, int row) {
    int from = columnStarts[column] + 1;
    int to = columnStarts[column + 1];
    if (to - from > SHORT_COLUMN) {
      int k = Arrays.binarySearch(rowIndices, from, to, row);
      return k >= 0 ? k : -1;
    }
    // A short column (an arrowhead's): a scan, whose branches predict better than a search's.
    for (int k = from; k < to; k++) {
      int r = rowIndices[k];
      if (r >= row) {
        return r == row ? k : -1;
      }
    }
    return -1;
  }

  /**
   * Moves the final edges accumulated in dense column blocks into h's values (adding) and leaves
   * the blocks zero; throws if one of nonzero weight is not on h's pattern.
   */
  void drainBlocks() {
    if (blocked == 0) {
      return;
    }
    int n = indexedFor.size();
    IllegalStateException outside = null;
    for (int c = 0; c < n; c++) {
      int start = blockStart[c];
      if (start < 0) {
        continue;
      }
      for (int k = columnStarts[c]; k < columnStarts[c + 1]; k++) {
        int at = start + rowIndices[k] - c;
        values[k] += columnBlocks[at];
        columnBlocks[at] = 0.0;
      }
      for (int at = start, end = start + n - c; at < end; at++) {
        if (columnBlocks[at] != 0.0) {
          if (outside == null) {
            outside = outsidePattern(c + at - start, c, columnBlocks[at]);
          }
          columnBlocks[at] = 0.0;
        }
      }
    }
    if (outside != null) {
      throw outside;
    }
  }

  /** The refusal of an edge of nonzero weight between two inputs that h's pattern lacks. */
  static IllegalStateException outsidePattern(int row, int column, double weight) {
    return new IllegalStateException(
        "edge pushing found the Hessian's entry (" + row + ", " + column + ") = " + weight
            + " outside the sparse Hessian's pattern: a bug of the sparsity tracer or of edge "
            + "pushing");
  }

  /**
   * Describes h's columns for {@link #addCross}: a column holding every row from its diagonal to
   * its last is found by offset; a long column holding at least 1 in {@link #BLOCK_DENSITY} of the
   * rows from its diagonal down gets a dense block of that many doubles, one per row, drained into
   * the values at the end (one memory access per update instead of a search); the rest, short or
   * sparse, are searched. Once per matrix: allocates when the matrix changes.
   */
  private void index(SparseHessian h) {
    int n = h.size();
    if (contiguousTo.length < n) {
      contiguousTo = new int[n];
      blockStart = new int[n];
    }
    long total = 0;
    for (int c = 0; c < n; c++) {
      int from = columnStarts[c];
      int to = columnStarts[c + 1];
      int last = rowIndices[to - 1];
      contiguousTo[c] = last - c == to - 1 - from ? last : -1;
      boolean dense = contiguousTo[c] < 0 && to - from >= LONG_COLUMN
          && (long) BLOCK_DENSITY * (to - from) >= n - c;
      blockStart[c] = dense ? (int) Math.min(total, Integer.MAX_VALUE) : -1;
      total += dense ? n - c : 0;
    }
    if (total > Integer.MAX_VALUE - 8) { // too large for one array: search every column instead
      Arrays.fill(blockStart, 0, n, -1);
      total = 0;
    }
    blocked = (int) total;
    if (columnBlocks.length < blocked) {
      columnBlocks = new double[blocked];
    }
    Arrays.fill(columnBlocks, 0, blocked, 0.0);
    indexedFor = h;
  }

  /** W(row, neighbour) += w in row's row only. */
  private void add(int row, int neighbour, double w) {
    int capacity = rowCapacity[row];
    int start = rowStart[row];
    if (capacity <= SMALL) {
      int length = rowLength[row];
      int end = start + length;
      for (int s = start; s < end; s++) {
        if (neighbours[s] == neighbour) {
          weights[s] += w;
          return;
        }
      }
      if (length < capacity) {
        neighbours[end] = neighbour;
        weights[end] = w;
        rowLength[row] = length + 1;
        counted();
        return;
      }
      grow(row);
      add(row, neighbour, w);
      return;
    }
    int mask = capacity - 1;
    int s = hash(neighbour) & mask;
    while (true) {
      int at = start + s;
      int p = neighbours[at];
      if (p == neighbour) {
        weights[at] += w;
        return;
      }
      if (p == EMPTY) {
        if (2 * (rowLength[row] + 1) > capacity) {
          grow(row);
          add(row, neighbour, w);
          return;
        }
        neighbours[at] = neighbour;
        weights[at] = w;
        rowLength[row]++;
        counted();
        return;
      }
      s = (s + 1) & mask;
    }
  }

  private void counted() {
    if (++entries > peakEntries) {
      peakEntries = entries;
    }
  }

  private static int hash(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Moves row's entries into a block twice as large (a table past {@link #SMALL}). */
  private void grow(int row) {
    touch(row);
    int oldCapacity = rowCapacity[row];
    int oldStart = rowStart[row];
    int length = rowLength[row];
    int capacity = oldCapacity == 0 ? FIRST_ROW : oldCapacity <= SMALL && 2 * oldCapacity > SMALL
        ? 4 * SMALL : 2 * oldCapacity;
    int start = allocate(capacity);
    rowStart[row] = start;
    rowCapacity[row] = capacity;
    if (capacity <= SMALL) {
      System.arraycopy(neighbours, oldStart, neighbours, start, length);
      System.arraycopy(weights, oldStart, weights, start, length);
      if (oldCapacity > 0) {
        release(oldStart, oldCapacity);
      }
      return;
    }
    Arrays.fill(neighbours, start, start + capacity, EMPTY);
    int mask = capacity - 1;
    int end = oldStart + oldCapacity;
    boolean wasSmall = oldCapacity <= SMALL;
    for (int from = oldStart; from < (wasSmall ? oldStart + length : end); from++) {
      int p = neighbours[from];
      if (p == EMPTY) {
        continue;
      }
      int s = hash(p) & mask;
      while (neighbours[start + s] != EMPTY) {
        s = (s + 1) & mask;
      }
      neighbours[start + s] = p;
      weights[start + s] = weights[from];
    }
    if (oldCapacity > 0) {
      release(oldStart, oldCapacity);
    }
  }

  private void release(int start, int size) {
    int sizeClass = Integer.numberOfTrailingZeros(size);
    neighbours[start] = freeBlocks[sizeClass];
    freeBlocks[sizeClass] = start;
  }

  /** A block of {@code size} (a power of two) slots: a free one of that size, or a new one. */
  private int allocate(int size) {
    int sizeClass = Integer.numberOfTrailingZeros(size);
    int free = freeBlocks[sizeClass];
    if (free >= 0) {
      freeBlocks[sizeClass] = neighbours[free];
      return free;
    }
    if (arenaTop + size > neighbours.length) {
      int capacity = Math.max(arenaTop + size, 2 * neighbours.length);
      neighbours = Arrays.copyOf(neighbours, capacity);
      weights = Arrays.copyOf(weights, capacity);
    }
    int start = arenaTop;
    arenaTop += size;
    return start;
  }

  /**
   * Takes written key v out of the store: its edges into {@link #scratchKeys()} and {@link
   * #scratchWeights()} (returns their count), its self weight into {@link #takenSelf()}; removes
   * v from its written neighbours' rows. v's block stays v's, empty.
   */
  int take(int v) {
    takenSelf = self[v];
    self[v] = 0.0;
    int length = rowLength[v];
    if (length == 0) {
      return 0;
    }
    if (scratchKeys.length < length) {
      scratchKeys = new int[Math.max(length, 2 * scratchKeys.length)];
      scratchWeights = new double[scratchKeys.length];
    }
    int start = rowStart[v];
    int capacity = rowCapacity[v];
    int count = 0;
    if (capacity <= SMALL) {
      System.arraycopy(neighbours, start, scratchKeys, 0, length);
      System.arraycopy(weights, start, scratchWeights, 0, length);
      count = length;
    } else {
      for (int at = start; at < start + capacity; at++) {
        int p = neighbours[at];
        if (p != EMPTY) {
          scratchKeys[count] = p;
          scratchWeights[count++] = weights[at];
        }
      }
      // A table goes back to the free blocks: a key taken may never get edges again (an element
      // of a local array made in a loop), and a table kept for each would fill the arena.
      release(start, capacity);
      rowCapacity[v] = 0;
    }
    rowLength[v] = 0;
    entries -= count;
    for (int s = 0; s < count; s++) {
      int p = scratchKeys[s];
      if (written[p]) {
        remove(p, v);
      }
    }
    return count;
  }

  /**
   * For a statement {@code v = φ(v, u...)} that reads v's old value once, with partial {@code
   * factor} (not 0): copies v's edges into {@link #scratchKeys()} and {@link #scratchWeights()}
   * (returns their count) and its self weight into {@link #takenSelf()} (zeroing it), and leaves
   * the edges in place scaled by {@code factor}, mirrors included: what taking them and pushing
   * them back onto v's old value would give, without emptying and refilling the row (an
   * accumulator's row, {@code s += ...} or {@code p *= ...} in a loop, is met again at once).
   */
  int passThrough(int v, double factor) {
    takenSelf = self[v];
    self[v] = 0.0;
    int count = copyRow(v);
    if (factor == 1.0 || count == 0) {
      return count;
    }
    int start = rowStart[v];
    int capacity = rowCapacity[v];
    int end = capacity <= SMALL ? start + rowLength[v] : start + capacity;
    for (int at = start; at < end; at++) {
      int p = neighbours[at];
      if (p != EMPTY && weights[at] != 0.0) { // 0 stays 0, even scaled by an infinite partial
        weights[at] *= factor;
        if (written[p]) {
          weights[slot(p, v)] *= factor;
        }
      }
    }
    return count;
  }

  /** The arena slot of neighbour in row's row, where it is. */
  private int slot(int row, int neighbour) {
    int start = rowStart[row];
    int capacity = rowCapacity[row];
    if (capacity <= SMALL) {
      for (int s = start, end = start + rowLength[row]; s < end; s++) {
        if (neighbours[s] == neighbour) {
          return s;
        }
      }
      throw new AssertionError("edge (" + row + ", " + neighbour + ") has no mirror");
    }
    int mask = capacity - 1;
    int s = hash(neighbour) & mask;
    while (neighbours[start + s] != neighbour) {
      if (neighbours[start + s] == EMPTY) {
        throw new AssertionError("edge (" + row + ", " + neighbour + ") has no mirror");
      }
      s = (s + 1) & mask;
    }
    return start + s;
  }

  /** Removes neighbour from row's row, where it is. */
  private void remove(int row, int neighbour) {
    int start = rowStart[row];
    int capacity = rowCapacity[row];
    int length = rowLength[row];
    if (capacity <= SMALL) {
      int end = start + length;
      for (int s = start; s < end; s++) {
        if (neighbours[s] == neighbour) {
          neighbours[s] = neighbours[end - 1];
          weights[s] = weights[end - 1];
          rowLength[row] = length - 1;
          entries--;
          return;
        }
      }
      throw new AssertionError("edge (" + row + ", " + neighbour + ") has no mirror");
    }
    int mask = capacity - 1;
    int s = hash(neighbour) & mask;
    while (neighbours[start + s] != neighbour) {
      if (neighbours[start + s] == EMPTY) {
        throw new AssertionError("edge (" + row + ", " + neighbour + ") has no mirror");
      }
      s = (s + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole they may use.
    int hole = s;
    int next = (s + 1) & mask;
    while (neighbours[start + next] != EMPTY) {
      int home = hash(neighbours[start + next]) & mask;
      // The entry at next may fill the hole if its home is not cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        neighbours[start + hole] = neighbours[start + next];
        weights[start + hole] = weights[start + next];
        hole = next;
      }
      next = (next + 1) & mask;
    }
    neighbours[start + hole] = EMPTY;
    rowLength[row] = length - 1;
    entries--;
  }

  /** Copies key i's row into the scratch arrays (the store unchanged); returns its length. */
  int copyRow(int i) {
    int length = rowLength[i];
    if (length == 0) {
      return 0;
    }
    if (scratchKeys.length < length) {
      scratchKeys = new int[Math.max(length, 2 * scratchKeys.length)];
      scratchWeights = new double[scratchKeys.length];
    }
    int start = rowStart[i];
    int capacity = rowCapacity[i];
    if (capacity <= SMALL) {
      System.arraycopy(neighbours, start, scratchKeys, 0, length);
      System.arraycopy(weights, start, scratchWeights, 0, length);
      return length;
    }
    int count = 0;
    for (int at = start; at < start + capacity; at++) {
      if (neighbours[at] != EMPTY) {
        scratchKeys[count] = neighbours[at];
        scratchWeights[count++] = weights[at];
      }
    }
    return count;
  }

  int[] scratchKeys() {
    return scratchKeys;
  }

  double[] scratchWeights() {
    return scratchWeights;
  }

  /** The self weight of the key last taken. */
  double takenSelf() {
    return takenSelf;
  }

  /** W(i, i). */
  double self(int i) {
    return self[i];
  }

  /**
   * The most row entries held at once since the last reset (an edge in two rows counts twice;
   * final edges, written into the matrix, are not held).
   */
  int peakEntries() {
    return peakEntries;
  }
}
