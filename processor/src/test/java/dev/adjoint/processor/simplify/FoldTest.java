package dev.adjoint.processor.simplify;

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
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldTest {
  private final Variable xv = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable yv = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable zv = new Variable("z", Type.DOUBLE, Role.PARAMETER);
  private final Expr x = ref(xv);
  private final Expr y = ref(yv);
  private final Expr z = ref(zv);
  private final Expr c = compare(BinaryOp.LT, x, y);

  private static Expr sin(Expr a) {
    return call(MathFunction.SIN, a);
  }

  private static Expr pow(Expr a, Expr b) {
    return call(MathFunction.POW, a, b);
  }

  private static void assertFolds(Expr expected, Expr input) {
    assertEquals(expected, Fold.simplify(input), () -> "simplify(" + input + ")");
  }

  @Test
  void zeroTimesAnythingIsZero() {
    assertFolds(lit(0.0), mul(lit(0.0), x));
    assertFolds(lit(0.0), mul(sin(x), lit(0.0)));
    assertFolds(lit(0.0), mul(lit(-0.0), add(x, y)));
  }

  @Test
  void oneTimesAnythingIsItself() {
    assertFolds(x, mul(lit(1.0), x));
    assertFolds(sin(x), mul(sin(x), lit(1.0)));
  }

  @Test
  void minusOneTimesIsNegation() {
    assertFolds(neg(x), mul(lit(-1.0), x));
    assertFolds(neg(x), mul(x, lit(-1.0)));
  }

  @Test
  void addingZeroIsIdentity() {
    assertFolds(x, add(x, lit(0.0)));
    assertFolds(x, add(lit(0.0), x));
  }

  @Test
  void subtractingZeroIsIdentity() {
    assertFolds(sin(x), sub(sin(x), lit(0.0)));
  }

  @Test
  void zeroMinusIsNegation() {
    assertFolds(neg(x), sub(lit(0.0), x));
    // 0 - (a - b) = b - a: the negation is pushed into the difference.
    assertFolds(sub(y, x), sub(lit(0.0), sub(x, y)));
  }

  @Test
  void doubleNegationCancels() {
    assertFolds(x, neg(neg(x)));
    assertFolds(neg(x), neg(neg(neg(x))));
    assertFolds(lit(-2.0), neg(lit(2.0)));
  }

  @Test
  void negatedDifferenceIsSwapped() {
    assertFolds(sub(y, x), neg(sub(x, y)));
  }

  @Test
  void addingANegationIsSubtraction() {
    assertFolds(sub(x, y), add(x, neg(y)));
    assertFolds(sub(y, x), add(neg(x), y));
    assertFolds(sub(x, lit(3.0)), add(x, lit(-3.0)));
  }

  @Test
  void subtractingANegationIsAddition() {
    assertFolds(add(x, y), sub(x, neg(y)));
    assertFolds(add(x, lit(3.0)), sub(x, lit(-3.0)));
  }

  @Test
  void constantsFold() {
    assertFolds(lit(5.0), add(lit(2.0), lit(3.0)));
    assertFolds(lit(-1.0), sub(lit(2.0), lit(3.0)));
    assertFolds(lit(6.0), mul(lit(2.0), lit(3.0)));
    assertFolds(lit(0.25), div(lit(1.0), lit(4.0)));
    assertFolds(lit(Double.POSITIVE_INFINITY), div(lit(1.0), lit(0.0)));
    assertFolds(lit(7.0), add(mul(lit(2.0), lit(3.0)), lit(1.0)));
    assertFolds(lit(2.0), new Cast(Type.DOUBLE, lit(2.0)));
    // Folding inside a larger expression.
    assertFolds(mul(lit(2.0), x), mul(add(lit(1.0), lit(1.0)), x));
  }

  @Test
  void sumOfEqualTermsIsTwice() {
    assertFolds(mul(lit(2.0), x), add(x, x));
    assertFolds(mul(lit(2.0), sin(x)), add(sin(x), sin(x)));
  }

  @Test
  void conditionalOfLiteralsDistributesOverProduct() {
    assertFolds(cond(c, mul(lit(2.0), y), mul(lit(3.0), y)), mul(cond(c, lit(2.0), lit(3.0)), y));
    assertFolds(cond(c, mul(lit(2.0), y), mul(lit(3.0), y)), mul(y, cond(c, lit(2.0), lit(3.0))));
    // The 0 and 1 branches then fold away.
    assertFolds(cond(c, sin(y), lit(0.0)), mul(cond(c, lit(1.0), lit(0.0)), sin(y)));
    assertFolds(cond(c, lit(0.0), neg(y)), mul(y, cond(c, lit(0.0), lit(-1.0))));
  }

  @Test
  void conditionalFolds() {
    assertFolds(x, cond(new BoolLit(true), x, y));
    assertFolds(y, cond(new BoolLit(false), x, y));
    assertFolds(sin(x), cond(c, sin(x), sin(x)));
    // Sums of conditionals on one condition become one conditional.
    assertFolds(
        cond(c, add(x, y), add(y, z)), add(cond(c, x, y), cond(c, y, z)));
  }

  @Test
  void timesReciprocalIsDivision() {
    assertFolds(div(x, y), mul(x, div(lit(1.0), y)));
    assertFolds(div(x, y), mul(div(lit(1.0), y), x));
  }

  @Test
  void constantsComeFirst() {
    assertFolds(mul(lit(2.0), x), mul(x, lit(2.0)));
    assertFolds(mul(lit(0.5), sin(x)), mul(sin(x), lit(0.5)));
    // A constant factor deep in a product is brought to the front and folded with others.
    assertFolds(mul(mul(lit(6.0), x), y), mul(mul(x, lit(2.0)), mul(y, lit(3.0))));
    // Constant times constant-over-something folds the constants.
    assertFolds(div(lit(6.0), x), mul(lit(2.0), div(lit(3.0), x)));
  }

  @Test
  void productsReassociateToTheLeft() {
    assertFolds(mul(mul(x, y), z), mul(x, mul(y, z)));
  }

  @Test
  void signsMoveOutOfProductsAndQuotients() {
    assertFolds(neg(mul(x, y)), mul(neg(x), y));
    assertFolds(neg(mul(x, y)), mul(x, neg(y)));
    assertFolds(neg(div(x, y)), div(neg(x), y));
    assertFolds(neg(div(x, y)), div(x, neg(y)));
    assertFolds(mul(x, y), mul(neg(x), neg(y)));
  }

  @Test
  void divisionIdentities() {
    assertFolds(lit(0.0), div(lit(0.0), x));
    assertFolds(x, div(x, lit(1.0)));
  }

  @Test
  void powOfOneAndZero() {
    assertFolds(x, pow(x, lit(1.0)));
    assertFolds(lit(1.0), pow(x, lit(0.0)));
    assertFolds(pow(x, lit(2.0)), pow(x, lit(2.0)));
    // The exponent is folded first.
    assertFolds(sin(x), pow(sin(x), sub(lit(2.0), lit(1.0))));
  }

  @Test
  void nonDoubleNodesAreLeftAlone() {
    Variable i = new Variable("i", Type.INT, Role.PARAMETER);
    Expr intSum = new Binary(BinaryOp.ADD, ref(i), new Expr.IntLit(0, Type.INT), Type.INT);
    assertFolds(intSum, intSum);
    // A comparison is a copied condition: not even x + 0.0 is folded there (-0.0 + 0.0 is 0.0).
    Expr comparison = compare(BinaryOp.LT, add(x, lit(0.0)), y);
    assertFolds(comparison, comparison);
  }

  @Test
  void nestedRulesCombineInOneCall() {
    // 1 * (0 + x) - (-(y * 1)) => x + y, needing several bottom-up steps.
    assertFolds(add(x, y), sub(mul(lit(1.0), add(lit(0.0), x)), neg(mul(y, lit(1.0)))));
    // (x * 1 + 0) * (1 / (y - 0)) => x / y
    assertFolds(div(x, y), mul(add(mul(x, lit(1.0)), lit(0.0)), div(lit(1.0), sub(y, lit(0.0)))));
  }

  @Test
  void likeTermsMerge() {
    assertFolds(mul(lit(4.0), x), add(mul(lit(3.0), x), x));
    assertFolds(mul(lit(2.0), x), sub(add(mul(lit(3.0), x), x), mul(lit(2.0), x)));
    assertFolds(lit(0.0), sub(mul(lit(3.0), sin(x)), mul(lit(3.0), sin(x))));
    assertFolds(add(lit(3.0), y), add(add(lit(1.0), y), lit(2.0)));
  }

  @Test
  void negativeFactorsBecomeSubtraction() {
    assertFolds(sub(x, mul(lit(2.0), y)), add(x, mul(lit(-2.0), y)));
    assertFolds(add(x, mul(lit(2.0), y)), sub(x, mul(lit(-2.0), y)));
    assertFolds(mul(lit(-2.0), x), neg(mul(lit(2.0), x)));
  }

  @Test
  void productOfAQuotientReadsLeftToRight() {
    assertFolds(div(mul(x, y), z), mul(x, div(y, z)));
  }

  @Test
  void inexactConstantQuotientsStayQuotients() {
    assertFolds(div(lit(1.0), lit(3.0)), div(lit(1.0), lit(3.0)));
    assertFolds(lit(0.25), div(lit(1.0), lit(4.0)));
  }

  @Test
  void intLiteralsInDoubleArithmeticAreWidened() {
    assertFolds(x, new Binary(BinaryOp.ADD, x, new Expr.IntLit(0, Type.INT), Type.DOUBLE));
    assertFolds(mul(lit(2.0), x), new Binary(BinaryOp.MUL, x, new Expr.IntLit(2, Type.INT), Type.DOUBLE));
  }

  @Test
  void integerProductsAndQuotientsAreNeverRegrouped() {
    Variable n = new Variable("n", Type.INT, Role.PARAMETER);
    Variable m = new Variable("m", Type.INT, Role.PARAMETER);
    Expr two = new Expr.IntLit(2, Type.INT);
    List<Expr> cases =
        List.of(
            // x * (n / 2) is not x * n / 2
            new Binary(BinaryOp.MUL, x, new Binary(BinaryOp.DIV, ref(n), two, Type.INT), Type.DOUBLE),
            // x * (n * m) wraps in int arithmetic; x * n * m does not
            new Binary(BinaryOp.MUL, x, new Binary(BinaryOp.MUL, ref(n), ref(m), Type.INT), Type.DOUBLE),
            mul(x, mul(lit(3.0), new Cast(Type.DOUBLE, new Binary(BinaryOp.DIV, ref(n), two, Type.INT)))));
    IrEvaluator at = IrEvaluator.with(xv, 1.5, n, 100001, m, 100000);
    for (Expr e : cases) {
      Expr folded = Fold.simplify(e);
      assertEquals(at.eval(e), at.eval(folded), () -> e + " -> " + folded);
    }
  }

  @Test
  void reachesAFixedPoint() {
    List<Expr> handPicked =
        List.of(
            mul(mul(x, lit(2.0)), mul(lit(3.0), div(lit(1.0), y))),
            add(neg(mul(cond(c, lit(1.0), lit(-1.0)), x)), neg(neg(sub(lit(0.0), y)))),
            mul(neg(x), mul(neg(y), mul(lit(2.0), neg(z)))),
            add(add(sin(x), sin(x)), add(sin(x), sin(x))),
            div(neg(mul(lit(-1.0), x)), neg(pow(y, lit(1.0)))));
    for (Expr e : handPicked) {
      assertFixedPointAndValue(e);
    }
  }

  @Test
  void reachesAFixedPointOnRandomExpressions() {
    Random random = new Random(20240611L);
    for (int k = 0; k < 2000; k++) {
      assertFixedPointAndValue(randomExpr(random, 4));
    }
  }

  /** simplify is idempotent, and the value at a few points is unchanged (up to reassociation). */
  private void assertFixedPointAndValue(Expr e) {
    Expr once = Fold.simplify(e);
    assertEquals(once, Fold.simplify(once), () -> "not a fixed point: " + e + " -> " + once);
    assertTrue(Exprs.size(once) <= Exprs.size(e) * 2, () -> "grew too much: " + e + " -> " + once);
    // Generic points: no exact cancellations (such as 3 * 0.7 - 2.1) where rounding is all there is.
    double[][] points = {{0.7313, -1.2789, 2.0417}, {-0.4129, 0.9371, 1.6183}, {1.9067, 1.1213, -0.5849}};
    for (double[] p : points) {
      IrEvaluator at = IrEvaluator.with(xv, p[0], yv, p[1], zv, p[2]);
      double before = at.eval(e);
      double after = at.eval(once);
      // Skip points where e is ill-conditioned: where an exact cancellation (such as
      // (y - x) - y + x) leaves only rounding error, which folding rightly computes as 0.
      double nearby =
          IrEvaluator.with(xv, p[0] * (1 + 1e-12), yv, p[1] * (1 - 2e-12), zv, p[2] * (1 + 3e-12))
              .eval(e);
      boolean wellConditioned = Math.abs(nearby - before) <= 1e-8 * Math.max(1.0, Math.abs(before));
      if (Double.isFinite(before) && wellConditioned) {
        assertEquals(
            before,
            after,
            1e-9 * Math.max(1.0, Math.abs(before)),
            () -> "value changed: " + e + " -> " + once);
      }
    }
  }

  private Expr randomExpr(Random random, int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      switch (random.nextInt(4)) {
        case 0:
          return x;
        case 1:
          return y;
        case 2:
          return z;
        default:
          double[] literals = {0.0, 1.0, -1.0, 2.0, 0.5, -3.0};
          return lit(literals[random.nextInt(literals.length)]);
      }
    }
    switch (random.nextInt(9)) {
      case 0:
        return add(randomExpr(random, depth - 1), randomExpr(random, depth - 1));
      case 1:
        return sub(randomExpr(random, depth - 1), randomExpr(random, depth - 1));
      case 2:
      case 3:
        return mul(randomExpr(random, depth - 1), randomExpr(random, depth - 1));
      case 4:
        return div(randomExpr(random, depth - 1), randomExpr(random, depth - 1));
      case 5:
        return neg(randomExpr(random, depth - 1));
      case 6:
        return sin(randomExpr(random, depth - 1));
      case 7:
        return pow(randomExpr(random, depth - 1), lit(random.nextBoolean() ? 1.0 : 2.0));
      default:
        return cond(
            compare(BinaryOp.LT, randomExpr(random, 1), randomExpr(random, 1)),
            randomExpr(random, depth - 1),
            randomExpr(random, depth - 1));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs found (see the report): the identity rules drop the only double operand of a double
  // node, leaving int arithmetic that Java then evaluates as such.
  // ---------------------------------------------------------------------------------------------

  @Test
  void identityRulesKeepTheWideningOfIntOperands() {
    Variable i = new Variable("i", Type.INT, Role.PARAMETER);
    Variable j = new Variable("j", Type.INT, Role.PARAMETER);
    List<Expr> doubles = new ArrayList<>();
    doubles.add(div(mul(lit(1.0), ref(i)), ref(j))); // 1.0 * i / j
    doubles.add(div(mul(ref(i), lit(1.0)), ref(j))); // i * 1.0 / j
    doubles.add(div(add(ref(i), lit(0.0)), ref(j))); // (i + 0.0) / j
    doubles.add(div(sub(ref(i), lit(0.0)), ref(j))); // (i - 0.0) / j
    doubles.add(div(mul(lit(-1.0), ref(i)), ref(j))); // -1.0 * i / j
    Expr half = div(mul(lit(0.5), ref(i)), ref(j)); // 0.5 * i / j
    doubles.add(add(half, half)); // like terms merged to factor 1: i / j
    doubles.add(sub(ref(xv), add(half, half))); // x - i / j
    IrEvaluator at = IrEvaluator.with(i, 1, j, 2, xv, 3);
    for (Expr e : doubles) {
      Expr folded = Fold.simplify(e);
      assertEquals(at.eval(e), at.eval(folded), () -> e + " folded to int arithmetic " + folded);
    }
  }

  @Test
  void negatingIntArithmeticKeepsItInt() {
    Variable i = new Variable("i", Type.INT, Role.PARAMETER);
    Variable j = new Variable("j", Type.INT, Role.PARAMETER);
    Expr negated = neg(new Binary(BinaryOp.SUB, ref(i), ref(j), Type.INT));
    Expr folded = Fold.simplify(negated);
    assertEquals(Type.INT, folded.type(), () -> "retyped: " + folded);
    IrEvaluator at = IrEvaluator.with(i, 3, j, 5);
    assertEquals(at.eval(negated), at.eval(folded));
  }

  // ---------------------------------------------------------------------------------------------
  // Copies of the user's computation inside derivative expressions: a condition, a call's
  // argument, a primal value the derivative multiplies by. They must keep every bit, or the
  // derivative takes a branch the original did not take, or reads a value it never had.
  // ---------------------------------------------------------------------------------------------

  private final Variable pv = new Variable("p", Type.DOUBLE, Role.PARAMETER);
  private final Variable qv = new Variable("q", Type.DOUBLE, Role.LOCAL);
  private final Expr p = ref(pv);
  private final Expr q = ref(qv);
  /** (p + 1e16) - 1e16: 0 for |p| < 1, not p. */
  private final Expr rounded = sub(add(p, lit(1e16)), lit(1e16));
  /** 3 (p / 3): not 3 p / 3 (at p = 0.1 one equals p and the other does not). */
  private final Expr thirds = mul(lit(3.0), div(p, lit(3.0)));

  private static void assertExact(Expr expected, Expr input) {
    assertEquals(expected, Fold.exact(input), () -> "exact(" + input + ")");
  }

  @Test
  void aCopiedConditionIsLeftAsWritten() {
    Expr roundedTest = compare(BinaryOp.GT, rounded, lit(0.5));
    assertFolds(cond(roundedTest, x, lit(0.0)), cond(roundedTest, mul(lit(1.0), x), lit(0.0)));
    Expr thirdsTest = compare(BinaryOp.EQ, thirds, p);
    assertFolds(cond(thirdsTest, x, lit(0.0)), mul(x, cond(thirdsTest, lit(1.0), lit(0.0))));
    Expr plusZero = compare(BinaryOp.LT, add(p, lit(0.0)), q);
    assertFolds(cond(plusZero, x, y), cond(plusZero, x, y));
  }

  @Test
  void aCopiedArgumentIsLeftAsWritten() {
    assertFolds(mul(x, sin(rounded)), mul(x, sin(rounded)));
    assertFolds(mul(x, sin(thirds)), mul(x, sin(thirds)));
    // sin(-0.0) is -0.0, sin(-0.0 + 0.0) is 0.0.
    assertFolds(mul(x, sin(add(p, lit(0.0)))), mul(x, sin(add(p, lit(0.0)))));
  }

  /** A sum the differentiator copied into derivative arithmetic is marked, and kept as computed. */
  @Test
  void aMarkedCopyKeepsItsRounding() {
    Expr t = Exprs.copied(rounded);
    assertFolds(mul(x, t), mul(x, t));
    // d(p t)/dp = t + p, not 2p; nor do the terms of a derivative sum merge into a copied one.
    assertFolds(add(t, p), add(t, p));
    assertFolds(sub(add(x, t), p), sub(add(x, t), p));
    // Seen whole, a copy may still be a like term.
    assertFolds(mul(lit(2.0), t), add(t, t));
    // Inside a product the mark stays on the sum; the product may be regrouped.
    Expr copiedProduct = Exprs.copied(mul(lit(3.0), mul(p, rounded)));
    assertFolds(mul(mul(lit(6.0), p), t), mul(lit(2.0), copiedProduct));
    // Exact folding drops the marks, which mean nothing more there.
    assertExact(rounded, t);
    assertEquals(rounded, Exprs.withoutCopyMarks(t));
    // Unmarked, the same sum is derivative arithmetic, where real-number algebra is allowed.
    assertFolds(p, rounded);
  }

  @Test
  void exactRulesApplyToCopies() {
    assertExact(p, mul(p, lit(1.0)));
    assertExact(p, mul(lit(1.0), p));
    assertExact(p, div(p, lit(1.0)));
    assertExact(neg(p), mul(p, lit(-1.0)));
    assertExact(p, sub(p, lit(0.0)));
    assertExact(p, add(p, lit(-0.0)));
    assertExact(neg(p), sub(lit(-0.0), p));
    assertExact(p, neg(neg(p)));
    assertExact(sub(p, q), add(p, neg(q)));
    assertExact(sub(q, p), add(neg(p), q));
    assertExact(add(p, q), sub(p, neg(q)));
    assertExact(neg(mul(p, q)), mul(neg(p), q));
    assertExact(neg(div(p, q)), div(p, neg(q)));
    assertExact(sub(p, mul(lit(2.0), q)), add(p, mul(lit(-2.0), q)));
    assertExact(mul(lit(-2.0), p), neg(mul(lit(2.0), p)));
    assertExact(mul(lit(2.0), p), mul(p, lit(2.0)));
    assertExact(mul(lit(2.0), p), add(p, p));
    assertExact(lit(7.0), add(mul(lit(2.0), lit(3.0)), lit(1.0)));
    assertExact(p, pow(p, lit(1.0)));
    assertExact(lit(1.0), pow(p, lit(0.0)));
  }

  @Test
  void inexactRulesDoNotApplyToCopies() {
    List<Expr> kept =
        List.of(
            add(p, lit(0.0)), // -0.0 + 0.0 is 0.0
            add(lit(0.0), p),
            sub(lit(0.0), p), // 0.0 - 0.0 is 0.0, -(0.0) is -0.0
            sub(p, lit(-0.0)),
            mul(lit(0.0), p), // 0 * inf is NaN, 0 * -1 is -0.0
            div(lit(0.0), p),
            neg(sub(p, q)), // -(p - p) is -0.0, p - p is 0.0
            mul(p, div(lit(1.0), q)), // two roundings, not one
            mul(p, mul(q, lit(3.0))),
            mul(p, div(q, lit(3.0))),
            thirds,
            rounded,
            sub(p, p), // inf - inf is NaN
            sub(add(mul(lit(3.0), p), p), mul(lit(2.0), p)));
    for (Expr e : kept) {
      Expr folded = Fold.exact(e);
      IrEvaluator at = IrEvaluator.with(pv, 0.1, qv, -0.0);
      assertEquals(Exprs.size(e), Exprs.size(folded), () -> e + " -> " + folded);
      assertEquals(at.eval(e), at.eval(folded), () -> e + " -> " + folded);
    }
    assertExact(add(p, lit(0.0)), add(p, lit(0.0)));
    assertExact(thirds, thirds);
    assertExact(rounded, rounded);
  }

  /** Exact folding keeps every bit, at the values where real-number algebra goes wrong. */
  @Test
  void exactFoldingKeepsEveryBitOnRandomExpressions() {
    double[] special = {
      0.0, -0.0, 1.0, -1.0, 0.1, 3.0, 1e16, 1e308, -1e308, Double.MIN_VALUE, 1e-310,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN
    };
    Random random = new Random(20261206L);
    for (int k = 0; k < 3000; k++) {
      Expr e = randomCopy(random, 4);
      Expr folded = Fold.exact(e);
      // Inside a derivative expression a copied condition keeps its value too.
      Expr test = compare(BinaryOp.LT, e, lit(0.5));
      Expr derivative = Fold.simplify(mul(x, cond(test, lit(1.0), lit(0.0))));
      for (int s = 0; s < 6; s++) {
        double a = special[random.nextInt(special.length)];
        double b = special[random.nextInt(special.length)];
        IrEvaluator at = IrEvaluator.with(pv, a, qv, b, xv, 1.0);
        long before = Double.doubleToLongBits(at.eval(e));
        long after = Double.doubleToLongBits(at.eval(folded));
        assertEquals(
            before, after, () -> e + " -> " + folded + " at p = " + a + ", q = " + b);
        assertEquals(
            at.test(test) ? 1.0 : 0.0,
            at.eval(derivative),
            () -> test + " in " + derivative + " at p = " + a + ", q = " + b);
      }
    }
  }

  private Expr randomCopy(Random random, int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      switch (random.nextInt(3)) {
        case 0:
          return p;
        case 1:
          return q;
        default:
          double[] literals = {0.0, -0.0, 1.0, -1.0, 2.0, 3.0, 0.5, 1e16};
          return lit(literals[random.nextInt(literals.length)]);
      }
    }
    switch (random.nextInt(9)) {
      case 0:
        return add(randomCopy(random, depth - 1), randomCopy(random, depth - 1));
      case 1:
        return sub(randomCopy(random, depth - 1), randomCopy(random, depth - 1));
      case 2:
      case 3:
        return mul(randomCopy(random, depth - 1), randomCopy(random, depth - 1));
      case 4:
        return div(randomCopy(random, depth - 1), randomCopy(random, depth - 1));
      case 5:
        return neg(randomCopy(random, depth - 1));
      case 6:
        return sin(randomCopy(random, depth - 1));
      case 7:
        return pow(randomCopy(random, depth - 1), lit(random.nextInt(3) * 1.0));
      default:
        return cond(
            compare(BinaryOp.LT, randomCopy(random, 1), randomCopy(random, 1)),
            randomCopy(random, depth - 1),
            randomCopy(random, depth - 1));
    }
  }
}
