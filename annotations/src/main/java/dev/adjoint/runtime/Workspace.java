package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The arrays a generated method needs for the duration of one call (the method's local arrays,
 * their adjoints and tangents, the partials of the calls it makes), kept per thread and handed out
 * again, zeroed, on the next call: once a thread has made one call, further calls of the same
 * shapes allocate nothing.
 *
 * <p>Arrays are handed out in a stack: a generated method takes a {@link #mark()} first and gives
 * everything back with {@link #release(int)} before it returns, so calls nest. An array handed out
 * is never returned to the caller of the generated method, nor kept beyond its call.
 */
public final class Workspace {
  private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);

  /** The arrays, {@code double[]} or {@code double[][]}, by their place in the stack. */
  private Object[] slots = new Object[16];

  private int used;

  private Workspace() {}

  /** Where the calling thread's next array goes: give it to {@link #release} to hand them back. */
  public static int mark() {
    return PER_THREAD.get().used;
  }

  /** Hands back every array taken since {@code mark}. */
  public static void release(int mark) {
    PER_THREAD.get().used = mark;
  }

  /** A zeroed {@code new double[length]}, reused. */
  public static double[] doubles(int length) {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[] a && a.length == length) {
      Arrays.fill(a, 0.0);
      return w.take(a);
    }
    return w.take(new double[length]);
  }

  /** A zeroed {@code new double[rows][columns]}, reused. */
  public static double[][] doubles(int rows, int columns) {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[][] m && m.length == rows && hasColumns(m, columns)) {
      for (double[] row : m) {
        Arrays.fill(row, 0.0);
      }
      return w.take(m);
    }
    return w.take(new double[rows][columns]);
  }

  /** Like {@link Shapes#zerosLike}, reused. */
  public static double[][] zerosLike(double[][] shape) {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[][] m && sameShape(m, shape)) {
      for (double[] row : m) {
        Arrays.fill(row, 0.0);
      }
      return w.take(m);
    }
    return w.take(Shapes.zerosLike(shape));
  }

  /** Like {@link Shapes#unflatten}, reused. */
  public static double[][] unflatten(double[] flat, int offset, double[][] shape) {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[][] m && sameShape(m, shape)) {
      int k = offset;
      for (double[] row : m) {
        System.arraycopy(flat, k, row, 0, row.length);
        k += row.length;
      }
      return w.take(m);
    }
    return w.take(Shapes.unflatten(flat, offset, shape));
  }

  private Object peek() {
    return used < slots.length ? slots[used] : null;
  }

  private <T> T take(T array) {
    if (used == slots.length) {
      slots = Arrays.copyOf(slots, 2 * slots.length);
    }
    slots[used++] = array;
    return array;
  }

  private static boolean hasColumns(double[][] m, int columns) {
    for (double[] row : m) {
      if (row.length != columns) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameShape(double[][] m, double[][] shape) {
    if (m.length != shape.length) {
      return false;
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != shape[r].length) {
        return false;
      }
    }
    return true;
  }
}
