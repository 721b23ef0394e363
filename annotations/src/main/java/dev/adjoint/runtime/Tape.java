package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The record a generated gradient keeps while its loops run forward: values they overwrite and
 * decisions they take, pushed in order and popped in reverse by the backward sweep. Values are
 * stored unboxed in growable arrays that keep their capacity, so once a thread's tape has grown to
 * the size of the work, further gradient calls allocate nothing.
 *
 * <p>Each thread has one tape ({@link #get()}), made on its first use, with room for a few
 * entries only: a thread that takes one small gradient and ends costs little. Calls nest: a
 * gradient that calls another gradient inside its loops records above its own entries, and every
 * gradient pops exactly what it pushed before it returns. A generated method that records on the
 * tape marks the thread's {@link Workspace} first and releases it in a {@code finally} block,
 * which also drops what it left on the tape: a call that throws part-way leaves the tape as it
 * found it.
 */
public final class Tape {
  private static final double[] NO_DOUBLES = {};
  private static final long[] NO_LONGS = {};
  private static final int[] NO_INTS = {};
  /** The capacity an empty kind of entries grows to first. */
  private static final int FIRST_CAPACITY = 16;

  private double[] doubles = NO_DOUBLES;
  private int doubleCount;
  private long[] longs = NO_LONGS;
  private int longCount;
  private int[] ints = NO_INTS;
  private int intCount;

  Tape() {}

  /** The calling thread's tape. */
  public static Tape get() {
    return Workspace.tape();
  }

  public void push(double value) {
    if (doubleCount == doubles.length) {
      doubles = Arrays.copyOf(doubles, grown(doubles.length, doubleCount + 1));
    }
    doubles[doubleCount++] = value;
  }

  /** Pushes every element of {@code values}: a callee's partial derivatives. */
  public void push(double[] values) {
    if (doubleCount + values.length > doubles.length) {
      doubles = Arrays.copyOf(doubles, grown(doubles.length, doubleCount + values.length));
    }
    System.arraycopy(values, 0, doubles, doubleCount, values.length);
    doubleCount += values.length;
  }

  public void push(int value) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, grown(ints.length, intCount + 1));
    }
    ints[intCount++] = value;
  }

  public void push(long value) {
    if (longCount == longs.length) {
      longs = Arrays.copyOf(longs, grown(longs.length, longCount + 1));
    }
    longs[longCount++] = value;
  }

  public void push(boolean value) {
    push(value ? 1 : 0);
  }

  // Each pop reads before it moves the count: a pop too many throws and leaves the tape usable.

  public double popDouble() {
    double value = doubles[doubleCount - 1];
    doubleCount--;
    return value;
  }

  /** Pops into {@code values} what {@link #push(double[])} pushed for an array of its length. */
  public void pop(double[] values) {
    System.arraycopy(doubles, doubleCount - values.length, values, 0, values.length);
    doubleCount -= values.length;
  }

  public int popInt() {
    int value = ints[intCount - 1];
    intCount--;
    return value;
  }

  public long popLong() {
    long value = longs[longCount - 1];
    longCount--;
    return value;
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }

  /** The number of entries now recorded; zero between top-level gradient calls. */
  public int size() {
    return doubleCount + intCount + longCount;
  }

  /**
   * The entries the tape holds without growing: at least the most it has held, less than twice
   * that once it has grown (it doubles), so a test can bound what a call recorded at its peak.
   */
  public int capacity() {
    return doubles.length + ints.length + longs.length;
  }

  // For Workspace's marks: the three counts, read and put back.

  int doubleCount() {
    return doubleCount;
  }

  int intCount() {
    return intCount;
  }

  int longCount() {
    return longCount;
  }

  /** Drops every entry above the given counts, recorded since they were read. */
  void truncate(int doubles, int ints, int longs) {
    doubleCount = doubles;
    intCount = ints;
    longCount = longs;
  }

  /** A capacity of at least {@code needed}: double the old one, or a few entries at first. */
  private static int grown(int capacity, int needed) {
    return Math.max(needed, Math.max(FIRST_CAPACITY, 2 * capacity));
  }
}
