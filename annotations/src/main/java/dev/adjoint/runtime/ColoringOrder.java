package dev.adjoint.runtime;

/**
 * The order in which a greedy colouring visits the columns (vertices); colourings try each and
 * keep the one with the fewest colours.
 */
public enum ColoringOrder {
  /** Index order. */
  NATURAL,
  /** Most neighbours first. */
  LARGEST_FIRST,
  /**
   * The reverse of repeatedly removing a vertex of fewest remaining neighbours (Matula and Beck):
   * dense cores are coloured first.
   */
  SMALLEST_LAST,
  /** Next the vertex with most neighbours already ordered: each colour meets many constraints. */
  INCIDENCE_DEGREE
}
