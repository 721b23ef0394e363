package dev.adjoint.runtime;

import dev.adjoint.HessianRoute;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * A sparse symmetric N×N Hessian: its lower triangle, diagonal included, in compressed sparse
 * columns. Entry k (0 ≤ k &lt; {@link #nonZeros()}) lies in row {@link #row(int) row(k)} and column
 * {@link #column(int) column(k)}, sorted by column then row; {@link #columnStarts()}, {@link
 * #rowIndices()} and {@link #values()} are the arrays sparse Cholesky libraries and Ipopt's
 * lower-triangle triplets take. Every diagonal entry is in the pattern, zero or not.
 *
 * <p>A companion's {@code mHessianSparse(P...)} makes one for the shapes and data of its
 * arguments (array lengths, {@code int} parameters, {@code int[]} index arrays); {@code
 * mHessianSparse(P..., grad, h)} refills its values in place, without allocating, for any input of
 * those shapes and data, and throws {@link IllegalArgumentException} for others. The pattern holds
 * every entry that is nonzero for some input of those shapes and data, whatever branches the code
 * takes; entries that happen to be zero stay in it as zeros.
 *
 * <p>The arrays returned by {@link #columnStarts()}, {@link #rowIndices()} and {@link #values()}
 * are the matrix's own, not copies: read them, do not change them. A refill writes the values and
 * the matrix's own work arrays, so a matrix is refilled by one thread at a time; two matrices
 * share nothing. It has no {@code equals}: it is a buffer that changes, compared by identity.
 *
 * <p>Its {@link #route()} says how refills compute the values: {@link HessianRoute#COLORING}, Hessian-vector
 * sweeps along {@link #colors()} directions, {@link #LANES_PER_SWEEP} at a time, or {@link HessianRoute#EDGE_PUSHING},
 * one recorded run of the method and edge pushing's reverse sweep ({@link EdgePushing}), where the
 * method has that route. The companion chooses it when it makes the matrix, as {@code
 * @Differentiable(hessian = ...)} asks ({@link #routeReason()} says why); {@link
 * #useRoute(HessianRoute)} changes it.
 */
public final class SparseHessian {
  /**
   * The most directions one refill's sweep carries: a colouring refill sweeps its colours this
   * many at a time, as the dense {@code mHessian} sweeps its unit vectors (the processor's {@code
   * SecondOrderMethods.HESSIAN_CHUNK}, measured there: 32 against 16 and 64), so that its lanes,
   * and the tape's, stay within the cache and the heap at thousands of colours.
   */
  public static final int LANES_PER_SWEEP = 32;

  /**
   * The matrix whose refill is under way on this thread, set by {@link #requireMadeFor}, so that
   * its sweep's {@link Lanes#gather} and {@link Lanes#scatter}, given this matrix's own {@link
   * #seeds()} and {@link #products()} (the same objects, nothing else), put the seeds straight
   * into the sweep's lanes and read the entries straight out of them. Weakly: a matrix dropped is
   * not kept by the thread.
   */
  private static final ThreadLocal<WeakReference<SparseHessian>> REFILLING = new ThreadLocal<>();

  private static final WeakReference<SparseHessian> NO_REFILL = new WeakReference<>(null);

  private final WeakReference<SparseHessian> self = new WeakReference<>(this);
  /** Whether this refill's sweep already wrote the values from its lanes. */
  private boolean recoveredFromLanes;
  private final int size;
  private final int[] columnStarts;
  private final int[] rowIndices;
  private final int[] columnOf;
  private final double[] values;
  private final HessianColoring coloring;
  private final long madeFor;
  private final double[][] seeds;
  private final double[][] products;
  /** The seeds of each sweep: {@link #LANES_PER_SWEEP} rows of {@link #seeds} (the last fewer). */
  private final double[][][] sweepSeeds;
  /** The products of each sweep: the rows of {@link #products} of its colours. */
  private final double[][][] sweepProducts;
  /** The first colour of each sweep. */
  private final int[] sweepStarts;
  private HessianRoute route = HessianRoute.COLORING;
  private RouteBasis routeBasis = RouteBasis.NO_EDGE_ROUTE;
  private String routeReason = "colouring: the method has no edge-pushing route";
  /** Whether the method's companion can refill this matrix by edge pushing. */
  private boolean edgeRoute;
  /** AUTO's trials of both routes on this matrix's refills, while they last, else null. */
  private RouteTrials trials;
  /** Made at the first edge-pushing refill, then reused: its storage is the route's work arrays. */
  private EdgePushing edges;

  /**
   * A Hessian of zeros on the pattern given as compressed sparse columns of the lower triangle
   * (rows sorted and distinct within each column, every diagonal entry present), made for the
   * inputs whose {@link PatternKey} is {@code madeFor}; {@code coloring} gives the compressed
   * directions and the way back from their products.
   *
   * @throws IllegalArgumentException if the arrays are not such a pattern
   */
  public SparseHessian(
      int size, int[] columnStarts, int[] rowIndices, HessianColoring coloring, long madeFor) {
    requireLowerTriangle(size, columnStarts, rowIndices);
    this.size = size;
    this.columnStarts = columnStarts;
    this.rowIndices = rowIndices;
    this.columnOf = new int[rowIndices.length];
    for (int j = 0; j < size; j++) {
      Arrays.fill(columnOf, columnStarts[j], columnStarts[j + 1], j);
    }
    this.values = new double[rowIndices.length];
    this.coloring = coloring;
    this.madeFor = madeFor;
    this.seeds = coloring.seeds();
    this.products = new double[seeds.length][size];
    int sweeps = Math.max(1, (seeds.length + LANES_PER_SWEEP - 1) / LANES_PER_SWEEP);
    this.sweepSeeds = new double[sweeps][][];
    this.sweepProducts = new double[sweeps][][];
    this.sweepStarts = new int[sweeps];
    for (int s = 0; s < sweeps; s++) {
      int from = s * LANES_PER_SWEEP;
      int to = Math.min(seeds.length, from + LANES_PER_SWEEP);
      sweepStarts[s] = from;
      // One sweep's rows are the matrix's own arrays (the same objects), so that its refill's
      // sweep is recognised by them.
      sweepSeeds[s] = sweeps == 1 ? seeds : Arrays.copyOfRange(seeds, from, to);
      sweepProducts[s] = sweeps == 1 ? products : Arrays.copyOfRange(products, from, to);
    }
  }

  /**
   * A Hessian of zeros on the dense pattern (every entry of the lower triangle), made for the
   * inputs whose {@link PatternKey} is {@code madeFor}: what a companion's {@code mHessianSparse}
   * uses where no pattern can be traced from shapes and data alone, correct for every input and as
   * slow as a dense Hessian (N directions).
   *
   * @throws IllegalArgumentException if N(N + 1)/2 entries do not fit in an array (N > 65,535)
   */
  public static SparseHessian dense(int size, long madeFor) {
    long entries = (long) size * (size + 1) / 2;
    if (size < 0 || entries > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a dense pattern of size " + size + " has " + entries
              + " entries in its lower triangle; a SparseHessian holds at most 2^31 - 9");
    }
    int[] columnStarts = new int[size + 1];
    int[] rowIndices = new int[(int) entries];
    int k = 0;
    for (int j = 0; j < size; j++) {
      columnStarts[j] = k;
      for (int i = j; i < size; i++) {
        rowIndices[k++] = i;
      }
    }
    columnStarts[size] = k;
    HessianColoring coloring = HessianColoring.of(size, columnStarts, rowIndices);
    return new SparseHessian(size, columnStarts, rowIndices, coloring, madeFor);
  }

  private static void requireLowerTriangle(int size, int[] columnStarts, int[] rowIndices) {
    if (size < 0 || columnStarts.length != size + 1 || columnStarts[0] != 0
        || columnStarts[size] != rowIndices.length) {
      throw new IllegalArgumentException(
          "a pattern of size " + size + " needs " + (size + 1) + " column starts from 0 to the "
              + "number of entries " + rowIndices.length);
    }
    for (int j = 0; j < size; j++) {
      int from = columnStarts[j];
      int to = columnStarts[j + 1];
      if (to <= from || rowIndices[from] != j) {
        throw new IllegalArgumentException(
            "column " + j + " of the pattern does not start with its diagonal entry");
      }
      for (int k = from + 1; k < to; k++) {
        if (rowIndices[k] <= rowIndices[k - 1] || rowIndices[k] >= size) {
          throw new IllegalArgumentException(
              "the rows of column " + j + " of the pattern are not sorted, distinct and below "
                  + size);
        }
      }
    }
  }

  /** N, the number of rows and of columns. */
  public int size() {
    return size;
  }

  /** The number of entries held: the lower triangle's pattern, diagonal included. */
  public int nonZeros() {
    return rowIndices.length;
  }

  /** The row of entry {@code k}. */
  public int row(int k) {
    return rowIndices[k];
  }

  /** The column of entry {@code k}; never greater than its row. */
  public int column(int k) {
    return columnOf[k];
  }

  /** The value of entry {@code k}. */
  public double value(int k) {
    return values[k];
  }

  /** N + 1 offsets: column j's entries are those from {@code columnStarts()[j]} to the next. */
  public int[] columnStarts() {
    return columnStarts;
  }

  /** The row of each entry, sorted within each column. */
  public int[] rowIndices() {
    return rowIndices;
  }

  /** The value of each entry, in the order of {@link #rowIndices()}. */
  public double[] values() {
    return values;
  }

  /** Entry (i, j) or (j, i), which are equal; 0 outside the pattern. */
  public double get(int i, int j) {
    Checks.index(i, size);
    Checks.index(j, size);
    int row = Math.max(i, j);
    int column = Math.min(i, j);
    int k = Arrays.binarySearch(rowIndices, columnStarts[column], columnStarts[column + 1], row);
    return k >= 0 ? values[k] : 0.0;
  }

  /** A new dense N×N array holding both triangles. */
  public double[][] toDense() {
    double[][] dense = new double[size][size];
    for (int k = 0; k < values.length; k++) {
      dense[rowIndices[k]][columnOf[k]] = values[k];
      dense[columnOf[k]][rowIndices[k]] = values[k];
    }
    return dense;
  }

  /** How many compressed directions one evaluation pushes through a Hessian-vector sweep. */
  public int colors() {
    return seeds.length;
  }

  /**
   * For generated code: throws {@link IllegalArgumentException} unless this matrix was made for
   * inputs whose {@link PatternKey} is {@code key}.
   */
  public void requireMadeFor(long key, String method) {
    recoveredFromLanes = false;
    if (key != madeFor) {
      throw new IllegalArgumentException(
          "the SparseHessian given to " + method + " was made for arguments of other "
              + "shapes or data (array lengths, int parameters, int[] contents, fields read as data) than "
              + "this call's, so its pattern may miss entries of their Hessian. Make one "
              + "for them with " + method + " without its last two arguments, and refill that one");
    }
    if (trials != null) {
      route = trials.begin(); // a trial's route, timed from here, or the provisional one
    }
    // Only a colouring refill's sweep reads its seeds from, and its values out of, the lanes; an
    // edge-pushing refill leaves no mark behind (set, not remove: no allocation).
    REFILLING.set(route == HessianRoute.COLORING ? self : NO_REFILL);
  }

  /** The matrix whose refill is under way on this thread, or null. */
  private static SparseHessian refilling() {
    WeakReference<SparseHessian> ref = REFILLING.get();
    return ref == null ? null : ref.get();
  }

  /**
   * For {@link Lanes#gather}: if {@code vs} are the seeds of the matrix being refilled on this
   * thread and {@code lanes} hold their {@link #colors()} lanes of N elements, writes them there
   * (a one at each column's colour; the seeds are never changed) and returns true.
   */
  static boolean seedsIntoLanes(double[][] vs, double[] lanes) {
    SparseHessian h = refilling();
    if (h == null || lanes.length != (long) h.size * vs.length) {
      return false;
    }
    int start;
    if (vs == h.seeds) {
      start = 0;
    } else {
      int s = h.sweepOf(vs);
      if (s < 0) {
        return false;
      }
      start = h.sweepStarts[s];
    }
    int k = vs.length;
    Arrays.fill(lanes, 0.0);
    for (int j = 0; j < h.size; j++) {
      int lane = h.coloring.color(j) - start;
      if (lane >= 0 && lane < k) {
        lanes[j * k + lane] = 1.0;
      }
    }
    return true;
  }

  /** The sweep whose seeds are {@code vs} (the same object), or -1. */
  private int sweepOf(double[][] vs) {
    for (int s = 0; s < sweepSeeds.length; s++) {
      if (sweepSeeds[s] == vs) {
        return s;
      }
    }
    return -1;
  }

  /**
   * For {@link Lanes#scatter}: if {@code hvs} are the products of the matrix being refilled on
   * this thread and {@code lanes} hold all its {@link #colors()} lanes of N elements (one sweep;
   * a refill in several sweeps writes each sweep's products and {@link #recover()}s from them all),
   * reads its values
   * from them (leaving {@link #products()} as it was; {@link #recover()} then has nothing to do)
   * and returns true.
   */
  static boolean valuesFromLanes(double[] lanes, int rows, double[][] hvs) {
    SparseHessian h = refilling();
    if (h == null || h.products != hvs || rows != hvs.length
        || lanes.length != (long) h.size * rows) {
      return false;
    }
    h.coloring.recoverFromLanes(lanes, h.values);
    h.recoveredFromLanes = true;
    REFILLING.set(NO_REFILL); // one sweep per refill: no later sweep on this thread is taken for it
    return true;
  }

  /**
   * For generated code: the compressed directions, one per colour, each of length N; never to be
   * changed.
   */
  public double[][] seeds() {
    return seeds;
  }

  /**
   * For generated code: how many sweeps a colouring refill takes, each along at most {@link
   * #LANES_PER_SWEEP} colours ({@link #seeds(int)}, {@link #products(int)}); at least one, which
   * gives the value and the gradient even without colours.
   */
  public int sweeps() {
    return sweepSeeds.length;
  }

  /** For generated code: the seeds of sweep {@code sweep}, rows of {@link #seeds()}; never to be changed. */
  public double[][] seeds(int sweep) {
    return sweepSeeds[sweep];
  }

  /** For generated code: where sweep {@code sweep} writes its products, rows of {@link #products()}. */
  public double[][] products(int sweep) {
    return sweepProducts[sweep];
  }

  /**
   * For generated code: where a sweep writes the products of the Hessian with {@link #seeds()}. A
   * refill's sweep through lanes reads the values straight from its lanes instead, leaving these
   * as they were.
   */
  public double[][] products() {
    return products;
  }

  /**
   * For generated code: fills the values from the products the sweeps wrote into {@link
   * #products()}, once all of a refill's sweeps are done.
   */
  public void recover() {
    if (REFILLING.get() == self) {
      REFILLING.set(NO_REFILL); // the refill is over, however its sweep went (set, not remove: no allocation)
    }
    if (recoveredFromLanes) {
      recoveredFromLanes = false;
    } else {
      coloring.recover(products, values);
    }
    refilled();
  }

  /**
   * A refill's values are in (the end of {@link #recover()} and of {@link EdgePushing#finish}):
   * a trial of AUTO's ends here, and after the last the faster route is kept.
   */
  void refilled() {
    if (trials == null || !trials.end()) {
      if (trials != null) {
        route = trials.provisional;
      }
      return;
    }
    HessianRoute faster = trials.faster();
    setRoute(faster, RouteBasis.TIMES, RouteChoice.timedReason(trials, faster));
    trials = null;
  }

  /**
   * For {@link RouteChoice}: the counts left the choice open; refills take {@code
   * trials.provisional} except those it times.
   */
  void startTrials(RouteTrials trials) {
    setRoute(trials.provisional, RouteBasis.TRIALS, RouteChoice.provisionalReason(trials));
    this.trials = trials;
  }

  /** How refills compute the values: {@link HessianRoute#COLORING} or {@link HessianRoute#EDGE_PUSHING}. */
  public HessianRoute route() {
    return route;
  }

  /** What decided {@link #route()}. */
  public RouteBasis routeBasis() {
    return routeBasis;
  }

  /**
   * Why refills take {@link #route()}, with the numbers behind an automatic choice (colours,
   * nonzeros, statements recorded, edge updates, times of both routes' refills).
   */
  public String routeReason() {
    return routeReason;
  }

  /** Whether the method's companion can refill this matrix by edge pushing too. */
  public boolean hasEdgeRoute() {
    return edgeRoute;
  }

  /**
   * Makes the next refills take {@code route}, for instance to compare the two routes on one
   * matrix; the values stay as they are until the next refill.
   *
   * @throws IllegalArgumentException for {@link HessianRoute#AUTO}, which is chosen when the
   *     matrix is made
   * @throws IllegalStateException for {@link HessianRoute#EDGE_PUSHING} where the method has no
   *     edge-pushing route (its companion's {@code mHessianSparse} Javadoc says why)
   */
  public void useRoute(HessianRoute route) {
    if (route == HessianRoute.AUTO) {
      throw new IllegalArgumentException(
          "AUTO is chosen once, when the matrix is made; useRoute takes COLORING or EDGE_PUSHING");
    }
    if (route == HessianRoute.EDGE_PUSHING && !edgeRoute) {
      throw new IllegalStateException(
          "this sparse Hessian's method has no edge-pushing route (its companion has no"
              + " mHessianEdges; the Javadoc of its mHessianSparse says why): it is refilled by"
              + " colouring only");
    }
    trials = null; // AUTO's trials, if under way, end here
    setRoute(route, RouteBasis.USE_ROUTE, route + ", set by useRoute");
  }

  /**
   * For generated code, where the method has an edge-pushing route: takes the route the
   * annotation forces, or, for {@link HessianRoute#AUTO}, chooses one (see {@link RouteBasis});
   * either way the values are filled by {@code refill} (a refill of this matrix at the point it
   * was made for), which the choice may run a few times.
   */
  public void chooseRoute(HessianRoute annotated, Runnable refill) {
    edgeRoute = true;
    if (annotated == HessianRoute.AUTO) {
      RouteChoice.choose(this, refill);
      return;
    }
    setRoute(annotated, RouteBasis.ANNOTATION, annotated + ", as @Differentiable(hessian = "
        + annotated + ") asks");
    refill.run();
  }

  void setRoute(HessianRoute route, RouteBasis basis, String reason) {
    this.route = route;
    this.routeBasis = basis;
    this.routeReason = reason;
  }

  /**
   * For generated code: the edge-pushing recorder of this matrix's refills, made at the first
   * call and reused (its storage grows to the method's needs, then refills allocate nothing).
   */
  public EdgePushing edges() {
    if (edges == null) {
      edges = new EdgePushing();
    }
    return edges;
  }

  /** What decided a matrix's {@link #route()}. */
  public enum RouteBasis {
    /** The method has no edge-pushing route: colouring. */
    NO_EDGE_ROUTE,
    /** {@code @Differentiable(hessian = ...)} forced it. */
    ANNOTATION,
    /** AUTO, untimed: so few colours that a colouring refill is about one Hessian-vector sweep. */
    FEW_COLORS,
    /**
     * AUTO, untimed: colouring's colours times the statements the method ran, against edge
     * pushing's statements and edge updates counted on one recorded run, put one route far ahead.
     */
    COUNTS,
    /**
     * AUTO, for now: the counts left the choice open, so the matrix's refills are being timed by
     * each route (its 3rd and 4th, then two more from the 8th once a second has passed); the
     * others take the route the counts lean to.
     */
    TRIALS,
    /** AUTO: the faster of the two routes, timed on the matrix's refills once warm, two each. */
    TIMES,
    /** {@link #useRoute(HessianRoute)} set it. */
    USE_ROUTE
  }

  @Override
  public String toString() {
    return "SparseHessian[" + size + "x" + size + ", " + values.length + " in the lower triangle, "
        + colors() + " colors, route " + routeReason + "]";
  }
}
