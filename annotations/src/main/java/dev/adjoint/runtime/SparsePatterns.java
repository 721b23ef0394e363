package dev.adjoint.runtime;

/**
 * For generated code: dense patterns, for the methods whose pattern cannot be traced from shapes
 * and data, and the parts of a {@link PatternKey} that {@code PatternKey} does not mix itself.
 */
public final class SparsePatterns {
  private SparsePatterns() {}

  /**
   * A Hessian of zeros whose pattern is the whole lower triangle of an N×N matrix: correct for any
   * method, and as costly as a dense Hessian.
   *
   * @throws IllegalArgumentException if the lower triangle has more entries than an array holds
   */
  public static SparseHessian denseHessian(int size, long madeFor) {
    return SparseHessian.dense(size, madeFor);
  }

  /**
   * A Jacobian of zeros whose pattern is every entry of an M×N matrix.
   *
   * @throws IllegalArgumentException if the matrix has more entries than an array holds
   */
  public static SparseJacobian denseJacobian(int rows, int columns, long madeFor) {
    return SparseJacobian.dense(rows, columns, madeFor);
  }

  /**
   * The key of a pattern of {@code method} (its class, name and parameter types) before its
   * arguments are mixed in: a matrix made by one method is refused by another's refill.
   */
  public static long start(String method) {
    return mix(PatternKey.START, method);
  }

  /** {@code key} with each of {@code flags} mixed in, and their number (null: -1). */
  public static long mix(long key, boolean[] flags) {
    if (flags == null) {
      return PatternKey.mix(key, -1L);
    }
    key = PatternKey.mix(key, flags.length);
    for (boolean flag : flags) {
      key = PatternKey.mix(key, flag);
    }
    return key;
  }

  /** {@code key} with the number of rows and each row of {@code data} mixed in (null: -1). */
  public static long mix(long key, int[][] data) {
    if (data == null) {
      return PatternKey.mix(key, -1L);
    }
    key = PatternKey.mix(key, data.length);
    for (int[] row : data) {
      key = PatternKey.mix(key, row);
    }
    return key;
  }

  /**
   * {@code key} with the length of {@code data} mixed in, not its elements (null: -1): for a data
   * array whose elements the traced pattern never reads.
   */
  public static long mixLength(long key, int[] data) {
    return PatternKey.mix(key, data == null ? -1 : data.length);
  }

  /** As {@link #mixLength(long, int[])}. */
  public static long mixLength(long key, boolean[] data) {
    return PatternKey.mix(key, data == null ? -1 : data.length);
  }

  /** As {@link #mixLength(long, int[])}: the number of rows. */
  public static long mixLength(long key, int[][] data) {
    return PatternKey.mix(key, data == null ? -1 : data.length);
  }

  /** {@code key} with each character of {@code text} mixed in, and their number (null: -1). */
  public static long mix(long key, String text) {
    if (text == null) {
      return PatternKey.mix(key, -1L);
    }
    key = PatternKey.mix(key, text.length());
    for (int i = 0; i < text.length(); i++) {
      key = PatternKey.mix(key, text.charAt(i));
    }
    return key;
  }

  /** {@code key} with which constant {@code constant} is mixed in (null: -1). */
  public static long mix(long key, Enum<?> constant) {
    return PatternKey.mix(key, constant == null ? -1L : constant.ordinal());
  }

  /**
   * {@code key} with the identity of {@code data} mixed in. Called by companions of an earlier
   * Adjoint only: an identity hash is not unique, and the same object's fields may change, so
   * companions now mix the values of the fields a traced pattern read instead.
   */
  public static long mixIdentity(long key, Object data) {
    return PatternKey.mix(key, System.identityHashCode(data));
  }
}
