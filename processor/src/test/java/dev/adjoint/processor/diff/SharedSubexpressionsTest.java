package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedSubexpressionsTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable v = new Variable("v", Type.DOUBLE, Role.LOCAL);
  private final Variable i = new Variable("i", Type.INT, Role.PARAMETER);
  private final Variable j = new Variable("j", Type.INT, Role.PARAMETER);

  private static Expr exp(Expr a) {
    return call(MathFunction.EXP, a);
  }

  private static Expr sin(Expr a) {
    return call(MathFunction.SIN, a);
  }

  @Test
  void callSharedByPrimalAndDerivedBecomesOneNamedTemp() {
    SharedSubexpressions.Result r =
        SharedSubexpressions.share(
            add(exp(ref(x)), ref(y)), List.of(mul(exp(ref(x)), ref(y))), v);
    assertEquals(1, r.temps().size());
    Assign temp = r.temps().get(0);
    Variable t = temp.target();
    assertEquals("expX", t.baseName());
    assertEquals(Role.TEMP, t.role());
    assertEquals(Type.DOUBLE, t.type());
    assertEquals(exp(ref(x)), temp.value());
    // Both uses read that very variable.
    assertEquals(add(ref(t), ref(y)), r.primal());
    assertEquals(List.of(mul(ref(t), ref(y))), r.derived());
  }

  @Test
  void callSharedAmongDerivedOnly() {
    SharedSubexpressions.Result r =
        SharedSubexpressions.share(List.of(sin(ref(x)), mul(ref(y), sin(ref(x)))));
    assertEquals(1, r.temps().size());
    Variable t = r.temps().get(0).target();
    assertEquals("sinX", t.baseName());
    assertEquals(List.of(ref(t), mul(ref(y), ref(t))), r.derived());
    assertEquals(null, r.primal());
  }

  @Test
  void repeatedUseInsideOneExpressionIsShared() {
    SharedSubexpressions.Result r =
        SharedSubexpressions.share(List.of(mul(sin(ref(x)), sin(ref(x)))));
    Variable t = r.temps().get(0).target();
    assertEquals(List.of(mul(ref(t), ref(t))), r.derived());
  }

  @Test
  void nothingIsSharedWhenUsedOnce() {
    Expr primal = add(exp(ref(x)), ref(y));
    List<Expr> derived = List.of(sin(ref(y)), div(ref(x), ref(y)));
    SharedSubexpressions.Result r = SharedSubexpressions.share(primal, derived, v);
    assertEquals(List.of(), r.temps());
    assertEquals(primal, r.primal());
    assertEquals(derived, r.derived());
  }

  @Test
  void cheapExpressionsAreNotShared() {
    Expr product = mul(ref(x), ref(y));
    List<Expr> derived = List.of(add(product, lit(1.0)), mul(product, lit(2.0)), ref(x), ref(x));
    SharedSubexpressions.Result r = SharedSubexpressions.share(product, derived, v);
    assertEquals(List.of(), r.temps());
    assertEquals(derived, r.derived());
  }

  @Test
  void nonCallExpressionsGetTheNameT() {
    Expr quotient = div(ref(x), ref(y));
    SharedSubexpressions.Result r =
        SharedSubexpressions.share(List.of(add(quotient, lit(1.0)), mul(quotient, lit(2.0))));
    Variable t = r.temps().get(0).target();
    assertEquals("t", t.baseName());
    assertEquals(quotient, r.temps().get(0).value());
    // A call of something other than one variable is named after the function alone.
    Expr pow = call(MathFunction.POW, ref(x), ref(y));
    r = SharedSubexpressions.share(List.of(pow, pow));
    assertEquals("pow", r.temps().get(0).target().baseName());
  }

  @Test
  void candidatesUnderBranchesOfThePrimalAreNotUnconditional() {
    Expr c = compare(BinaryOp.LT, ref(x), lit(0.0));
    Expr primal = cond(c, exp(ref(x)), lit(0.0));
    SharedSubexpressions.Result r = SharedSubexpressions.share(primal, List.of(exp(ref(x))), v);
    assertEquals(List.of(), r.temps());
    assertEquals(primal, r.primal());
    // Likewise the right operand of && and ||.
    Expr guarded =
        cond(
            new Binary(
                BinaryOp.AND,
                compare(BinaryOp.GT, ref(x), lit(0.0)),
                compare(BinaryOp.GT, exp(ref(x)), lit(2.0)),
                Type.BOOLEAN),
            ref(x),
            ref(y));
    r = SharedSubexpressions.share(guarded, List.of(exp(ref(x))), v);
    assertEquals(List.of(), r.temps());
  }

  @Test
  void primalConditionIsUnconditional() {
    Expr primal = cond(compare(BinaryOp.LT, exp(ref(x)), lit(2.0)), ref(x), ref(y));
    SharedSubexpressions.Result r = SharedSubexpressions.share(primal, List.of(exp(ref(x))), v);
    assertEquals(1, r.temps().size());
    Variable t = r.temps().get(0).target();
    assertEquals(cond(compare(BinaryOp.LT, ref(t), lit(2.0)), ref(x), ref(y)), r.primal());
    assertEquals(List.of(ref(t)), r.derived());
  }

  @Test
  void integerDivisionIsNeverHoisted() {
    Expr ratio = new Cast(Type.DOUBLE, new Binary(BinaryOp.DIV, ref(i), ref(j), Type.INT));
    List<Expr> derived = List.of(mul(ref(x), ratio), mul(ref(x), ratio));
    SharedSubexpressions.Result r = SharedSubexpressions.share(derived);
    assertEquals(List.of(), r.temps());
    assertEquals(derived, r.derived());
    // Also when the division sits inside something otherwise worth sharing: only the safe part
    // (the call) is hoisted.
    Expr risky = add(sin(ref(x)), ratio);
    r = SharedSubexpressions.share(List.of(risky, risky));
    assertEquals(1, r.temps().size());
    assertEquals(sin(ref(x)), r.temps().get(0).value());
    Variable t = r.temps().get(0).target();
    assertEquals(List.of(add(ref(t), ratio), add(ref(t), ratio)), r.derived());
  }

  @Test
  void worthSharing() {
    assertTrue(SharedSubexpressions.worthSharing(sin(ref(x))));
    assertTrue(SharedSubexpressions.worthSharing(div(ref(x), ref(y))));
    assertTrue(SharedSubexpressions.worthSharing(add(lit(1.0), sin(ref(x)))));
    assertFalse(SharedSubexpressions.worthSharing(ref(x)));
    assertFalse(SharedSubexpressions.worthSharing(mul(ref(x), ref(y))));
    assertFalse(SharedSubexpressions.worthSharing(compare(BinaryOp.LT, sin(ref(x)), lit(0.0))));
    assertFalse(
        SharedSubexpressions.worthSharing(
            new Binary(BinaryOp.REM, ref(i), ref(j), Type.INT)));
    assertFalse(
        SharedSubexpressions.worthSharing(
            mul(sin(ref(x)), new Cast(Type.DOUBLE, new Binary(BinaryOp.REM, ref(i), ref(j), Type.INT)))));
  }

  @Test
  void aStatementThatReadsItsOwnTargetStillShares() {
    // v = sin(v) + x: the shared sin(v) is computed before v is assigned, where both the value and
    // the partials (which are taken at the statement's start) read the old v.
    Expr primal = add(sin(ref(v)), ref(x));
    List<Expr> derived = List.of(mul(sin(ref(v)), ref(y)));
    SharedSubexpressions.Result r = SharedSubexpressions.share(primal, derived, v);
    assertEquals(1, r.temps().size());
    Variable t = r.temps().get(0).target();
    assertEquals("sinV", t.baseName());
    assertEquals(sin(ref(v)), r.temps().get(0).value());
    assertEquals(add(ref(t), ref(x)), r.primal());
    assertEquals(List.of(mul(ref(t), ref(y))), r.derived());
    // The whole value is not read back from v, which then holds the new value.
    SharedSubexpressions.Plan plan =
        SharedSubexpressions.plan(sin(ref(v)), List.of(mul(lit(2.0), sin(ref(v)))), v);
    assertEquals(1, plan.primalTemps().size());
    assertEquals(List.of(mul(lit(2.0), ref(plan.primalTemps().get(0).target()))), plan.derived());
  }

  @Test
  void derivedUseOfTheWholePrimalReadsTheAssignedVariable() {
    // v = exp(x): the derivative's exp(x) is v itself, no temp needed.
    SharedSubexpressions.Plan plan =
        SharedSubexpressions.plan(exp(ref(x)), List.of(mul(lit(1.0), exp(ref(x)))), v);
    assertEquals(List.of(), plan.primalTemps());
    assertEquals(exp(ref(x)), plan.primal());
    assertEquals(List.of(), plan.derivedTemps());
    assertEquals(List.of(ref(v)), plan.derived());
  }

  @Test
  void planSharesWithThePrimalThenFoldsTheDerived() {
    SharedSubexpressions.Plan plan =
        SharedSubexpressions.plan(
            add(exp(ref(x)), ref(y)), List.of(mul(lit(1.0), exp(ref(x))), lit(1.0)), v);
    assertEquals(1, plan.primalTemps().size());
    Variable t = plan.primalTemps().get(0).target();
    assertEquals("expX", t.baseName());
    assertEquals(add(ref(t), ref(y)), plan.primal());
    assertEquals(List.of(), plan.derivedTemps());
    assertEquals(List.of(ref(t), lit(1.0)), plan.derived());
  }

  @Test
  void planSharesRepetitionsTheFoldedDerivativeStillHas() {
    // sin(y) is not computed by the primal; the derivatives repeat it once folded
    // (sin(y * 1.0) and sin(y) are the same after folding).
    SharedSubexpressions.Plan plan =
        SharedSubexpressions.plan(
            add(ref(x), ref(y)),
            List.of(sin(mul(ref(y), lit(1.0))), mul(sin(ref(y)), lit(2.0))),
            v);
    assertEquals(List.of(), plan.primalTemps());
    assertEquals(add(ref(x), ref(y)), plan.primal());
    assertEquals(1, plan.derivedTemps().size());
    Variable t = plan.derivedTemps().get(0).target();
    assertEquals("sinY", t.baseName());
    assertEquals(sin(ref(y)), plan.derivedTemps().get(0).value());
    assertEquals(List.of(ref(t), mul(lit(2.0), ref(t))), plan.derived());
  }

  @Test
  void planWithoutAPrimalOnlySharesAmongTheDerived() {
    SharedSubexpressions.Plan plan =
        SharedSubexpressions.plan(null, List.of(exp(ref(x)), add(exp(ref(x)), lit(0.0))), null);
    assertEquals(List.of(), plan.primalTemps());
    assertEquals(null, plan.primal());
    assertEquals(1, plan.derivedTemps().size());
    Variable t = plan.derivedTemps().get(0).target();
    assertEquals(List.of(ref(t), ref(t)), plan.derived());
  }

  @Test
  void largestCandidateWinsAndTempsComeInDependencyOrder() {
    Expr e = exp(ref(x));
    Expr q = div(e, ref(y));
    SharedSubexpressions.Result r = SharedSubexpressions.share(List.of(q, mul(lit(2.0), q), e));
    assertEquals(2, r.temps().size());
    Assign first = r.temps().get(0);
    Assign second = r.temps().get(1);
    // exp(x) is computed first, then the quotient that reads it.
    assertEquals("expX", first.target().baseName());
    assertEquals(e, first.value());
    assertEquals("t", second.target().baseName());
    assertEquals(div(ref(first.target()), ref(y)), second.value());
    assertEquals(
        List.of(ref(second.target()), mul(lit(2.0), ref(second.target())), ref(first.target())),
        r.derived());
    assertSame(first.target(), ((Expr.VarRef) r.derived().get(2)).variable());
  }
}
