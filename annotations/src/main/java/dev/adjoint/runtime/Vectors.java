package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * Slices of flat arrays in generated code: where a call passes a whole array to another
 * differentiable method, the chain rule runs over the slice of the callee's gradient that belongs
 * to that array.
 */
public final class Vectors {
  /** An empty buffer, which {@link #atLeast} replaces on first use. */
  public static final double[] EMPTY = new double[0];

  private Vectors() {}

  /** {@code buffer} if it holds at least {@code n} elements, else a new array of {@code n}. */
  public static double[] atLeast(double[] buffer, int n) {
    return buffer.length >= n ? buffer : new double[n];
  }

  /** The buffer an array made in each iteration of a loop starts from: it holds nothing yet. */
  public static double[] emptyBuffer() {
    return EMPTY;
  }

  /**
   * The buffer of an array made in each iteration of a loop, {@code new double[n]}: {@code buffer}
   * if it holds at least {@code n} elements, else a longer copy of it (the backward sweep puts
   * earlier iterations' elements back into the buffer it has, by index, so they must keep their
   * places). Throws as {@code new double[n]} does for a negative {@code n}.
   */
  public static double[] grown(double[] buffer, int n) {
    if (n < 0) {
      throw new NegativeArraySizeException(Integer.toString(n));
    }
    return buffer.length >= n ? buffer : Arrays.copyOf(buffer, Math.max(n, 2 * buffer.length));
  }

  /**
   * The array an iteration made, {@code n} long, passed whole to a call: {@code buffer} itself when
   * it is exactly that long (a loop whose arrays keep their length), else a copy of its first
   * {@code n} elements, since the callee reads its argument's length.
   */
  public static double[] prefix(double[] buffer, int n) {
    return buffer.length == n ? buffer : Arrays.copyOf(buffer, n);
  }

  /** {@code Σ a[aFrom + k] * b[bFrom + k]} for {@code k < n}. */
  public static double dot(double[] a, int aFrom, double[] b, int bFrom, int n) {
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += a[aFrom + k] * b[bFrom + k];
    }
    return sum;
  }

  /** {@code target[targetFrom + k] += scale * source[sourceFrom + k]} for {@code k < n}. */
  public static void addScaled(
      double[] target, int targetFrom, double scale, double[] source, int sourceFrom, int n) {
    for (int k = 0; k < n; k++) {
      target[targetFrom + k] += scale * source[sourceFrom + k];
    }
  }

  /**
   * {@code Σ a[aFrom + k] * b[bFrom + k]} for {@code k < n}, where {@code b} is a matrix read as its
   * rows one after another (the layout of a matrix in a gradient).
   */
  public static double dot(double[] a, int aFrom, double[][] b, int bFrom, int n) {
    double sum = 0;
    int k = 0;
    int skip = bFrom;
    for (double[] row : b) {
      int start = Math.min(skip, row.length);
      skip -= start;
      for (int j = start; j < row.length && k < n; j++) {
        sum += a[aFrom + k++] * row[j];
      }
    }
    return sum;
  }

  /**
   * {@code target[targetFrom + k] += scale * source[sourceFrom + k]} for {@code k < n}, where
   * {@code target} is a matrix read as its rows one after another.
   */
  public static void addScaled(
      double[][] target, int targetFrom, double scale, double[] source, int sourceFrom, int n) {
    int k = 0;
    int skip = targetFrom;
    for (double[] row : target) {
      int start = Math.min(skip, row.length);
      skip -= start;
      for (int j = start; j < row.length && k < n; j++) {
        row[j] += scale * source[sourceFrom + k++];
      }
    }
  }

  /** Sets {@code n} elements from {@code from} to zero. */
  public static void clear(double[] target, int from, int n) {
    Arrays.fill(target, from, from + n, 0.0);
  }
}
