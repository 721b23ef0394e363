package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable a = new Variable("a", Type.DOUBLE, Role.LOCAL);
  private final Variable b = new Variable("b", Type.DOUBLE, Role.LOCAL);
  private final Variable w = new Variable("w", Type.DOUBLE, Role.LOCAL);
  private final Variable n = new Variable("n", Type.INT, Role.PARAMETER);

  private static Expr math(String name, Expr... args) {
    return MathFunction.of(name, args.length)
        .map(f -> call(f, args))
        .orElseGet(() -> new Call(new CallTarget.Data(ClassRef.MATH, name), List.of(args), Type.DOUBLE));
  }

  @Test
  void activityPropagatesThroughAssignments() {
    List<Stmt> body =
        List.of(
            new Assign(a, mul(ref(x), lit(2.0)), true),
            new Assign(b, add(ref(a), ref(y)), true),
            new Assign(w, mul(ref(y), lit(3.0)), true),
            new Return(ref(b)));
    Activity activity = Activity.of(body, List.of(x));
    assertTrue(activity.isActive(x));
    assertTrue(activity.isActive(a));
    assertTrue(activity.isActive(b));
    assertFalse(activity.isActive(y));
    assertFalse(activity.isActive(w));
  }

  @Test
  void activityReachesAFixedPointWhateverTheOrder() {
    // b = a comes before a = x: only a second sweep finds b active.
    List<Stmt> body =
        List.of(
            new Assign(b, ref(a)),
            new Assign(a, ref(x)),
            new Assign(w, ref(b)),
            new Return(ref(w)));
    Activity activity = Activity.of(body, List.of(x));
    assertTrue(activity.isActive(a));
    assertTrue(activity.isActive(b));
    assertTrue(activity.isActive(w));
  }

  @Test
  void activityPropagatesFromInsideBranches() {
    List<Stmt> body =
        List.of(
            new If(
                compare(BinaryOp.LT, ref(y), lit(0.0)),
                List.of(new Assign(a, ref(x))),
                List.of(new Assign(b, ref(y)))),
            new Return(add(ref(a), ref(b))));
    Activity activity = Activity.of(body, List.of(x));
    assertTrue(activity.isActive(a));
    assertFalse(activity.isActive(b));
  }

  @Test
  void wrtSelectsTheActiveParameters() {
    List<Stmt> body = List.of(new Assign(a, mul(ref(x), ref(y))), new Return(ref(a)));
    Activity onlyY = Activity.of(body, List.of(y));
    assertFalse(onlyY.isActive(x));
    assertTrue(onlyY.isActive(y));
    assertTrue(onlyY.isActive(a));
    Activity none = Activity.of(body, List.of());
    assertFalse(none.isActive(a));
  }

  @Test
  void intTypedValuesAreInactive() {
    Variable k = new Variable("k", Type.INT, Role.LOCAL);
    List<Stmt> body =
        List.of(
            new Assign(k, new Cast(Type.INT, ref(x)), true),
            new Assign(a, new Cast(Type.DOUBLE, ref(k)), true),
            new Return(ref(a)));
    Activity activity = Activity.of(body, List.of(x));
    assertFalse(activity.isActive(k));
    assertFalse(activity.isActive(a));
    assertFalse(activity.isActive(new Cast(Type.INT, ref(x))));
    assertFalse(activity.isActive(new Cast(Type.DOUBLE, new Cast(Type.INT, ref(x)))));
    assertFalse(activity.isActive(new Binary(BinaryOp.ADD, ref(n), new IntLit(1, Type.INT), Type.INT)));
    assertFalse(activity.isActive(compare(BinaryOp.LT, ref(x), ref(y))));
    assertFalse(activity.isActive(new Unary(UnaryOp.BIT_NOT, ref(n))));
  }

  @Test
  void flatFunctionsAreInactive() {
    Activity activity = Activity.of(List.of(), List.of(x));
    assertFalse(activity.isActive(math("floor", ref(x))));
    assertFalse(activity.isActive(math("signum", ref(x))));
    assertFalse(activity.isActive(math("ceil", ref(x))));
    assertFalse(activity.isActive(math("rint", ref(x))));
    assertFalse(activity.isActive(new Call(new CallTarget.Primitive(MathFunction.ROUND, ClassRef.MATH), List.of(ref(x)), Type.LONG)));
    assertFalse(activity.isActive(math("sin", lit(1.0))));
    assertFalse(activity.isActive(math("noSuchFunction", ref(x))));
    // ... but what they are combined with still counts.
    assertTrue(activity.isActive(mul(ref(x), math("floor", ref(x)))));
    assertTrue(activity.isActive(math("sin", ref(x))));
    assertTrue(activity.isActive(math("atan2", lit(1.0), ref(x))));
  }

  @Test
  void expressionActivity() {
    Activity activity = Activity.of(List.of(), List.of(x));
    assertTrue(activity.isActive(ref(x)));
    assertFalse(activity.isActive(ref(y)));
    assertFalse(activity.isActive(lit(3.0)));
    assertTrue(activity.isActive(neg(ref(x))));
    assertTrue(activity.isActive(add(ref(y), ref(x))));
    Expr condition = compare(BinaryOp.LT, ref(x), lit(0.0));
    // A conditional is active through its branches, never its condition.
    assertFalse(activity.isActive(cond(condition, lit(1.0), ref(y))));
    assertTrue(activity.isActive(cond(condition, lit(1.0), ref(x))));
    assertTrue(activity.isActive(cond(condition, ref(x), ref(y))));
  }
}
