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

  /** A call whose value carries no derivative is data from here on: every later stage sees so. */
  @Test
  void aCallOnDataBecomesADataCall() {
    Function f = returning(mul(g(ref(c), ref(c)), ref(x)));
    Expr data = new Expr.Call(new CallTarget.Data(lib, "g"), List.of(ref(c), ref(c)), Type.DOUBLE);
    assertEquals(List.of(new Return(mul(data, ref(x)))), CallSites.prepare(f, List.of(x)).body());
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
    assertEquals(f.body(), CallSites.prepare(f, List.of(x)).body());
  }
}
