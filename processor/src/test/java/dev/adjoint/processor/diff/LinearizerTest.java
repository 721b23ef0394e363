package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.ref;
import static dev.adjoint.processor.ir.Exprs.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import dev.adjoint.processor.simplify.Fold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearizerTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable w = new Variable("w", Type.DOUBLE, Role.PARAMETER);
  private final Variable v = new Variable("v", Type.DOUBLE, Role.LOCAL);
  private final Linearizer linearizer = new Linearizer(Activity.of(List.of(), List.of(x, y)));
  private final Expr c = compare(BinaryOp.LT, ref(x), ref(y));

  private static Expr math(String name, Expr... args) {
    return call(MathFunction.of(name, args.length).orElseThrow(), args);
  }

  private Map<Variable, Expr> coefficients(Expr e, Expr rootValue) {
    return linearizer.coefficients(e, rootValue);
  }

  private static Map<Variable, Expr> expected(Object... pairs) {
    Map<Variable, Expr> m = new LinkedHashMap<>();
    for (int k = 0; k < pairs.length; k += 2) {
      m.put((Variable) pairs[k], (Expr) pairs[k + 1]);
    }
    return m;
  }

  private static void assertCoefficients(Map<Variable, Expr> expected, Map<Variable, Expr> actual) {
    assertEquals(expected, actual);
    // In the order they are first met.
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
  }

  @Test
  void product() {
    assertCoefficients(
        expected(x, mul(lit(1.0), ref(y)), y, mul(lit(1.0), ref(x))),
        coefficients(mul(ref(x), ref(y)), null));
  }

  @Test
  void productWithAnInactiveFactor() {
    assertCoefficients(expected(x, mul(lit(1.0), ref(w))), coefficients(mul(ref(x), ref(w)), null));
    assertCoefficients(expected(y, mul(lit(1.0), ref(w))), coefficients(mul(ref(w), ref(y)), null));
  }

  @Test
  void quotientUsesTheRootValue() {
    assertCoefficients(
        expected(x, div(lit(1.0), ref(y)), y, neg(div(mul(lit(1.0), ref(v)), ref(y)))),
        coefficients(div(ref(x), ref(y)), ref(v)));
  }

  @Test
  void quotientWithoutARootValueRecomputesIt() {
    Expr q = div(ref(x), ref(y));
    assertCoefficients(
        expected(x, div(lit(1.0), ref(y)), y, neg(div(mul(lit(1.0), q), ref(y)))),
        coefficients(q, null));
  }

  @Test
  void sumDifferenceAndNegation() {
    assertCoefficients(
        expected(x, lit(1.0), y, neg(lit(1.0))), coefficients(sub(ref(x), ref(y)), null));
    assertCoefficients(
        expected(x, lit(1.0), y, lit(1.0)), coefficients(add(ref(x), add(ref(w), ref(y))), null));
    assertCoefficients(expected(x, neg(lit(1.0))), coefficients(neg(ref(x)), null));
  }

  @Test
  void sine() {
    assertCoefficients(
        expected(x, mul(lit(1.0), math("cos", ref(x)))), coefficients(math("sin", ref(x)), null));
  }

  @Test
  void ruleCallsKeepTheLibrary() {
    Expr strictSin = call(MathFunction.SIN, ClassRef.STRICT_MATH, ref(x));
    assertCoefficients(
        expected(x, mul(lit(1.0), call(MathFunction.COS, ClassRef.STRICT_MATH, ref(x)))),
        coefficients(strictSin, null));
  }

  @Test
  void chainRuleThroughNestedCalls() {
    // sin(x * y): cos(x * y) * y for x, cos(x * y) * x for y.
    Expr inner = mul(ref(x), ref(y));
    Expr cosine = math("cos", inner);
    assertCoefficients(
        expected(
            x, mul(mul(lit(1.0), cosine), ref(y)),
            y, mul(mul(lit(1.0), cosine), ref(x))),
        coefficients(math("sin", inner), null));
  }

  @Test
  void rootValueIsUsedOnlyAtTheRoot() {
    // exp(x) at the root: its own value v.
    assertCoefficients(expected(x, mul(lit(1.0), ref(v))), coefficients(math("exp", ref(x)), ref(v)));
    // exp(x) + y: v is the sum, so the exp's value is recomputed.
    assertCoefficients(
        expected(x, mul(lit(1.0), math("exp", ref(x))), y, lit(1.0)),
        coefficients(add(math("exp", ref(x)), ref(y)), ref(v)));
  }

  @Test
  void conditionalGivesPerBranchCoefficients() {
    assertCoefficients(
        expected(x, cond(c, lit(1.0), lit(0.0)), y, cond(c, lit(0.0), lit(1.0))),
        coefficients(cond(c, ref(x), ref(y)), null));
  }

  @Test
  void conditionalPartialsStayInsideTheirBranch() {
    // c ? log(x) : 0.0 -> c ? 1/x : 0.0, not (c ? 1 : 0) * (1/x), which is NaN at x = 0.
    Expr e = cond(c, math("log", ref(x)), lit(0.0));
    Map<Variable, Expr> k = coefficients(e, ref(v));
    assertCoefficients(expected(x, cond(c, mul(lit(1.0), div(lit(1.0), ref(x))), lit(0.0))), k);
    double atZero = IrEvaluator.with(x, 0.0, y, -1.0).eval(Fold.simplify(k.get(x)));
    assertEquals(0.0, atZero);
    // A scale from outside is applied inside each branch too.
    Map<Variable, Expr> scaled = coefficients(mul(ref(w), e), null);
    assertCoefficients(
        expected(x, cond(c, mul(mul(lit(1.0), ref(w)), div(lit(1.0), ref(x))), lit(0.0))), scaled);
  }

  @Test
  void squareMergesBothOccurrences() {
    assertCoefficients(
        expected(x, add(mul(lit(1.0), ref(x)), mul(lit(1.0), ref(x)))),
        coefficients(mul(ref(x), ref(x)), ref(v)));
  }

  @Test
  void remainder() {
    Expr r = new Binary(BinaryOp.REM, ref(x), ref(y), Type.DOUBLE);
    assertCoefficients(
        expected(x, lit(1.0), y, neg(mul(lit(1.0), div(sub(ref(x), ref(v)), ref(y))))),
        coefficients(r, ref(v)));
  }

  @Test
  void inactivePartsContributeNothing() {
    assertCoefficients(expected(), coefficients(mul(ref(w), lit(2.0)), null));
    assertCoefficients(
        expected(x, lit(1.0)), coefficients(add(ref(x), math("floor", ref(y))), null));
    assertCoefficients(
        expected(x, lit(1.0)),
        coefficients(add(ref(x), new Cast(Type.DOUBLE, new Cast(Type.INT, ref(y)))), null));
    // pow(2, x): only the exponent's partial.
    Map<Variable, Expr> k = coefficients(math("pow", lit(2.0), ref(x)), null);
    assertEquals(List.of(x), new ArrayList<>(k.keySet()));
  }

  /** The folded coefficients of a compound expression match central differences. */
  @Test
  void coefficientsMatchFiniteDifferences() {
    Expr f =
        add(
            div(mul(ref(x), math("sin", ref(y))), add(ref(x), ref(y))),
            sub(
                cond(c, math("exp", mul(ref(x), ref(w))), math("log", ref(y))),
                mul(math("pow", ref(x), lit(3.0)), math("atan2", ref(y), ref(x)))));
    double[][] points = {{0.3, 0.8}, {1.7, 0.4}, {-0.6, 2.2}};
    double wValue = 1.3;
    for (double[] p : points) {
      Map<Variable, Expr> k = coefficients(f, null);
      for (Variable u : List.of(x, y)) {
        Expr coefficient = Fold.simplify(k.get(u));
        double ad = IrEvaluator.with(x, p[0], y, p[1], w, wValue).eval(coefficient);
        double h = 1e-5;
        double up = IrEvaluator.with(x, p[0] + (u == x ? h : 0), y, p[1] + (u == y ? h : 0), w, wValue).eval(f);
        double down =
            IrEvaluator.with(x, p[0] - (u == x ? h : 0), y, p[1] - (u == y ? h : 0), w, wValue).eval(f);
        double fd = (up - down) / (2 * h);
        assertEquals(fd, ad, 1e-6 * Math.max(1, Math.abs(fd)), () -> "d/d" + u + " at " + p[0] + "," + p[1]);
        assertTrue(Double.isFinite(ad));
      }
    }
  }

  /**
   * A sum of the source the partials copy is marked, so the simplifier keeps it as computed: the
   * partial of x·((y + 1e16) - 1e16) in x is that sum's value, 0 for |y| < 1, never y.
   */
  @Test
  void copiedSumsAreMarked() {
    Expr rounded = sub(add(ref(y), lit(1e16)), lit(1e16));
    Map<Variable, Expr> k = coefficients(mul(ref(x), rounded), null);
    assertEquals(mul(lit(1.0), new Cast(Type.DOUBLE, rounded, true)), k.get(x));
    assertEquals(mul(lit(1.0), ref(x)), k.get(y));
    IrEvaluator at = IrEvaluator.with(x, 2.0, y, 0.7);
    assertEquals(0.0, at.eval(Fold.simplify(k.get(x))));
    // A function's argument stays unmarked: the simplifier never folds arguments inexactly.
    Expr sine = math("sin", rounded);
    assertEquals(
        mul(lit(1.0), math("cos", rounded)), coefficients(sine, null).get(y));
  }
}
