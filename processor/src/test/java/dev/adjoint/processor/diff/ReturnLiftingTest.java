package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnLiftingTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.LOCAL);
  private final Variable z = new Variable("z", Type.DOUBLE, Role.LOCAL);
  private final Expr c = compare(BinaryOp.LT, ref(x), lit(0.0));
  private final Expr d = compare(BinaryOp.GT, ref(x), lit(5.0));

  @Test
  void earlyReturnMovesTheRestIntoTheElse() {
    Stmt setY = new Assign(y, mul(lit(2.0), ref(x)), true);
    assertEquals(
        List.of(new If(c, List.of(new Return(lit(0.0))), List.of(setY, new Return(ref(y))))),
        ReturnLifting.lift(
            List.of(new If(c, List.of(new Return(lit(0.0))), List.of()), setY, new Return(ref(y)))));
  }

  @Test
  void earlyReturnInTheElseMovesTheRestIntoTheThen() {
    Stmt setY = new Assign(y, ref(x), true);
    Stmt before = new Assign(z, lit(1.0), true);
    assertEquals(
        List.of(
            before,
            new If(
                c,
                List.of(new Assign(z, lit(2.0)), setY, new Return(ref(y))),
                List.of(new Return(ref(z))))),
        ReturnLifting.lift(
            List.of(
                before,
                new If(c, List.of(new Assign(z, lit(2.0))), List.of(new Return(ref(z)))),
                setY,
                new Return(ref(y)))));
  }

  @Test
  void partialReturnDuplicatesTheRest() {
    Stmt rest1 = new Assign(y, mul(ref(z), ref(x)), true);
    Stmt rest2 = new Return(ref(y));
    Stmt z1 = new Assign(z, lit(1.0));
    Stmt z2 = new Assign(z, lit(2.0));
    List<Stmt> lifted =
        ReturnLifting.lift(
            List.of(
                new If(c, List.of(new If(d, List.of(new Return(ref(x))), List.of()), z1), List.of(z2)),
                rest1,
                rest2));
    assertEquals(
        List.of(
            new If(
                c,
                List.of(new If(d, List.of(new Return(ref(x))), List.of(z1, rest1, rest2))),
                List.of(z2, rest1, rest2))),
        lifted);
  }

  @Test
  void alreadyLiftedBodyIsUnchanged() {
    List<Stmt> body =
        List.of(
            new Assign(y, mul(ref(x), ref(x)), true),
            new If(
                c,
                List.of(new Return(ref(y))),
                List.of(
                    new Assign(z, ref(y), true),
                    new If(d, List.of(new Return(ref(z))), List.of(new Return(lit(1.0)))))));
    assertEquals(body, ReturnLifting.lift(body));
  }

  @Test
  void ifWithoutReturnsStaysInPlace() {
    List<Stmt> body =
        List.of(
            new Assign(y, ref(x), true),
            new If(c, List.of(new Assign(y, lit(0.0))), List.of(new Assign(y, lit(1.0)))),
            new Return(ref(y)));
    assertEquals(body, ReturnLifting.lift(body));
  }

  @Test
  void straightLineBodyIsUnchanged() {
    List<Stmt> body = List.of(new Assign(y, ref(x), true), new Return(ref(y)));
    assertEquals(body, ReturnLifting.lift(body));
  }

  @Test
  void everyReturnEndsItsBlock() {
    List<Stmt> lifted =
        ReturnLifting.lift(
            List.of(
                new If(c, List.of(new Return(lit(0.0))), List.of()),
                new Assign(y, ref(x), true),
                new If(d, List.of(new Assign(y, lit(3.0)), new Return(ref(y))), List.of()),
                new Assign(z, ref(y), true),
                new Return(ref(z))));
    assertReturnsLast(lifted);
    assertEquals(
        List.of(
            new If(
                c,
                List.of(new Return(lit(0.0))),
                List.of(
                    new Assign(y, ref(x), true),
                    new If(
                        d,
                        List.of(new Assign(y, lit(3.0)), new Return(ref(y))),
                        List.of(new Assign(z, ref(y), true), new Return(ref(z))))))),
        lifted);
  }

  private static void assertReturnsLast(List<Stmt> block) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Return) {
        assertEquals(block.size() - 1, k, "return not last in " + block);
      } else if (s instanceof If i) {
        assertReturnsLast(i.thenBlock());
        assertReturnsLast(i.elseBlock());
      }
    }
  }
}
