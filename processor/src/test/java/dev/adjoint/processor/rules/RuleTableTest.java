package dev.adjoint.processor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks every rule of the table numerically: each partial, evaluated by a small IR interpreter at
 * points of the function's domain, must match a finite difference of the {@code java.lang.Math}
 * function itself. This catches a wrong rule without going through the processor.
 */
class RuleTableTest {
  /** Every function the table must cover. */
  private static final List<String> REQUIRED =
      List.of(
          "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "exp",
          "expm1", "log", "log10", "log1p", "sqrt", "cbrt", "pow", "hypot", "abs", "max", "min",
          "signum", "floor", "ceil", "rint", "round");

  /**
   * Sample points for each rule key, inside the function's domain and away from its kinks and
   * discontinuities (so a finite difference is reliable there).
   */
  private static final Map<String, double[][]> POINTS = new LinkedHashMap<>();

  static {
    POINTS.put("sin/1", pts(0.3, -1.2, 2.5));
    POINTS.put("cos/1", pts(0.3, -1.2, 2.5));
    POINTS.put("tan/1", pts(0.3, -1.2, 0.9));
    POINTS.put("asin/1", pts(0.3, -0.7, 0.95));
    POINTS.put("acos/1", pts(0.3, -0.7, 0.95));
    POINTS.put("atan/1", pts(0.3, -1.2, 4.0));
    POINTS.put("atan2/2", new double[][] {{0.5, 1.5}, {-1.2, 0.7}, {2.0, -0.5}, {-0.3, -2.0}});
    POINTS.put("sinh/1", pts(0.3, -1.2, 2.5));
    POINTS.put("cosh/1", pts(0.3, -1.2, 2.5));
    POINTS.put("tanh/1", pts(0.3, -1.2, 2.5));
    POINTS.put("exp/1", pts(0.3, -1.2, 2.5));
    POINTS.put("expm1/1", pts(0.3, -1.2, 2.5, 1e-3));
    POINTS.put("log/1", pts(0.3, 1.2, 25.0));
    POINTS.put("log10/1", pts(0.3, 1.2, 25.0));
    POINTS.put("log1p/1", pts(-0.5, 0.3, 1.2, 25.0));
    POINTS.put("sqrt/1", pts(0.3, 1.2, 25.0));
    POINTS.put("cbrt/1", pts(0.3, -1.2, 25.0));
    POINTS.put("pow/2", new double[][] {{1.5, 2.0}, {0.7, -1.3}, {2.0, 0.5}, {3.0, 3.0}});
    POINTS.put("hypot/2", new double[][] {{3.0, 4.0}, {-1.2, 0.5}, {0.3, -2.0}});
    POINTS.put("abs/1", pts(0.3, -1.2, 2.5));
    POINTS.put("max/2", new double[][] {{0.3, 1.2}, {1.2, 0.3}, {-2.0, -1.0}});
    POINTS.put("min/2", new double[][] {{0.3, 1.2}, {1.2, 0.3}, {-2.0, -1.0}});
    POINTS.put("signum/1", pts(0.3, -1.2));
    POINTS.put("floor/1", pts(0.3, -1.2, 2.7));
    POINTS.put("ceil/1", pts(0.3, -1.2, 2.7));
    POINTS.put("rint/1", pts(0.3, -1.2, 2.7));
    POINTS.put("round/1", pts(0.3, -1.2, 2.7));
    POINTS.put("toRadians/1", pts(0.3, -120.0));
    POINTS.put("toDegrees/1", pts(0.3, -1.2));
  }

  private static double[][] pts(double... xs) {
    double[][] out = new double[xs.length][];
    for (int k = 0; k < xs.length; k++) {
      out[k] = new double[] {xs[k]};
    }
    return out;
  }

