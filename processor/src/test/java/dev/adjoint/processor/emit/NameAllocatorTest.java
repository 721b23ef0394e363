package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameAllocatorTest {
  private static NameAllocator allocate(List<Variable> params, List<Stmt> body, String... userNames) {
    Function f = new Function("g", params, Type.DOUBLE, body, Map.of());
    return NameAllocator.forFunction(f, Set.of(userNames));
  }

  @Test
  void userNamesAreKept() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable y = new Variable("y", Type.DOUBLE, Role.PARAMETER);
    Variable z = new Variable("z", Type.DOUBLE, Role.LOCAL);
    Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
    NameAllocator names =
        allocate(
            List.of(x, y),
            List.of(new Assign(z, add(ref(x), ref(y))), new Assign(xBar, ref(z)), new Return(ref(z))),
            "x", "y", "z");
    assertEquals("x", names.nameOf(x));
    assertEquals("y", names.nameOf(y));
    assertEquals("z", names.nameOf(z));
    assertEquals("xBar", names.nameOf(xBar));
  }

  @Test
  void generatedParameterTakesANumberWhenTheUserHasItsName() {
    Variable userGrad = new Variable("grad", Type.DOUBLE, Role.PARAMETER);
    Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
    NameAllocator names =
        allocate(
            List.of(userGrad, grad),
            List.of(new ArrayStore(grad, new IntLit(0, Type.INT), ref(userGrad)), new Return(ref(userGrad))),
            "grad");
    assertEquals("grad", names.nameOf(userGrad));
    assertEquals("grad2", names.nameOf(grad));
  }

  @Test
  void adjointTakesANumberWhenALocalHasItsName() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable localXBar = new Variable("xBar", Type.DOUBLE, Role.LOCAL);
    Variable xBar = new Variable("xBar", Type.DOUBLE, Role.ADJOINT);
    NameAllocator names =
        allocate(
            List.of(x),
            // The adjoint is met first, the user's local after it: the local still keeps its name.
            List.of(new Assign(xBar, lit(1.0)), new Assign(localXBar, ref(x)), new Return(add(ref(xBar), ref(localXBar)))),
            "x", "xBar");
    assertEquals("xBar", names.nameOf(localXBar));
    assertEquals("xBar2", names.nameOf(xBar));
  }

  @Test
  void reservedUserNamesAreAvoidedEvenWhenTheirVariableIsGone() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable xOld = new Variable("xOld", Type.DOUBLE, Role.SAVED);
    NameAllocator names =
        allocate(List.of(x), List.of(new Assign(xOld, ref(x)), new Return(ref(xOld))), "x", "xOld");
    assertEquals("xOld2", names.nameOf(xOld));
  }

  @Test
  void numbersSkipTakenNames() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable a = new Variable("result", Type.DOUBLE, Role.RESULT);
    NameAllocator names =
        allocate(List.of(x), List.of(new Assign(a, ref(x)), new Return(ref(a))), "x", "result", "result2");
    assertEquals("result3", names.nameOf(a));
  }

  @Test
  void tempsNamedTAreNumberedFromOne() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable t1 = new Variable("t", Type.DOUBLE, Role.TEMP);
    Variable t2 = new Variable("t", Type.DOUBLE, Role.TEMP);
    Variable t3 = new Variable("t", Type.DOUBLE, Role.TEMP);
    NameAllocator names =
        allocate(
            List.of(x),
            List.of(
                new Assign(t1, ref(x)),
                new Assign(t2, ref(t1)),
                new Assign(t3, ref(t2)),
                new Return(ref(t3))),
            "x");
    assertEquals("t1", names.nameOf(t1));
    assertEquals("t2", names.nameOf(t2));
    assertEquals("t3", names.nameOf(t3));
  }

  @Test
  void tempsSkipUserNames() {
    Variable t1User = new Variable("t1", Type.DOUBLE, Role.PARAMETER);
    Variable t = new Variable("t", Type.DOUBLE, Role.TEMP);
    NameAllocator names =
        allocate(List.of(t1User), List.of(new Assign(t, ref(t1User)), new Return(ref(t))), "t1");
    assertEquals("t1", names.nameOf(t1User));
    assertEquals("t2", names.nameOf(t));
  }

  @Test
  void namedTempsAreNotNumberedUnlessTaken() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable expX = new Variable("expX", Type.DOUBLE, Role.TEMP);
    Variable expX2 = new Variable("expX", Type.DOUBLE, Role.TEMP);
    NameAllocator names =
        allocate(
            List.of(x),
            List.of(new Assign(expX, ref(x)), new Assign(expX2, ref(x)), new Return(add(ref(expX), ref(expX2)))),
            "x");
    assertEquals("expX", names.nameOf(expX));
    assertEquals("expX2", names.nameOf(expX2));
  }

  @Test
  void sameNamedUserLocalsInSiblingBlocksGetDistinctNames() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable y1 = new Variable("y", Type.DOUBLE, Role.LOCAL);
    Variable y2 = new Variable("y", Type.DOUBLE, Role.LOCAL);
    NameAllocator names =
        allocate(
            List.of(x),
            List.of(new Assign(y1, ref(x)), new Assign(y2, ref(x)), new Return(add(ref(y1), ref(y2)))),
            "x", "y");
    assertEquals("y", names.nameOf(y1));
    assertEquals("y2", names.nameOf(y2));
  }

  @Test
  void reserveAvoidsEveryName() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
    NameAllocator names = allocate(List.of(x, grad), List.of(new Return(ref(x))), "x", "value");
    assertEquals("grad2", names.reserve("grad"));
    assertEquals("value2", names.reserve("value"));
    assertEquals("fresh", names.reserve("fresh"));
    assertEquals("fresh2", names.reserve("fresh"));
  }

  @Test
  void unknownVariableHasNoName() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    NameAllocator names = allocate(List.of(x), List.of(new Return(ref(x))), "x");
    assertThrows(
        IllegalStateException.class,
        () -> names.nameOf(new Variable("x", Type.DOUBLE, Role.PARAMETER)));
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs found (see the report).
  // ---------------------------------------------------------------------------------------------

  /** Regression: until 668c79d a user's t was printed as t1. */
  @Test
  void userVariableNamedTKeepsItsName() {
    Variable t = new Variable("t", Type.DOUBLE, Role.PARAMETER);
    Variable temp = new Variable("t", Type.DOUBLE, Role.TEMP);
    NameAllocator names =
        allocate(List.of(t), List.of(new Assign(temp, ref(t)), new Return(ref(temp))), "t");
    assertEquals("t", names.nameOf(t));
    assertEquals("t1", names.nameOf(temp));
  }

  @Test
  void numberingARepeatedUserNameDoesNotTakeAnotherUsersName() {
    Variable x = new Variable("x", Type.DOUBLE, Role.PARAMETER);
    Variable y1 = new Variable("y", Type.DOUBLE, Role.LOCAL);
    Variable y2 = new Variable("y", Type.DOUBLE, Role.LOCAL);
    Variable userY2 = new Variable("y2", Type.DOUBLE, Role.LOCAL);
    NameAllocator names =
        allocate(
            List.of(x),
            List.of(
                new Assign(y1, ref(x)),
                new Assign(y2, ref(x)),
                new Assign(userY2, ref(x)),
                new Return(add(add(ref(y1), ref(y2)), ref(userY2)))),
            "x", "y", "y2");
    assertEquals("y2", names.nameOf(userY2));
  }
}
