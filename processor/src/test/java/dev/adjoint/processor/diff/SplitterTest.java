package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitterTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);

  private Function returning(Expr e) {
    return new Function("f", List.of(x), Type.DOUBLE, List.of(new Return(e)), Map.of());
  }

  /** ((((3x + 1)x + 4)x + 1)x + 5)... : partials grow with the square of the depth. */
  private Expr horner(int depth) {
    Expr e = lit(3.0);
    for (int k = 0; k < depth; k++) {
      e = add(mul(e, ref(x)), lit(k + 1.0));
    }
    return e;
  }

  @Test
  void ordinaryFormulaIsLeftWhole() {
    Expr e = add(mul(ref(x), call(MathFunction.SIN, ref(x))), lit(2.0));
    Function f = returning(e);
    assertSame(f.body().get(0), Splitter.split(f, List.of(x)).body().get(0));
  }

  @Test
  void deepHornerIsSplitIntoOneLocalPerStepWithTheSameValue() {
    Expr e = horner(20);
    Function split = Splitter.split(returning(e), List.of(x));
    List<Stmt> body = split.body();
    assertTrue(body.size() > 10, "expected the polynomial in steps, got " + body);
    IrEvaluator at = IrEvaluator.with(x, 0.7);
    for (Stmt s : body.subList(0, body.size() - 1)) {
      Assign a = (Assign) s;
      assertTrue(a.declares());
      assertTrue(Exprs.size(a.value()) <= 5, "a step is small: " + a.value());
      at.bind(a.target(), at.eval(a.value()));
    }
    Return last = (Return) body.get(body.size() - 1);
    assertEquals(at.eval(e), at.eval(last.value()), 0.0);
  }

  @Test
  void splitStatementsKeepTheirSourceNote() {
    Function original = returning(horner(20));
    dev.adjoint.processor.ir.SourceNote note = new dev.adjoint.processor.ir.SourceNote(7, "return p;");
    Function noted =
        new Function("f", original.params(), Type.DOUBLE, original.body(), Map.of(original.body().get(0), note));
    Function split = Splitter.split(noted, List.of(x));
    for (Stmt s : split.body()) {
      assertEquals(note, split.noteOf(s));
    }
  }

  @Test
  void inactiveExpressionsAreNeverSplit() {
    Variable n = new Variable("n", Type.DOUBLE, Role.PARAMETER);
    Expr e = horner(20);
    Expr data = Exprs.replace(e, ref(x), ref(n));
    Function f =
        new Function("f", List.of(x, n), Type.DOUBLE, List.of(new Return(data)), Map.of());
    assertEquals(1, Splitter.split(f, List.of(x)).body().size());
  }
}
