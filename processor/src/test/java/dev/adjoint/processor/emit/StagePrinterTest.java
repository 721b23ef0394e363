package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.diff.ReverseMode;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reverse sweep plan as the stages option prints it. */
class StagePrinterTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable n = new Variable("n", Type.INT, Role.PARAMETER);
  private final Variable s = new Variable("s", Type.DOUBLE, Role.LOCAL);
  private final Variable i = new Variable("i", Type.INT, Role.LOCAL);

  private String planOf(List<Stmt> body, Map<Stmt, SourceNote> notes) {
    Function f = new Function("f", List.of(x, n), Type.DOUBLE, body, notes);
    return StagePrinter.printPlan(ReverseMode.plan(f, List.of(x)), Set.of("x", "n", "s", "i"));
  }

  @Test
  void eachStatementThatKeepsSomethingGetsALineWithItsSourceLineAndWhy() {
    Expr.IntLit zero = new Expr.IntLit(0, Type.INT);
    Assign step = new Assign(s, add(mul(ref(s), ref(x)), lit(1.0)));
    // Made by the differentiator, say: no source line.
    If clamp =
        new If(compare(BinaryOp.GT, ref(s), lit(2.0)), List.of(new Assign(s, lit(2.0))), List.of());
    Loop loop =
        new Loop(
            List.of(new Assign(i, zero, true)),
            new Expr.Binary(BinaryOp.LT, ref(i), ref(n), Type.BOOLEAN),
            List.of(
                new Assign(
                    i, new Expr.Binary(BinaryOp.ADD, ref(i), new Expr.IntLit(1, Type.INT), Type.INT))),
            List.of(step, clamp),
            true);
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>();
    notes.put(loop, new SourceNote(3, "for (int i = 0; i < n; i++)"));
    notes.put(step, new SourceNote(4, "s = s * x + 1;"));
    String plan = planOf(List.of(new Assign(s, ref(x), true), loop, new Return(ref(s))), notes);
    assertEquals(
        """
        (the simplifier then removes what the backward sweep never reads back)
        line 3: for (int i = 0; i < n; i++)  =>  runs backwards by its index i: a counted loop, so no trip count
        line 4: s = s * x + 1;  =>  tapes s: every iteration overwrites it
        as rebuilt: if (s > 2.0)  =>  tapes the branch taken: a branch changes s, which the condition reads
        as rebuilt: s = 2.0;  =>  tapes s: every iteration overwrites it
        """,
        plan);
  }

  @Test
  void aPlanThatKeepsNothingSaysSo() {
    String plan =
        planOf(List.of(new Assign(s, mul(ref(x), ref(x)), true), new Return(ref(s))), Map.of());
    assertEquals("nothing to keep: no statement overwrites a value, and there is no loop\n", plan);
  }
}
