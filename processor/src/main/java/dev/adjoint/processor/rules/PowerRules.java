package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/** sqrt, cbrt, pow, hypot. */
final class PowerRules {
  private PowerRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.SQRT, (i, s) -> div(lit(0.5), s.value()));
    rules.put(MathFunction.CBRT, (i, s) -> div(lit(1.0), mul(lit(3.0), mul(s.value(), s.value()))));
    // d/dx x^y = y x^(y-1), and 0 where y = 0 (x^0 is 1 everywhere; the formula would be 0 times
    // an infinity at x = 0, and forward over reverse meets it for y = 1 in the second derivative).
    // d/dy x^y = x^y ln x, taken as 0 at x = 0 where x^y is flat in y (y > 0).
    rules.put(
        MathFunction.POW,
        (i, s) ->
            i == 0
                ? cond(
                    compare(BinaryOp.EQ, s.arg(1), lit(0.0)),
                    lit(0.0),
                    mul(s.arg(1), s.call(MathFunction.POW, s.arg(0), sub(s.arg(1), lit(1.0)))))
                : cond(
                    compare(BinaryOp.EQ, s.arg(0), lit(0.0)),
                    lit(0.0),
                    mul(s.value(), s.call(MathFunction.LOG, s.arg(0)))));
    rules.put(MathFunction.HYPOT, (i, s) -> div(s.arg(i), s.value()));
  }
}
