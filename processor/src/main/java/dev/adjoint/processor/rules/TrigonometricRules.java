package dev.adjoint.processor.rules;


import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import java.util.Map;

/**
 * sin, cos, tan, their inverses, atan2, and the degree/radian conversions. asin and acos have
 * infinite slopes at ±1 and atan2 is 0/0 at (0, 0): their rules are {@link Rule#unbounded}.
 */
final class TrigonometricRules {
  private TrigonometricRules() {}

  static void register(Map<MathFunction, Rule> rules) {
    rules.put(MathFunction.SIN, (i, s) -> s.call(MathFunction.COS, s.arg(0)));
    rules.put(MathFunction.COS, (i, s) -> neg(s.call(MathFunction.SIN, s.arg(0))));
    rules.put(MathFunction.TAN, (i, s) -> add(lit(1.0), mul(s.value(), s.value())));
    rules.put(MathFunction.ASIN, Rule.unbounded((i, s) -> div(lit(1.0), oneMinusSquareRoot(s))));
    rules.put(MathFunction.ACOS, Rule.unbounded((i, s) -> div(lit(-1.0), oneMinusSquareRoot(s))));
    rules.put(MathFunction.ATAN, (i, s) -> div(lit(1.0), add(lit(1.0), mul(s.arg(0), s.arg(0)))));
    // atan2(y, x): d/dy = x / (x² + y²), d/dx = -y / (x² + y²).
    rules.put(MathFunction.ATAN2,
        Rule.unbounded((i, s) -> {
          Expr y = s.arg(0);
          Expr x = s.arg(1);
          Expr r2 = add(mul(x, x), mul(y, y));
          return i == 0 ? div(x, r2) : div(neg(y), r2);
        }));
    rules.put(MathFunction.TO_RADIANS, (i, s) -> lit(Math.toRadians(1.0)));
    rules.put(MathFunction.TO_DEGREES, (i, s) -> lit(Math.toDegrees(1.0)));
  }

  private static Expr oneMinusSquareRoot(Rule.Site s) {
    return s.call(MathFunction.SQRT, sub(lit(1.0), mul(s.arg(0), s.arg(0))));
  }
}
