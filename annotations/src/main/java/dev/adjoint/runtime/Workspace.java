package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * The arrays a generated method needs for the duration of one call (the method's local arrays,
 * their adjoints and tangents, the partials of the calls it makes), kept per thread and handed out
 * again, zeroed, on the next call: once a thread has made one call, further calls of the same
 * shapes allocate nothing. The thread's {@link Tape} belongs to its workspace.
 *
 * <p>Arrays are handed out in a stack: a generated method that takes arrays or records on the tape
 * takes a {@link #mark()} first and gives it to {@link #release(int)} in a {@code finally} block,
 * which hands back every array taken since and drops every tape entry recorded since. So calls
 * nest, and a call that throws part-way (a check in the model, an index out of bounds, a callee
 * that throws) leaves the thread's workspace and tape as it found them, and the exception passes
 * through unchanged. An array handed out is never returned to the caller of the generated method,
 * nor kept beyond its call.
 *
 * <p>A thread's workspace is made on its first use, holding nothing; it keeps what it grows to
 * for the thread's life and goes with the thread (a {@link ThreadLocal}), so a short-lived thread,
 * virtual or not, that takes one gradient costs a few small objects and leaves nothing behind.
 */
public final class Workspace {
  private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);
  private static final Object[] NO_SLOTS = {};
  private static final int[] NO_MARKS = {};
  /** What a mark saves: the arrays in use, then the tape's double, int and long counts. */
  private static final int MARK_SIZE = 4;

  /** The arrays ({@code double[]}, {@code double[][]}) and schedules, by their place in the stack. */
  private Object[] slots = NO_SLOTS;

  private int used;

  /** The thread's tape, made on first use. */
  private Tape tape;

  /** The open marks, {@link #MARK_SIZE} entries each, innermost last. */
  private int[] marks = NO_MARKS;

  private int markCount;

  private Workspace() {}

  /** The calling thread's tape. */
  static Tape tape() {
    Workspace w = PER_THREAD.get();
    if (w.tape == null) {
      w.tape = new Tape();
    }
    return w.tape;
  }

  /**
   * Marks where the calling thread's workspace and tape stand: give it to {@link #release} to
   * hand back the arrays taken and drop the tape entries recorded since.
   */
  public static int mark() {
    Workspace w = PER_THREAD.get();
    int mark = w.markCount;
    if (mark + MARK_SIZE > w.marks.length) {
      w.marks = Arrays.copyOf(w.marks, Math.max(4 * MARK_SIZE, 2 * w.marks.length));
    }
    int[] m = w.marks;
    m[mark] = w.used;
    Tape t = w.tape;
    if (t != null) {
      m[mark + 1] = t.doubleCount();
      m[mark + 2] = t.intCount();
      m[mark + 3] = t.longCount();
    } else {
      m[mark + 1] = 0;
      m[mark + 2] = 0;
      m[mark + 3] = 0;
    }
    w.markCount = mark + MARK_SIZE;
    return mark;
  }

  /**
   * Hands back every array taken since {@code mark} and drops every tape entry recorded since,
   * closing the marks taken after it too. It never throws for a mark of this thread's, so in a
   * {@code finally} block it lets the exception of a failed call through.
   */
  public static void release(int mark) {
    Workspace w = PER_THREAD.get();
    int[] m = w.marks;
    w.used = m[mark];
    if (w.tape != null) {
      w.tape.truncate(m[mark + 1], m[mark + 2], m[mark + 3]);
    }
    w.markCount = mark;
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

  /**
   * The buffer of an array made in each iteration of a loop, as {@link Vectors#emptyBuffer}: the
   * one this place held on the thread's last call, zeroed, whatever its length, so that a loop
   * whose arrays grew once grows them no more.
   */
  public static double[] buffer() {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[] a) {
      Arrays.fill(a, 0.0);
      return w.take(a);
    }
    // A new empty one, not Vectors.EMPTY: grown finds its buffer's place by identity.
    return w.take(new double[0]);
  }

  /** Like {@link #buffer()}, for a matrix made in each iteration of a loop. */
  public static double[][] matrixBuffer() {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[][] m) {
      for (double[] row : m) {
        Arrays.fill(row, 0.0);
      }
      return w.take(m);
    }
    return w.take(new double[0][0]);
  }

  /** Like {@link Vectors#grown}, and the larger buffer takes the old one's place here. */
  public static double[] grown(double[] buffer, int n) {
    double[] grown = Vectors.grown(buffer, n);
    if (grown != buffer) {
      PER_THREAD.get().replace(buffer, grown);
    }
    return grown;
  }

  /** Like {@link Shapes#grown}, and the larger buffer takes the old one's place here. */
  public static double[][] grown(double[][] buffer, int rows, int columns) {
    double[][] grown = Shapes.grown(buffer, rows, columns);
    if (grown != buffer) {
      PER_THREAD.get().replace(buffer, grown);
    }
    return grown;
  }

  /** Puts {@code larger} where {@code buffer} was taken, the innermost such place. */
  private void replace(Object buffer, Object larger) {
    for (int k = used - 1; k >= 0; k--) {
      if (slots[k] == buffer) {
        slots[k] = larger;
        return;
      }
    }
  }

  /**
   * A checkpointing schedule for a loop of {@code steps} steps with {@code snapshots} snapshots of
   * {@code width} doubles, reused.
   */
  public static Checkpoints checkpoints(int steps, int snapshots, int width) {
    Workspace w = PER_THREAD.get();
    Checkpoints c = w.peek() instanceof Checkpoints reused ? reused : new Checkpoints();
    return w.take(c.reset(steps, snapshots, width));
  }

  private Object peek() {
    return used < slots.length ? slots[used] : null;
  }

  private <T> T take(T array) {
    if (used == slots.length) {
      slots = Arrays.copyOf(slots, Math.max(8, 2 * slots.length));
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
    return sameShape(m, shape, 1);
  }

  /** Whether each row of {@code m} is {@code lanes} times as long as that of {@code shape}. */
  private static boolean sameShape(double[][] m, double[][] shape, int lanes) {
    if (m.length != shape.length) {
      return false;
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != shape[r].length * lanes) {
        return false;
      }
    }
    return true;
  }

  /**
   * A zeroed matrix with the rows of {@code shape}, each {@code lanes} times as long: the tangents
   * of a matrix in lanes ({@link Lanes}), reused.
   */
  static double[][] lanesLike(double[][] shape, int lanes) {
    Workspace w = PER_THREAD.get();
    if (w.peek() instanceof double[][] m && sameShape(m, shape, lanes)) {
      for (double[] row : m) {
        Arrays.fill(row, 0.0);
      }
      return w.take(m);
    }
    double[][] m = new double[shape.length][];
    for (int r = 0; r < m.length; r++) {
      m[r] = new double[shape[r].length * lanes];
    }
    return w.take(m);
  }
}
