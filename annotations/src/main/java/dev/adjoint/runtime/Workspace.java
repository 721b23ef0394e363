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
  private static final Object[] NO_HELD = {};
  private static final byte[] NO_USES = {};
  private static final int[] NO_MARKS = {};
  /** What a mark saves: the arrays in use, then the tape's double, int and long counts. */
  private static final int MARK_SIZE = 4;
  /**
   * How many arrays a place keeps. A place is taken by different arrays within one call (a
   * callee's arrays, then the caller's taken after the callee returned, at the same depth of the
   * stack; a callee in a loop given arrays of changing lengths); keeping each of them there makes
   * every call after the first allocate nothing, where keeping one would replace them all on every
   * call. A place asked for more shapes than this in one call replaces the least recently taken.
   */
  private static final int KEPT = 8;

  /** What an array was taken as, so that a place's arrays of one use are not taken for another. */
  private static final byte EXACT = 0;
  private static final byte BUFFER = 1;
  private static final byte MATRIX_BUFFER = 2;
  private static final byte ROWS_BUFFER = 3;
  private static final byte SCHEDULE = 4;

  /**
   * The places of the stack, {@link #KEPT} entries each: place p's arrays ({@code double[]}, {@code
   * double[][]}) and schedules at {@code held[p * KEPT ...]}, most recently taken first, each with
   * what it was taken as in {@code uses}; while a place is in use, its first is the one in use.
   */
  private Object[] held = NO_HELD;

  private byte[] uses = NO_USES;

  /** How many places are in use. */
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
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == EXACT && w.held[i] instanceof double[] a && a.length == length) {
        Arrays.fill(a, 0.0);
        return w.take(at, i, a);
      }
    }
    return w.keep(at, EXACT, new double[length]);
  }

  /** A zeroed {@code new double[rows][columns]}, reused. */
  public static double[][] doubles(int rows, int columns) {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == EXACT
          && w.held[i] instanceof double[][] m
          && m.length == rows
          && hasColumns(m, columns)) {
        return w.take(at, i, zeroed(m));
      }
    }
    return w.keep(at, EXACT, new double[rows][columns]);
  }

  /** Like {@link Shapes#zerosLike}, reused. */
  public static double[][] zerosLike(double[][] shape) {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    int i = w.find(at, shape, 1);
    return i >= 0
        ? w.take(at, i, zeroed((double[][]) w.held[i]))
        : w.keep(at, EXACT, Shapes.zerosLike(shape));
  }

  /** Like {@link Shapes#unflatten}, reused. */
  public static double[][] unflatten(double[] flat, int offset, double[][] shape) {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    int i = w.find(at, shape, 1);
    if (i < 0) {
      return w.keep(at, EXACT, Shapes.unflatten(flat, offset, shape));
    }
    double[][] m = (double[][]) w.held[i];
    int k = offset;
    for (double[] row : m) {
      System.arraycopy(flat, k, row, 0, row.length);
      k += row.length;
    }
    return w.take(at, i, m);
  }

  /**
   * The buffer of an array made in each iteration of a loop, as {@link Vectors#emptyBuffer}: the
   * one this place held on the thread's last call, zeroed, whatever its length, so that a loop
   * whose arrays grew once grows them no more.
   */
  public static double[] buffer() {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == BUFFER && w.held[i] instanceof double[] a) {
        Arrays.fill(a, 0.0);
        return w.take(at, i, a);
      }
    }
    // A new empty one, not Vectors.EMPTY: grown finds its buffer's place by identity.
    return w.keep(at, BUFFER, new double[0]);
  }

  /** Like {@link #buffer()}, for a matrix made in each iteration of a loop. */
  public static double[][] matrixBuffer() {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == MATRIX_BUFFER && w.held[i] instanceof double[][] m) {
        return w.take(at, i, zeroed(m));
      }
    }
    return w.keep(at, MATRIX_BUFFER, new double[0][0]);
  }

  /**
   * Exactly {@code rows} rows, zeroed, as long as this place's were on the thread's last call (at
   * first empty): the rows of a callee's directions or products whose lanes are in the buffer of
   * an array made in a loop, grown with {@link #grownRows}.
   */
  static double[][] rowsBuffer(int rows) {
    Workspace w = PER_THREAD.get();
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == ROWS_BUFFER && w.held[i] instanceof double[][] m && m.length == rows) {
        return w.take(at, i, zeroed(m));
      }
    }
    return w.keep(at, ROWS_BUFFER, new double[rows][0]);
  }

  /**
   * {@code rows} if its rows hold at least {@code columns} elements, else as many longer rows
   * (their elements copied), which take its place here.
   */
  static double[][] grownRows(double[][] rows, int columns) {
    if (rows.length == 0 || rows[0].length >= columns) {
      return rows;
    }
    double[][] longer = new double[rows.length][Math.max(columns, 2 * rows[0].length)];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, longer[r], 0, rows[r].length);
    }
    PER_THREAD.get().replace(rows, longer);
    return longer;
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

  /** Puts {@code larger} where {@code buffer} is in use, the innermost such place. */
  private void replace(Object buffer, Object larger) {
    for (int at = (used - 1) * KEPT; at >= 0; at -= KEPT) {
      if (held[at] == buffer) {
        held[at] = larger;
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
    int at = w.place();
    for (int i = at; i < at + KEPT; i++) {
      if (w.uses[i] == SCHEDULE && w.held[i] instanceof Checkpoints reused) {
        return w.take(at, i, reused.reset(steps, snapshots, width));
      }
    }
    return w.keep(at, SCHEDULE, new Checkpoints().reset(steps, snapshots, width));
  }

  /** Where the place the next array is taken at starts in {@link #held}, grown on first use. */
  private int place() {
    int at = used * KEPT;
    if (at == held.length) {
      // Few places at first: a thread that takes one small gradient keeps little.
      int length = Math.max(4 * KEPT, 2 * held.length);
      held = Arrays.copyOf(held, length);
      uses = Arrays.copyOf(uses, length);
    }
    return at;
  }

  /** Takes the array at {@code i} of the place at {@code at}, which is {@code array}. */
  private <T> T take(int at, int i, T array) {
    if (i != at) {
      first(at, i);
    }
    used++;
    return array;
  }

  /** Takes {@code made} at the place at {@code at}, kept there for later calls. */
  private <T> T keep(int at, byte use, T made) {
    // Dropping the least recently taken if the place is full.
    first(at, at + KEPT - 1);
    held[at] = made;
    uses[at] = use;
    used++;
    return made;
  }

  /** Moves entry {@code i} of the place at {@code at} first, where the one in use is. */
  private void first(int at, int i) {
    Object taken = held[i];
    byte use = uses[i];
    for (int j = i; j > at; j--) {
      held[j] = held[j - 1];
      uses[j] = uses[j - 1];
    }
    held[at] = taken;
    uses[at] = use;
  }

  /** The first exact matrix of the place at {@code at} with {@code lanes} times the rows of {@code shape}, or -1. */
  private int find(int at, double[][] shape, int lanes) {
    for (int i = at; i < at + KEPT; i++) {
      if (uses[i] == EXACT && held[i] instanceof double[][] m && sameShape(m, shape, lanes)) {
        return i;
      }
    }
    return -1;
  }

  private static double[][] zeroed(double[][] m) {
    for (double[] row : m) {
      Arrays.fill(row, 0.0);
    }
    return m;
  }

  private static boolean hasColumns(double[][] m, int columns) {
    for (double[] row : m) {
      if (row.length != columns) {
        return false;
      }
    }
    return true;
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
    int at = w.place();
    int i = w.find(at, shape, lanes);
    if (i >= 0) {
      return w.take(at, i, zeroed((double[][]) w.held[i]));
    }
    double[][] m = new double[shape.length][];
    for (int r = 0; r < m.length; r++) {
      m[r] = new double[shape[r].length * lanes];
    }
    return w.keep(at, EXACT, m);
  }

}
