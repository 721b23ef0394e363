package dev.adjoint.processor.simplify;

import static dev.adjoint.processor.ir.Exprs.lit;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;

/**
 * A product split into its constant factor and the rest: {@code -3.0 * x * y} is {@code (-3, x * y)},
 * a bare constant has no rest. Like terms of a sum are those with equal rests.
 */
record Term(double factor, Expr rest) {
  static Term of(Expr e) {
    if (e instanceof DoubleLit d) {
      return new Term(d.value(), null);
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG && u.type() == Type.DOUBLE) {
      return of(u.operand()).negated();
    }
    if (e instanceof Binary b
        && b.type() == Type.DOUBLE
        && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      Term left = of(b.left());
      if (left.factor != 1.0) {
        if (left.rest == null) {
          // k * r is (k, r); k / r is (k, 1 / r).
          return new Term(
              left.factor,
              b.op() == BinaryOp.MUL ? b.right() : new Binary(BinaryOp.DIV, lit(1.0), b.right(), Type.DOUBLE));
        }
        return new Term(left.factor, new Binary(b.op(), left.rest, b.right(), Type.DOUBLE));
      }
    }
    return new Term(1.0, e);
  }

  Term negated() {
    return new Term(-factor, rest);
  }

  /** The term with a non-negative factor, as an expression; the sign is the caller's. */
  Expr magnitude() {
    double k = Math.abs(factor);
    if (rest == null) {
      return lit(k);
    }
    if (k == 1.0) {
      return rest;
    }
    if (rest instanceof Binary b && b.op() == BinaryOp.DIV && Fold.isOneLiteral(b.left())) {
      return new Binary(BinaryOp.DIV, lit(k), b.right(), Type.DOUBLE);
    }
    return prepend(lit(k), rest);
  }

  /** The term as an expression, a negative factor written as a negative literal: {@code -2.0 * x}. */
  Expr toExpr() {
    if (rest == null) {
      return lit(factor);
    }
    if (factor == 1.0) {
      return rest;
    }
    if (factor == -1.0) {
      return new Unary(UnaryOp.NEG, rest);
    }
    if (rest instanceof Binary b && b.op() == BinaryOp.DIV && Fold.isOneLiteral(b.left())) {
      return new Binary(BinaryOp.DIV, lit(factor), b.right(), Type.DOUBLE);
    }
    return prepend(lit(factor), rest);
  }

  /** {@code k * (a * b)} as {@code k * a * b}: the constant goes to the far left of the product. */
  private static Expr prepend(Expr k, Expr product) {
    if (product instanceof Binary b
        && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)
        && b.type() == Type.DOUBLE) {
      return new Binary(b.op(), prepend(k, b.left()), b.right(), Type.DOUBLE);
    }
    return new Binary(BinaryOp.MUL, k, product, Type.DOUBLE);
  }
}