  /** Every function with a rule, as {@code name/arity}. */
  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (MathFunction f : MathFunction.values()) {
      keys.add(f.javaName() + "/" + f.arity());
    }
    return keys;
  }

  private static Rule rule(String name, int arity) {
    return RuleTable.of(MathFunction.of(name, arity).orElseThrow());
  }

  @Test
  void tableCoversTheRequiredFunctions() {
    Set<String> names = new HashSet<>();
    for (String key : keys()) {
      names.add(key.substring(0, key.indexOf('/')));
    }
    Set<String> missing = new TreeSet<>(REQUIRED);
    missing.removeAll(names);
    assertEquals(Set.of(), missing, "functions without a rule");
  }

  @Test
  void everyFunctionHasARuleAndIsFoundByNameAndArityOnly() {
    for (MathFunction f : MathFunction.values()) {
      assertNotNull(RuleTable.of(f), f.javaName());
      assertEquals(f, MathFunction.of(f.javaName(), f.arity()).orElseThrow());
    }
    assertTrue(MathFunction.of("sin", 2).isEmpty());
    assertTrue(MathFunction.of("noSuchFunction", 1).isEmpty());
  }

  @Test
  void flatFunctionsUseTheZeroRule() {
    for (String flat : List.of("signum", "floor", "ceil", "rint", "round")) {
      assertSame(Rule.ZERO, rule(flat, 1), flat);
    }
  }

  @Test
  void everyRuleHasSamplePoints() {
    Set<String> unsampled = new TreeSet<>(keys());
    unsampled.removeAll(POINTS.keySet());
    assertEquals(Set.of(), unsampled, "add sample points for these new rules");
  }

  /** For every key, every partial at every point matches a fourth-order central difference. */
  @Test
  void everyPartialMatchesFiniteDifferences() {
    int checked = 0;
    for (String key : keys()) {
      String name = key.substring(0, key.indexOf('/'));
      int arity = Integer.parseInt(key.substring(key.indexOf('/') + 1));
      Rule rule = rule(name, arity);
      double[][] points = POINTS.get(key);
      if (points == null) {
        fail("no sample points for " + key);
      }
      for (ClassRef library : List.of(ClassRef.MATH, ClassRef.STRICT_MATH)) {
        for (double[] point : points) {
          assertEquals(arity, point.length, key);
          for (int i = 0; i < arity; i++) {
            double ad = partial(rule, library, name, point, i);
            double fd = finiteDifference(library, name, point, i);
            double tolerance = 1e-7 * Math.max(1.0, Math.abs(fd));
            final int arg = i;
            assertEquals(
                fd,
                ad,
                tolerance,
                () -> key + " d/darg" + arg + " at " + java.util.Arrays.toString(point));
            checked++;
          }
        }
      }
    }
    assertTrue(checked >= 2 * 60, "checked only " + checked + " partials");
  }

  /** pow's exponent partial is 0 at base 0 (where x^y is flat in y for y > 0), not NaN. */
  @Test
  void powExponentPartialAtZeroBase() {
    Rule pow = rule("pow", 2);
    assertEquals(0.0, partial(pow, ClassRef.MATH, "pow", new double[] {0.0, 2.0}, 1));
    assertEquals(0.0, partial(pow, ClassRef.MATH, "pow", new double[] {0.0, 2.0}, 0));
    // x^0 is 1 everywhere: its base partial is 0 at x = 0 too, not 0 times an infinity.
    assertEquals(0.0, partial(pow, ClassRef.MATH, "pow", new double[] {0.0, 0.0}, 0));
  }

  /** Ties of max and min go to the first argument, as Math.max returns it. */
  @Test
  void maxAndMinTiesGoToTheFirstArgument() {
    for (String name : List.of("max", "min")) {
      Rule rule = rule(name, 2);
      double[] tie = {1.5, 1.5};
      assertEquals(1.0, partial(rule, ClassRef.MATH, name, tie, 0), name);
      assertEquals(0.0, partial(rule, ClassRef.MATH, name, tie, 1), name);
    }
  }

  @Test
  void partialsOnlyCallTheSameLibrary() {
    for (String key : keys()) {
      String name = key.substring(0, key.indexOf('/'));
      int arity = Integer.parseInt(key.substring(key.indexOf('/') + 1));
      Rule rule = rule(name, arity);
      Site site = new Site(ClassRef.STRICT_MATH, name, POINTS.get(key)[0]);
      for (int i = 0; i < arity; i++) {
        Expr p = rule.partial(i, site);
        if (p == null) {
          continue;
        }
        Exprs.forEachNode(
            p,
            node -> {
              if (node instanceof Call c) {
                assertEquals(ClassRef.STRICT_MATH, c.owner(), key + " calls " + c.owner());
              }
            });
      }
    }
  }

  /** The partial, evaluated with the site's value bound to the function's actual value. */
  private static double partial(Rule rule, ClassRef library, String name, double[] point, int i) {
    Site site = new Site(library, name, point);
    Expr p = rule.partial(i, site);
    if (p == null) {
      return 0.0;
    }
    return site.evaluator().eval(p);
  }

  private static double finiteDifference(ClassRef library, String name, double[] point, int i) {
    double h = 1e-3 * Math.max(1.0, Math.abs(point[i]));
    double[] q = point.clone();
    double[] f = new double[4];
    double[] offsets = {2, 1, -1, -2};
    for (int k = 0; k < 4; k++) {
      q[i] = point[i] + offsets[k] * h;
      f[k] = IrEvaluator.callMath(library, name, q);
    }
    return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
  }

  /** A call site whose arguments are variables bound to the point and whose value is a variable. */
  private static final class Site implements Rule.Site {
    private final ClassRef library;
    private final List<Variable> args = new ArrayList<>();
    private final Variable value = new Variable("value", Type.DOUBLE, Role.TEMP);
    private final IrEvaluator evaluator = new IrEvaluator();

    Site(ClassRef library, String name, double[] point) {
      this.library = library;
      for (int k = 0; k < point.length; k++) {
        Variable a = new Variable("a" + k, Type.DOUBLE, Role.PARAMETER);
        args.add(a);
        evaluator.bind(a, point[k]);
      }
      evaluator.bind(value, IrEvaluator.callMath(library, name, point));
    }

    IrEvaluator evaluator() {
      return evaluator;
    }

    @Override
    public Expr arg(int i) {
      return Exprs.ref(args.get(i));
    }

    @Override
    public Expr value() {
      return Exprs.ref(value);
    }

    @Override
    public Expr call(MathFunction function, Expr... arguments) {
      return Exprs.call(function, library, arguments);
    }
  }
}
