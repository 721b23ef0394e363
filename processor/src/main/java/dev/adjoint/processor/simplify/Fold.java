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
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;

/**
 * Algebraic clean-up of derivative expressions: constant folding, {@code 0·e = 0}, {@code 1·e = e},
 * {@code e + 0 = e}, sign pushing and the like.
 *
 * <p>Two kinds of rule. <b>Exact</b> ones give the same bits for every input, ±0, ±∞ and NaN
 * included ({@code e·1}, {@code e - 0.0}, {@code e + (-0.0)}, {@code -(-e)}, {@code a + (-b) = a - b},
 * {@code (-a)·b = -(a·b)}, {@code 2.0·e = e + e}, constants computed as Java computes them). The
 * others are real-number algebra, for derivative arithmetic only, where the error they make is a
 * rounding of the result or a convention of differentiation: {@code 0·e = 0} (also for an infinite
 * e), {@code e + 0.0 = e} (not for -0.0), regrouped products, merged like terms.
 *
 * <p>A derivative expression holds copies of the user's computation: conditions, arguments of
 * calls, indices, and the primal values it multiplies by. A copy must keep every bit, or the
 * derivative takes a branch the original did not take ({@code (c + 1e16) - 1e16 > 0.5} is not
 * {@code c > 0.5}), so only exact rules reach into one: everything below a condition, a call, an
 * index or any non-double node, and the sums the differentiator marked as copies ({@link
 * Exprs#copied}). Products of copies may still be regrouped, which rounds the result once more.
 */
public final class Fold {
  private Fold() {}

  /** Simplifies a derivative expression, leaving the copies it holds exact. */
  public static Expr simplify(Expr e) {
    return fixedPoint(e, false);
  }

  /** Simplifies a copy of the user's computation: exact rules only. */
  public static Expr exact(Expr e) {
    return fixedPoint(e, true);
  }

