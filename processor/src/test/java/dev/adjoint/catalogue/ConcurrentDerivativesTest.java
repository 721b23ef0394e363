package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.Tape;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each thread has its own tape and workspace: platform threads and (on JDK 21 and newer) virtual
 * threads computing gradients, Hessian-vector products and Hessians of catalogue functions at once,
 * some of their calls failing, get bit for bit the answers of the same calls made one after the
 * other on one thread. And a thread's state is small, made on first use, and goes with the thread.
 */
class ConcurrentDerivativesTest {
  /** A named computation: value, gradient, a Hessian-vector product and the Hessian, flattened. */
  record Problem(String name, Supplier<double[]> answer) {}

  private static double[] vector(Random r, int n) {
    return r.doubles(n, -1, 1).toArray();
  }

  private static double[][] matrix(Random r, int rows, int columns) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(r, columns);
    }
    return m;
  }

  /** Hessian-vector products and gradients as {@code (v, grad, hv) -> value}. */
  interface SecondOrder {
    double apply(double[] v, double[] grad, double[] hv);
  }

  /** Value, gradient and H·v of one Hessian-vector call, then the dense Hessian's rows. */
  private static double[] answer(int n, long seed, SecondOrder hvp, Supplier<double[][]> hessian) {
    double[] v = vector(new Random(seed), n);
    double[] grad = new double[n];
    double[] hv = new double[n];
    double value = hvp.apply(v, grad, hv);
    List<Double> out = new ArrayList<>();
    out.add(value);
    Arrays.stream(grad).forEach(out::add);
    Arrays.stream(hv).forEach(out::add);
    for (double[] row : hessian.get()) {
      Arrays.stream(row).forEach(out::add);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Gradients of catalogue functions with tapes, workspace arrays and nested calls, at points. */
  static List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    for (long seed = 1; seed <= 4; seed++) {
      Random r = new Random(seed);
      double[] w = vector(r, 5);
      double[][] x = matrix(r, 30, 5);
      double[] y = r.ints(30, 0, 2).asDoubleStream().toArray();
      long s = seed;
      problems.add(
          new Problem(
              "logisticNll " + seed,
              () -> {
                double[] g = new double[5];
                double f = LoopCatalogueDerivatives.logisticNllGradient(w, x, y, g);
                double[] a = answer(5, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.logisticNllHessianVector(w, x, y, v, gr, hv),
                    () -> LoopCatalogueDerivatives.logisticNllHessian(w, x, y));
                return concat(f, g, a);
              }));
      problems.add(
          new Problem(
              "logisticNllViaDot " + seed,
              () -> {
                double[] g = new double[5];
                double f = LoopCatalogueDerivatives.logisticNllViaDotGradient(w, x, y, g);
                double[] a = answer(5, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.logisticNllViaDotHessianVector(w, x, y, v, gr, hv),
                    () -> LoopCatalogueDerivatives.logisticNllViaDotHessian(w, x, y));
                return concat(f, g, a);
              }));
      double[] logWeights = vector(r, 3);
      double[][] means = matrix(r, 3, 2);
      double[][] logPrecisions = matrix(r, 3, 2);
      double[][] points = matrix(r, 20, 2);
      problems.add(
          new Problem(
              "gmmLogLikelihood " + seed,
              () -> {
                double[] g = new double[15];
                double f = LoopCatalogueDerivatives.gmmLogLikelihoodGradient(
                    logWeights, means, logPrecisions, points, g);
                double[] a = answer(15, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.gmmLogLikelihoodHessianVector(
                        logWeights, means, logPrecisions, points, v, gr, hv),
                    () -> LoopCatalogueDerivatives.gmmLogLikelihoodHessian(
                        logWeights, means, logPrecisions, points));
                return concat(f, g, a);
              }));
      double[][] transitions = matrix(r, 3, 3);
      double[] emissionMeans = vector(r, 3);
      double[] observations = vector(r, 12);
      problems.add(
          new Problem(
              "hmmForwardLogLikelihood " + seed,
              () -> {
                double[] g = new double[12];
                double f = LoopCatalogueDerivatives.hmmForwardLogLikelihoodGradient(
                    transitions, emissionMeans, observations, g);
                double[] a = answer(12, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.hmmForwardLogLikelihoodHessianVector(
                        transitions, emissionMeans, observations, v, gr, hv),
                    () -> LoopCatalogueDerivatives.hmmForwardLogLikelihoodHessian(
                        transitions, emissionMeans, observations));
                return concat(f, g, a);
              }));
      double[][] w1 = matrix(r, 4, 3);
      double[] b1 = vector(r, 4);
      double[] w2 = vector(r, 4);
      double b2 = r.nextDouble();
      double[][] inputs = matrix(r, 10, 3);
      double[] targets = vector(r, 10);
      problems.add(
          new Problem(
              "mlpSquaredLoss " + seed,
              () -> {
                double[] g = new double[21];
                double f = LoopCatalogueDerivatives.mlpSquaredLossGradient(
                    w1, b1, w2, b2, inputs, targets, g);
                double[] a = answer(21, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.mlpSquaredLossHessianVector(
                        w1, b1, w2, b2, inputs, targets, v, gr, hv),
                    () -> LoopCatalogueDerivatives.mlpSquaredLossHessian(
                        w1, b1, w2, b2, inputs, targets));
                return concat(f, g, a);
              }));
      double[] positions = vector(r, 12);
      problems.add(
          new Problem(
              "springChainEnergy " + seed,
              () -> {
                double[] g = new double[14];
                double f = LoopCatalogueDerivatives.springChainEnergyGradient(positions, 0.8, 1.2, g);
                double[] a = answer(14, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.springChainEnergyHessianVector(
                        positions, 0.8, 1.2, v, gr, hv),
                    () -> LoopCatalogueDerivatives.springChainEnergyHessian(positions, 0.8, 1.2));
                return concat(f, g, a);
              }));
      double a0 = 0.5 + 0.1 * seed;
      problems.add(
          new Problem(
              "fixedPointCosine " + seed,
              () -> {
                double[] g = new double[2];
                double f = LoopCatalogueDerivatives.fixedPointCosineGradient(a0, 0.3, 40, g);
                double[] a = answer(2, s, (v, gr, hv) ->
                    LoopCatalogueDerivatives.fixedPointCosineHessianVector(a0, 0.3, 40, v, gr, hv),
                    () -> LoopCatalogueDerivatives.fixedPointCosineHessian(a0, 0.3, 40));
                return concat(f, g, a);
              }));
    }
    return problems;
  }

  private static double[] concat(double value, double[] grad, double[] rest) {
    double[] out = new double[1 + grad.length + rest.length];
    out[0] = value;
    System.arraycopy(grad, 0, out, 1, grad.length);
    System.arraycopy(rest, 0, out, 1 + grad.length, rest.length);
    return out;
  }

  /** Failing derivative calls, thrown into the mix: they must disturb no other call. */
  private static final List<Runnable> FAILING = new ArrayList<>();

  static {
    for (ExceptionSafetyTest.Case c : ExceptionSafetyTest.cases(12)) {
      FAILING.addAll(c.failing());
    }
  }

  /**
   * Runs the problems {@code rounds} times on each of {@code threads} tasks of {@code executor},
   * each task in an order of its own and with a failing call after each problem, all started at
   * once; returns what disagrees with {@code expected}, bit for bit.
   */
  private static List<Future<?>> submit(
      ExecutorService executor,
      int tasks,
      int rounds,
      List<Problem> problems,
      List<double[]> expected,
      CountDownLatch start,
      Queue<String> wrong,
      AtomicLong computed) {
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int task = t;
      futures.add(
          executor.submit(
              () -> {
                start.await();
                for (int round = 0; round < rounds; round++) {
                  for (int k = 0; k < problems.size(); k++) {
                    int p = (k * 7 + task * 3 + round) % problems.size();
                    double[] got = problems.get(p).answer().get();
                    if (!Arrays.equals(expected.get(p), got)) {
                      wrong.add(problems.get(p).name() + " on task " + task);
                    }
                    if (ExceptionSafetyTest.thrownBy(FAILING.get((p + task) % FAILING.size()))
                        == null) {
                      wrong.add("a failing call returned on task " + task);
                    }
                    computed.incrementAndGet();
                  }
                }
                if (Tape.get().size() != 0) {
                  wrong.add("task " + task + " ends with " + Tape.get().size() + " tape entries");
                }
                return null;
              }));
    }
    return futures;
  }

  private static List<double[]> sequentially(List<Problem> problems) {
    List<double[]> out = new ArrayList<>();
    for (Problem p : problems) {
      out.add(p.answer().get());
    }
    return out;
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21 and newer, else null. */
  static ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static void runAtOnce(ExecutorService platform, ExecutorService virtual)
      throws Exception {
    List<Problem> problems = problems();
    List<double[]> expected = sequentially(problems);
    CountDownLatch start = new CountDownLatch(1);
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicLong computed = new AtomicLong();
    List<Future<?>> futures =
        new ArrayList<>(submit(platform, 8, 6, problems, expected, start, wrong, computed));
    if (virtual != null) {
      futures.addAll(submit(virtual, 500, 1, problems, expected, start, wrong, computed));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES);
    }
    assertEquals(List.of(), List.copyOf(wrong).subList(0, Math.min(wrong.size(), 20)));
    long tasks = virtual == null ? 8 * 6 : 8 * 6 + 500;
    assertEquals(tasks * problems.size(), computed.get());
  }

  @Test
  void platformThreadsAtOnceGetTheSequentialAnswersBitForBit() throws Exception {
    ExecutorService platform = Executors.newFixedThreadPool(8);
    try {
      runAtOnce(platform, null);
    } finally {
      platform.shutdownNow();
    }
  }

  @Test
  void platformAndVirtualThreadsAtOnceGetTheSequentialAnswersBitForBit() throws Exception {
    ExecutorService virtual = virtualThreadPerTask();
    Assumptions.assumeTrue(virtual != null, "virtual threads need JDK 21 or newer");
    ExecutorService platform = Executors.newFixedThreadPool(8);
    try {
      runAtOnce(platform, virtual);
    } finally {
      platform.shutdownNow();
      virtual.shutdownNow();
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** At most this many bytes of per-thread state for a thread's first small gradient. */
  private static final long FIRST_CALL_STATE = 1_024;

  /**
   * A new thread's first gradient allocates its tape and workspace: a few small objects, measured
   * as the bytes the first call allocates beyond the second (which allocates nothing).
   */
  @Test
  void aThreadsFirstGradientMakesLittleState() throws InterruptedException {
    double[] w = {0.1, -0.2, 0.3};
    double[][] x = {{1, 2, 3}, {-1, 0.5, 2}, {0.3, 0.3, -1}};
    double[] y = {1, 0, 1};
    Runnable gradient =
        () -> {
          LoopCatalogueDerivatives.logisticNllGradient(w, x, y, new double[3]);
          LoopCatalogueDerivatives.fixedPointCosineGradient(0.7, 0.3, 10, new double[2]);
          LoopCatalogueDerivatives.gmmLogLikelihoodGradient(
              new double[] {0.1, 0.2}, new double[][] {{0, 1}, {1, 0}},
              new double[][] {{0, 0}, {0, 0}}, new double[][] {{1, 2}},
              new double[10]);
        };
    for (int k = 0; k < 10_000; k++) {
      gradient.run();
    }
    AtomicLong first = new AtomicLong();
    AtomicLong second = new AtomicLong();
    AtomicLong empty = new AtomicLong();
    Thread t =
        new Thread(
            () -> {
              long before = allocatedBytes();
              empty.set(allocatedBytes() - before);
              before = allocatedBytes();
              gradient.run();
              first.set(allocatedBytes() - before);
              before = allocatedBytes();
              gradient.run();
              second.set(allocatedBytes() - before);
            });
    t.start();
    t.join();
    long state = first.get() - second.get();
    assertTrue(
        state <= FIRST_CALL_STATE,
        "a thread's first gradients allocate " + first.get() + " bytes, the next "
            + second.get() + " (reading the counter: " + empty.get() + ")");
  }

  /** A thread's tape is garbage once the thread has ended. */
  @Test
  void aThreadsStateGoesWithTheThread() throws InterruptedException {
    AtomicReference<WeakReference<Tape>> tape = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              LoopCatalogueDerivatives.fixedPointCosineGradient(0.7, 0.3, 1_000, new double[2]);
              tape.set(new WeakReference<>(Tape.get()));
            });
    t.start();
    t.join();
    assertNotNull(tape.get());
    for (int k = 0; k < 20 && tape.get().get() != null; k++) {
      System.gc();
      Thread.sleep(10);
    }
    // The thread object is still reachable here; its thread locals are not.
    assertTrue(t.getState() == Thread.State.TERMINATED);
    assertNull(tape.get().get(), "the ended thread's tape is still reachable");
  }
}
