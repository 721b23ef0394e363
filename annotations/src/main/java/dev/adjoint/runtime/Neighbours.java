package dev.adjoint.runtime;

/** A graph as vertex orders and greedy colourings see it: each vertex's distinct neighbours. */
interface Neighbours {
  int vertices();

  /**
   * Writes the distinct neighbours of {@code v} (not {@code v}) into {@code buffer} from index 0,
   * which has room for {@link #vertices()}; returns how many.
   */
  int collect(int v, int[] buffer);
}
