package dev.adjoint.processor.simplify;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantPropagationTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.LOCAL);
  private final Variable result = new Variable("result", Type.DOUBLE, Role.RESULT);
  private final Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable yBar = new Variable("yBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable xDot = new Variable("xDot", Type.DOUBLE, Role.TANGENT);
  private final Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);

  private static void assertPropagates(List<Stmt> expected, List<Stmt> input) {
    assertEquals(expected, ConstantPropagation.run(input));
  }

  @Test
  void firstAccumulateBecomesAssignment() {
    assertPropagates(
        List.of(new Assign(xBar, ref(y)), new Accumulate(xBar, ref(x)), new Return(ref(xBar))),
        List.of(new Accumulate(xBar, ref(y)), new Accumulate(xBar, ref(x)), new Return(ref(xBar))));
  }

  @Test
  void firstAccumulateOfATangentBecomesAssignment() {
    assertPropagates(
        List.of(new Assign(xDot, mul(lit(2.0), ref(x))), new Return(ref(xDot))),
        List.of(new Accumulate(xDot, mul(lit(2.0), ref(x))), new Return(ref(xDot))));
  }

  @Test
  void accumulateOntoAKnownConstantAddsIt() {
    assertPropagates(
        List.of(
            new Assign(xBar, lit(2.0)),
            new Assign(xBar, add(lit(2.0), ref(y))),
            new Return(ref(xBar))),
        List.of(new Assign(xBar, lit(2.0)), new Accumulate(xBar, ref(y)), new Return(ref(xBar))));
    // A constant accumulated onto a constant folds.
    assertPropagates(
        List.of(new Assign(xBar, lit(2.0)), new Assign(xBar, lit(5.0)), new Return(lit(5.0))),
        List.of(new Assign(xBar, lit(2.0)), new Accumulate(xBar, lit(3.0)), new Return(ref(xBar))));
  }

  @Test
  void unwrittenAdjointReadsAsZero() {
    assertPropagates(
        List.of(
            new Assign(result, mul(lit(0.0), ref(x))),
            new Assign(xBar, lit(0.0)),
            new ArrayStore(grad, new IntLit(0, Type.INT), lit(0.0)),
            new Return(ref(result))),
        List.of(
            new Assign(result, mul(ref(yBar), ref(x))),
            new Assign(xBar, ref(yBar)),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar)),
            new Return(ref(result))));
  }

  @Test
  void nonConstantAssignmentForgetsTheConstant() {
    assertPropagates(
        List.of(
            new Assign(xBar, lit(1.0)),
            new Assign(y, lit(1.0)),
            new Assign(xBar, ref(x)),
            new Return(ref(xBar))),
        List.of(
            new Assign(xBar, lit(1.0)),
            new Assign(y, ref(xBar)),
            new Assign(xBar, ref(x)),
            new Return(ref(xBar))));
  }

  @Test
  void mergeAcrossBranchesKeepsOnlyAgreeingConstants() {
    var condition = compare(BinaryOp.LT, ref(x), ref(y));
    assertPropagates(
        List.of(
            new If(
                condition,
                List.of(new Assign(xBar, lit(1.0)), new Assign(yBar, lit(2.0))),
                List.of(new Assign(xBar, lit(1.0)), new Assign(yBar, lit(3.0)))),
            new Return(add(lit(1.0), ref(yBar)))),
        List.of(
            new If(
                condition,
                List.of(new Assign(xBar, lit(1.0)), new Assign(yBar, lit(2.0))),
                List.of(new Assign(xBar, lit(1.0)), new Assign(yBar, lit(3.0)))),
            new Return(add(ref(xBar), ref(yBar)))));
  }

  @Test
  void valueWrittenInOneBranchOnlyIsUnknownAfter() {
    var condition = compare(BinaryOp.LT, ref(x), lit(0.0));
    // Written to 0 in one branch, left at its initial 0 in the other: still 0 after.
    assertPropagates(
        List.of(
            new If(condition, List.of(new Assign(xBar, lit(0.0))), List.of()),
            new Return(lit(0.0))),
        List.of(
            new If(condition, List.of(new Assign(xBar, ref(yBar))), List.of()),
            new Return(ref(xBar))));
    assertPropagates(
        List.of(
            new If(condition, List.of(new Assign(xBar, ref(y))), List.of()),
            new Return(ref(xBar))),
        List.of(
            new If(condition, List.of(new Assign(xBar, ref(y))), List.of()),
            new Return(ref(xBar))));
  }

  @Test
  void knownValuesFlowIntoBranchesAndConditions() {
    assertPropagates(
        List.of(
            new Assign(xBar, lit(4.0)),
            new If(
                compare(BinaryOp.GT, lit(4.0), lit(0.0)),
                List.of(new Assign(y, lit(4.0))),
                List.of(new Assign(xBar, lit(4.0)))),
            new Return(lit(4.0))),
        List.of(
            new Assign(xBar, lit(4.0)),
            new If(
                compare(BinaryOp.GT, ref(xBar), lit(0.0)),
                List.of(new Assign(y, ref(xBar))),
                List.of(new Accumulate(xBar, lit(0.0)))),
            new Return(ref(xBar))));
  }

  @Test
  void userVariablesAreNeverSubstituted() {
    Variable temp = new Variable("t", Type.DOUBLE, Role.TEMP);
    Variable saved = new Variable("xOld", Type.DOUBLE, Role.SAVED);
    List<Stmt> body =
        List.of(
            new Assign(y, lit(0.0)),
            new Assign(x, lit(0.0)),
            new Assign(result, lit(0.0)),
            new Assign(temp, lit(0.0)),
            new Assign(saved, lit(0.0)),
            new Accumulate(y, ref(x)),
            new Return(add(add(ref(y), ref(x)), add(ref(result), add(ref(temp), ref(saved))))));
    assertPropagates(body, body);
  }
}
