package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;

import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/** exp, expm1, log, log10, log1p. */
final class ExpLogRules {
  /** ln 10, so that d log10(x) = 1 / (x ln 10). */
  static final double LN_10 = Math.log(10.0);

  private ExpLogRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.EXP, (i, s) -> s.value());
    rules.put(MathFunction.EXPM1, (i, s) -> add(s.value(), lit(1.0)));
    rules.put(MathFunction.LOG, (i, s) -> div(lit(1.0), s.arg(0)));
    rules.put(MathFunction.LOG10, (i, s) -> div(lit(1.0), mul(s.arg(0), lit(LN_10))));
    rules.put(MathFunction.LOG1P, (i, s) -> div(lit(1.0), add(lit(1.0), s.arg(0))));
  }
}
