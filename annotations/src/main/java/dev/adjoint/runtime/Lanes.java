package dev.adjoint.runtime;

/**
 * Many directions in one sweep ({@code mHessianVectors}): a tangent carries one value per
 * direction, its <em>lanes</em>. A scalar's tangent is a {@code double[k]}; the tangents of an
 * array of n elements are a {@code double[n * k]}, lane {@code l} of element {@code i} at
 * {@code i * k + l}, so the lanes of one element are contiguous and a loop over them vectorises.
 * These helpers move lanes in and out of that layout and do per lane what {@link Vectors} and
 * {@link Tape} do for one tangent.
 */
public final class Lanes {
  private Lanes() {}

  /**
   * Checks that {@code vs} and {@code hvs} hold one direction and one product per lane, each at
   * least {@code n} long; {@code hvs} may have more rows than {@code vs}, which are left alone.
   */
  public static void requireDirections(double[][] vs, double[][] hvs, int n) {
    if (hvs.length < vs.length) {
      throw new IllegalArgumentException(
          "hvs has " + hvs.length + " rows but vs has " + vs.length + ": one product per direction");
    }
    for (int j = 0; j < vs.length; j++) {
      // The names only when a row is short: a call that passes allocates nothing.
      if (vs[j] == null || vs[j].length < n) {
        Checks.requireLength(vs[j], n, "vs[" + j + "]");
      }
      if (hvs[j] == null || hvs[j].length < n) {
        Checks.requireLength(hvs[j], n, "hvs[" + j + "]");
      }
    }
  }

  /**
   * The directions to read one at a time while products are written: {@code vs} itself, or a copy
   * of its rows where {@code grad} or a row of {@code hvs} is one of them (products written over
   * their directions), since each product zeroes its gradient and product before it reads its
   * direction.
   */
  public static double[][] apartFrom(double[][] vs, double[] grad, double[][] hvs) {
    for (double[] v : vs) {
      boolean shared = v == grad;
      for (int j = 0; j < vs.length && !shared; j++) {
        shared = hvs[j] == v;
      }
      if (shared) {
        double[][] copy = new double[vs.length][];
        for (int j = 0; j < vs.length; j++) {
          copy[j] = vs[j].clone();
        }
        return copy;
      }
    }
    return vs;
  }

  /**
   * Copies the first {@code lanes.length / k} elements of each {@code vs[l]} into lane l of {@code
   * lanes}; the unit vectors of a dense Hessian's sweep, and the seeds of a sparse Hessian's
   * refill, are put there without reading them.
   */
  public static void gather(double[][] vs, double[] lanes) {
    int k = vs.length;
    if (k == 0 || SparseHessian.seedsIntoLanes(vs, lanes)) {
      return;
    }
    UnitSweep units = UnitSweep.directedBy(vs, lanes);
    if (units != null) {
      units.putInLanes(lanes);
      return;
    }
    int n = lanes.length / k;
    for (int l = 0; l < k; l++) {
      double[] v = vs[l];
      for (int i = 0; i < n; i++) {
        lanes[i * k + l] = v[i];
      }
    }
  }

  /**
   * Copies lane l of {@code lanes} into the first {@code lanes.length / k} elements of {@code
   * hvs[l]}, k = {@code rows}; the products of a dense Hessian's sweep go straight into the Hessian,
   * and those of a sparse Hessian's refill straight into its values.
   */
  public static void scatter(double[] lanes, int rows, double[][] hvs) {
    if (rows == 0 || SparseHessian.valuesFromLanes(lanes, rows, hvs)) {
      return;
    }
    UnitSweep sweep = UnitSweep.writingInto(hvs, rows, lanes);
    if (sweep != null) {
      sweep.layIn(lanes);
      return;
    }
    int n = lanes.length / rows;
    for (int l = 0; l < rows; l++) {
      double[] hv = hvs[l];
      for (int i = 0; i < n; i++) {
        hv[i] = lanes[i * rows + l];
      }
    }
  }

