package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import dev.adjoint.processor.simplify.Fold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Terms through partials that may be infinite: the adjoint or tangent multiplied onto a
 * coefficient reaches the guard, through sums, products and branches, so that 0 times the term is
 * 0; other coefficients are multiplied as before.
 */
class ChainTermsTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable w = new Variable("w", Type.DOUBLE, Role.PARAMETER);
  private final Variable bar = new Variable("vBar", Type.DOUBLE, Role.TEMP);
  private final Linearizer linearizer = new Linearizer(Activity.of(List.of(), List.of(x, y)));

  private Expr coefficientOfX(Expr e) {
    Map<Variable, Expr> coefficients = linearizer.coefficients(e, null);
    return coefficients.get(x);
  }

  private static double eval(Expr e, Object... bindings) {
    return IrEvaluator.with(bindings).eval(e);
  }

  @Test
  void ordinaryCoefficientsAreMultipliedPlainly() {
    Expr coefficient = coefficientOfX(mul(ref(x), call(MathFunction.EXP, ref(y))));
    assertFalse(ChainTerms.holdsGuarded(coefficient));
    assertEquals(mul(ref(bar), coefficient), ChainTerms.times(ref(bar), coefficient));
    assertEquals(mul(coefficient, ref(bar)), ChainTerms.times(coefficient, ref(bar)));
  }

  @Test
  void aZeroAdjointTimesAnInfiniteSlopeIsZero() {
    // w * sqrt(x) + sqrt(x) * y, and the same in the branches of a ?:.
    Expr root = call(MathFunction.SQRT, ref(x));
    Expr sum = add(mul(ref(w), root), mul(root, ref(y)));
    Expr branches = cond(compare(BinaryOp.LT, ref(y), lit(0.0)), sum, mul(ref(x), ref(x)));
    for (Expr e : List.of(sum, branches)) {
      Expr coefficient = coefficientOfX(e);
      assertTrue(ChainTerms.holdsGuarded(coefficient));
      for (Expr term : List.of(ChainTerms.times(ref(bar), coefficient), ChainTerms.times(coefficient, ref(bar)))) {
        Expr folded = Fold.simplify(term);
        assertEquals(0.0, eval(folded, x, 0.0, y, -2.0, w, -1.0, bar, 0.0), e + ": adjoint 0");
        assertEquals(0.0, eval(folded, x, 0.0, y, 0.0, w, 0.0, bar, 1.0), e + ": factors 0");
        assertEquals(
            Double.NEGATIVE_INFINITY,
            eval(folded, x, 0.0, y, -2.0, w, -1.0, bar, 1.0),
            e + ": honest");
        // Elsewhere the plain product: d/dx = (w + y) / (2 sqrt x) on the taken branch.
        assertEquals(
            1.5 * (-1.0 - 2.0) / (2 * Math.sqrt(4.0)),
            eval(folded, x, 4.0, y, -2.0, w, -1.0, bar, 1.5),
            1e-15,
            e + ": ordinary point");
      }
    }
  }

  @Test
  void foldKeepsTheGuardUntilAFactorIsZero() {
    Expr p = call(MathFunction.SQRT, ref(x));
    assertEquals(lit(0.0), Fold.simplify(ChainTerms.guarded(lit(0.0), p)));
    assertEquals(lit(0.0), Fold.simplify(ChainTerms.guarded(ref(w), lit(0.0))));
    assertEquals(mul(lit(2.0), ref(w)), Fold.simplify(ChainTerms.guarded(ref(w), lit(2.0))));
    // A literal factor stays (the guard marks p for forward over reverse) and joins an inner one.
    assertEquals(ChainTerms.guarded(lit(2.0), p), Fold.simplify(ChainTerms.guarded(lit(2.0), p)));
    assertEquals(
        ChainTerms.guarded(mul(lit(2.0), ref(w)), p),
        Fold.simplify(ChainTerms.guarded(lit(2.0), ChainTerms.guarded(ref(w), p))));
  }
}
