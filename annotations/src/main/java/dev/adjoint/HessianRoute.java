package dev.adjoint;

/**
 * How a sparse Hessian's refills compute its values ({@link Differentiable#hessian()}). Both
 * routes fill the same pattern (the one traced from the arguments' shapes and data, or the dense
 * one where none can be traced) with the same values, up to rounding.
 */
public enum HessianRoute {
  /**
   * The generated {@code mHessianSparse(P...)} chooses when it makes the matrix: colouring where
   * the pattern needs at most two colours, edge pushing where colouring would do far more work
   * (its colours times the method's statements against the edges edge pushing updates), and
   * otherwise the faster of the two, timed on a few refills. The matrix's {@code routeReason()}
   * says which and why.
   */
  AUTO,
  /**
   * Each refill pushes one direction per colour of the pattern's columns through one
   * forward-over-reverse sweep ({@code mHessianVectors}), then reads the entries back. Fastest on
   * bands, stencils and other patterns that need few colours: its cost grows with the number of
   * colours.
   */
  COLORING,
  /**
   * Each refill runs the method once, recording every statement with its first and second
   * partials, then one reverse sweep pushes the nonlinear interactions ("edges") between live
   * variables back to the inputs (Gower and Mello 2012; Wang, Gebremedhin and Pothen 2016). Its
   * cost grows with the interactions the method computes, not with colours: fastest where a few
   * dense rows, random couplings or sums of outer products need many colours, and where no
   * pattern could be traced (the dense pattern needs one colour per column). Forcing it on a method
   * whose statements cannot be recorded this way is a compile error.
   */
  EDGE_PUSHING
}
