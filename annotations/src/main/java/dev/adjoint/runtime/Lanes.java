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
      Checks.requireLength(vs[j], n, "vs[" + j + "]");
      Checks.requireLength(hvs[j], n, "hvs[" + j + "]");
    }
  }

  /** Copies the first {@code lanes.length / k} elements of each {@code vs[l]} into lane l of {@code lanes}. */
  public static void gather(double[][] vs, double[] lanes) {
    int k = vs.length;
    if (k == 0) {
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

  /** Copies lane l of {@code lanes} into the first {@code lanes.length / k} elements of {@code hvs[l]}, k = {@code rows}. */
  public static void scatter(double[] lanes, int rows, double[][] hvs) {
    if (rows == 0) {
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

  /** Lane l of {@code lanes} into row l of {@code rows}: a callee's directions, one row each. */
  public static void toRows(double[] lanes, double[][] rows) {
    gatherOrScatter(lanes, rows, true);
  }

  /** Row l of {@code rows} into lane l of {@code lanes}: a callee's products, one row each. */
  public static void fromRows(double[][] rows, double[] lanes) {
    gatherOrScatter(lanes, rows, false);
  }

  private static void gatherOrScatter(double[] lanes, double[][] rows, boolean toRows) {
    int k = rows.length;
    for (int l = 0; l < k; l++) {
      double[] row = rows[l];
      for (int i = 0; i < row.length; i++) {
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
}
