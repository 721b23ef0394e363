package golden;

import dev.adjoint.Checkpointed;
import dev.adjoint.Differentiable;

/** A leapfrog integrator whose gradient keeps 8 snapshots of its state instead of a tape of every step. */
public final class LongLoops {
  private LongLoops() {}

  @Differentiable(wrt = {"x0", "stiffness"})
  @Checkpointed(snapshots = 8, loop = "steps")
  public static double oscillator(double x0, double stiffness, int n, double dt) {
    double x = x0;
    double v = 0;
    double energy = 0;
    steps:
    for (int step = 0; step < n; step++) {
      v -= dt * (stiffness * x + x * x * x);
      x += dt * v;
      energy += dt * x * x;
    }
    return energy + 0.5 * v * v;
  }
}
