package dev.adjoint.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Stan's windowed warm-up: a fast window where only the step size adapts (75 iterations), slow
 * windows doubling from 25 iterations, each ending with a new metric from its draws' variances,
 * and a terminal fast window (50) where the step size adapts to the last metric. A window that
 * could not be followed by one twice its size is stretched to the terminal window; unlike Stan,
 * the first slow window too (at 151 iterations Stan's second window would hold one draw). Warm-ups too
 * short for 75 + 25 + 50 are split 15% / 75% / 10%; below 20 iterations there is no metric
 * adaptation at all.
 */
final class WarmupSchedule {
  static final int INITIAL_FAST = 75;
  static final int FIRST_SLOW = 25;
  static final int TERMINAL_FAST = 50;

  /** A slow window: iterations {@code start} (inclusive) to {@code end} (exclusive). */
  record Window(int start, int end) {}

  private final List<Window> slowWindows;

  WarmupSchedule(int warmup) {
    slowWindows = new ArrayList<>();
    if (warmup < 20) {
      return;
    }
    int initial = INITIAL_FAST;
    int terminal = TERMINAL_FAST;
    int size = FIRST_SLOW;
    if (initial + size + terminal > warmup) {
      initial = (int) (0.15 * warmup);
      terminal = (int) (0.1 * warmup);
      size = warmup - initial - terminal;
    }
    int slowEnd = warmup - terminal;
    int start = initial;
    while (start < slowEnd) {
      int end = start + size;
      if (end + 2 * size > slowEnd) {
        end = slowEnd;
      }
      slowWindows.add(new Window(start, end));
      start = end;
      size *= 2;
    }
  }

  List<Window> slowWindows() {
    return List.copyOf(slowWindows);
  }

  /** Whether iteration {@code i}'s draw goes into a slow window's variance estimate. */
  boolean inSlowWindow(int i) {
    return !slowWindows.isEmpty()
        && i >= slowWindows.get(0).start()
        && i < slowWindows.get(slowWindows.size() - 1).end();
  }

  /** Whether iteration {@code i} is the last of a slow window (the metric is updated after it). */
  boolean endsSlowWindow(int i) {
    for (Window w : slowWindows) {
      if (w.end() - 1 == i) {
        return true;
      }
    }
    return false;
  }
}
