package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The record a generated gradient keeps while its loops run forward: values they overwrite and
 * decisions they take, pushed in order and popped in reverse by the backward sweep. Values are
 * stored unboxed in growable arrays that keep their capacity, so once a thread's tape has grown to
 * the size of the work, further gradient calls allocate nothing.
 *
 * <p>Each thread has one tape ({@link #get()}). Calls nest: a gradient that calls another gradient
 * inside its loops records above its own entries, and every gradient pops exactly what it pushed
 * before it returns.
 */
public final class Tape {
  private static final ThreadLocal<Tape> PER_THREAD = ThreadLocal.withInitial(Tape::new);
  private static final int INITIAL_CAPACITY = 256;

  private double[] doubles = new double[INITIAL_CAPACITY];
  private int doubleCount;
  private long[] longs = new long[INITIAL_CAPACITY];
  private int longCount;
  private int[] ints = new int[INITIAL_CAPACITY];
  private int intCount;

  private Tape() {}

  /** The calling thread's tape. */
  public static Tape get() {
    return PER_THREAD.get();
  }

  public void push(double value) {
    if (doubleCount == doubles.length) {
      doubles = Arrays.copyOf(doubles, 2 * doubles.length);
    }
    doubles[doubleCount++] = value;
  }

  /** Pushes every element of {@code values}: a callee's partial derivatives. */
  public void push(double[] values) {
    while (doubleCount + values.length > doubles.length) {
      doubles = Arrays.copyOf(doubles, 2 * doubles.length);
    }
    System.arraycopy(values, 0, doubles, doubleCount, values.length);
    doubleCount += values.length;
  }

  public void push(int value) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, 2 * ints.length);
    }
    ints[intCount++] = value;
  }

  public void push(long value) {
    if (longCount == longs.length) {
      longs = Arrays.copyOf(longs, 2 * longs.length);
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
}
