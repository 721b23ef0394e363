package dev.adjoint.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.runtime.StatementRecorder.Dense;
import dev.adjoint.runtime.StatementRecorder.Program;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgePushing} on tapes of small programs recorded by hand as generated code records them
 * ({@link StatementRecorder}): its gradient and Hessian equal a dense forward-over-forward
 * reference at random points, the reference itself checked against finite differences; the cases
 * where keys meet (x*x as two operands, x[i]*x[j] with i == j, products with repeated keys,
 * pow(x, x), atan2(x, x)), overwrite (v = v*y, a key reused by every iteration of a loop, a
 * statement with no operand, a written input) or come from a local array; random programs; edges
 * outside the pattern refused; zero weights times infinite partials; no allocation once grown.
 */
class EdgePushingTest {
  private static final int N = 6;
  private final Random random = new Random(19);

  // The programs, written as generated code would record them.

  /** f = (x0*x0)·x1 + x2², the first square as two operands with one key, the second as one. */
  private static int squares(StatementRecorder r) {
    int y = r.key();
    int f = r.key();
    r.times(y, 0, 0);
    r.times(f, y, 1);
    int z = r.key();
    r.square(z, 2);
    r.sum(f, f, z);
    return f;
  }

  /** f = Σ x[i]*x[j] over index pairs, some with i == j, as {@code f += x[i] * x[j]}. */
  private static int pairs(StatementRecorder r) {
    int f = r.key();
    r.zero(f);
    int[][] ij = {{0, 0}, {1, 2}, {3, 3}, {2, 1}, {4, 5}, {5, 5}, {0, 4}};
    for (int[] p : ij) {
      r.addTimes(f, p[0], p[1]);
    }
    return f;
  }

  /** Products with repeated keys: x0·x0·x1, x2·x3·x2·x2, x4·x4·x4·x5·x5. */
  private static int repeatedProducts(StatementRecorder r) {
    int a = r.key();
    int b = r.key();
    int c = r.key();
    r.product(a, 0, 0, 1);
    r.product(b, 2, 3, 2, 2);
    r.product(c, 4, 4, 4, 5, 5);
    int f = r.key();
    r.product(f, a, b, c);
    r.sum(f, f, a, b, c);
    return f;
  }

  /** pow and atan2 with distinct and equal operands: pow(x0, x1) + pow(x2, x2) + atan2(x3, x4)
   * · atan2(x5, x5). */
  private static int powAndAtan2(StatementRecorder r) {
    int p = r.key();
    int q = r.key();
    int s = r.key();
    int t = r.key();
    r.pow(p, 0, 1);
    r.pow(q, 2, 2);
    r.atan2(s, 3, 4);
    r.atan2(t, 5, 5);
    int f = r.key();
    r.times(f, s, t);
    r.sum(f, f, p, q);
    return f;
  }

  /** v = x0; v = v*x1; v = v*x2; v = sin(v); v = v*v; f = v*x3 (every write on v's one key). */
  private static int overwriting(StatementRecorder r) {
    int v = r.key();
    r.sum(v, 0);
    r.times(v, v, 1);
    r.times(v, v, 2);
    r.sin(v, v);
    r.times(v, v, v);
    int f = r.key();
    r.times(f, v, 3);
    return f;
  }

  /** A loop whose body's temporary t has one key: t = x[i]*x[i+1]; t = sin(t); f += t*x[i+2]. */
  private static int loopTemporary(StatementRecorder r) {
    int f = r.key();
    int t = r.key();
    r.zero(f);
    for (int i = 0; i < N; i++) {
      r.times(t, i, (i + 1) % N);
      r.sin(t, t);
      r.addTimes(f, t, (i + 2) % N);
      r.addTimes(f, t, t);
    }
    return f;
  }

  /** A local array: a[i] = exp(x[i]·x[5-i]); a[i] = a[i]*a[i-1]; f = Σ a[i]*a[(i+2) % n]. */
  private static int localArray(StatementRecorder r) {
    int a = r.keys(N);
    int s = r.key();
    for (int i = 0; i < N; i++) {
      r.times(s, i, N - 1 - i);
      r.exp(a + i, s);
    }
    for (int i = 1; i < N; i++) {
      r.times(a + i, a + i, a + i - 1);
    }
    int f = r.key();
    r.zero(f);
    for (int i = 0; i < N; i++) {
      r.addTimes(f, a + i, a + (i + 2) % N);
    }
    return f;
  }

