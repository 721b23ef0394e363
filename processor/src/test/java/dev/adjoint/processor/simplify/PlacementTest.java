package dev.adjoint.processor.simplify;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  private final Set<Variable> params = Set.of(x, y, grad);
  private final Variable v = new Variable("v", Type.DOUBLE, Role.LOCAL);
  private final Variable result = new Variable("result", Type.DOUBLE, Role.RESULT);
  private final Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
  private final Expr condition = compare(BinaryOp.LT, ref(x), ref(y));

  private void assertPlaces(List<Stmt> expected, List<Stmt> input) {
    assertEquals(expected, Placement.run(input, params));
  }

  private static Expr sin(Variable v) {
    return call(MathFunction.SIN, ref(v));
  }

  @Test
  void declarationIsFoldedIntoFirstAssignment() {
    assertPlaces(
        List.of(
            new Declare(v, sin(x)),
            new Assign(v, mul(lit(2.0), ref(v))),
            new Declare(result, ref(v)),
            new Return(ref(result))),
        List.of(
            new Assign(v, sin(x)),
            new Assign(v, mul(lit(2.0), ref(v))),
            new Assign(result, ref(v)),
            new Return(ref(result))));
  }

  @Test
  void declarationIsHoistedBeforeAnIfThatAssignsInBothBranches() {
    assertPlaces(
        List.of(
            new Declare(result, lit(0.0)),
            new If(
                condition,
                List.of(new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))),
        List.of(
            new If(
                condition,
                List.of(new Assign(result, ref(x))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))));
  }

  @Test
  void variableUsedInsideOneBranchIsDeclaredThere() {
    assertPlaces(
        List.of(
            new Declare(result, lit(0.0)),
            new If(
                condition,
                List.of(new Declare(v, sin(x)), new Assign(result, ref(v))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))),
        List.of(
            new If(
                condition,
                List.of(new Assign(v, sin(x)), new Assign(result, ref(v))),
                List.of(new Assign(result, ref(y)))),
            new Return(ref(result))));
  }

  @Test
  void variableUsedInsideNestedBranchesIsDeclaredInTheInnermost() {
    Expr inner = compare(BinaryOp.GT, ref(x), lit(0.0));
    assertPlaces(
        List.of(
            new If(
                condition,
                List.of(
                    new If(
                        inner,
                        List.of(),
                        List.of(new Declare(v, sin(x)), new ArrayStore(grad, new IntLit(0, Type.INT), ref(v))))),
                List.of()),
            new Return(ref(x))),
        List.of(
            new If(
                condition,
                List.of(
                    new If(
                        inner,
                        List.of(),
                        List.of(new Assign(v, sin(x)), new ArrayStore(grad, new IntLit(0, Type.INT), ref(v))))),
                List.of()),
            new Return(ref(x))));
  }

  @Test
  void variableReadByTheConditionIsDeclaredOutside() {
    Variable flag = new Variable("branch", Type.BOOLEAN, Role.FLAG);
    assertPlaces(
        List.of(
            new If(
                condition,
                List.of(
                    new Declare(flag, compare(BinaryOp.GT, ref(x), lit(0.0))),
                    new If(ref(flag), List.of(new Return(ref(x))), List.of())),
                List.of()),
            new Return(ref(y))),
        List.of(
            new If(
                condition,
                List.of(
                    new Assign(flag, compare(BinaryOp.GT, ref(x), lit(0.0))),
                    new If(ref(flag), List.of(new Return(ref(x))), List.of())),
                List.of()),
            new Return(ref(y))));
  }

  @Test
  void variableUsedByTwoSiblingIfsIsDeclaredBeforeTheFirst() {
    assertPlaces(
        List.of(
            new Declare(xBar, lit(0.0)),
            new If(condition, List.of(new Assign(xBar, ref(x))), List.of()),
            new If(condition, List.of(new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar))), List.of()),
            new Return(ref(x))),
        List.of(
            new If(condition, List.of(new Assign(xBar, ref(x))), List.of()),
            new If(condition, List.of(new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar))), List.of()),
            new Return(ref(x))));
  }

  @Test
  void parametersAreNeverDeclared() {
    List<Stmt> body =
        List.of(
            new Assign(x, mul(lit(2.0), ref(x))),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(x)),
            new Return(add(ref(x), ref(y))));
    assertPlaces(body, body);
  }

  @Test
  void variableReadBeforeItsAssignmentGetsADefault() {
    assertPlaces(
        List.of(
            new Declare(xBar, lit(0.0)),
            new Declare(result, mul(ref(xBar), lit(2.0))),
            new Assign(xBar, lit(1.0)),
            new Return(add(ref(result), ref(xBar)))),
        List.of(
            new Assign(result, mul(ref(xBar), lit(2.0))),
            new Assign(xBar, lit(1.0)),
            new Return(add(ref(result), ref(xBar)))));
  }

  @Test
  void selfReadingFirstAssignmentGetsADefault() {
    assertPlaces(
        List.of(
            new Declare(xBar, lit(0.0)),
            new Assign(xBar, add(ref(xBar), ref(x))),
            new Return(ref(xBar))),
        List.of(new Assign(xBar, add(ref(xBar), ref(x))), new Return(ref(xBar))));
    // An accumulation first is declared with zero too.
    assertPlaces(
        List.of(new Declare(xBar, lit(0.0)), new Accumulate(xBar, ref(x)), new Return(ref(xBar))),
        List.of(new Accumulate(xBar, ref(x)), new Return(ref(xBar))));
  }

  @Test
  void defaultsFollowTheType() {
    Variable flag = new Variable("branch", Type.BOOLEAN, Role.FLAG);
    Variable n = new Variable("n", Type.INT, Role.LOCAL);
    Variable m = new Variable("m", Type.LONG, Role.LOCAL);
    assertPlaces(
        List.of(
            new Declare(flag, new BoolLit(false)),
            new Declare(n, new IntLit(0, Type.INT)),
            new Declare(m, new IntLit(0, Type.LONG)),
            new If(
                condition,
                List.of(
                    new Assign(flag, condition),
                    new Assign(n, new IntLit(1, Type.INT)),
                    new Assign(m, new IntLit(1, Type.LONG))),
                List.of(
                    new Assign(flag, new BoolLit(true)),
                    new Assign(n, new IntLit(2, Type.INT)),
                    new Assign(m, new IntLit(2, Type.LONG)))),
            new If(ref(flag), List.of(new Return(ref(x))), List.of()),
            new Return(add(ref(n), ref(m)))),
        List.of(
            new If(
                condition,
                List.of(
                    new Assign(flag, condition),
                    new Assign(n, new IntLit(1, Type.INT)),
                    new Assign(m, new IntLit(1, Type.LONG))),
                List.of(
                    new Assign(flag, new BoolLit(true)),
                    new Assign(n, new IntLit(2, Type.INT)),
                    new Assign(m, new IntLit(2, Type.LONG)))),
            new If(ref(flag), List.of(new Return(ref(x))), List.of()),
            new Return(add(ref(n), ref(m)))));
  }

  @Test
  void commentsDoNotCountAsUses() {
    assertPlaces(
        List.of(new Comment("line 1"), new Declare(v, sin(x)), new Return(ref(v))),
        List.of(new Comment("line 1"), new Assign(v, sin(x)), new Return(ref(v))));
  }

  // An array used after the branch that makes it is declared before that branch. Its allocation
  // moves up with it only where it means the same there: a length of literals and lengths of
  // arrays already made. Otherwise (a length the branch computes, or one that might be negative)
  // it stays in the branch and the declaration starts from the empty buffer.

  private final Variable n = new Variable("n", Type.INT, Role.LOCAL);
  private final Variable w = new Variable("w", Type.DOUBLE_ARRAY, Role.LOCAL);
  private final Variable xs = new Variable("xs", Type.DOUBLE_ARRAY, Role.PARAMETER);
  private final Variable wGrad = new Variable("wGrad", Type.DOUBLE_ARRAY, Role.TEMP);
  private static final Expr EMPTY =
      new Expr.FieldRef(dev.adjoint.processor.ir.RuntimeHelper.AT_LEAST.owner(), "EMPTY", Type.DOUBLE_ARRAY);

  private List<Stmt> usedAfter(Variable array) {
    return List.of(new ArrayStore(grad, new IntLit(0, Type.INT), new Expr.ArrayRead(ref(array), new IntLit(0, Type.INT))));
  }

  @Test
  void anAllocationOfAStableLengthMovesUpWithItsDeclaration() {
    Expr length = new Expr.ArrayLength(ref(xs));
    List<Stmt> input =
        List.of(
            new If(condition, List.of(new Assign(w, new Expr.NewDoubleArray(length))), List.of()),
            usedAfter(w).get(0));
    assertEquals(
        List.of(
            new Declare(w, new Expr.NewDoubleArray(length)),
            new If(condition, List.of(), List.of()),
            usedAfter(w).get(0)),
        Placement.run(input, Set.of(x, y, grad, xs)));
  }

  @Test
  void anAllocationOfALengthTheBranchComputesStaysInTheBranch() {
    Expr minusOne = new Expr.Binary(BinaryOp.SUB, new Expr.ArrayLength(ref(xs)), new IntLit(1, Type.INT), Type.INT);
    List<Stmt> input =
        List.of(
            new If(
                condition,
                List.of(new Assign(n, minusOne), new Assign(w, new Expr.NewDoubleArray(ref(n)))),
                List.of()),
            usedAfter(w).get(0));
    // Before, new double[n] moved above n = xs.length - 1: n was not declared (or was 0) there.
    assertEquals(
        List.of(
            new Declare(w, EMPTY),
            new If(
                condition,
                List.of(new Declare(n, minusOne), new Assign(w, new Expr.NewDoubleArray(ref(n)))),
                List.of()),
            usedAfter(w).get(0)),
        Placement.run(input, Set.of(x, y, grad, xs)));
  }

  /**
   * A call's partials whose length changes from one call to the next grow with {@code atLeast}:
   * they start from the workspace's buffer (kept, with the length it grew to, for the next call),
   * where an array made in a branch starts from the shared empty array.
   */
  @Test
  void aBufferGrownWhereItIsUsedStartsFromTheWorkspaces() {
    Stmt grow =
        new Assign(
            wGrad,
            dev.adjoint.processor.ir.RuntimeHelper.AT_LEAST.call(
                Type.DOUBLE_ARRAY, ref(wGrad), new Expr.ArrayLength(ref(xs))));
    List<Stmt> input = List.of(new If(condition, List.of(grow), List.of()), usedAfter(wGrad).get(0));
    assertEquals(
        List.of(
            new Declare(wGrad, dev.adjoint.processor.ir.RuntimeHelper.EMPTY_BUFFER.call(Type.DOUBLE_ARRAY)),
            new If(condition, List.of(grow), List.of()),
            usedAfter(wGrad).get(0)),
        Placement.run(input, Set.of(x, y, grad, xs)));
  }

  @Test
  void aPartialsBufferFollowsTheArrayItIsSizedBy() {
    // w made in the branch with a length computed there; the call's partials sized by w.length.
    Expr minusOne = new Expr.Binary(BinaryOp.SUB, new Expr.ArrayLength(ref(xs)), new IntLit(1, Type.INT), Type.INT);
    Stmt allocateGrad = new Assign(wGrad, new Expr.NewDoubleArray(new Expr.ArrayLength(ref(w))));
    List<Stmt> input =
        List.of(
            new If(
                condition,
                List.of(
                    new Assign(n, minusOne),
                    new Assign(w, new Expr.NewDoubleArray(ref(n))),
                    allocateGrad),
                List.of()),
            usedAfter(w).get(0),
            usedAfter(wGrad).get(0));
    List<Stmt> placed = Placement.run(input, Set.of(x, y, grad, xs));
    assertEquals(
        List.of(
            new Declare(w, EMPTY),
            new Declare(wGrad, EMPTY),
            new If(
                condition,
                List.of(
                    new Declare(n, minusOne),
                    new Assign(w, new Expr.NewDoubleArray(ref(n))),
                    allocateGrad),
                List.of()),
            usedAfter(w).get(0),
            usedAfter(wGrad).get(0)),
        placed);
  }

  @Test
  void anAllocationThatMightBeNegativeIsNotMovedOutOfItsBranch() {
    // if (n > 0) { w = new double[n - 1]; }: moved up, it would throw where the source does not.
    Variable m = new Variable("m", Type.INT, Role.PARAMETER);
    Expr length = new Expr.Binary(BinaryOp.SUB, ref(m), new IntLit(1, Type.INT), Type.INT);
    List<Stmt> input =
        List.of(
            new If(condition, List.of(new Assign(w, new Expr.NewDoubleArray(length))), List.of()),
            usedAfter(w).get(0));
    assertEquals(
        List.of(
            new Declare(w, EMPTY),
            new If(condition, List.of(new Assign(w, new Expr.NewDoubleArray(length))), List.of()),
            usedAfter(w).get(0)),
        Placement.run(input, Set.of(x, y, grad, m)));
  }
}
