package lookalike.common;

/**
 * How many times the helpers of {@link Util} ran. Each group of test sources is compiled and loaded
 * on its own, so each has a counter of its own; the test reads and resets it.
 */
public final class Counter {
  private Counter() {}

  public static int calls;
}