  /** v = x0*x1; f = v*v; v = 0 (no operand); v = v + 3·x2; v = v*x3; f += v*x4. */
  private static int reset(StatementRecorder r) {
    int v = r.key();
    int f = r.key();
    r.times(v, 0, 1);
    r.times(f, v, v);
    r.zero(v);
    r.plusScaled(v, v, 3.0, 2);
    r.times(v, v, 3);
    r.addTimes(f, v, 4);
    return f;
  }

  /** Written inputs: x0 = x0*x1; x2 = sin(x2); x0 = x0*x2; f = x0*x0 + x2*x3 + x5. */
  private static int writtenInputs(StatementRecorder r) {
    r.times(0, 0, 1);
    r.sin(2, 2);
    r.times(0, 0, 2);
    int f = r.key();
    r.times(f, 0, 0);
    r.addTimes(f, 2, 3);
    r.sum(f, f, 5);
    return f;
  }

  /** A written input read by terminal neighbours before and after its write. */
  private static int writtenInputAmongTerminals(StatementRecorder r) {
    int f = r.key();
    r.times(f, 1, 0);
    r.addTimes(f, 0, 4);
    r.times(0, 0, 0);
    r.addTimes(f, 0, 3);
    r.addTimes(f, 0, 5);
    r.times(5, 5, 3);
    r.addTimes(f, 5, 2);
    r.addTimes(f, 5, 0);
    return f;
  }

  /** The method returns an input as it is. */
  private static int returnsAnInput(StatementRecorder r) {
    return 3;
  }

  /** The method's value depends on no input. */
  private static int constant(StatementRecorder r) {
    int c = r.key();
    r.zero(c);
    return -1;
  }

  private static final List<Program> PROGRAMS = List.of(
      EdgePushingTest::squares,
      EdgePushingTest::pairs,
      EdgePushingTest::repeatedProducts,
      EdgePushingTest::powAndAtan2,
      EdgePushingTest::overwriting,
      EdgePushingTest::loopTemporary,
      EdgePushingTest::localArray,
      EdgePushingTest::reset,
      EdgePushingTest::writtenInputs,
      EdgePushingTest::writtenInputAmongTerminals,
      EdgePushingTest::returnsAnInput,
      EdgePushingTest::constant);

  @Test
  void referencesAgreeWithFiniteDifferences() {
    for (int p = 0; p < PROGRAMS.size(); p++) {
      for (int point = 0; point < 3; point++) {
        double[] x = randomPoint();
        checkReferenceByDifferences(PROGRAMS.get(p), x, "program " + p + " at " + Arrays.toString(x));
      }
    }
  }

  @Test
  void gradientAndHessianEqualTheReference() {
    EdgePushing edges = new EdgePushing(); // one for all: each begin forgets the last recording
    for (int p = 0; p < PROGRAMS.size(); p++) {
      for (int point = 0; point < 3; point++) {
        double[] x = randomPoint();
        String where = "program " + p + " at " + Arrays.toString(x);
        assertEdgePushingMatches(PROGRAMS.get(p), x, edges, SparseHessian.dense(N, 0L), where);
      }
    }
  }

