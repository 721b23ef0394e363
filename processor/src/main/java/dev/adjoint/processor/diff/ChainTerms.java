package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.mul;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;

/**
 * Terms of the chain rule through a partial that may be infinite or NaN ({@code Rule#unbounded}):
 * {@code Chain.times(factor, partial)}, which is 0 where the rest of the term's product, {@code
 * factor}, is 0 (or where partial is). A factor multiplied onto such a term later (the adjoint in
 * reverse mode, the tangent in forward mode) must join {@code factor} rather than multiply the
 * result, or a zero adjoint would meet the infinity after all: {@link #times} puts it there.
 */
final class ChainTerms {
  private ChainTerms() {}

  /** {@code Chain.times(factor, partial)}. */
  static Expr guarded(Expr factor, Expr partial) {
    return RuntimeHelper.TIMES.call(Type.DOUBLE, factor, partial);
  }

  /** Whether {@code e} is a guarded term. */
  static boolean isGuarded(Expr e) {
    return e instanceof Call c && c.target().is(RuntimeHelper.TIMES);
  }

  /** Whether {@code e} holds a guarded term anywhere. */
  static boolean holdsGuarded(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= isGuarded(n));
    return found[0];
  }

  /**
   * {@code a · b}; where one holds guarded terms, the other is moved into their factors through
   * sums, negations, products, quotients and both branches of {@code ?:}, so that it is 0 there
   * where it is 0. Without guarded terms this is the plain product, as before.
   */
  static Expr times(Expr a, Expr b) {
    if (holdsGuarded(b)) {
      return into(a, b, true);
    }
    if (holdsGuarded(a)) {
      return into(b, a, false);
    }
    return mul(a, b);
  }

  /** {@code f · e} (or {@code e · f}), with {@code f} moved into every guarded term of {@code e}. */
  private static Expr into(Expr f, Expr e, boolean fFirst) {
    if (!holdsGuarded(e)) {
      return fFirst ? mul(f, e) : mul(e, f);
    }
    if (isGuarded(e)) {
      // A literal factor takes f in; another gets a guard of its own, as it may be 0 where f is
      // infinite (w · sqrt(x) at w = 0 in forward over reverse, whose tangent of sqrt(x) is).
      Call c = (Call) e;
      Expr factor = c.args().get(0);
      return factor instanceof Expr.DoubleLit
          ? guarded(fFirst ? mul(f, factor) : mul(factor, f), c.args().get(1))
          : guarded(f, e);
    }
    if (e instanceof Unary u && u.op() == UnaryOp.NEG && u.type() == Type.DOUBLE) {
      return new Unary(UnaryOp.NEG, into(f, u.operand(), fFirst));
    }
    if (e instanceof Conditional c) {
      return new Conditional(
          c.condition(), into(f, c.ifTrue(), fFirst), into(f, c.ifFalse(), fFirst), c.type());
    }
    if (e instanceof Binary b && b.type() == Type.DOUBLE) {
      Expr l = b.left();
      Expr r = b.right();
      switch (b.op()) {
        case ADD, SUB -> {
          return new Binary(b.op(), into(f, l, fFirst), into(f, r, fFirst), Type.DOUBLE);
        }
        case MUL -> {
          // f·(l·r): f joins the guarded side; if both are, l's result joins r's guards.
          if (!holdsGuarded(r)) {
            return mul(into(f, l, fFirst), r);
          }
          return into(holdsGuarded(l) ? into(f, l, fFirst) : times(f, l), r, true);
        }
        case DIV -> {
          if (!holdsGuarded(r)) {
            return new Binary(BinaryOp.DIV, into(f, l, fFirst), r, Type.DOUBLE);
          }
        }
        default -> {}
      }
    }
    // A guarded term below a denominator or a call: 0 times it stays the plain product.
    return fFirst ? mul(f, e) : mul(e, f);
  }
}
