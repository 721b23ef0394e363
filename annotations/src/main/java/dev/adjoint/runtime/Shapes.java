package dev.adjoint.runtime;

/**
 * The shapes of {@code double[][]} values in generated code: how many numbers a (possibly ragged)
 * matrix holds, and copies between it and its rows' slice of a flat gradient or direction.
 */
public final class Shapes {
  private Shapes() {}

  /** The number of elements of {@code m}, all rows together. */
  public static int size(double[][] m) {
    int n = 0;
    for (double[] row : m) {
      n += row.length;
    }
    return n;
  }

  /** A new matrix of zeros with the shape of {@code m}. */
  public static double[][] zerosLike(double[][] m) {
    double[][] zeros = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      zeros[i] = new double[m[i].length];
    }
    return zeros;
  }

  /** Copies {@code m}'s rows in order into {@code flat} from {@code offset}. */
  public static void flatten(double[][] m, double[] flat, int offset) {
    for (double[] row : m) {
      System.arraycopy(row, 0, flat, offset, row.length);
      offset += row.length;
    }
  }

  /** A new matrix of {@code m}'s shape holding {@code flat}'s elements from {@code offset}. */
  public static double[][] unflatten(double[] flat, int offset, double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = new double[m[i].length];
      System.arraycopy(flat, offset, out[i], 0, m[i].length);
      offset += m[i].length;
    }
    return out;
  }

  private static final double[][] EMPTY = new double[0][0];

  /** The buffer a matrix made in each iteration of a loop starts from: it holds nothing yet. */
  public static double[][] emptyBuffer() {
    return EMPTY;
  }

  /**
   * The buffer of a matrix made in each iteration of a loop, {@code new double[rows][columns]}:
   * {@code buffer} if it has at least that many rows and columns, else a larger copy of it (its
   * elements keep their places, which the backward sweep restores by index). Its rows are all
   * as long. Throws as {@code new double[rows][columns]} does for a negative size.
   */
  public static double[][] grown(double[][] buffer, int rows, int columns) {
    if (rows < 0 || columns < 0) {
      throw new NegativeArraySizeException(Integer.toString(Math.min(rows, columns)));
    }
    int width = buffer.length == 0 ? 0 : buffer[0].length;
    if (rows == 0 || (buffer.length >= rows && width >= columns)) {
      return buffer;
    }
    double[][] larger =
        new double[Math.max(rows, 2 * buffer.length)][Math.max(columns, 2 * width)];
    for (int r = 0; r < buffer.length; r++) {
      System.arraycopy(buffer[r], 0, larger[r], 0, width);
    }
    return larger;
  }
}
