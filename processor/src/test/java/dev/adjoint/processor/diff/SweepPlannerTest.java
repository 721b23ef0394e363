package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.diff.SweepPlan.CallPartials;
import dev.adjoint.processor.diff.SweepPlan.LoopPlan;
import dev.adjoint.processor.diff.SweepPlan.OldValue;
import dev.adjoint.processor.diff.SweepPlan.Store;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of the reverse sweep's plan, one test each: what an assignment, a store, an {@code if}
 * and a loop keep for the backward sweep, and where.
 */
class SweepPlannerTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable v = new Variable("v", Type.DOUBLE_ARRAY, Role.PARAMETER);
  private final Variable n = new Variable("n", Type.INT, Role.PARAMETER);
  private final Variable s = new Variable("s", Type.DOUBLE, Role.LOCAL);
  private final Variable a = new Variable("a", Type.DOUBLE, Role.LOCAL);
  private final Variable i = new Variable("i", Type.INT, Role.LOCAL);
  private final Variable k = new Variable("k", Type.INT, Role.LOCAL);
  private final Variable work = new Variable("work", Type.DOUBLE_ARRAY, Role.LOCAL);

  private static SweepPlan plan(Stmt... body) {
    return plan(Map.of(), body);
  }

  private static SweepPlan plan(Map<Stmt, SourceNote> notes, Stmt... body) {
    Function f = new Function("f", List.of(), Type.DOUBLE, List.of(body), notes);
    return SweepPlanner.plan(f, f.body(), false);
  }

  private Return returnS() {
    return new Return(ref(s));
  }

  private static Expr.IntLit intLit(long value) {
    return new Expr.IntLit(value, Type.INT);
  }

  private static Assign increment(Variable counter) {
    return new Assign(counter, new Expr.Binary(BinaryOp.ADD, ref(counter), intLit(1), Type.INT));
  }

  /** {@code for (int i = 0; i < n; i++) body}. */
  private Loop counted(Stmt... body) {
    return new Loop(
        List.of(new Assign(i, intLit(0), true)),
        new Expr.Binary(BinaryOp.LT, ref(i), ref(n), Type.BOOLEAN),
        List.of(increment(i)),
        List.of(body),
        true);
  }

  /** {@code while (s < 10) body}. */
  private Loop whileLoop(Stmt... body) {
    return new Loop(List.of(), compare(BinaryOp.LT, ref(s), lit(10.0)), List.of(), List.of(body), true);
  }

  private Expr element() {
    return new Expr.ArrayRead(ref(v), ref(i));
  }

  @Test
  void anAssignmentOutsideLoopsSavesTheValueItOverwritesInALocal() {
    Assign declaration = new Assign(s, mul(ref(x), lit(2.0)), true);
    Assign overwrite = new Assign(s, mul(ref(s), ref(s)));
    SweepPlan plan = plan(declaration, overwrite, returnS());
    assertEquals(OldValue.NONE, plan.of(declaration).oldValue());
    assertEquals(OldValue.LOCAL, plan.of(overwrite).oldValue());
  }

  @Test
  void insideALoopTheTapeHoldsWhatEachIterationOverwrites() {
    // Even a declaration: every iteration overwrites the last one's value.
    Assign declaration = new Assign(a, mul(ref(s), ref(x)), true);
    Assign overwrite = new Assign(s, add(ref(s), ref(a)));
    SweepPlan plan =
        plan(new Assign(s, lit(0.0), true), counted(declaration, overwrite), returnS());
    assertEquals(OldValue.TAPE, plan.of(declaration).oldValue());
    assertEquals(OldValue.TAPE, plan.of(overwrite).oldValue());
  }

  @Test
  void aValueWhoseInputsNoLaterStatementChangesIsComputedAgainNotTaped() {
    Assign square = new Assign(a, mul(element(), element()), true);
    Assign sum = new Assign(s, add(ref(s), ref(a)));
    Loop loop = counted(square, sum);
    SweepPlan plan = plan(new Assign(s, lit(0.0), true), loop, returnS());
    assertEquals(OldValue.COMPUTED_AGAIN, plan.of(square).oldValue());
    assertEquals(List.of(square), plan.of(loop).recomputed());
    assertEquals(OldValue.TAPE, plan.of(sum).oldValue());
  }

  @Test
  void anIntegerStepInALoopIsSteppedBackNotTaped() {
    Assign step = increment(k);
    SweepPlan plan =
        plan(
            new Assign(k, intLit(0), true),
            new Assign(s, lit(0.0), true),
            whileLoop(new Assign(s, add(ref(s), ref(x))), step),
            returnS());
    assertEquals(OldValue.STEPPED_BACK, plan.of(step).oldValue());
  }

  @Test
  void aBranchDecisionIsKeptOnlyWhenABranchChangesWhatTheConditionReads() {
    If changesItsInput =
        new If(compare(BinaryOp.GT, ref(s), lit(0.0)), List.of(new Assign(s, lit(1.0))), List.of());
    If leavesItsInput =
        new If(compare(BinaryOp.GT, ref(x), lit(0.0)), List.of(new Assign(s, ref(x))), List.of());
    SweepPlan plan = plan(new Assign(s, ref(x), true), changesItsInput, leavesItsInput, returnS());
    assertEquals(Store.LOCAL, plan.of(changesItsInput).decision());
    assertEquals(Set.of(s), plan.of(changesItsInput).changedInputs());
    assertNull(plan.of(leavesItsInput).decision());
  }

  /** A method of the user's, computing data: it may have effects, so it must run once. */
  private static Expr.Call userCall(Type type, Expr arg) {
    ClassRef lib = new ClassRef("p", List.of("Lib"));
    return new Expr.Call(new dev.adjoint.processor.ir.CallTarget.Data(lib, "h"), List.of(arg), type);
  }

  @Test
  void aBranchDecisionIsKeptWhenTheConditionCallsAMethod() {
    If callsInCondition =
        new If(
            compare(BinaryOp.GT, userCall(Type.DOUBLE, ref(x)), lit(0.0)),
            List.of(new Assign(s, ref(x))),
            List.of());
    If callsMath =
        new If(
            compare(BinaryOp.GT, Exprs.call(MathFunction.SIN, ref(x)), lit(0.0)),
            List.of(new Assign(s, ref(x))),
            List.of());
    SweepPlan plan = plan(new Assign(s, ref(x), true), callsInCondition, callsMath, returnS());
    assertEquals(Store.LOCAL, plan.of(callsInCondition).decision());
    assertTrue(plan.of(callsInCondition).callsMethod());
    assertNull(plan.of(callsMath).decision());
  }

  @Test
  void aBranchThatWritesAnElementOfAnArrayTheConditionReadsKeepsItsDecision() {
    Expr first = new Expr.ArrayRead(ref(work), intLit(0));
    If writesElement =
        new If(
            compare(BinaryOp.GT, first, lit(0.0)),
            List.of(new ArrayStore(work, intLit(0), lit(1.0))),
            List.of());
    SweepPlan plan =
        plan(
            new Assign(work, new Expr.NewDoubleArray(intLit(1)), true),
            writesElement,
            returnS());
    assertEquals(Store.LOCAL, plan.of(writesElement).decision());
  }

  @Test
  void insideALoopTheBranchDecisionAndStoredElementsGoOnTheTape() {
    If branch =
        new If(compare(BinaryOp.GT, ref(s), lit(0.0)), List.of(new Assign(s, lit(1.0))), List.of());
    ArrayStore storeInLoop = new ArrayStore(work, ref(i), ref(s));
    ArrayStore storeOutside = new ArrayStore(work, intLit(0), ref(x));
    SweepPlan plan =
        plan(
            new Assign(s, ref(x), true),
            new Assign(work, new Expr.NewDoubleArray(ref(n)), true),
            storeOutside,
            counted(branch, storeInLoop),
            returnS());
    assertEquals(Store.TAPE, plan.of(branch).decision());
    assertEquals(Store.TAPE, plan.of(storeInLoop).oldElement());
    assertEquals(Store.LOCAL, plan.of(storeOutside).oldElement());
  }

  @Test
  void aCountedLoopRunsBackwardsByItsIndexWithoutATripCount() {
    Loop loop = counted(new Assign(s, add(ref(s), element())));
    LoopPlan p = plan(new Assign(s, lit(0.0), true), loop, returnS()).of(loop);
    assertNotNull(p.counted());
    assertSame(i, p.counted().index());
    assertNull(p.tripCount());
    assertEquals(loop.body(), p.body());
  }

  @Test
  void aLoopWhoseBodyChangesItsIndexCountsItsTrips() {
    // The index cannot be computed again from the bounds: the trips are counted instead.
    Loop loop = counted(new Assign(s, add(ref(s), element())), increment(i));
    LoopPlan p = plan(new Assign(s, lit(0.0), true), loop, returnS()).of(loop);
    assertNull(p.counted());
    assertEquals(Store.LOCAL, p.tripCount());
    // Swept with its update at the end of the body.
    assertEquals(loop.body().size() + 1, p.body().size());
  }

  @Test
  void aLoopWhoseBoundCallsAMethodCountsItsTrips() {
    // The backward loop would call it again to find its first index.
    Loop loop =
        new Loop(
            List.of(new Assign(i, intLit(0), true)),
            new Expr.Binary(BinaryOp.LT, ref(i), userCall(Type.INT, ref(x)), Type.BOOLEAN),
            List.of(increment(i)),
            List.of(new Assign(s, add(ref(s), element()))),
            true);
    LoopPlan p = plan(new Assign(s, lit(0.0), true), loop, returnS()).of(loop);
    assertNull(p.counted());
    assertEquals(Store.LOCAL, p.tripCount());
  }

  @Test
  void aValueThatCallsAMethodIsTapedNotComputedAgain() {
    Assign called = new Assign(a, mul(element(), userCall(Type.DOUBLE, ref(x))), true);
    Assign sum = new Assign(s, add(ref(s), ref(a)));
    Loop loop = counted(called, sum);
    SweepPlan plan = plan(new Assign(s, lit(0.0), true), loop, returnS());
    assertEquals(OldValue.TAPE, plan.of(called).oldValue());
    assertEquals(List.of(), plan.of(loop).recomputed());
  }

  @Test
  void aLoopThatIsNotCountedTapesItsTripCountInsideAnotherLoop() {
    Loop inner = whileLoop(new Assign(s, add(ref(s), ref(x))));
    Loop outer = counted(inner);
    SweepPlan plan = plan(new Assign(s, lit(0.0), true), outer, returnS());
    assertEquals(Store.TAPE, plan.of(inner).tripCount());
    assertNull(plan.of(outer).tripCount());
  }

  @Test
  void theInitOfALoopThatIsNotCountedIsPlannedOutsideTheLoop() {
    Assign init = new Assign(k, intLit(0));
    Loop loop =
        new Loop(
            List.of(init),
            new Expr.Binary(BinaryOp.LT, ref(k), ref(n), Type.BOOLEAN),
            List.of(increment(k)),
            List.of(new Assign(s, add(ref(s), ref(x)))),
            true);
    SweepPlan plan = plan(new Assign(k, intLit(0), true), new Assign(s, lit(0.0), true), loop, returnS());
    assertEquals(OldValue.LOCAL, plan.of(init).oldValue());
  }

  @Test
  void theBackwardStepSharesForwardLocalsOnlyInTheBlockOfTheSweep() {
    Assign top = new Assign(s, mul(ref(x), ref(x)), true);
    Assign nested = new Assign(a, mul(ref(s), ref(x)));
    Assign inLoop = new Assign(a, mul(ref(a), ref(x)));
    SweepPlan plan =
        plan(
            top,
            new Assign(a, lit(0.0), true),
            new If(compare(BinaryOp.GT, ref(x), lit(0.0)), List.of(nested), List.of()),
            counted(inLoop),
            new Return(ref(a)));
    assertTrue(plan.of(top).sharesForwardLocals());
    assertFalse(plan.of(nested).sharesForwardLocals());
    assertFalse(plan.of(inLoop).sharesForwardLocals());
  }

  private final ClassRef lib = new ClassRef("p", List.of("Lib"));
  private final ClassRef libCompanion = new ClassRef("p", List.of("LibDerivatives"));

  private Expr.DiffCall call(Variable partials, Expr... args) {
    List<String> names = new ArrayList<>();
    List<Boolean> wrt = new ArrayList<>();
    for (int p = 0; p < args.length; p++) {
      names.add("p" + p);
      wrt.add(true);
    }
    Callee g = new Callee(lib, "g", names, wrt, new Callee.Generated(libCompanion, false));
    return new Expr.DiffCall(g, List.of(args)).withGradient(partials);
  }

  @Test
  void theShortPartialsOfACallInALoopAreTapedAndThoseOfArraysComputedAgain() {
    Variable scalarPartials = new Variable("gGrad", Type.DOUBLE_ARRAY, Role.TEMP);
    Variable arrayPartials = new Variable("gGrad2", Type.DOUBLE_ARRAY, Role.TEMP);
    Assign scalarCall = new Assign(a, call(scalarPartials, element()), true);
    Assign arrayCall = new Assign(a, call(arrayPartials, ref(v)));
    Assign outside = new Assign(s, call(scalarPartials, ref(x)), true);
    SweepPlan plan =
        plan(
            new Assign(scalarPartials, new Expr.NewDoubleArray(intLit(1)), true),
            new Assign(arrayPartials, new Expr.NewDoubleArray(new Expr.ArrayLength(ref(v))), true),
            outside,
            counted(scalarCall, arrayCall, new Assign(s, add(ref(s), ref(a)))),
            returnS());
    assertEquals(CallPartials.TAPE, plan.of(scalarCall).partials());
    assertEquals(CallPartials.CALLED_AGAIN, plan.of(arrayCall).partials());
    assertEquals(CallPartials.IN_PLACE, plan.of(outside).partials());
    // Forward mode over the gradient needs them in the forward sweep too.
    Function f = plan.source();
    SweepPlan second = SweepPlanner.plan(f, f.body(), true);
    assertEquals(CallPartials.CALLED_AGAIN_AND_FORWARD, second.of(arrayCall).partials());
  }

  @Test
  void aStatementLiftedIntoTwoBranchesHasOnePlan() {
    Assign shared = new Assign(s, mul(ref(s), ref(x)));
    If returns =
        new If(
            compare(BinaryOp.GT, ref(x), lit(0.0)),
            List.of(shared, returnS()),
            List.of(shared, new Return(ref(x))));
    SweepPlan plan = plan(new Assign(s, ref(x), true), returns);
    assertEquals(OldValue.LOCAL, plan.of(shared).oldValue());
    assertEquals(1, plan.entries().stream().filter(e -> e.statement() == shared).count());
  }

  @Test
  void eachReasonNamesWhatIsKeptAndADeclarationOutsideLoopsHasNone() {
    Assign declaration = new Assign(s, ref(x), true);
    Assign overwrite = new Assign(s, mul(ref(s), ref(x)));
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>();
    notes.put(overwrite, new SourceNote(7, "s = s * x;"));
    SweepPlan plan = plan(notes, declaration, overwrite, returnS());
    assertNull(plan.of(declaration).reason(Variable::baseName));
    assertEquals(
        "saves s in a local: the assignment overwrites it",
        plan.of(overwrite).reason(Variable::baseName));
    assertEquals("line 7: s = s * x;", plan.source().noteOf(overwrite).comment());
  }
}