  private static Expr fixedPoint(Expr e, boolean exact) {
    Expr current = e;
    while (true) {
      Expr next = fold(current, exact);
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
  }

  /** One bottom-up pass; {@code exact} once inside a copy, for the whole subtree. */
  private static Expr fold(Expr e, boolean exact) {
    if (exact && Exprs.isCopied(e)) {
      return fold(((Cast) e).operand(), true); // the mark says nothing more inside a copy
    }
    boolean here = exact;
    Expr rebuilt;
    if (e instanceof Conditional c) {
      rebuilt =
          new Conditional(
              fold(c.condition(), true), fold(c.ifTrue(), here), fold(c.ifFalse(), here), c.type());
    } else if (e instanceof Unary u) {
      rebuilt = new Unary(u.op(), fold(u.operand(), here || !isDoubleNegation(u)));
    } else if (e instanceof Binary b) {
      boolean arithmetic = isArithmetic(b);
      rebuilt =
          new Binary(
              b.op(), fold(b.left(), here || !arithmetic), fold(b.right(), here || !arithmetic), b.type());
    } else if (e instanceof Call c && c.target().is(RuntimeHelper.TIMES)) {
      // Chain.times(factor, partial) is derivative arithmetic, as a product is.
      rebuilt = Exprs.mapChildren(e, child -> fold(child, here));
    } else {
      // Calls, casts, array reads, lengths, marked copies: their operands are copies.
      rebuilt = Exprs.mapChildren(e, child -> fold(child, true));
    }
    return keepingType(rebuilt, here);
  }

  /** {@code + - * /} in double arithmetic: what derivative arithmetic is made of. */
  private static boolean isArithmetic(Binary b) {
    return b.type() == Type.DOUBLE
        && (b.op() == BinaryOp.ADD
            || b.op() == BinaryOp.SUB
            || b.op() == BinaryOp.MUL
            || b.op() == BinaryOp.DIV);
  }

  private static boolean isDoubleNegation(Unary u) {
    return u.op() == UnaryOp.NEG && u.type() == Type.DOUBLE;
  }

  /**
   * A folded double expression stays double: {@code 1.0 * i} folds to {@code (double) i}, not to
   * {@code i}, or a quotient of two such operands would become integer division.
   */
  private static Expr keepingType(Expr e, boolean exact) {
    Expr folded = step(e, exact);
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

  // Each rule says whether it is exact; an inexact one is guarded by !exact.

  private static Expr step(Expr e, boolean exact) {
    if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      return negate(u.operand(), exact);
    }
    if (e instanceof Cast c && c.type() == Type.DOUBLE && c.operand() instanceof DoubleLit) {
      return c.operand(); // exact
    }
    if (Exprs.isCopied(e) && Exprs.children(((Cast) e).operand()).isEmpty()) {
      return ((Cast) e).operand(); // a variable or constant needs no mark
    }
    if (e instanceof Conditional c) {
      // Exact: the IR's expressions have no side effects.
      if (c.condition() instanceof BoolLit b) {
        return b.value() ? c.ifTrue() : c.ifFalse();
      }
      if (c.ifTrue().equals(c.ifFalse())) {
        return c.ifTrue();
      }
      return e;
    }
    if (e instanceof Call c && c.target().is(RuntimeHelper.TIMES)) {
      return guardedProduct(c);
    }
    if (e instanceof Call c && c.target().is(MathFunction.POW)) {
      // Exact: pow(x, 1) is x and pow(x, ±0) is 1.0, for every x (Math.pow's contract).
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
      return binary(widenLiterals(b), exact);
    }
    if (e instanceof Binary b
        && b.op().yieldsBoolean()
        && b.left() instanceof DoubleLit l
        && b.right() instanceof DoubleLit r) {
      // Exact: a comparison of two constants, such as pow's rule on a literal exponent makes.
      Boolean value = compare(b.op(), l.value(), r.value());
      return value == null ? e : new BoolLit(value);
    }
    return e;
  }

  /**
   * {@code Chain.times(factor, partial)}, in derivative arithmetic only: a zero operand gives 0, a
   * finite literal partial makes it the plain product, and literal factors move between nested
   * guards (a regrouped product, whose error is a rounding of the result). A literal factor other
   * than 0 stays: the
   * call marks a partial that may be infinite for the forward-over-reverse pass (printed as the
   * plain product).
   */
  private static Expr guardedProduct(Call c) {
    Expr factor = c.args().get(0);
    Expr partial = c.args().get(1);
    if (isZero(factor) || isZero(partial)) {
      return lit(0.0);
    }
    if (partial instanceof DoubleLit p && Double.isFinite(p.value())) {
      return make(BinaryOp.MUL, factor, partial);
    }
    if (factor instanceof DoubleLit && partial instanceof Call inner && inner.target().is(RuntimeHelper.TIMES)) {
      // k · times(g, p) is times(k · g, p) for a literal k other than 0.
      return inner.withArgs(
          java.util.List.of(make(BinaryOp.MUL, factor, inner.args().get(0)), inner.args().get(1)));
    }
    if (partial instanceof Call inner
        && inner.target().is(RuntimeHelper.TIMES)
        && inner.args().get(0) instanceof DoubleLit k) {
      // times(f, times(k, p)) is times(k · f, p) likewise.
      return c.withArgs(java.util.List.of(make(BinaryOp.MUL, k, factor), inner.args().get(1)));
    }
    if (isUnaryMinus(factor)) {
      return new Unary(UnaryOp.NEG, c.withArgs(java.util.List.of(operand(factor), partial)));
    }
    if (isUnaryMinus(partial)) {
      return new Unary(UnaryOp.NEG, c.withArgs(java.util.List.of(factor, operand(partial))));
    }
    return c;
  }

  /** {@code l op r} for a comparison, or null for another operator. */
  private static Boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case LT -> l < r;
      case LE -> l <= r;
      case GT -> l > r;
      case GE -> l >= r;
      case EQ -> l == r;
      case NE -> l != r;
      default -> null;
    };
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