  /**
   * Checks that {@code jvs} holds a row for each of the {@code vs.length} directions, each
   * direction at least {@code n} long; the rows' lengths are checked when the products are
   * written, once the output's length is known.
   */
  public static void requireDirections(double[][] vs, double[][] jvs, int n, String products) {
    if (jvs.length < vs.length) {
      throw new IllegalArgumentException(
          products + " has " + jvs.length + " rows but vs has " + vs.length + ": one product per direction");
    }
    for (int j = 0; j < vs.length; j++) {
      if (vs[j] == null || vs[j].length < n) {
        Checks.requireLength(vs[j], n, "vs[" + j + "]");
      }
    }
  }

  /**
   * Copies lane l of the first {@code n} elements of {@code lanes} into row l of {@code rows},
   * for the {@code k} lanes; a row shorter than {@code n} is an {@code IllegalArgumentException}
   * naming it ({@code name[l]}).
   */
  public static void scatter(double[] lanes, int n, int k, double[][] rows, String name) {
    for (int l = 0; l < k; l++) {
      double[] row = rows[l];
      if (row == null || row.length < n) {
        Checks.requireLength(row, n, name + "[" + l + "]");
      }
      for (int i = 0; i < n; i++) {
        row[i] = lanes[i * k + l];
      }
    }
  }

  /** Zeroes the first {@code n} elements of the first {@code k} rows, checking each as {@link #scatter(double[], int, int, double[][], String)} does. */
  public static void zero(double[][] rows, int k, int n, String name) {
    for (int l = 0; l < k; l++) {
      double[] row = rows[l];
      if (row == null || row.length < n) {
        Checks.requireLength(row, n, name + "[" + l + "]");
      }
      java.util.Arrays.fill(row, 0, n, 0.0);
    }
  }

  /** Lane l of {@code lanes} into row l of {@code rows}: a callee's directions, one row each. */
  public static void toRows(double[] lanes, double[][] rows) {
    gatherOrScatter(lanes, rows, true);
  }

  /** Row l of {@code rows} into lane l of {@code lanes}: a callee's products, one row each. */
  public static void fromRows(double[][] rows, double[] lanes) {
    gatherOrScatter(lanes, rows, false);
  }

  /**
   * The rows of a callee's directions or products whose lanes are in the buffer of an array made
   * in a loop, where they start: {@code k} empty rows, which {@link #rowsAtLeast} grows.
   */
  public static double[][] emptyRows(int k) {
    return new double[k][0];
  }

  /**
   * {@link #emptyRows}, reused: {@code k} rows from the thread's workspace, as long as they grew to on its last
   * call (at first empty), zeroed; {@link #rowsAtLeast} grows them.
   */
  public static double[][] rowsBuffer(int k) {
    return Workspace.rowsBuffer(k);
  }

  /**
   * {@code rows} (from {@link #rowsBuffer}) if its rows hold at least {@code n} elements, else
   * longer ones in its place in the workspace, so that later calls find them long enough.
   */
  public static double[][] rowsAtLeast(double[][] rows, int n) {
    return Workspace.grownRows(rows, n);
  }

  private static void gatherOrScatter(double[] lanes, double[][] rows, boolean toRows) {
    int k = rows.length;
    if (k == 0) {
      return;
    }
    // Buffers of arrays made in loops may be longer than the callee needs: their common part.
    int n = lanes.length / k;
    for (int l = 0; l < k; l++) {
      double[] row = rows[l];
      int length = Math.min(n, row.length);
      for (int i = 0; i < length; i++) {
        if (toRows) {
          row[i] = lanes[i * k + l];
        } else {
          lanes[i * k + l] = row[i];
        }
      }
    }
  }

