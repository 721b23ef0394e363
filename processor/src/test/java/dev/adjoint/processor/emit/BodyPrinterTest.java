package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.ref;
import static dev.adjoint.processor.ir.Exprs.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Function;
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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BodyPrinterTest {
  private final Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
  private final Variable n = new Variable("n", Type.INT, Role.PARAMETER);
  private final Variable m = new Variable("m", Type.LONG, Role.LOCAL);
  private final Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
  private final Variable flag = new Variable("branch", Type.BOOLEAN, Role.FLAG);
  private final Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  private final Expr lt = compare(BinaryOp.LT, ref(x), ref(y));
  private final Expr gt = compare(BinaryOp.GT, ref(x), lit(0.0));

  private String print(Stmt... body) {
    Function f =
        new Function("f", List.of(x, y, n, grad), Type.DOUBLE, List.of(body), Map.of());
    NameAllocator names = NameAllocator.forFunction(f, Set.of("x", "y", "n", "m"));
    return new BodyPrinter(names).print(f.body()).toString();
  }

  @Test
  void compoundAssignments() {
    assertEquals("x *= y;\n", print(new Assign(x, mul(ref(x), ref(y)))));
    assertEquals("x /= y;\n", print(new Assign(x, div(ref(x), ref(y)))));
    assertEquals("x += y;\n", print(new Assign(x, add(ref(x), ref(y)))));
    // The right operand is printed whole, without parentheses a compound assignment never needs.
    assertEquals("x -= y + 1.0;\n", print(new Assign(x, sub(ref(x), add(ref(y), lit(1.0))))));
    assertEquals("x -= -y;\n", print(new Assign(x, sub(ref(x), neg(ref(y))))));
    assertEquals("x *= y * y;\n", print(new Assign(x, mul(ref(x), mul(ref(y), ref(y))))));
  }

  @Test
  void plainAssignmentsWhereACompoundWouldChangeTheMeaning() {
    assertEquals("x = y * x;\n", print(new Assign(x, mul(ref(y), ref(x)))));
    assertEquals("x = x * y + 1.0;\n", print(new Assign(x, add(mul(ref(x), ref(y)), lit(1.0)))));
    assertEquals("x = y;\n", print(new Assign(x, ref(y))));
    assertEquals(
        "x = x % y;\n", print(new Assign(x, new Binary(BinaryOp.REM, ref(x), ref(y), Type.DOUBLE))));
  }

  @Test
  void narrowingCompoundAssignmentsOfIntegers() {
    // n = (int) (n * 0.5) is exactly n *= 0.5.
    assertEquals(
        "n *= 0.5;\n",
        print(new Assign(n, new Cast(Type.INT, new Binary(BinaryOp.MUL, ref(n), lit(0.5), Type.DOUBLE)))));
    assertEquals(
        "n++;\n",
        print(new Assign(n, new Binary(BinaryOp.ADD, ref(n), new IntLit(1, Type.INT), Type.INT))));
    assertEquals(
        "n--;\n",
        print(new Assign(n, new Binary(BinaryOp.SUB, ref(n), new IntLit(1, Type.INT), Type.INT))));
    assertEquals(
        "n += 2;\n",
        print(new Assign(n, new Binary(BinaryOp.ADD, ref(n), new IntLit(2, Type.INT), Type.INT))));
    // A double target never drops a cast.
    assertEquals(
        "x = (double) n * x;\n",
        print(new Assign(x, mul(new Cast(Type.DOUBLE, ref(n)), ref(x)))));
  }

  @Test
  void accumulations() {
    assertEquals("xBar += y;\n", print(new Accumulate(xBar, ref(y))));
    assertEquals("xBar -= y;\n", print(new Accumulate(xBar, neg(ref(y)))));
    assertEquals("xBar -= x * y;\n", print(new Accumulate(xBar, neg(mul(ref(x), ref(y))))));
    assertEquals("xBar += -2.0 * y;\n", print(new Accumulate(xBar, mul(lit(-2.0), ref(y)))));
  }

  @Test
  void declarationsStoresReturnsAndComments() {
    assertEquals(
        "// line 3: double z = x;\n"
            + "double xBar = 0.0;\n"
            + "boolean branch = x < y;\n"
            + "grad[0] = xBar;\n"
            + "return x;\n",
        print(
            new Comment("line 3: double z = x;"),
            new Declare(xBar, lit(0.0)),
            new Declare(flag, lt),
            new ArrayStore(grad, new IntLit(0, Type.INT), ref(xBar)),
            new Return(ref(x))));
  }

  @Test
  void ifElse() {
    assertEquals(
        "if (x < y) {\n  x = y;\n} else {\n  y = x;\n}\n",
        print(new If(lt, List.of(new Assign(x, ref(y))), List.of(new Assign(y, ref(x))))));
    assertEquals(
        "if (x < y) {\n  x = y;\n}\n", print(new If(lt, List.of(new Assign(x, ref(y))), List.of())));
  }

  @Test
  void elseIfChains() {
    Expr third = compare(BinaryOp.EQ, ref(y), lit(1.0));
    assertEquals(
        "if (x < y) {\n"
            + "  x = y;\n"
            + "} else if (x > 0.0) {\n"
            + "  y = x;\n"
            + "} else if (y == 1.0) {\n"
            + "  x = 1.0;\n"
            + "} else {\n"
            + "  x = 2.0;\n"
            + "}\n",
        print(
            new If(
                lt,
                List.of(new Assign(x, ref(y))),
                List.of(
                    new If(
                        gt,
                        List.of(new Assign(y, ref(x))),
                        List.of(
                            new If(
                                third,
                                List.of(new Assign(x, lit(1.0))),
                                List.of(new Assign(x, lit(2.0))))))))));
  }

  @Test
  void elseHoldingMoreThanAnIfIsNotChained() {
    assertEquals(
        "if (x < y) {\n"
            + "  x = y;\n"
            + "} else {\n"
            + "  y = x;\n"
            + "  if (x > 0.0) {\n"
            + "    x = 1.0;\n"
            + "  }\n"
            + "}\n",
        print(
            new If(
                lt,
                List.of(new Assign(x, ref(y))),
                List.of(
                    new Assign(y, ref(x)),
                    new If(gt, List.of(new Assign(x, lit(1.0))), List.of())))));
  }

  @Test
  void emptyThenBlockIsNegated() {
    assertEquals(
        "if (!(x < y)) {\n  y = x;\n}\n",
        print(new If(lt, List.of(), List.of(new Assign(y, ref(x))))));
    // A then-block of comments only counts as empty.
    assertEquals(
        "if (!branch) {\n  y = x;\n}\n",
        print(new If(ref(flag), List.of(new Comment("nothing here")), List.of(new Assign(y, ref(x))))));
  }

  @Test
  void nestedIfWithEmptyThenStaysNestedInTheElse() {
    assertEquals(
        "if (x < y) {\n"
            + "  x = y;\n"
            + "} else {\n"
            + "  if (!(x > 0.0)) {\n"
            + "    y = x;\n"
            + "  }\n"
            + "}\n",
        print(
            new If(
                lt,
                List.of(new Assign(x, ref(y))),
                List.of(new If(gt, List.of(), List.of(new Assign(y, ref(x))))))));
  }
}
