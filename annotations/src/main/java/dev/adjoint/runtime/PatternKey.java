package dev.adjoint.runtime;

/**
 * A 64-bit key of the shapes and data a sparse pattern was made for: generated code mixes in, in
 * a fixed order, each array's length and each {@code int}-valued datum that decides the pattern,
 * starting from {@link #START}. A refill compares the key of its arguments with the matrix's.
 *
 * <p>Each {@link #mix(long, long)} is a bijection of the key for a fixed value and of the value for
 * a fixed key, so two sequences of mixes of the same length that differ in one value (one length,
 * one {@code int}, one element of an {@code int[]}) always end in different keys; sequences that
 * differ in more places collide only by the chance of a 64-bit hash, about 2^-64. Comparing a key
 * allocates nothing. The key does not say which method the pattern is for: a matrix made by one
 * method and passed to another's refill with the same shapes is not refused.
 */
public final class PatternKey {
  private PatternKey() {}

  /** The key of no shapes and no data. */
  public static final long START = 0x5A17E5EEDL;

  /** {@code key} with {@code value} mixed in. */
  public static long mix(long key, long value) {
    // Spread the value over 64 bits and add it; then xor-shifts and odd multipliers, each of
    // which can be undone, so the whole step can be undone for either argument.
    long h = key + value * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
    h = (h ^ (h >>> 32)) * 0xD6E8FEB86659FD93L;
    return h ^ (h >>> 32);
  }

  /**
   * {@code key} with a vector's length mixed in (its values do not decide the pattern); null, as
   * a field may hold, mixes -1.
   */
  public static long mix(long key, double[] shape) {
    return mix(key, shape == null ? -1 : shape.length);
  }

  /** {@code key} with a matrix's number of rows and each row's length mixed in (null: -1). */
  public static long mix(long key, double[][] shape) {
    if (shape == null) {
      return mix(key, -1L);
    }
    key = mix(key, shape.length);
    for (double[] row : shape) {
      key = mix(key, row);
    }
    return key;
  }

  /** {@code key} with an {@code int} array's length and elements mixed in (null: -1). */
  public static long mix(long key, int[] data) {
    if (data == null) {
      return mix(key, -1L);
    }
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