  /** Lane l of {@link Vectors#dot}: {@code Σ a[aFrom + i] · b[(bFrom + i) k + l]}, b in lanes. */
  public static double dot(double[] a, int aFrom, double[] b, int bFrom, int n, int k, int l) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += a[aFrom + i] * b[(bFrom + i) * k + l];
    }
    return sum;
  }

  /** Lane l of {@link Vectors#addScaled}, the target in lanes: {@code target[(from + i) k + l] += scale · partials[at + i]}. */
  public static void addScaled(
      double[] target, int from, double scale, double[] partials, int at, int n, int k, int l) {
    for (int i = 0; i < n; i++) {
      target[(from + i) * k + l] += scale * partials[at + i];
    }
  }

  /** Lane l of {@link Vectors#addScaled}, target and partials in lanes. */
  public static void addScaledLanes(
      double[] target, int from, double scale, double[] partials, int at, int n, int k, int l) {
    for (int i = 0; i < n; i++) {
      target[(from + i) * k + l] += scale * partials[(at + i) * k + l];
    }
  }

  /** Pushes the {@code k} lanes of one element, {@code values[from..from + k)}, on the tape. */
  public static void push(Tape tape, double[] values, int from, int k) {
    for (int l = 0; l < k; l++) {
      tape.push(values[from + l]);
    }
  }

  /** Pops what {@link #push(Tape, double[], int, int)} pushed back into {@code values[from..from + k)}. */
  public static void pop(Tape tape, double[] values, int from, int k) {
    for (int l = k - 1; l >= 0; l--) {
      values[from + l] = tape.popDouble();
    }
  }

  /**
   * The tangents of a matrix in lanes, zeroed, from the thread's workspace: the rows of {@code
   * shape}, each {@code k} times as long, lane l of element (r, c) at {@code [r][c * k + l]}.
   */
  public static double[][] zerosLike(double[][] shape, int k) {
    return Workspace.lanesLike(shape, k);
  }

  /** Like {@link #zerosLike}, holding the lanes of {@code flat}'s elements from {@code offset}. */
  public static double[][] unflatten(double[] flat, int offset, double[][] shape, int k) {
    double[][] m = Workspace.lanesLike(shape, k);
    int at = offset * k;
    for (double[] row : m) {
      System.arraycopy(flat, at, row, 0, row.length);
      at += row.length;
    }
    return m;
  }

  /** {@link Shapes#flatten} in lanes: the lanes of {@code m}'s rows in order into {@code flat} from element {@code offset}. */
  public static void flatten(double[][] m, double[] flat, int offset, int k) {
    int at = offset * k;
    for (double[] row : m) {
      System.arraycopy(row, 0, flat, at, row.length);
      at += row.length;
    }
  }

  /** Lane l of {@link Vectors#dot(double[], int, double[][], int, int)}, b's rows in lanes. */
  public static double dot(double[] a, int aFrom, double[][] b, int bFrom, int n, int k, int l) {
    double sum = 0;
    int i = 0;
    int skip = bFrom;
    for (double[] row : b) {
      int columns = row.length / Math.max(k, 1);
      int start = Math.min(skip, columns);
      skip -= start;
      for (int j = start; j < columns && i < n; j++) {
        sum += a[aFrom + i++] * row[j * k + l];
      }
    }
    return sum;
  }

  /** Lane l of {@link Vectors#addScaled(double[][], int, double, double[], int, int)}, the target's rows in lanes. */
  public static void addScaled(
      double[][] target, int from, double scale, double[] partials, int at, int n, int k, int l) {
    addScaled(target, from, scale, partials, at, n, k, l, false);
  }

  /** Like {@link #addScaled(double[][], int, double, double[], int, int, int, int)}, the partials in lanes too. */
  public static void addScaledLanes(
      double[][] target, int from, double scale, double[] partials, int at, int n, int k, int l) {
    addScaled(target, from, scale, partials, at, n, k, l, true);
  }

  private static void addScaled(
      double[][] target,
      int from,
      double scale,
      double[] partials,
      int at,
      int n,
      int k,
      int l,
      boolean partialsInLanes) {
    int i = 0;
    int skip = from;
    for (double[] row : target) {
      int columns = row.length / Math.max(k, 1);
      int start = Math.min(skip, columns);
      skip -= start;
      for (int j = start; j < columns && i < n; j++) {
        double partial = partialsInLanes ? partials[(at + i) * k + l] : partials[at + i];
        row[j * k + l] += scale * partial;
        i++;
      }
    }
  }

  /**
   * Where the lanes of element {@code index} of an array in lanes start, {@code index * k}: an
   * index outside the array throws as the array's own element would, {@code Index 7 out of bounds
   * for length 2}, not with the lanes' numbers.
   */
  public static int at(int index, double[] lanes, int k) {
    int at = index * k;
    if (index < 0 || at + k > lanes.length) {
      int length = k == 0 ? lanes.length : lanes.length / k;
      if (index < 0 || index >= length) {
        // What the array's own element access throws.
        throw new ArrayIndexOutOfBoundsException(
            "Index " + index + " out of bounds for length " + length);
      }
    }
    return at;
  }
}
