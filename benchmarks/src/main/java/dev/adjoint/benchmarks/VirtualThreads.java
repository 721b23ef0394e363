package dev.adjoint.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What the per-thread tape and workspace cost a service that takes each gradient on a short-lived
 * virtual thread: a million virtual threads, each computing one function value or one gradient
 * (Kepler's equation for 20 points, which records on the tape; the Gaussian mixture for 50 points,
 * which also takes arrays from the workspace) and ending. Prints, per variant, the time and the
 * heap bytes allocated per thread, and the heap in use after the threads are gone; the
 * difference between a gradient and its function, per thread, bounds what the state costs.
 *
 * <p>Needs JDK 21 or newer: {@code java -cp benchmarks/target/adjoint-benchmarks.jar
 * dev.adjoint.benchmarks.VirtualThreads [threads]}.
 */
public final class VirtualThreads {
  private static final int IN_FLIGHT = 10_000;

  private VirtualThreads() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Data.Kepler kepler = Data.kepler(20, 42);
    Data.Gmm gmm = Data.gmm(3, 4, 50, 42);
    int gmmN = 3 + 2 * 3 * 4;
    Runnable[] work = {
      () -> {},
      // The functions allocate the array their gradient would write, for a fair comparison.
      () -> sink(Problems.keplerFit(kepler.e(), kepler.a(), kepler.meanAnomaly(), kepler.observed())
          + kept(new double[2])),
      () -> sink(ProblemsDerivatives.keplerFitGradient(
          kepler.e(), kepler.a(), kepler.meanAnomaly(), kepler.observed(), new double[2])),
      () -> sink(Problems.gmmObjective(gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m())
          + kept(new double[gmmN])),
      () -> sink(ProblemsDerivatives.gmmObjectiveGradient(
          gmm.alpha(), gmm.mu(), gmm.q(), gmm.x(), gmm.gamma(), gmm.m(), new double[gmmN])),
    };
    String[] names = {
      "empty thread", "Kepler function", "Kepler gradient", "GMM function", "GMM gradient"
    };
    System.out.printf(Locale.ROOT, "%,d virtual threads per variant, %d at a time%n", threads,
        IN_FLIGHT);
    System.out.printf(Locale.ROOT, "%-16s %12s %16s %18s%n", "variant", "µs/thread",
        "bytes/thread", "heap after (MB)");
    for (int k = 0; k < work.length; k++) {
      run(work[k], threads / 10);
      System.gc();
      long allocated = totalAllocatedBytes();
      long start = System.nanoTime();
      run(work[k], threads);
      long nanos = System.nanoTime() - start;
      allocated = totalAllocatedBytes() - allocated;
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf(Locale.ROOT, "%-16s %12.2f %16.0f %18.1f%n", names[k],
          nanos / 1e3 / threads, (double) allocated / threads, heap / 1e6);
    }
    System.out.println(sink);
  }

  private static volatile double sink;

  private static volatile double[] kept;

  private static void sink(double value) {
    sink = value;
  }

  /** Zero, keeping {@code array} from being optimised away. */
  private static double kept(double[] array) {
    kept = array;
    return 0;
  }

  private static void run(Runnable work, int threads) throws Exception {
    ExecutorService executor =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    for (int t = 0; t < threads; t++) {
      inFlight.acquire();
      executor.execute(
          () -> {
            try {
              work.run();
            } finally {
              inFlight.release();
            }
          });
    }
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("threads still running");
    }
  }

  /** HotSpot's count of heap bytes allocated by all threads (JDK 21 and newer). */
  private static long totalAllocatedBytes() throws Exception {
    Object bean = ManagementFactory.getThreadMXBean();
    Method total =
        Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
    return (long) total.invoke(bean);
  }
}
