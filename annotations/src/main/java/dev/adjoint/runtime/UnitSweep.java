package dev.adjoint.runtime;

import java.util.Arrays;

/**
 * One sweep of a dense Hessian ({@link DenseDerivatives#hessian(int, int,
 * DenseDerivatives.HessianVectors)}) in progress on this thread: its directions are the unit
 * vectors {@code start..start + k)} and its products go into the Hessian being built. A generated
 * {@code mHessianVectors} moves its directions into lanes and its products out of them through
 * {@link Lanes#gather} and {@link Lanes#scatter}; given this sweep's own arrays (the same objects,
 * nothing else), those put the ones straight into the lanes and lay the products straight into
 * the Hessian, skipping the n × k copies each way. Any other product (one that does not go
 * through lanes) writes its rows as usual and the Hessian is laid in from them.
 */
final class UnitSweep {
  private static final ThreadLocal<UnitSweep> CURRENT = new ThreadLocal<>();

  private final double[][] hessian;
  private final double[][] products;
  /** The sweeps this thread had in progress before (a dense Hessian built inside a product). */
  private final UnitSweep outer;
  private double[][] directions;
  private int start;
  private boolean laidIn;

  private UnitSweep(double[][] hessian, double[][] products, UnitSweep outer) {
    this.hessian = hessian;
    this.products = products;
    this.outer = outer;
  }

  /** Starts this thread's sweeps into {@code hessian}, their products going into {@code products}. */
  static UnitSweep begin(double[][] hessian, double[][] products) {
    UnitSweep sweep = new UnitSweep(hessian, products, CURRENT.get());
    CURRENT.set(sweep);
    return sweep;
  }

  /** Ends this thread's sweeps: those in progress before {@link #begin} are current again. */
  void end() {
    // set, not remove: a removed entry is made again, allocating, by the next gather's get.
    CURRENT.set(outer);
  }

  /** The next sweep: {@code directions[l]} is the unit vector {@code start + l}. */
  void next(double[][] directions, int start) {
    this.directions = directions;
    this.start = start;
    this.laidIn = false;
  }

  /** Whether {@link Lanes#scatter} laid this sweep's products into the Hessian itself. */
  boolean laidIn() {
    return laidIn;
  }

  /** This thread's sweep if {@code vs} are its directions, in lanes of its shape, else null. */
  static UnitSweep directedBy(double[][] vs, double[] lanes) {
    UnitSweep s = CURRENT.get();
    return s != null && s.directions == vs && s.fits(lanes) ? s : null;
  }

  /** This thread's sweep if its products, in lanes of its shape, go into {@code hvs}, else null. */
  static UnitSweep writingInto(double[][] hvs, int k, double[] lanes) {
    UnitSweep s = CURRENT.get();
    return s != null && s.products == hvs && s.directions != null && s.directions.length == k
            && s.fits(lanes)
        ? s
        : null;
  }

  /** Whether {@code lanes} hold exactly k lanes of each of the Hessian's n inputs. */
  private boolean fits(double[] lanes) {
    return lanes.length == hessian.length * directions.length;
  }

  /** The directions in lanes ({@link Lanes}' layout): all zero but lane l of element start + l. */
  void putInLanes(double[] lanes) {
    int k = directions.length;
    Arrays.fill(lanes, 0.0);
    for (int l = 0; l < k; l++) {
      lanes[(start + l) * k + l] = 1.0;
    }
  }

  /**
   * Lays the products in lanes, lane l of element i = entry i of H e(start + l), into the
   * Hessian's columns {@code start..start + k)}: element i's lanes are row i's entries there.
   */
  void layIn(double[] lanes) {
    DenseDerivatives.layInLanes(lanes, start, directions.length, hessian);
    laidIn = true;
  }
}
