package dev.adjoint.processor.rules;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.sub;

import java.util.Map;

/** sinh, cosh, tanh. */
final class HyperbolicRules {
  private HyperbolicRules() {}

  static void register(Map<String, Rule> rules) {
    rules.put(RuleTable.key("sinh", 1), (i, s) -> s.call("cosh", s.arg(0)));
    rules.put(RuleTable.key("cosh", 1), (i, s) -> s.call("sinh", s.arg(0)));
    rules.put(RuleTable.key("tanh", 1), (i, s) -> sub(lit(1.0), mul(s.value(), s.value())));
  }
}