  @Test
  void valuesLandExactlyOnAPatternOfItsNonzeros() {
    EdgePushing edges = new EdgePushing();
    for (int p = 0; p < PROGRAMS.size(); p++) {
      double[] x = randomPoint();
      Dense reference = StatementRecorder.dense(PROGRAMS.get(p), x);
      boolean[][] pattern = new boolean[N][N];
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          pattern[i][j] = i == j || reference.hessian()[i][j] != 0.0;
        }
      }
      assertEdgePushingMatches(PROGRAMS.get(p), x, edges, hessian(pattern), "program " + p);
    }
  }

  @Test
  void randomProgramsEqualTheReference() {
    EdgePushing edges = new EdgePushing();
    for (int trial = 0; trial < 400; trial++) {
      Program program = randomProgram(new Random(trial));
      for (int point = 0; point < 2; point++) {
        double[] x = randomPoint();
        assertEdgePushingMatches(program, x, edges, SparseHessian.dense(N, 0L),
            "random program " + trial + " at " + Arrays.toString(x));
      }
    }
  }

  @Test
  void anEdgeOutsideThePatternIsRefused() {
    EdgePushing edges = new EdgePushing();
    boolean[][] diagonal = new boolean[N][N];
    for (int i = 0; i < N; i++) {
      diagonal[i][i] = true;
    }
    SparseHessian h = hessian(diagonal);
    edges.begin(N);
    StatementRecorder.record(EdgePushingTest::pairs, randomPoint(), edges);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> edges.finish(new double[N], h));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());

    // x0*x1 - x1*x0 leaves an edge of weight exactly 0 off the pattern: nothing to refuse.
    Program cancelling = r -> {
      int f = r.key();
      r.times(f, 0, 1);
      int g = r.key();
      r.times(g, 1, 0);
      r.plusScaled(f, f, -1.0, g);
      r.addTimes(f, 2, 2);
      return f;
    };
    double[] x = randomPoint();
    edges.begin(N);
    StatementRecorder.record(cancelling, x, edges);
    double[] grad = new double[N];
    edges.finish(grad, h);
    assertEquals(2.0, h.get(2, 2));
    assertEquals(0.0, h.get(0, 0));
  }

  @Test
  void zeroWeightsTimesInfinitePartialsGiveZero() {
    // t = sqrt(x0) at x0 = 0 has infinite first and second partials; everything t meets cancels
    // exactly, so its adjoint, its self weight and its edge to x1 are exactly 0. Likewise v.
    Program program = r -> {
      int t = r.key();
      r.sqrt(t, 0);
      int s1 = r.key();
      int s2 = r.key();
      r.times(s1, t, 1);
      r.times(s2, t, 1);
      int u1 = r.key();
      int u2 = r.key();
      r.times(u1, t, t);
      r.times(u2, t, t);
      int f = r.key();
      r.times(f, 1, 1);
      r.plusScaled(f, f, 1.0, s1);
      r.plusScaled(f, f, -1.0, s2);
      r.plusScaled(f, f, 1.0, u1);
      r.plusScaled(f, f, -1.0, u2);
      // v = x3 - x3 = 0; v = sqrt(v) (v's old value its only operand, partial ∞); v's edge to x4
      // cancels to 0 as above: it stays 0 when the statement scales v's edges by the partial.
      int v = r.key();
      r.plusScaled(v, 3, -1.0, 3);
      r.sqrt(v, v);
      int s3 = r.key();
      int s4 = r.key();
      r.times(s3, v, 4);
      r.times(s4, v, 4);
      r.plusScaled(f, f, 1.0, s3);
      r.plusScaled(f, f, -1.0, s4);
      return f;
    };
    double[] x = randomPoint();
    x[0] = 0.0;
    EdgePushing edges = new EdgePushing();
    edges.begin(N);
    StatementRecorder.record(program, x, edges);
    double[] grad = new double[N];
    SparseHessian h = SparseHessian.dense(N, 0L);
    edges.finish(grad, h);
    // f = x1² + (terms that cancel)
    double[] expectedGradient = new double[N];
    expectedGradient[1] = 2 * x[1];
    assertEquals(Arrays.toString(expectedGradient), Arrays.toString(grad));
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        assertEquals(i == 1 && j == 1 ? 2.0 : 0.0, h.get(i, j), "(" + i + ", " + j + ")");
      }
    }
  }

  @Test
  void misuseIsRefused() {
    EdgePushing edges = new EdgePushing();
    assertThrows(IllegalStateException.class, edges::key);
    edges.begin(2);
    assertThrows(IllegalStateException.class, () -> edges.partial(0, 1.0));
    int v = edges.key();
    edges.statement(v);
    assertThrows(IllegalStateException.class,
        () -> edges.finish(new double[2], SparseHessian.dense(2, 0L)));
    edges.returned(v);
    assertThrows(IllegalArgumentException.class,
        () -> edges.finish(new double[2], SparseHessian.dense(3, 0L)));
    edges.returned(v + 1); // remembered: the method's return throws first
    assertThrows(IllegalArgumentException.class,
        () -> edges.finish(new double[2], SparseHessian.dense(2, 0L)));
  }

  /**
   * A key never given (an element's key at an index out of its array) is not refused where it is
   * recorded: the method's statement runs next and throws what the method throws there. A
   * recording that holds one is refused by finish, whichever record named it.
   */
  @Test
  void aKeyNotGivenIsRefusedByFinish() {
    EdgePushing edges = new EdgePushing();
    for (int bad = 0; bad < 4; bad++) {
      edges.begin(2);
      int v = edges.key();
      edges.statement(bad == 0 ? v + 1 : v);
      edges.partial(bad == 1 ? -1 : 0, 1.0);
      if (bad == 2) {
        edges.second(0, 7, 1.0);
      } else {
        edges.second(bad == 3 ? 9 : 1, 1.0);
      }
      edges.returned(v);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class,
              () -> edges.finish(new double[2], SparseHessian.dense(2, 0L)), "case " + bad);
      assertTrue(e.getMessage().contains("was not given"), e.getMessage());
    }
    edges.begin(2); // and the next recording starts clean
    int v = edges.key();
    edges.statement(v);
    edges.partial(0, 3.0);
    edges.returned(v);
    double[] grad = new double[2];
    edges.finish(grad, SparseHessian.dense(2, 0L));
    assertEquals(3.0, grad[0]);
  }

  /**
   * A matrix's row keys: an input matrix's follow the gradient's layout, row after row, rows of
   * any length, from its first key; a local matrix's are new keys for all its elements. Each table
   * is as long as the matrix, so a row index out of range throws as the matrix's own read does.
   */
  @Test
  void rowKeysOfMatrices() {
    EdgePushing edges = new EdgePushing();
    double[][] input = {{1, 2, 3}, {4}, {}, {5, 6}};
    double[][] local = new double[2][3];
    for (int run = 0; run < 2; run++) { // the second reuses the tables
      edges.begin(9);
      assertArrayEquals(new int[] {3, 6, 7, 7}, edges.inputRowKeys(input, 3));
      assertArrayEquals(new int[] {9, 12}, edges.rowKeys(local));
      assertEquals(15, edges.key());
    }
    int[] table = edges.rowKeys(local);
    ArrayIndexOutOfBoundsException own =
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> local[2].clone());
    ArrayIndexOutOfBoundsException keys =
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> Integer.valueOf(table[2]));
    assertEquals(own.getMessage(), keys.getMessage());
    IllegalArgumentException past =
        assertThrows(IllegalArgumentException.class, () -> edges.inputRowKeys(input, 4));
    assertTrue(past.getMessage().contains("not within the 9 inputs"), past.getMessage());
    assertThrows(IllegalArgumentException.class, () -> edges.inputRowKeys(input, -1));
  }

  @Test
  void aGrownRecordingAllocatesNothing() {
    assertRefillAllocatesNothing("arrowhead", 2_000, arrowheadPattern(2_000, 4),
        (edges, x) -> recordArrowhead(edges, x, 4, 7), 100_000);
    assertRefillAllocatesNothing("log-sum-exp of local arrays", 100, SparseHessian.dense(100, 0L),
        (edges, x) -> recordLogSumExps(edges, x, 50), 10_000);
    int[][] sets = EdgePushingTiming.randomSets(150, 16, 5); // dense blocks
    assertRefillAllocatesNothing("random products", 150,
        EdgePushingTiming.randomProductsPattern(150, sets),
        (edges, x) -> EdgePushingTiming.randomProducts(edges, x, sets), 300);
    double[][] a = new double[6][10];
    for (double[] row : a) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.5 + random.nextDouble();
      }
    }
    assertRefillAllocatesNothing("matrices", 60, SparseHessian.dense(60, 0L),
        (edges, x) -> recordMatrixSquares(edges, a, 10), 1_000);
    assertRefillAllocatesNothing("calls nested and recursive", 100, SparseHessian.dense(100, 0L),
        EdgePushingCallsTest::recordCalls, 1_000);
  }

  /**
   * The inputs a 6 x 10 matrix a (its row keys from {@code inputRowKeys}); {@code repeats} times
   * a local matrix m[i][j] = a[i][j]·a[i][(j + 1) % 10] (row keys from {@code rowKeys}), f +=
   * m[i][j]².
   */
  static void recordMatrixSquares(EdgePushing edges, double[][] a, int repeats) {
    int[] aRows = edges.inputRowKeys(a, 0);
    int f = edges.key();
    edges.statement(f);
    for (int r = 0; r < repeats; r++) {
      int[] mRows = edges.rowKeys(a);
      for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 10; j++) {
          int u = aRows[i] + j;
          int w = aRows[i] + (j + 1) % 10;
          double m = a[i][j] * a[i][(j + 1) % 10];
          edges.statement(mRows[i] + j);
          edges.partial(u, a[i][(j + 1) % 10]);
          edges.partial(w, a[i][j]);
          edges.second(u, w, 1.0);
          edges.statement(f);
          edges.partial(f, 1.0);
          edges.partial(mRows[i] + j, 2 * m);
          edges.second(mRows[i] + j, 2.0);
        }
      }
    }
    edges.returned(f);
  }

  /**
   * A refill (begin, recording, finish) of a tape of at least {@code statements} statements
   * allocates nothing once it has been refilled twice.
   */
  private void assertRefillAllocatesNothing(String name, int n, SparseHessian h,
      BiConsumer<EdgePushing, double[]> recording, int statements) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.5 + random.nextDouble();
    }
    EdgePushing edges = new EdgePushing();
    double[] grad = new double[n];
    Runnable refill = () -> {
      edges.begin(n);
      recording.accept(edges, x);
      edges.finish(grad, h);
    };
    refill.run();
    refill.run();
    assertTrue(edges.statements() >= statements, name + ": statements " + edges.statements());
    long fewest = Long.MAX_VALUE;
    long counterAlone = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long before = allocatedBytes();
      refill.run();
      fewest = Math.min(fewest, allocatedBytes() - before);
      before = allocatedBytes();
      counterAlone = Math.min(counterAlone, allocatedBytes() - before);
    }
    assertEquals(0, fewest - counterAlone, name + ": bytes allocated by a refill of a grown tape");
  }

  /**
   * {@code repeats} times: a new local array a[i] = exp(x_i·x_{i+1}), s = Σ a[i], f += log(s):
   * written keys with many neighbours (s meets every a[i]), edges kept in both rows, new keys
   * each time.
   */
  static void recordLogSumExps(EdgePushing edges, double[] x, int repeats) {
    int n = x.length;
    int f = edges.key();
    int s = edges.key();
    edges.statement(f);
    for (int r = 0; r < repeats; r++) {
      int a = edges.keys(n);
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        int next = (i + 1) % n;
        double e = Math.exp(x[i] * x[next]);
        edges.statement(a + i);
        edges.partial(i, e * x[next]);
        edges.partial(next, e * x[i]);
        edges.second(i, e * x[next] * x[next]);
        edges.second(next, e * x[i] * x[i]);
        edges.second(i, next, e * (1 + x[i] * x[next]));
        sum += e;
      }
      edges.statement(s);
      for (int i = 0; i < n; i++) {
        edges.statement(s);
        edges.partial(s, 1.0);
        edges.partial(a + i, 1.0);
      }
      edges.statement(f);
      edges.partial(f, 1.0);
      edges.partial(s, 1 / sum);
      edges.second(s, -1 / (sum * sum));
    }
    edges.returned(f);
  }

  /**
   * A pure arrowhead with {@code k} dense rows, {@code repeats} times: f = Σ_r Σ_i Σ_{j<k} (x_i ·
   * x_{n-1-j})², each term recorded as generated code would: t = x_i * x_{n-1-j}; f += t*t.
   */
  static void recordArrowhead(EdgePushing edges, double[] x, int k, int repeats) {
    int n = x.length;
    int f = edges.key();
    int t = edges.key();
    edges.statement(f);
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          int hub = n - 1 - j;
          edges.statement(t);
          edges.partial(i, x[hub]);
          edges.partial(hub, x[i]);
          edges.second(i, hub, 1.0);
          double tValue = x[i] * x[hub];
          edges.statement(f);
          edges.partial(f, 1.0);
          edges.partial(t, 2 * tValue);
          edges.second(t, 2.0);
        }
      }
    }
    edges.returned(f);
  }

  /** The arrowhead's pattern: diagonal, and every (i, hub) with hub among the last k. */
  static SparseHessian arrowheadPattern(int n, int k) {
    SparsityTracer tracer = new SparsityTracer(n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        tracer.cross(tracer.input(i), tracer.input(n - 1 - j));
      }
      tracer.nonlinear(tracer.input(i));
    }
    return tracer.hessian(0L);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  // Checks.

  private void assertEdgePushingMatches(
      Program program, double[] x, EdgePushing edges, SparseHessian h, String where) {
    Dense reference = StatementRecorder.dense(program, x);
    edges.begin(N);
    double value = StatementRecorder.record(program, x, edges);
    assertEquals(reference.value(), value, where);
    double[] grad = new double[N];
    Arrays.fill(grad, Double.NaN);
    Arrays.fill(h.values(), Double.NaN);
    edges.finish(grad, h);
    double scale = 1.0;
    for (double[] row : reference.hessian()) {
      for (double e : row) {
        scale = Math.max(scale, Math.abs(e));
      }
    }
    for (double g : reference.gradient()) {
      scale = Math.max(scale, Math.abs(g));
    }
    double tolerance = 1e-12 * scale;
    for (int i = 0; i < N; i++) {
      assertEquals(reference.gradient()[i], grad[i], tolerance, where + ": gradient " + i);
      for (int j = 0; j < N; j++) {
        assertEquals(reference.hessian()[i][j], h.get(i, j), tolerance,
            where + ": Hessian (" + i + ", " + j + ")");
      }
    }
    for (int k = 0; k < h.nonZeros(); k++) {
      assertTrue(!Double.isNaN(h.value(k)), where + ": entry " + k + " left unwritten");
    }
  }

  private static void checkReferenceByDifferences(Program program, double[] x, String where) {
    Dense reference = StatementRecorder.dense(program, x);
    assertEquals(StatementRecorder.value(program, x), reference.value(), where);
    for (int i = 0; i < N; i++) {
      double step = 1e-5;
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += step;
      down[i] -= step;
      double slope =
          (StatementRecorder.value(program, up) - StatementRecorder.value(program, down)) / (2 * step);
      assertEquals(slope, reference.gradient()[i], 1e-6 * (1 + Math.abs(slope)),
          where + ": gradient " + i);
      double[] gUp = StatementRecorder.dense(program, up).gradient();
      double[] gDown = StatementRecorder.dense(program, down).gradient();
      for (int j = 0; j < N; j++) {
        double second = (gUp[j] - gDown[j]) / (2 * step);
        assertEquals(second, reference.hessian()[i][j], 1e-5 * (1 + Math.abs(second)),
            where + ": Hessian (" + i + ", " + j + ")");
      }
    }
  }

  private double[] randomPoint() {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = 0.5 + random.nextDouble();
    }
    return x;
  }

  /** A Hessian of zeros on the lower triangle of {@code pattern}. */
  private static SparseHessian hessian(boolean[][] pattern) {
    int n = pattern.length;
    int[] starts = new int[n + 1];
    List<Integer> rows = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      starts[j] = rows.size();
      for (int i = j; i < n; i++) {
        if (pattern[i][j]) {
          rows.add(i);
        }
      }
    }
    starts[n] = rows.size();
    int[] rowIndices = rows.stream().mapToInt(Integer::intValue).toArray();
    return new SparseHessian(n, starts, rowIndices, HessianColoring.of(n, starts, rowIndices), 0L);
  }

  /**
   * A random straight-line program over the inputs, four scalar locals and a local array of
   * three: every kind of write (locals, array elements, inputs), operands drawn from every key,
   * equal keys among them often.
   */
  private static Program randomProgram(Random random) {
    int steps = 5 + random.nextInt(30);
    long seed = random.nextLong();
    return r -> {
      Random pick = new Random(seed);
      int scalars = r.key();
      r.keys(3);
      int array = r.keys(3);
      int keyCount = array + 3;
      for (int k = 0; k < 3; k++) {
        if (pick.nextBoolean()) {
          r.sin(array + k, pick.nextInt(N));
        }
      }
      for (int s = 0; s < steps; s++) {
        double where = pick.nextDouble();
        int out = where < 0.6 ? scalars + pick.nextInt(4)
            : where < 0.8 ? array + pick.nextInt(3) : pick.nextInt(N);
        int a = pick.nextInt(keyCount);
        int b = pick.nextBoolean() ? a : pick.nextInt(keyCount);
        int c = pick.nextInt(keyCount);
        switch (pick.nextInt(10)) {
          case 0 -> r.times(out, a, b);
          case 1 -> r.square(out, a);
          case 2 -> r.addTimes(out, a, b);
          case 3 -> r.sin(out, a);
          case 4 -> {
            double r2 = r.value(a) * r.value(a) + r.value(b) * r.value(b);
            if (r2 > 0.1) { // atan2's partials are unbounded near (0, 0)
              r.atan2(out, a, b);
            } else {
              r.sin(out, b);
            }
          }
          case 5 -> r.product(out, a, b, c, a);
          case 6 -> r.sum(out, a, b, c);
          case 7 -> r.plusScaled(out, a, -0.5, b);
          case 8 -> r.zero(out);
          default -> r.sin(out, out);
        }
      }
      int f = r.key();
      r.product(f, scalars, array + 1, pick.nextInt(N));
      r.sum(f, f, scalars + 1, scalars + 2, array);
      r.sin(f, f);
      return pick.nextInt(4) == 0 ? scalars + 3 : f;
    };
  }
}
