package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.DiffCall;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallSitesTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable c = new Variable("c", Type.DOUBLE, Role.PARAMETER);
  private final ClassRef lib = new ClassRef("p", List.of("Lib"));
  private final ClassRef libCompanion = new ClassRef("p", List.of("LibDerivatives"));

  private DiffCall g(Expr a, Expr b) {
    Callee g =
        new Callee(
            lib, "g", List.of("a", "scale"), List.of(true, false), new Callee.Generated(libCompanion, false));
    return new DiffCall(g, List.of(a, b));
  }

  private Function returning(Expr e) {
    return new Function("f", List.of(x, c), Type.DOUBLE, List.of(new Return(e)), Map.of());
  }

  @Test
  void anActiveCallBecomesItsOwnStatementWithAGradientArray() {
    Function prepared = CallSites.prepare(returning(mul(g(ref(x), ref(c)), ref(x))), List.of(x));
    List<Stmt> body = prepared.body();
    assertEquals(3, body.size(), body.toString());
    Assign allocation = (Assign) body.get(0);
    assertEquals(new Expr.NewDoubleArray(1), allocation.value());
    Assign call = (Assign) body.get(1);
    DiffCall withGradient = (DiffCall) call.value();
    assertEquals(allocation.target(), withGradient.gradient());
    assertEquals(new Return(mul(ref(call.target()), ref(x))), body.get(2));
  }

  /**
   * A call whose value carries no derivative is data from here on: every later stage sees so. In
   * a product whose partials copy it, it is computed once into a local, which they read.
   */
  @Test
  void aCallOnDataBecomesADataCallComputedOnce() {
    Function f = returning(mul(g(ref(c), ref(c)), ref(x)));
    Expr data = new Expr.Call(new CallTarget.Data(lib, "g"), List.of(ref(c), ref(c)), Type.DOUBLE);
    List<Stmt> body = CallSites.prepare(f, List.of(x)).body();
    assertEquals(2, body.size(), body.toString());
    Assign once = (Assign) body.get(0);
    assertEquals(data, once.value());
    assertEquals(new Return(mul(ref(once.target()), ref(x))), body.get(1));
  }

  /**
   * A call in the condition of a ?: that the partials copy: the condition is computed once into a
   * boolean local, where the source computes it, and the ?: reads it.
   */
  @Test
  void aConditionWithACallIsComputedOnce() {
    Expr test = new Expr.Binary(BinaryOp.GT, g(ref(c), ref(c)), lit(0.0), Type.BOOLEAN);
    Function f = returning(new Expr.Conditional(test, mul(ref(x), ref(x)), ref(x), Type.DOUBLE));
    List<Stmt> body = CallSites.prepare(f, List.of(x)).body();
    assertEquals(2, body.size(), body.toString());
    Assign condition = (Assign) body.get(0);
    assertEquals(Type.BOOLEAN, condition.target().type());
    Expr data = new Expr.Call(new CallTarget.Data(lib, "g"), List.of(ref(c), ref(c)), Type.DOUBLE);
    assertEquals(new Expr.Binary(BinaryOp.GT, data, lit(0.0), Type.BOOLEAN), condition.value());
    assertEquals(
        new Return(
            new Expr.Conditional(
                ref(condition.target()), mul(ref(x), ref(x)), ref(x), Type.DOUBLE)),
        body.get(1));
  }

  /** A call in a branch of a ?: runs only on its side: the ?: becomes an if/else. */
  @Test
  void aCallInABranchRunsOnlyThere() {
    Expr test = new Expr.Binary(BinaryOp.GT, ref(c), lit(0.0), Type.BOOLEAN);
    Expr branch = mul(g(ref(c), ref(c)), ref(x));
    Function f = returning(new Expr.Conditional(test, branch, ref(x), Type.DOUBLE));
    List<Stmt> body = CallSites.prepare(f, List.of(x)).body();
    assertEquals(2, body.size(), body.toString());
    Stmt.If split = (Stmt.If) body.get(0);
    assertEquals(test, split.condition());
    assertEquals(2, split.thenBlock().size(), split.thenBlock().toString());
    assertTrue(((Assign) split.thenBlock().get(0)).value() instanceof Expr.Call);
    assertEquals(1, split.elseBlock().size(), split.elseBlock().toString());
  }

  /**
   * The index of an element written is read again (to save and restore the element): a call in
   * it runs once, into an int local. A Math function without a derivative rule has no effects
   * and stays where it is.
   */
  @Test
  void anIndexWithACallIsComputedOnceAMathFunctionIsNot() {
    Variable n = new Variable("n", Type.INT, Role.PARAMETER);
    Variable u = new Variable("u", Type.DOUBLE_ARRAY, Role.LOCAL);
    Expr slot = new Expr.Call(new CallTarget.Data(lib, "slot"), List.of(ref(n)), Type.INT);
    ClassRef math = new ClassRef("java.lang", List.of("Math"));
    Expr floorMod =
        new Expr.Call(
            new CallTarget.Data(math, "floorMod", Effects.NONE, true),
            List.of(ref(n), new Expr.IntLit(3, Type.INT)),
            Type.INT);
    Stmt byCall = new Stmt.ArrayStore(u, slot, ref(x));
    Stmt byMath = new Stmt.ArrayStore(u, floorMod, ref(x));
    Function f =
        new Function(
            "f",
            List.of(x, n),
            Type.DOUBLE,
            List.of(
                new Assign(u, new Expr.NewDoubleArray(2), true),
                byCall,
                byMath,
                new Return(new Expr.ArrayRead(ref(u), new Expr.IntLit(0, Type.INT)))),
            Map.of());
    List<Stmt> body = CallSites.prepare(f, List.of(x)).body();
    assertEquals(5, body.size(), body.toString());
    Assign index = (Assign) body.get(1);
    assertEquals(slot, index.value());
    assertEquals(new Stmt.ArrayStore(u, ref(index.target()), ref(x)), body.get(2));
    assertEquals(byMath, body.get(3));
  }

  /** So is an active call where no derivative flows, such as a condition. */
  @Test
  void anActiveCallInAConditionBecomesADataCall() {
    Expr test = new Expr.Binary(BinaryOp.GT, g(ref(x), ref(c)), lit(0.0), Type.BOOLEAN);
    Function f =
        new Function(
            "f",
            List.of(x, c),
            Type.DOUBLE,
            List.of(new Stmt.If(test, List.of(new Return(ref(x))), List.of(new Return(ref(c))))),
            Map.of());
    Stmt.If prepared = (Stmt.If) CallSites.prepare(f, List.of(x)).body().get(0);
    Expr data = new Expr.Call(new CallTarget.Data(lib, "g"), List.of(ref(x), ref(c)), Type.DOUBLE);
    assertEquals(new Expr.Binary(BinaryOp.GT, data, lit(0.0), Type.BOOLEAN), prepared.condition());
  }

  @Test
  void aDerivativeIntoAParameterTheCalleeDoesNotDifferentiateIsRefused() {
    NotDifferentiable e =
        assertThrows(
            NotDifferentiable.class,
            () -> CallSites.prepare(returning(g(ref(c), ref(x))), List.of(x)));
    assertEquals(Message.CALL_ARGUMENT_NOT_WRT, e.message());
  }

  @Test
  void aPlainCallWithAnActiveArgumentIsRefusedNeverTakenAsAConstant() {
    Expr helper = new Expr.Call(new CallTarget.Data(lib, "helper"), List.of(ref(x)), Type.DOUBLE);
    NotDifferentiable e =
        assertThrows(
            NotDifferentiable.class, () -> CallSites.prepare(returning(helper), List.of(x)));
    assertEquals(Message.CALL_NOT_DIFFERENTIABLE, e.message());
    assertTrue(e.getMessage().contains("Lib.helper(...)"), e.getMessage());
    // An int result from an active argument is data, like a comparison.
    Expr bucket = new Expr.Call(new CallTarget.Data(lib, "bucket"), List.of(ref(x)), Type.INT);
    Function f =
        new Function(
            "f",
            List.of(x, c),
            Type.DOUBLE,
            List.of(new Return(mul(new Expr.Cast(Type.DOUBLE, bucket), ref(x)))),
            Map.of());
    List<Stmt> body = CallSites.prepare(f, List.of(x)).body();
    Assign once = (Assign) body.get(0);
    assertEquals(bucket, once.value());
    assertEquals(
        new Return(mul(new Expr.Cast(Type.DOUBLE, ref(once.target())), ref(x))), body.get(1));
  }
}
