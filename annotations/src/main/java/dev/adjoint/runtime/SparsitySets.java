package dev.adjoint.runtime;

/**
 * What generated tracing sweeps ({@code mSparsity}) do with whole arrays of {@link SparsityTracer}
 * handles: make them for arrays of numbers that carry no derivative, save them before both sides
 * of a branch on a value are traced, merge the sides after, and take the union of all of them for
 * a call whose own pattern is not known.
 */
public final class SparsitySets {
  private SparsitySets() {}

  /** Handles for {@code length} numbers that carry no derivative: all {@link SparsityTracer#NONE}. */
  public static int[] none(int length) {
    return new int[length];
  }

  /** Handles for a matrix of {@code shape}'s shape whose numbers carry no derivative. */
  public static int[][] none(double[][] shape) {
    int[][] out = new int[shape.length][];
    for (int r = 0; r < shape.length; r++) {
      out[r] = new int[shape[r].length];
    }
    return out;
  }

  /** Handles for a matrix of {@code rows} rows of {@code columns}, carrying no derivative. */
  public static int[][] none(int rows, int columns) {
    return new int[rows][columns];
  }

  /** Zeros in the shape of a matrix's handles: values to call a method at for its output's length. */
  public static double[][] zeros(int[][] shape) {
    double[][] out = new double[shape.length][];
    for (int r = 0; r < shape.length; r++) {
      out[r] = new double[shape[r].length];
    }
    return out;
  }

  /** A copy of {@code sets}, each row copied: the state before a branch on a value. */
  public static int[][] copy(int[][] sets) {
    int[][] out = new int[sets.length][];
    for (int r = 0; r < sets.length; r++) {
      out[r] = sets[r].clone();
    }
    return out;
  }

  /** Puts {@code saved} back into {@code sets} (same shape), row by row. */
  public static void restore(int[][] sets, int[][] saved) {
    for (int r = 0; r < sets.length; r++) {
      System.arraycopy(saved[r], 0, sets[r], 0, sets[r].length);
    }
  }

  /**
   * Merges the state one side of a branch left, {@code other}, into {@code sets}: each element's
   * set becomes the union of both sides'.
   */
  public static void merge(SparsityTracer t, int[] sets, int[] other) {
    for (int i = 0; i < sets.length; i++) {
      sets[i] = t.union(sets[i], other[i]);
    }
  }

  /** As {@link #merge(SparsityTracer, int[], int[])}, row by row. */
  public static void merge(SparsityTracer t, int[][] sets, int[][] other) {
    for (int r = 0; r < sets.length; r++) {
      merge(t, sets[r], other[r]);
    }
  }

  /**
   * The result of a vector-valued method that returns in either side of a branch on a value:
   * element by element the union of both, as long as the longer.
   */
  public static int[] merged(SparsityTracer t, int[] a, int[] b) {
    if (a == null) {
      return b.clone();
    }
    int[] out = new int[Math.max(a.length, b.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.union(i < a.length ? a[i] : SparsityTracer.NONE, i < b.length ? b[i] : SparsityTracer.NONE);
    }
    return out;
  }

  /** The union of every element's set. */
  public static int all(SparsityTracer t, int[] sets) {
    int u = SparsityTracer.NONE;
    for (int s : sets) {
      u = t.union(u, s);
    }
    return u;
  }

  /** The union of every element's set, row by row. */
  public static int all(SparsityTracer t, int[][] sets) {
    int u = SparsityTracer.NONE;
    for (int[] row : sets) {
      u = t.union(u, all(t, row));
    }
    return u;
  }

  /** A vector of {@code length} elements that each depend on the inputs of {@code set}. */
  public static int[] filled(int set, int length) {
    int[] out = new int[length];
    java.util.Arrays.fill(out, set);
    return out;
  }

  private static final int[] NO_ROW = new int[0];

  /**
   * The handle at {@code i}, or {@link SparsityTracer#NONE} where {@code i} is out of range: a read
   * on a side of a branch on a value, which the sweep traces whether or not this point takes it.
   * Nothing is missed: every run that takes the side throws at that read.
   */
  public static int element(int[] sets, int i) {
    return i >= 0 && i < sets.length ? sets[i] : SparsityTracer.NONE;
  }

  /** The row at {@code i}, or one of no elements where {@code i} is out of range (as above). */
  public static int[] element(int[][] sets, int i) {
    return i >= 0 && i < sets.length ? sets[i] : NO_ROW;
  }

  /**
   * {@code sets[i] = set}, or nothing where {@code i} is out of range: a store on a side of a
   * branch on a value (as {@link #element(int[], int)}).
   */
  public static void store(int[] sets, int i, int set) {
    if (i >= 0 && i < sets.length) {
      sets[i] = set;
    }
  }
}
