package lookalike.discardnames;

import dev.adjoint.Differentiable;
import dev.adjoint.catalogue.LoopDomain;
import lookalike.common.Counter;

/**
 * Discarded data calls of user methods named like the runtime helpers generated code calls as
 * statements (System.arraycopy, Shapes.flatten, Vectors.addScaled, Workspace.release): they are the
 * user's methods, which write no array.
 */
final class DiscardNames {
  private DiscardNames() {}

  static void flatten(int a, int b) {
    Counter.calls++;
  }

  static int arraycopy(int src, int from, int dest, int to, int length) {
    Counter.calls++;
    return src;
  }

  static void addScaled(int a, int b, int c, int d, int e, int f) {
    Counter.calls++;
  }

  static int release(int mark) {
    Counter.calls++;
    return mark;
  }

  @Differentiable
  @LoopDomain(ints = {2, 3})
  static double discardRuntimeNames(double x, double y, int n) {
    double s = 0;
    int k = n;
    for (int i = 0; i < n; i++) {
      flatten(i, k);
      arraycopy(i, k, k, i, k);
      s = s * y + x * i;
      addScaled(k, i, k, i, k, i);
      release(k);
    }
    return s + k;
  }
}
