package dev.adjoint.processor.simplify;

import static dev.adjoint.processor.ir.Exprs.isOne;
import static dev.adjoint.processor.ir.Exprs.isZero;
import static dev.adjoint.processor.ir.Exprs.lit;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;

/**
 * Algebraic clean-up of derivative expressions: constant folding, {@code 0·e = 0}, {@code 1·e = e},
 * {@code e + 0 = e}, sign pushing and the like. Only for derivatives: it may turn {@code 0·∞} into
 * 0 and reassociate products, which the user's own expressions must never see.
 */
public final class Fold {
  private Fold() {}

  public static Expr simplify(Expr e) {
    Expr current = e;
    while (true) {
      Expr next = Exprs.rewrite(current, Fold::keepingType);
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
  }

  /**
   * A folded double expression stays double: {@code 1.0 * i} folds to {@code (double) i}, not to
   * {@code i}, or a quotient of two such operands would become integer division.
   */
  private static Expr keepingType(Expr e) {
    Expr folded = step(e);
    if (e.type() == Type.DOUBLE
        && folded instanceof Unary u
        && u.op() == UnaryOp.NEG
        && u.type() != Type.DOUBLE) {
      // -(double) n rather than (double) -n: a double negation, which a sum can absorb.
      return new Unary(UnaryOp.NEG, new Cast(Type.DOUBLE, u.operand(), true));
    }
    if (e.type() == Type.DOUBLE && folded.type() != Type.DOUBLE) {
      return new Cast(Type.DOUBLE, folded, true);
    }
    return folded;
  }

  private static Expr step(Expr e) {
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      return negate(u.operand());
    }
    if (e instanceof Cast c && c.type() == Type.DOUBLE && c.operand() instanceof DoubleLit) {
      return c.operand();
    }
    if (e instanceof Conditional c) {
      if (c.condition() instanceof BoolLit b) {
        return b.value() ? c.ifTrue() : c.ifFalse();
      }
      if (c.ifTrue().equals(c.ifFalse())) {
        return c.ifTrue();
      }
      return e;
    }
    if (e instanceof Call c && c.target().is(MathFunction.POW)) {
      Expr exponent = c.args().get(1);
      if (isOne(exponent)) {
        return c.args().get(0);
      }
      if (isZero(exponent)) {
        return lit(1.0);
      }
      return e;
    }
    if (e instanceof Binary b && b.type() == Type.DOUBLE) {
      return binary(widenLiterals(b));
    }
    return e;
  }

  /** In double arithmetic an int literal is the double of the same value: {@code 3} is {@code 3.0}. */
  private static Binary widenLiterals(Binary b) {
    if (b.op().yieldsBoolean() || !(b.left() instanceof IntLit || b.right() instanceof IntLit)) {
      return b;
    }
    return new Binary(b.op(), widen(b.left()), widen(b.right()), b.type());
  }

  private static Expr widen(Expr e) {
    return e instanceof IntLit i ? lit(i.value()) : e;
  }

  static Expr negate(Expr a) {
    if (a instanceof DoubleLit d) {
      return lit(-d.value());
    }
    if (a.type() != Type.DOUBLE) {
      return new Unary(UnaryOp.NEG, a);
    }
    Term t = Term.of(a);
    if (t.factor() != 1.0 && t.rest() != null) {
      return t.negated().toExpr();
    }
    if (a instanceof Unary u && u.op() == UnaryOp.NEG) {
      return u.operand();
    }
    if (a instanceof Binary b && b.op() == BinaryOp.SUB) {
      return new Binary(BinaryOp.SUB, b.right(), b.left(), Type.DOUBLE);
    }
    return new Unary(UnaryOp.NEG, a);
  }

  private static Expr binary(Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    if (l instanceof DoubleLit x && r instanceof DoubleLit y) {
      switch (b.op()) {
        case ADD:
          return lit(x.value() + y.value());
        case SUB:
          return lit(x.value() - y.value());
        case MUL:
          return lit(x.value() * y.value());
        case DIV:
          double q = x.value() / y.value();
          // 1.0 / 3.0 reads better than 0.3333333333333333.
          return Double.toString(q).length() <= 8 ? lit(q) : b;
        default:
          return b;
      }
    }
    switch (b.op()) {
      case ADD:
        return add(l, r);
      case SUB:
        return subtract(l, r);
      case MUL:
        return multiply(l, r);
      case DIV:
        return divide(l, r);
      default:
        return b;
    }
  }

