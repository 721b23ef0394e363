package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/** Collects like terms of a sum: {@code 3x + x - 2x} is {@code 2x}, constants add up. */
final class Sums {
  private Sums() {}

  /** The sum with like terms merged, or null if no two terms were alike. */
  static Expr mergeLikeTerms(Expr sum) {
    List<Term> terms = new ArrayList<>();
    flatten(sum, false, terms);
    List<Term> merged = new ArrayList<>();
    boolean changed = false;
    for (Term t : terms) {
      int k = indexOfLike(merged, t);
      if (k < 0) {
        merged.add(t);
      } else {
        merged.set(k, new Term(merged.get(k).factor() + t.factor(), t.rest()));
        changed = true;
      }
    }
    if (!changed) {
      return null;
    }
    merged.removeIf(t -> t.factor() == 0.0);
    if (merged.isEmpty()) {
      return dev.adjoint.processor.ir.Exprs.lit(0.0);
    }
    Expr out = merged.get(0).toExpr();
    for (Term t : merged.subList(1, merged.size())) {
      BinaryOp op = t.factor() < 0 ? BinaryOp.SUB : BinaryOp.ADD;
      out = new Binary(op, out, t.magnitude(), Type.DOUBLE);
    }
    return out;
  }

  private static int indexOfLike(List<Term> terms, Term t) {
    for (int k = 0; k < terms.size(); k++) {
      Expr rest = terms.get(k).rest();
      if (rest == null ? t.rest() == null : rest.equals(t.rest())) {
        return k;
      }
    }
    return -1;
  }

  private static void flatten(Expr e, boolean negative, List<Term> out) {
    if (e instanceof Binary b
        && b.type() == Type.DOUBLE
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      flatten(b.left(), negative, out);
      flatten(b.right(), b.op() == BinaryOp.SUB ? !negative : negative, out);
      return;
    }
    Term t = Term.of(e);
    out.add(negative ? t.negated() : t);
  }
}
