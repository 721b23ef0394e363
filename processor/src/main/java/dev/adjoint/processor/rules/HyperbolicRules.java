package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/** sinh, cosh, tanh. */
final class HyperbolicRules {
  private HyperbolicRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.SINH, (i, s) -> s.call(MathFunction.COSH, s.arg(0)));
    rules.put(MathFunction.COSH, (i, s) -> s.call(MathFunction.SINH, s.arg(0)));
    rules.put(MathFunction.TANH, (i, s) -> sub(lit(1.0), mul(s.value(), s.value())));
  }
}
