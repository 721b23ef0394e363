package dev.adjoint.processor.rules;

import dev.adjoint.processor.ir.MathFunction;
import java.util.EnumMap;
import java.util.Map;

/** Every derivative rule Adjoint knows, one per {@link MathFunction}. */
public final class RuleTable {
  private static final Map<MathFunction, Rule> RULES = new EnumMap<>(MathFunction.class);

  static {
    ExpLogRules.register(RULES);
    PowerRules.register(RULES);
    TrigonometricRules.register(RULES);
    HyperbolicRules.register(RULES);
    PiecewiseRules.register(RULES);
    for (MathFunction f : MathFunction.values()) {
      if (!RULES.containsKey(f)) {
        throw new IllegalStateException("no derivative rule for Math." + f.javaName());
      }
    }
  }

  private RuleTable() {}

  /** The rule of {@code function}. */
  public static Rule of(MathFunction function) {
    return RULES.get(function);
  }
}
