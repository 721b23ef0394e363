package dev.adjoint.runtime;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The binomial checkpointing schedule of Griewank and Walther ("Algorithm 799: revolve", ACM TOMS
 * 26, 2000) for reversing a loop of a known number of steps while keeping at most a given number
 * of snapshots of its state. A gradient of a loop of n steps normally records every step on the
 * tape; with this schedule it records one step at a time and runs the others again from
 * snapshots, as the schedule's actions say:
 *
 * <ul>
 *   <li>{@link #ADVANCE}: run steps {@link #from()} to {@link #to()} (exclusive) without recording;
 *   <li>{@link #TAKESHOT}: copy the state (before step {@link #from()}) into snapshot {@link #slot()};
 *   <li>{@link #RESTORE}: copy snapshot {@link #slot()} back into the state, which is then before
 *       step {@link #from()};
 *   <li>{@link #FIRSTURN}: run the last step, {@link #from()}, recording it; its backward step comes
 *       after the rest of the method's;
 *   <li>{@link #YOUTURN}: run step {@link #from()} recording it, and its backward step at once;
 *   <li>{@link #TERMINATE}: done, with the state restored to before step 0.
 * </ul>
 *
 * <p>With s snapshots, a loop of up to C(s + r, s) steps is reversed running each step forward at
 * most r + 1 times (once recording it), and the schedule runs the fewest steps any schedule with s
 * snapshots can: {@link #minimumAdvances}. Snapshot 0 holds the state before step 0 throughout; the
 * schedule ends by restoring it.
 *
 * <p>The schedule is computed as it goes, a few integer operations per action (a few dozen at a split), and a schedule can
 * be {@link #reset} for another loop without allocating when its snapshots fit.
 */
public final class Revolve {
  /** Run steps {@link #from()} to {@link #to()} forward, recording nothing. */
  public static final int ADVANCE = 1;

  /** Copy the state, before step {@link #from()}, into snapshot {@link #slot()}. */
  public static final int TAKESHOT = 2;

  /** Copy snapshot {@link #slot()} back into the state. */
  public static final int RESTORE = 3;

  /** Record the last step, {@link #from()}: the backward sweep starts with it. */
  public static final int FIRSTURN = 4;

  /** Record step {@link #from()} and reverse it at once. */
  public static final int YOUTURN = 5;

  /** Every step is reversed. */
  public static final int TERMINATE = 6;

  private int steps;
  private int snapshots;
  /** The step before which snapshot k was taken, for k up to {@link #top}. */
  private int[] positions = new int[0];
  /** The snapshot taken last and still needed, or -1 before the first. */
  private int top;
  /** The step before which the state now is; -1 when a turn has spent it. */
  private int current;
  /** Steps {@code [0, unreversed)} are still to be reversed. */
  private int unreversed;
  private boolean turned;
  private boolean finished;
  private int from;
  private int to;
  private int slot;

  /** A schedule for {@code steps} steps keeping at most {@code snapshots} snapshots. */
  public Revolve(int steps, int snapshots) {
    reset(steps, snapshots);
  }

  /** Starts the schedule again, for {@code steps} steps and {@code snapshots} snapshots. */
  public Revolve reset(int steps, int snapshots) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must not be negative: " + steps);
    }
    if (snapshots < 1) {
      throw new IllegalArgumentException("at least one snapshot is needed: " + snapshots);
    }
    this.steps = steps;
    this.snapshots = snapshots;
    if (positions.length < Math.min(snapshots, Math.max(steps, 1))) {
      positions = new int[Math.min(snapshots, Math.max(steps, 1))];
    }
    Arrays.fill(positions, 0);
    top = -1;
    current = 0;
    unreversed = steps;
    turned = false;
    finished = false;
    from = 0;
    to = 0;
    slot = 0;
    return this;
  }

  /** The next action; after {@link #TERMINATE}, {@link #TERMINATE} again. */
  public int next() {
    if (finished) {
      return TERMINATE;
    }
    if (top < 0) {
      if (steps == 0) {
        return terminate();
      }
      return takeShot();
    }
    if (unreversed == 0) {
      // Every step reversed: the state goes back to before step 0, then the schedule ends.
      return current < 0 ? restore(0) : terminate();
    }
    if (current < 0) {
      // A turn spent the state: the next step to reverse starts from the latest snapshot needed.
      if (positions[top] == unreversed) {
        top--;
      }
      return restore(top);
    }
    if (current == unreversed - 1) {
      return turn();
    }
    if (current != positions[top]) {
      // Advanced past the latest snapshot, with more than one step still ahead of it.
      return takeShot();
    }
    from = current;
    to = current + split(unreversed - current, snapshots - top);
    current = to;
    return ADVANCE;
  }

  /** The first step of an {@link #ADVANCE}, or the step of a snapshot, a restore or a turn. */
  public int from() {
    return from;
  }

  /** The step after the last step of an {@link #ADVANCE} or of a turn. */
  public int to() {
    return to;
  }

  /** The snapshot of a {@link #TAKESHOT} or a {@link #RESTORE}, from 0 to snapshots - 1. */
  public int slot() {
    return slot;
  }

  /** The number of steps this schedule reverses. */
  public int steps() {
    return steps;
  }

  /** The most snapshots this schedule keeps. */
  public int snapshots() {
    return snapshots;
  }

  private int takeShot() {
    top++;
    positions[top] = current;
    from = current;
    to = current;
    slot = top;
    return TAKESHOT;
  }

  private int restore(int k) {
    current = positions[k];
    from = current;
    to = current;
    slot = k;
    return RESTORE;
  }

  private int turn() {
    from = current;
    to = current + 1;
    current = -1;
    unreversed--;
    if (turned) {
      return YOUTURN;
    }
    turned = true;
    return FIRSTURN;
  }

  private int terminate() {
    finished = true;
    from = 0;
    to = 0;
    return TERMINATE;
  }

  /**
   * How many of {@code steps} steps to advance before the next snapshot, when the state before
   * them is in a snapshot and {@code free} snapshots, that one included, may be used.
   *
   * <p>With r the fewest repetitions that reverse the steps with {@code free} snapshots
   * (C(free + r, free) at least {@code steps}), each step costs r forward runs at most. A step
   * left of the split costs one run more than it would cost with the same snapshots alone (the
   * advance to the split), a step right of it is reversed with one snapshot less; the cheapest
   * split gives the left part at least the C(free + r - 2, free) steps it reverses in r - 2
   * repetitions, and the right part at most the C(free - 1 + r, free - 1) it reverses in r.
   */
  static int split(int steps, int free) {
    if (free == 1 || steps <= 2) {
      return steps - 1;
    }
    long previous2 = 0; // C(free + r - 2, free)
    long previous = 0; // C(free + r - 1, free)
    long binomial = 1; // C(free + r, free), r = 0
    int r = 0;
    while (binomial < steps) {
      r++;
      previous2 = previous;
      previous = binomial;
      binomial = binomial * ((long) free + r) / r;
    }
    // C(free - 1 + r, free - 1) = C(free + r, free) - C(free + r - 1, free)
    long rightMost = binomial - previous;
    long m = Math.max(1, Math.max(previous2, steps - rightMost));
    return (int) Math.min(m, steps - 1);
  }

  /**
   * The fewest forward steps, not counting the recorded run of each step, that reverse {@code
   * steps} steps with {@code snapshots} snapshots: r·steps − C(snapshots + r, snapshots + 1), r the
   * fewest repetitions with C(snapshots + r, snapshots) at least {@code steps} (Griewank and
   * Walther's theorem).
   */
  public static long minimumAdvances(int steps, int snapshots) {
    if (steps <= 1) {
      return 0;
    }
    long binomial = 1;
    int r = 0;
    while (binomial < steps) {
      r++;
      binomial = binomial * ((long) snapshots + r) / r;
    }
    // C(s + r, s + 1) = C(s + r, s) · r / (s + 1), exact, in 128 bits
    BigInteger below = BigInteger.valueOf(binomial).multiply(BigInteger.valueOf(r))
        .divide(BigInteger.valueOf(snapshots + 1L));
    return (long) r * steps - below.longValueExact();
  }
}
