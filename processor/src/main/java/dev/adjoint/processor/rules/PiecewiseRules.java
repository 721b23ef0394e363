package dev.adjoint.processor.rules;

import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.lit;

import dev.adjoint.processor.ir.BinaryOp;
import java.util.Map;

/**
 * abs, max, min follow the branch their value took (ties go to the first argument, as
 * {@code Math.max} returns it); signum, floor, ceil, rint, round are flat wherever they are
 * differentiable.
 */
final class PiecewiseRules {
  private PiecewiseRules() {}

  static void register(Map<String, Rule> rules) {
    rules.put(
        RuleTable.key("abs", 1),
        (i, s) -> cond(compare(BinaryOp.LT, s.arg(0), lit(0.0)), lit(-1.0), lit(1.0)));
    rules.put(RuleTable.key("max", 2), (i, s) -> firstWins(BinaryOp.GE, i, s));
    rules.put(RuleTable.key("min", 2), (i, s) -> firstWins(BinaryOp.LE, i, s));
    for (String flat : new String[] {"signum", "floor", "ceil", "rint", "round"}) {
      rules.put(RuleTable.key(flat, 1), Rule.ZERO);
    }
  }

  private static dev.adjoint.processor.ir.Expr firstWins(BinaryOp op, int i, Rule.Site s) {
    return cond(compare(op, s.arg(0), s.arg(1)), lit(i == 0 ? 1.0 : 0.0), lit(i == 0 ? 0.0 : 1.0));
  }
}
