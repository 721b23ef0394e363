package dev.adjoint.runtime;

/**
 * A {@link Revolve} schedule with the snapshots it keeps: what a gradient generated for a
 * checkpointed loop ({@code @Checkpointed}) drives its loop by. The loop's state (its scalars and
 * whole arrays) is saved into, and restored from, the snapshot the schedule's last action names,
 * {@code width} doubles each, at offsets the generated code fixes: one for each scalar, an array's
 * length for each array.
 *
 * <p>Taken from the thread's {@link Workspace} ({@link Workspace#checkpoints}), so it is given
 * back with the method's other arrays, and reused without allocating when its snapshots fit.
 */
public final class Checkpoints {
  private final Revolve schedule = new Revolve(0, 1);
  private double[] store = new double[0];
  private int width;

  Checkpoints() {}

  /** Starts a schedule for {@code steps} steps, with snapshots of {@code width} doubles. */
  Checkpoints reset(int steps, int snapshots, int width) {
    schedule.reset(steps, snapshots);
    this.width = width;
    long needed = (long) Math.min(snapshots, Math.max(steps, 1)) * width;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          snapshots + " snapshots of " + width + " values do not fit in one array");
    }
    if (store.length < needed) {
      store = new double[(int) needed];
    }
    return this;
  }

  /** The schedule's next action, one of {@link Revolve}'s constants. */
  public int next() {
    return schedule.next();
  }

  /** The first step of an advance, or the step of a turn. */
  public int from() {
    return schedule.from();
  }

  /** The step after an advance's last. */
  public int to() {
    return schedule.to();
  }

  /** Saves a scalar of the state into the snapshot being taken. */
  public void save(int offset, double value) {
    store[schedule.slot() * width + offset] = value;
  }

  /** Saves an array of the state, whole, into the snapshot being taken. */
  public void save(int offset, double[] values) {
    System.arraycopy(values, 0, store, schedule.slot() * width + offset, values.length);
  }

  /** A scalar of the state, from the snapshot being restored. */
  public double restore(int offset) {
    return store[schedule.slot() * width + offset];
  }

  /** Copies an array of the state back from the snapshot being restored. */
  public void restore(int offset, double[] values) {
    System.arraycopy(store, schedule.slot() * width + offset, values, 0, values.length);
  }
}
