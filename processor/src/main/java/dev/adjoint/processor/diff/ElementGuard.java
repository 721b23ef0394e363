package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.List;

/**
 * The branches of {@code ?:} that an element is read in, when nothing else in its expression reads
 * it: {@code i > 0 ? x[i - 1] : z} names {@code x[i - 1]} only where {@code i > 0}, and elsewhere
 * its index may be outside the array. Its adjoint update or tangent is made under the same
 * conditions, so that derivative code indexes it only where the original does.
 */
record ElementGuard(List<Fact> facts) {
  /** A condition of a {@code ?:} and the value it has on the side the element is read. */
  record Fact(Expr condition, boolean holds) {}

  /** An element read whatever the branches: nothing to guard. */
  static final ElementGuard NONE = new ElementGuard(List.of());

  ElementGuard {
    facts = List.copyOf(facts);
  }

  boolean isNone() {
    return facts.isEmpty();
  }

  /** The conditions together: {@code c1 && !c2 && ...}. */
  Expr condition() {
    Expr all = null;
    for (Fact f : facts) {
      Expr one = f.holds() ? f.condition() : not(f.condition());
      all = all == null ? one : new Expr.Binary(BinaryOp.AND, all, one, Type.BOOLEAN);
    }
    return all;
  }

  /**
   * {@code !c}; a comparison of integers as the opposite comparison ({@code i != 0}), which for
   * doubles would differ at NaN.
   */
  private static Expr not(Expr c) {
    if (c instanceof Expr.Binary b
        && b.left().type().isIntegral()
        && b.right().type().isIntegral()) {
      BinaryOp opposite =
          switch (b.op()) {
            case LT -> BinaryOp.GE;
            case LE -> BinaryOp.GT;
            case GT -> BinaryOp.LE;
            case GE -> BinaryOp.LT;
            case EQ -> BinaryOp.NE;
            case NE -> BinaryOp.EQ;
            default -> null;
          };
      if (opposite != null) {
        return new Expr.Binary(opposite, b.left(), b.right(), Type.BOOLEAN);
      }
    }
    return new Expr.Unary(UnaryOp.NOT, c);
  }

  /** {@code e} where the conditions hold: each {@code ?:} on one of them reduced to its side. */
  Expr assumed(Expr e) {
    return Exprs.rewrite(
        e,
        n -> {
          if (n instanceof Expr.Conditional c) {
            for (Fact f : facts) {
              if (f.condition().equals(c.condition())) {
                return f.holds() ? c.ifTrue() : c.ifFalse();
              }
            }
          }
          return n;
        });
  }

  /** A tangent term {@code term} of the element: itself where the conditions hold, else 0. */
  Expr tangent(Expr term) {
    return isNone() ? term : Exprs.cond(condition(), assumed(term), Exprs.lit(0.0));
  }
}