  static Expr negate(Expr a, boolean exact) {
    if (a instanceof DoubleLit d) {
      return lit(-d.value()); // exact
    }
    if (a.type() != Type.DOUBLE) {
      return new Unary(UnaryOp.NEG, a);
    }
    if (exact) {
      if (a instanceof Unary u && u.op() == UnaryOp.NEG) {
        return u.operand();
      }
      // -(k·r) is (-k)·r, bit for bit.
      Expr flipped = flipLeadingConstant(a);
      return flipped != null ? flipped : new Unary(UnaryOp.NEG, a);
    }
    Term t = Term.of(a);
    if (t.factor() != 1.0 && t.rest() != null) {
      return t.negated().toExpr();
    }
    if (a instanceof Unary u && u.op() == UnaryOp.NEG) {
      return u.operand();
    }
    if (a instanceof Binary b && b.op() == BinaryOp.SUB) {
      // -(a - b) is b - a up to the sign of a zero.
      return new Binary(BinaryOp.SUB, b.right(), b.left(), Type.DOUBLE);
    }
    return new Unary(UnaryOp.NEG, a);
  }

  /**
   * A product or quotient whose leftmost operand is a constant k, with -k there instead: exactly
   * its negation (rounding is symmetric). Null when it has no such constant.
   */
  private static Expr flipLeadingConstant(Expr e) {
    if (e instanceof Binary b
        && b.type() == Type.DOUBLE
        && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      if (b.left() instanceof DoubleLit k) {
        return new Binary(b.op(), lit(-k.value()), b.right(), Type.DOUBLE);
      }
      Expr left = flipLeadingConstant(b.left());
      return left == null ? null : new Binary(b.op(), left, b.right(), Type.DOUBLE);
    }
    return null;
  }

  /** Whether {@code e} is a product or quotient led by a negative constant. */
  private static boolean leadsWithNegativeConstant(Expr e) {
    if (e instanceof Binary b
        && b.type() == Type.DOUBLE
        && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      return b.left() instanceof DoubleLit k
          ? k.value() < 0
          : leadsWithNegativeConstant(b.left());
    }
    return false;
  }

  private static Expr binary(Binary b, boolean exact) {
    Expr l = b.left();
    Expr r = b.right();
    if (l instanceof DoubleLit x && r instanceof DoubleLit y) {
      // Exact: the very operation Java would do at run time.
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
        return add(l, r, exact);
      case SUB:
        return subtract(l, r, exact);
      case MUL:
        return multiply(l, r, exact);
      case DIV:
        return divide(l, r, exact);
      default:
        return b;
    }
  }

  private static Expr add(Expr l, Expr r, boolean exact) {
    // e + (-0.0) is e exactly; e + 0.0 is not for e = -0.0.
    if (isZero(l) && (!exact || isNegativeZero(l))) {
      return r;
    }
    if (isZero(r) && (!exact || isNegativeZero(r))) {
      return l;
    }
    if (exact) {
      if (l.equals(r)) {
        return make(BinaryOp.MUL, lit(2.0), l); // exact: e + e is 2e, overflow and all
      }
    } else {
      Expr merged = Sums.mergeLikeTerms(make(BinaryOp.ADD, l, r));
      if (merged != null) {
        return merged;
      }
    }
    // Exact: a + (-b) is a - b by definition, and + commutes.
    if (isNegation(r)) {
      return make(BinaryOp.SUB, l, operand(r));
    }
    if (isNegation(l)) {
      return make(BinaryOp.SUB, r, operand(l));
    }
    if (exact && leadsWithNegativeConstant(r)) {
      return make(BinaryOp.SUB, l, flipLeadingConstant(r));
    }
    if (!exact && Term.of(r).factor() < 0) {
      return make(BinaryOp.SUB, l, Term.of(r).negated().toExpr());
    }
    if (l instanceof Conditional a
        && r instanceof Conditional c
        && a.condition().equals(c.condition())) {
      // Exact: one condition decides both.
      return new Conditional(
          a.condition(),
          make(BinaryOp.ADD, a.ifTrue(), c.ifTrue()),
          make(BinaryOp.ADD, a.ifFalse(), c.ifFalse()),
          Type.DOUBLE);
    }
    return make(BinaryOp.ADD, l, r);
  }

