package dev.adjoint.processor.simplify;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadCodeTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable v = new Variable("v", Type.DOUBLE, Role.LOCAL);
  private final Variable result = new Variable("result", Type.DOUBLE, Role.RESULT);
  private final Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable yBar = new Variable("yBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable xOld = new Variable("xOld", Type.DOUBLE, Role.SAVED);
  private final Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  private final Expr condition = compare(BinaryOp.LT, ref(x), ref(y));

  private static void assertRemoves(List<Stmt> expected, List<Stmt> input) {
    assertEquals(expected, DeadCode.run(input));
  }

  private static Expr sin(Variable v) {
    return call(MathFunction.SIN, ref(v));
  }

  @Test
  void unreadAdjointIsRemoved() {
    assertRemoves(
        List.of(new Assign(result, ref(x)), new Return(ref(result))),
        List.of(
            new Assign(xBar, mul(lit(2.0), ref(x))),
            new Accumulate(yBar, ref(x)),
            new Assign(result, ref(x)),
            new Return(ref(result))));
  }

  @Test
  void overwrittenValueIsRemoved() {
    assertRemoves(
        List.of(new Assign(xBar, ref(y)), new Return(ref(xBar))),
        List.of(new Assign(xBar, ref(x)), new Assign(xBar, ref(y)), new Return(ref(xBar))));
  }

  @Test
  void accumulateKeepsEarlierValueLive() {
    List<Stmt> body =
        List.of(new Assign(xBar, ref(x)), new Accumulate(xBar, ref(y)), new Return(ref(xBar)));
    assertRemoves(body, body);
  }

  @Test
  void unneededRestoreIsRemovedAndThenItsSave() {
    assertRemoves(
        List.of(
            new Assign(x, mul(lit(2.0), ref(x))),
            new Assign(result, ref(x)),
            new Return(ref(result))),
        List.of(
            new Assign(xOld, ref(x)),
            new Assign(x, mul(lit(2.0), ref(x))),
            new Assign(result, ref(x)),
            new Assign(x, ref(xOld)),
            new Return(ref(result))));
  }

  @Test
  void neededRestoreAndItsSaveAreKept() {
    List<Stmt> body =
        List.of(
            new Assign(xOld, ref(x)),
            new Assign(x, mul(lit(2.0), ref(x))),
            new Assign(result, ref(x)),
            new Assign(x, ref(xOld)),
            new Assign(xBar, sin(x)),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar)),
            new Return(ref(result)));
    assertRemoves(body, body);
  }

  @Test
  void arrayStoresAndReturnsAreKept() {
    List<Stmt> body =
        List.of(
            new Assign(xBar, ref(y)),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar)),
            new ArrayStore(grad, new IntLit(1, Type.INT), lit(0.0)),
            new Return(lit(1.0)));
    assertRemoves(body, body);
  }

  @Test
  void codeAfterAReturnIsDead() {
    assertRemoves(
        List.of(new Assign(result, ref(x)), new Return(ref(result))),
        List.of(
            new Assign(result, ref(x)), new Return(ref(result)), new Assign(result, ref(y))));
  }

  @Test
  void variableReadInOneBranchStaysLive() {
    List<Stmt> body =
        List.of(
            new Assign(v, sin(x)),
            new If(condition, List.of(new Assign(result, ref(v))), List.of(new Assign(result, ref(y)))),
            new Return(ref(result)));
    assertRemoves(body, body);
    // And on the else side.
    List<Stmt> mirrored =
        List.of(
            new Assign(v, sin(x)),
            new If(condition, List.of(new Assign(result, ref(y))), List.of(new Assign(result, ref(v)))),
            new Return(ref(result)));
    assertRemoves(mirrored, mirrored);
  }

  @Test
  void variableReadOnlyByAConditionStaysLive() {
    Variable flag = new Variable("branch", Type.BOOLEAN, Role.FLAG);
    List<Stmt> body =
        List.of(
            new Assign(flag, condition),
            new If(ref(flag), List.of(new Assign(result, ref(x))), List.of(new Assign(result, ref(y)))),
            new Return(ref(result)));
    assertRemoves(body, body);
  }

  @Test
  void valueLiveOnlyThroughTheBranchThatDoesNotOverwriteIt() {
    // result is overwritten in the then branch, so its first value is live only through else.
    List<Stmt> body =
        List.of(
            new Assign(result, ref(x)),
            new If(condition, List.of(new Assign(result, ref(y))), List.of()),
            new Return(ref(result)));
    assertRemoves(body, body);
  }

  @Test
  void deadCodeInsideBranchesIsRemoved() {
    assertRemoves(
        List.of(
            new If(
                condition,
                List.of(new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))),
        List.of(
            new If(
                condition,
                List.of(new Assign(xBar, ref(y)), new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)), new Accumulate(yBar, ref(x)))),
            new Return(ref(result))));
  }

  @Test
  void emptyIfIsRemoved() {
    assertRemoves(
        List.of(new Return(ref(x))),
        List.of(
            new If(condition, List.of(new Assign(xBar, lit(1.0))), List.of(new Assign(yBar, lit(2.0)))),
            new If(condition, List.of(new Comment("nothing")), List.of()),
            new If(condition, List.of(), List.of()),
            new Return(ref(x))));
  }

  @Test
  void ifWithCodeInOneBranchIsKeptWithTheOtherEmptied() {
    assertRemoves(
        List.of(
            new Assign(result, ref(x)),
            new If(condition, List.of(), List.of(new Assign(result, ref(y)))),
            new Return(ref(result))),
        List.of(
            new Assign(result, ref(x)),
            new If(condition, List.of(new Assign(xBar, ref(y))), List.of(new Assign(result, ref(y)))),
            new Return(ref(result))));
  }

  @Test
  void orphanCommentsAreRemovedButCommentsBeforeLiveCodeKept() {
    assertRemoves(
        List.of(new Comment("line 2: r = x"), new Assign(result, ref(x)), new Return(ref(result))),
        List.of(
            new Comment("line 1: xBar"),
            new Assign(xBar, ref(y)),
            new Comment("line 2: r = x"),
            new Assign(result, ref(x)),
            new Return(ref(result)),
            new Comment("trailing")));
  }

  @Test
  void orphanCommentsInsideBranchesAreRemoved() {
    assertRemoves(
        List.of(
            new If(
                condition,
                List.of(new Comment("kept"), new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))),
        List.of(
            new If(
                condition,
                List.of(new Comment("kept"), new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)), new Comment("dropped"), new Accumulate(xBar, ref(x)))),
            new Return(ref(result))));
  }

  @Test
  void commentBeforeAKeptIfIsKept() {
    List<Stmt> body =
        List.of(
            new Comment("the branch"),
            new If(condition, List.of(new Assign(result, ref(x))), List.of(new Assign(result, ref(y)))),
            new Return(ref(result)));
    assertRemoves(body, body);
  }

  @Test
  void valueOverwrittenInBothBranchesIsDead() {
    assertRemoves(
        List.of(
            new If(condition, List.of(new Assign(xBar, ref(x))), List.of(new Assign(xBar, ref(y)))),
            new Return(ref(xBar))),
        List.of(
            new Assign(xBar, lit(1.0)),
            new If(condition, List.of(new Assign(xBar, ref(x))), List.of(new Assign(xBar, ref(y)))),
            new Return(ref(xBar))));
  }

  @Test
  void runOnStraightLineCodeKeepsLiveChainInOrder() {
    List<Stmt> body =
        List.of(
            new Assign(v, sin(x)),
            new Assign(result, add(ref(v), ref(y))),
            new Assign(xBar, mul(ref(v), lit(2.0))),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar)),
            new Return(ref(result)));
    assertRemoves(body, body);
  }

  // Calls whose callees may have effects (ir.Effects): the original's run stays, its value unread.

  private static final dev.adjoint.processor.ir.ClassRef LIB =
      new dev.adjoint.processor.ir.ClassRef("p", List.of("Lib"));

  private static Expr.DiffCall companionCall(
      dev.adjoint.processor.ir.Effects effects, Variable partials, Variable arg) {
    dev.adjoint.processor.ir.Callee g =
        new dev.adjoint.processor.ir.Callee(
            LIB,
            "g",
            List.of("a"),
            List.of(true),
            new dev.adjoint.processor.ir.Callee.Generated(
                new dev.adjoint.processor.ir.ClassRef("p", List.of("LibDerivatives")), true),
            effects);
    return new Expr.DiffCall(g, List.of(ref(arg))).withGradient(partials);
  }

  @Test
  void anUnreadCallWithEffectsStaysAsACallMadeAsAStatement() {
    Expr data =
        new Expr.Call(
            new CallTarget.Data(
                LIB, "g", Effects.CALLS_AS_STATEMENTS, false),
            List.of(ref(x)),
            Type.DOUBLE);
    assertRemoves(
        List.of(new Stmt.Eval(data), new Return(ref(x))),
        List.of(new Assign(v, data), new Return(ref(x))));
  }

  @Test
  void anUnreadValueMakingACallWithEffectsStaysAsItWas() {
    Expr data =
        new Expr.Call(
            new CallTarget.Data(
                LIB, "g", Effects.UNKNOWN, false),
            List.of(ref(x)),
            Type.DOUBLE);
    Variable flag = new Variable("flag", Type.BOOLEAN, Role.LOCAL);
    List<Stmt> body =
        List.of(new Assign(flag, compare(BinaryOp.LT, data, lit(0.5))), new Return(ref(x)));
    assertRemoves(body, body);
  }

  @Test
  void anUnreadMathFunctionOfACallWithEffectsStaysAssigned() {
    // Found by the random-program test: Math.toRadians(g(x)) made a statement crashed forward mode.
    Expr data =
        new Expr.Call(
            new CallTarget.Data(LIB, "g", Effects.CALLS_AS_STATEMENTS, false),
            List.of(ref(x)),
            Type.DOUBLE);
    List<Stmt> body =
        List.of(new Assign(v, call(MathFunction.TO_RADIANS, data)), new Return(ref(x)));
    assertRemoves(body, body);
  }

  @Test
  void anUnreadCallWithoutEffectsGoes() {
    Expr data = new Expr.Call(new CallTarget.Data(LIB, "g"), List.of(ref(x)), Type.DOUBLE);
    assertRemoves(List.of(new Return(ref(x))), List.of(new Assign(v, data), new Return(ref(x))));
  }

  @Test
  void anUnreadCompanionCallWithEffectsBecomesItsPlainCall() {
    Variable partials = new Variable("gGrad", Type.DOUBLE_ARRAY, Role.TEMP);
    Expr.DiffCall call =
        companionCall(Effects.CALLS_AS_STATEMENTS, partials, x);
    assertRemoves(
        List.of(new Stmt.Eval(new Expr.DiffCall(call.callee(), call.args())), new Return(ref(x))),
        List.of(new Assign(v, call), new Return(ref(x))));
  }

  @Test
  void aCompanionCallMadeAgainForUnreadPartialsGoesWhateverItsEffects() {
    Variable partials = new Variable("gGrad", Type.DOUBLE_ARRAY, Role.TEMP);
    Expr.DiffCall call =
        companionCall(Effects.CALLS_AS_STATEMENTS, partials, x);
    assertRemoves(
        List.of(new Return(ref(x))), List.of(new Stmt.Eval(call), new Return(ref(x))));
  }
}
