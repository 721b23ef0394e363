package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Stmt;

/**
 * The comment {@link ReverseMode} puts before the values a backward iteration computes again. It
 * is one object, known by identity rather than by its text: {@link LoopFusion} drops it when the
 * fused iteration has those values already, and takes no other comment for it, whatever it says.
 * The simplifier keeps the statements it does not rewrite, comments included, so the object
 * reaches loop fusion.
 */
final class RecomputedValues {
  static final Stmt.Comment HEADING = new Stmt.Comment("this iteration's values, computed again");

  private RecomputedValues() {}

  /** Whether {@code s} is the heading itself, not merely a comment with its text. */
  static boolean isHeading(Stmt s) {
    return s == HEADING;
  }
}
