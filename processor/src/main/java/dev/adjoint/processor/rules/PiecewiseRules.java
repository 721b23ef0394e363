package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.lit;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/**
 * abs, max, min follow the branch their value took (ties go to the first argument, as
 * {@code Math.max} returns it); signum, floor, ceil, rint, round are flat wherever they are
 * differentiable.
 */
final class PiecewiseRules {
  private PiecewiseRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.ABS,
        (i, s) -> cond(compare(BinaryOp.LT, s.arg(0), lit(0.0)), lit(-1.0), lit(1.0)));
    rules.put(MathFunction.MAX, (i, s) -> firstWins(BinaryOp.GE, i, s));
    rules.put(MathFunction.MIN, (i, s) -> firstWins(BinaryOp.LE, i, s));
    for (MathFunction flat :
        new MathFunction[] {
          MathFunction.SIGNUM, MathFunction.FLOOR, MathFunction.CEIL, MathFunction.RINT, MathFunction.ROUND
        }) {
      rules.put(flat, Rule.ZERO);
    }
  }

  private static dev.adjoint.processor.ir.Expr firstWins(BinaryOp op, int i, Rule.Site s) {
    return cond(compare(op, s.arg(0), s.arg(1)), lit(i == 0 ? 1.0 : 0.0), lit(i == 0 ? 0.0 : 1.0));
  }
}
