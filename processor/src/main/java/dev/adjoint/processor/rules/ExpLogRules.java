package dev.adjoint.processor.rules;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;

import java.util.Map;

/** exp, expm1, log, log10, log1p. */
final class ExpLogRules {
  /** ln 10, so that d log10(x) = 1 / (x ln 10). */
  static final double LN_10 = Math.log(10.0);

  private ExpLogRules() {}

  static void register(Map<String, Rule> rules) {
    rules.put(RuleTable.key("exp", 1), (i, s) -> s.value());
    rules.put(RuleTable.key("expm1", 1), (i, s) -> add(s.value(), lit(1.0)));
    rules.put(RuleTable.key("log", 1), (i, s) -> div(lit(1.0), s.arg(0)));
    rules.put(RuleTable.key("log10", 1), (i, s) -> div(lit(1.0), mul(s.arg(0), lit(LN_10))));
    rules.put(RuleTable.key("log1p", 1), (i, s) -> div(lit(1.0), add(lit(1.0), s.arg(0))));
  }
}
