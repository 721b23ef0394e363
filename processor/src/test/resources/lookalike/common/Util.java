package lookalike.common;

/** Helpers called for their effect (counting), whose values, if any, are thrown away. */
public final class Util {
  private Util() {}

  public static void prepare(int k) {
    Counter.calls++;
  }

  /** Named like Math.log; returns a value nobody reads. */
  public static double log(double a) {
    Counter.calls++;
    return a * 3;
  }

  public static int counter(int k) {
    Counter.calls++;
    return k + 1;
  }

  public static boolean check(long n) {
    Counter.calls++;
    return n > 0;
  }

  /** Takes a double, which may carry a derivative; returns nothing. */
  public static void observe(double value) {
    Counter.calls++;
  }

  /** Named like Math.sqrt; takes a double, which may carry a derivative, and counts. */
  public static double sqrt(double a) {
    Counter.calls++;
    return a + 3;
  }
}
