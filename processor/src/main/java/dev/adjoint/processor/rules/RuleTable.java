package dev.adjoint.processor.rules;

import java.util.Map;
import java.util.TreeMap;

/** Every derivative rule Adjoint knows, looked up by function name and arity. */
public final class RuleTable {
  private static final Map<String, Rule> RULES = new TreeMap<>();

  static {
    ExpLogRules.register(RULES);
    PowerRules.register(RULES);
    TrigonometricRules.register(RULES);
    HyperbolicRules.register(RULES);
    PiecewiseRules.register(RULES);
  }

  private RuleTable() {}

  static String key(String name, int arity) {
    return name + "/" + arity;
  }

  /** The rule for a {@code Math} or {@code StrictMath} function, or null if there is none. */
  public static Rule forFunction(String name, int arity) {
    return RULES.get(key(name, arity));
  }

  /** The names of the functions with rules, as {@code name/arity}, sorted. */
  public static Iterable<String> keys() {
    return RULES.keySet();
  }
}