  private static Expr add(Expr l, Expr r) {
    if (isZero(l)) {
      return r;
    }
    if (isZero(r)) {
      return l;
    }
    Expr merged = Sums.mergeLikeTerms(make(BinaryOp.ADD, l, r));
    if (merged != null) {
      return merged;
    }
    if (isNegation(r)) {
      return make(BinaryOp.SUB, l, operand(r));
    }
    if (isNegation(l)) {
      return make(BinaryOp.SUB, r, operand(l));
    }
    if (Term.of(r).factor() < 0) {
      return make(BinaryOp.SUB, l, Term.of(r).negated().toExpr());
    }
    if (l instanceof Conditional a
        && r instanceof Conditional c
        && a.condition().equals(c.condition())) {
      return new Conditional(
          a.condition(),
          make(BinaryOp.ADD, a.ifTrue(), c.ifTrue()),
          make(BinaryOp.ADD, a.ifFalse(), c.ifFalse()),
          Type.DOUBLE);
    }
    return make(BinaryOp.ADD, l, r);
  }

  private static Expr subtract(Expr l, Expr r) {
    if (isZero(r)) {
      return l;
    }
    if (isZero(l)) {
      return negate(r);
    }
    if (isNegation(r)) {
      return make(BinaryOp.ADD, l, operand(r));
    }
    if (Term.of(r).factor() < 0) {
      return make(BinaryOp.ADD, l, Term.of(r).negated().toExpr());
    }
    Expr merged = Sums.mergeLikeTerms(make(BinaryOp.SUB, l, r));
    if (merged != null) {
      return merged;
    }
    return make(BinaryOp.SUB, l, r);
  }

  private static Expr multiply(Expr l, Expr r) {
    if (isZero(l) || isZero(r)) {
      return lit(0.0);
    }
    if (isOne(l)) {
      return r;
    }
    if (isOne(r)) {
      return l;
    }
    if (l instanceof DoubleLit d && d.value() == -1.0) {
      return negate(r);
    }
    if (r instanceof DoubleLit d && d.value() == -1.0) {
      return negate(l);
    }
    if (isUnaryMinus(l)) {
      return negate(make(BinaryOp.MUL, operand(l), r));
    }
    if (isUnaryMinus(r)) {
      return negate(make(BinaryOp.MUL, l, operand(r)));
    }
    if (r instanceof Conditional c && isLiteral(c.ifTrue()) && isLiteral(c.ifFalse())) {
      return new Conditional(
          c.condition(), multiply(l, c.ifTrue()), multiply(l, c.ifFalse()), Type.DOUBLE);
    }
    if (l instanceof Conditional c && isLiteral(c.ifTrue()) && isLiteral(c.ifFalse())) {
      return new Conditional(
          c.condition(), multiply(c.ifTrue(), r), multiply(c.ifFalse(), r), Type.DOUBLE);
    }
    if (isDouble(r, BinaryOp.DIV) && isOne(((Binary) r).left())) {
      return make(BinaryOp.DIV, l, ((Binary) r).right());
    }
    if (isDouble(l, BinaryOp.DIV) && isOne(((Binary) l).left())) {
      return make(BinaryOp.DIV, r, ((Binary) l).right());
    }
    if (r instanceof DoubleLit && !(l instanceof DoubleLit)) {
      // Constants first, as people write them: 2.0 * x.
      return multiply(r, l);
    }
    // Integer products and quotients are never regrouped: n / 2 must stay integer division.
    if (isDouble(r, BinaryOp.MUL)) {
      // a * (b * c) reads as a * b * c.
      Binary q = (Binary) r;
      return make(BinaryOp.MUL, multiply(l, q.left()), q.right());
    }
    if (isDouble(r, BinaryOp.DIV) && !isOne(((Binary) r).left())) {
      // a * (b / c) reads as a * b / c.
      Binary q = (Binary) r;
      return make(BinaryOp.DIV, multiply(l, q.left()), q.right());
    }
    return make(BinaryOp.MUL, l, r);
  }

  private static Expr divide(Expr l, Expr r) {
    if (isZero(l)) {
      return lit(0.0);
    }
    if (isOne(r)) {
      return l;
    }
    if (isUnaryMinus(l)) {
      return negate(make(BinaryOp.DIV, operand(l), r));
    }
    if (isUnaryMinus(r)) {
      return negate(make(BinaryOp.DIV, l, operand(r)));
    }
    return make(BinaryOp.DIV, l, r);
  }

  static boolean isOneLiteral(Expr e) {
    return isOne(e);
  }

  private static boolean isLiteral(Expr e) {
    return e instanceof DoubleLit;
  }

  private static boolean isUnaryMinus(Expr e) {
    return e instanceof Unary u && u.op() == UnaryOp.NEG && u.type() == Type.DOUBLE;
  }

  /** Whether {@code e} is {@code op} applied in double arithmetic. */
  private static boolean isDouble(Expr e, BinaryOp op) {
    return e instanceof Binary b && b.op() == op && b.type() == Type.DOUBLE;
  }

  private static boolean isNegation(Expr e) {
    return isUnaryMinus(e) || (e instanceof DoubleLit d && d.value() < 0);
  }

  private static Expr operand(Expr negation) {
    if (negation instanceof DoubleLit d) {
      return lit(-d.value());
    }
    return ((Unary) negation).operand();
  }

  static Expr make(BinaryOp op, Expr l, Expr r) {
    return new Binary(op, l, r, Type.DOUBLE);
  }
}
