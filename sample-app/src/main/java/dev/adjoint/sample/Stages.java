package dev.adjoint.sample;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Times the stages of a computation and the heap each needed, and prints one line per stage: the
 * wall-clock time, the CPU time of its thread (what a machine shared with other work cannot
 * inflate), the peak of the heap in use during the stage (the sum of the heap pools' peaks,
 * after a collection before the stage; garbage not yet collected counts) and the bytes the stage
 * allocated on its thread.
 */
final class Stages {
  private final PrintStream out;
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();

  Stages(PrintStream out) {
    this.out = out;
  }

  /** Prints the table's header. */
  void header() {
    out.printf(Locale.ROOT, "  %-42s %9s %9s %11s %11s%n", "stage", "time", "cpu", "peak heap",
        "allocated");
  }

  /** Runs {@code work} as the stage {@code name}, prints its line and returns its result. */
  <T> T run(String name, Supplier<T> work) {
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long allocatedBefore = allocatedBytes();
    long cpuBefore = cpuNanos();
    long start = System.nanoTime();
    T result = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpuNanos() - cpuBefore) / 1e9;
    long allocated = allocatedBytes() - allocatedBefore;
    long peak = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      peak += pool.getPeakUsage().getUsed();
    }
    out.printf(Locale.ROOT, "  %-42s %7.2f s %7.2f s %11s %11s%n", name, seconds, cpuSeconds,
        megabytes(peak), allocated < 0 ? "?" : megabytes(allocated));
    return result;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** CPU time of this thread so far, in nanoseconds (0 where the JVM does not measure it). */
  private static long cpuNanos() {
    long nanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    return Math.max(nanos, 0);
  }

  /** Bytes allocated by this thread so far, or -1 where the JVM does not count them. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()) {
      return threads.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