  private static Expr subtract(Expr l, Expr r, boolean exact) {
    // e - 0.0 is e exactly; e - (-0.0) is e + 0.0, which is not.
    if (isZero(r) && (!exact || !isNegativeZero(r))) {
      return l;
    }
    // -0.0 - e is -e exactly; 0.0 - 0.0 is 0.0, not -0.0.
    if (isZero(l) && (!exact || isNegativeZero(l))) {
      return negate(r, exact);
    }
    if (isNegation(r)) {
      return make(BinaryOp.ADD, l, operand(r)); // exact
    }
    if (exact) {
      return leadsWithNegativeConstant(r)
          ? make(BinaryOp.ADD, l, flipLeadingConstant(r))
          : make(BinaryOp.SUB, l, r);
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

  private static Expr multiply(Expr l, Expr r, boolean exact) {
    if (!exact && (isZero(l) || isZero(r))) {
      return lit(0.0); // 0·∞ is taken as 0: a zero adjoint carries nothing
    }
    // Exact: e·1 is e and e·(-1) is -e for every e.
    if (isOne(l)) {
      return r;
    }
    if (isOne(r)) {
      return l;
    }
    if (l instanceof DoubleLit d && d.value() == -1.0) {
      return negate(r, exact);
    }
    if (r instanceof DoubleLit d && d.value() == -1.0) {
      return negate(l, exact);
    }
    // Exact: (-a)·b is -(a·b).
    if (isUnaryMinus(l)) {
      return negate(make(BinaryOp.MUL, operand(l), r), exact);
    }
    if (isUnaryMinus(r)) {
      return negate(make(BinaryOp.MUL, l, operand(r)), exact);
    }
    if (r instanceof DoubleLit && !(l instanceof DoubleLit)) {
      // Constants first, as people write them: 2.0 * x. Exact: · commutes.
      return multiply(r, l, exact);
    }
    if (exact) {
      return make(BinaryOp.MUL, l, r);
    }
    if (r instanceof Conditional c && isLiteral(c.ifTrue()) && isLiteral(c.ifFalse())) {
      return new Conditional(
          c.condition(), multiply(l, c.ifTrue(), false), multiply(l, c.ifFalse(), false), Type.DOUBLE);
    }
    if (l instanceof Conditional c && isLiteral(c.ifTrue()) && isLiteral(c.ifFalse())) {
      return new Conditional(
          c.condition(), multiply(c.ifTrue(), r, false), multiply(c.ifFalse(), r, false), Type.DOUBLE);
    }
    // Regrouping rounds differently: derivative arithmetic only.
    if (isDouble(r, BinaryOp.DIV) && isOne(((Binary) r).left())) {
      return make(BinaryOp.DIV, l, ((Binary) r).right());
    }
    if (isDouble(l, BinaryOp.DIV) && isOne(((Binary) l).left())) {
      return make(BinaryOp.DIV, r, ((Binary) l).right());
    }
    // Integer products and quotients are never regrouped: n / 2 must stay integer division.
    if (isDouble(r, BinaryOp.MUL)) {
      // a * (b * c) reads as a * b * c.
      Binary q = (Binary) r;
      return make(BinaryOp.MUL, multiply(l, q.left(), false), q.right());
    }
    if (isDouble(r, BinaryOp.DIV) && !isOne(((Binary) r).left())) {
      // a * (b / c) reads as a * b / c.
      Binary q = (Binary) r;
      return make(BinaryOp.DIV, multiply(l, q.left(), false), q.right());
    }
    return make(BinaryOp.MUL, l, r);
  }

  private static Expr divide(Expr l, Expr r, boolean exact) {
    if (!exact && isZero(l)) {
      return lit(0.0); // 0 / 0 is taken as 0
    }
    if (isOne(r)) {
      return l; // exact
    }
    // Exact: (-a) / b and a / (-b) are -(a / b).
    if (isUnaryMinus(l)) {
      return negate(make(BinaryOp.DIV, operand(l), r), exact);
    }
    if (isUnaryMinus(r)) {
      return negate(make(BinaryOp.DIV, l, operand(r)), exact);
    }
    return make(BinaryOp.DIV, l, r);
  }

  private static boolean isNegativeZero(Expr e) {
    return e instanceof DoubleLit d && Double.doubleToRawLongBits(d.value()) == Long.MIN_VALUE;
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
