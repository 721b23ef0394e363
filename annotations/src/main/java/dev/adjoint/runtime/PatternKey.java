package dev.adjoint.runtime;

/**
 * A 64-bit key of the shapes and data a sparse pattern was made for: generated code mixes in, in
 * a fixed order, each array's length and each {@code int}-valued datum that decides the pattern,
 * starting from {@link #START}. A refill compares the key of its arguments with the matrix's.
 */
public final class PatternKey {
  private PatternKey() {}

  /** The key of no shapes and no data. */
  public static final long START = 0x5A17E5EEDL;

  /** {@code key} with {@code value} mixed in. */
  public static long mix(long key, long value) {
    long h = (key ^ value) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29) ^ (h << 17);
  }

  /** {@code key} with a vector's length mixed in (its values do not decide the pattern). */
  public static long mix(long key, double[] shape) {
    return mix(key, shape.length);
  }

  /** {@code key} with a matrix's number of rows and each row's length mixed in. */
  public static long mix(long key, double[][] shape) {
    key = mix(key, shape.length);
    for (double[] row : shape) {
      key = mix(key, row.length);
    }
    return key;
  }

  /** {@code key} with an {@code int} array's length and elements mixed in. */
  public static long mix(long key, int[] data) {
    key = mix(key, data.length);
    for (int d : data) {
      key = mix(key, d);
    }
    return key;
  }

  /** {@code key} with a {@code boolean} mixed in. */
  public static long mix(long key, boolean data) {
    return mix(key, data ? 1L : 0L);
  }
}
