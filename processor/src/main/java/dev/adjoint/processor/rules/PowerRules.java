package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/**
 * sqrt, cbrt, pow, hypot, all {@link Rule#unbounded}: sqrt and cbrt have infinite slopes at 0,
 * pow at 0 for exponents between 0 and 1 or not known (and ∂/∂y is NaN for x < 0), hypot is 0/0
 * at (0, 0).
 */
final class PowerRules {
  private PowerRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.SQRT, Rule.unbounded((i, s) -> div(lit(0.5), s.value())));
    rules.put(
        MathFunction.CBRT,
        Rule.unbounded((i, s) -> div(lit(1.0), mul(lit(3.0), mul(s.value(), s.value())))));
    // d/dx x^y = y x^(y-1), and 0 where y = 0 (x^0 is 1 everywhere; the formula would be 0 times
    // an infinity at x = 0, and forward over reverse meets it for y = 1 in the second derivative).
    // d/dy x^y = x^y ln x, taken as 0 at x = 0 where x^y is flat in y (y > 0).
    rules.put(
        MathFunction.POW,
        Rule.unbounded((i, s) ->
            i == 0
                ? cond(
                    compare(BinaryOp.EQ, s.arg(1), lit(0.0)),
                    lit(0.0),
                    mul(s.arg(1), s.call(MathFunction.POW, s.arg(0), sub(s.arg(1), lit(1.0)))))
                : cond(
                    compare(BinaryOp.EQ, s.arg(0), lit(0.0)),
                    lit(0.0),
                    mul(s.value(), s.call(MathFunction.LOG, s.arg(0)))),
            PowerRules::unboundedPower));
    rules.put(MathFunction.HYPOT, Rule.unbounded((i, s) -> div(s.arg(i), s.value())));
  }

  /**
   * With a literal exponent y, y x^(y-1) is infinite only at x = 0 for y < 1, and there x^y is
   * finite only for y >= 0 (x^-3 is infinite too): so 0 < y < 1 needs the guard, and the common
   * x², x³, 1 / x³ are plain products. With a variable exponent it may be infinite, and ∂/∂y
   * (x^y ln x) is NaN for x < 0 where x^y is finite for an integer y.
   */
  private static boolean unboundedPower(int i, Rule.Site s) {
    Expr y = s.arg(1) instanceof Expr.Cast c ? c.operand() : s.arg(1);
    boolean literal = y instanceof Expr.DoubleLit || y instanceof Expr.IntLit;
    if (i != 0 || !literal) {
      return true;
    }
    double exponent = y instanceof Expr.DoubleLit d ? d.value() : ((Expr.IntLit) y).value();
    return exponent > 0.0 && exponent < 1.0;
  }
}
