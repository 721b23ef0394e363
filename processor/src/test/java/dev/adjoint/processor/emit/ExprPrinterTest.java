package dev.adjoint.processor.emit;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.call;
import static dev.adjoint.processor.ir.Exprs.compare;
import static dev.adjoint.processor.ir.Exprs.cond;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.ref;
import static dev.adjoint.processor.ir.Exprs.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.ArrayRead;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.FieldRef;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrEvaluator;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

class ExprPrinterTest {
  private final Variable av = new Variable("a", Type.DOUBLE, Role.PARAMETER);
  private final Variable bv = new Variable("b", Type.DOUBLE, Role.PARAMETER);
  private final Variable cv = new Variable("c", Type.DOUBLE, Role.PARAMETER);
  private final Variable xv = new Variable("x", Type.DOUBLE, Role.PARAMETER);
  private final Variable iv = new Variable("i", Type.INT, Role.PARAMETER);
  private final Variable flagv = new Variable("flag", Type.BOOLEAN, Role.PARAMETER);
  private final Variable gradv = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  private final Expr a = ref(av);
  private final Expr b = ref(bv);
  private final Expr c = ref(cv);
  private final Expr x = ref(xv);
  private final Expr i = ref(iv);
  private final ExprPrinter printer;

  ExprPrinterTest() {
    Function f =
        new Function(
            "f", List.of(av, bv, cv, xv, iv, flagv, gradv), Type.DOUBLE, List.of(), Map.of());
    printer = new ExprPrinter(NameAllocator.forFunction(f, Set.of()));
  }

  private void assertPrints(String expected, Expr e) {
    assertEquals(expected, printer.print(e).toString(), () -> e.toString());
  }

  @Test
  void parenthesesOnlyWhereTheTreeNeedsThem() {
    assertPrints("a - (b + c)", sub(a, add(b, c)));
    assertPrints("a - (b - c)", sub(a, sub(b, c)));
    assertPrints("a - b - c", sub(sub(a, b), c));
    assertPrints("a + b + c", add(add(a, b), c));
    assertPrints("a + (b + c)", add(a, add(b, c)));
    assertPrints("a * (b / c)", mul(a, div(b, c)));
    assertPrints("a / (b * c)", div(a, mul(b, c)));
    assertPrints("a * b / c", div(mul(a, b), c));
    assertPrints("(a + b) * c", mul(add(a, b), c));
    assertPrints("a + b * c", add(a, mul(b, c)));
    assertPrints("a * b + c", add(mul(a, b), c));
    assertPrints("(a - b) / (a + b)", div(sub(a, b), add(a, b)));
  }

  @Test
  void negation() {
    assertPrints("-a", neg(a));
    assertPrints("-(-a)", neg(neg(a)));
    assertPrints("-(a + b)", neg(add(a, b)));
    assertPrints("-(a * b)", neg(mul(a, b)));
    assertPrints("-(-2.0)", neg(lit(-2.0)));
    assertPrints("-java.lang.Math.sin(a)", neg(call(MathFunction.SIN, a)));
  }

  @Test
  void minusAfterAPlusOrMinusIsParenthesised() {
    assertPrints("a - (-b)", sub(a, neg(b)));
    assertPrints("a + (-b)", add(a, neg(b)));
    assertPrints("a - (-1.0)", sub(a, lit(-1.0)));
    assertPrints("a + (-0.0)", add(a, lit(-0.0)));
    assertPrints("i - (-3)", new Binary(BinaryOp.SUB, i, new IntLit(-3, Type.INT), Type.INT));
    // Where no "- -" or "+ -" can form, none are needed.
    assertPrints("a * -b", mul(a, neg(b)));
    assertPrints("a / -1.0", div(a, lit(-1.0)));
    assertPrints("-2.0 * a", mul(lit(-2.0), a));
    assertPrints("-a - b", sub(neg(a), b));
    // An operand that starts with a minus sign counts too.
    assertPrints("a - (-b * c)", sub(a, mul(neg(b), c)));
    assertPrints("a + (-2.0 * b)", add(a, mul(lit(-2.0), b)));
    assertPrints("a - (-b - c)", sub(a, sub(neg(b), c)));
    assertPrints("a - (a + b) * c", sub(a, mul(add(a, b), c)));
    assertPrints("-(-a * b)", neg(mul(neg(a), b)));
  }

  @Test
  void conditionalInsideABinaryIsParenthesised() {
    Expr lt = compare(BinaryOp.LT, a, b);
    assertPrints("a < b ? a : b", cond(lt, a, b));
    assertPrints("c + (a < b ? a : b)", add(c, cond(lt, a, b)));
    assertPrints("(a < b ? a : b) * c", mul(cond(lt, a, b), c));
    assertPrints("-(a < b ? a : b)", neg(cond(lt, a, b)));
    assertPrints("a < b ? a + c : -b", cond(lt, add(a, c), neg(b)));
    assertPrints("flag ? 1.0 : 0.0", cond(ref(flagv), lit(1.0), lit(0.0)));
  }

  @Test
  void comparisonsAndLogic() {
    assertPrints("a + b < c", compare(BinaryOp.LT, add(a, b), c));
    Expr both =
        new Binary(
            BinaryOp.AND,
            compare(BinaryOp.GT, a, lit(0.0)),
            new Binary(BinaryOp.OR, compare(BinaryOp.LT, b, c), ref(flagv), Type.BOOLEAN),
            Type.BOOLEAN);
    assertPrints("a > 0.0 && (b < c || flag)", both);
    assertPrints("!flag", new Unary(UnaryOp.NOT, ref(flagv)));
    assertPrints("!(a < b)", new Unary(UnaryOp.NOT, compare(BinaryOp.LT, a, b)));
    assertPrints("a == b", compare(BinaryOp.EQ, a, b));
  }

  @Test
  void doubleLiterals() {
    assertPrints("1.0", lit(1.0));
    assertPrints("0.0", lit(0.0));
    assertPrints("-0.0", lit(-0.0));
    assertPrints("1.0E-6", lit(1e-6));
    assertPrints("1.0E21", lit(1e21));
    assertPrints("4.9E-324", lit(Double.MIN_VALUE));
    assertPrints("Double.POSITIVE_INFINITY", lit(Double.POSITIVE_INFINITY));
    assertPrints("Double.NEGATIVE_INFINITY", lit(Double.NEGATIVE_INFINITY));
    assertPrints("Double.NaN", lit(Double.NaN));
    assertPrints("a * Double.NaN", mul(a, lit(Double.NaN)));
    assertEquals("0.5", ExprPrinter.doubleLiteral(0.5));
  }

  @Test
  void integerLiterals() {
    assertPrints("5", new IntLit(5, Type.INT));
    assertPrints("5L", new IntLit(5, Type.LONG));
    assertPrints("-5L", new IntLit(-5, Type.LONG));
    assertPrints("Integer.MIN_VALUE", new IntLit(Integer.MIN_VALUE, Type.INT));
    assertPrints("-2147483648L", new IntLit(Integer.MIN_VALUE, Type.LONG));
    assertPrints("Long.MIN_VALUE", new IntLit(Long.MIN_VALUE, Type.LONG));
    assertPrints("true", new BoolLit(true));
  }

  @Test
  void castsCallsFieldsAndArrays() {
    assertPrints("(int) a", new Cast(Type.INT, a));
    assertPrints("(int) (a + b)", new Cast(Type.INT, add(a, b)));
    assertPrints("(double) i * a", mul(new Cast(Type.DOUBLE, i), a));
    assertPrints("-(double) i", neg(new Cast(Type.DOUBLE, i)));
    assertPrints("java.lang.Math.pow(a, 2.0)", call(MathFunction.POW, a, lit(2.0)));
    assertPrints(
        "java.lang.StrictMath.atan2(a + b, -c)", call(MathFunction.ATAN2, ClassRef.STRICT_MATH, add(a, b), neg(c)));
    assertPrints("java.lang.Math.PI * a", mul(new FieldRef(ClassRef.MATH, "PI", Type.DOUBLE), a));
    assertPrints(
        "p.Outer.Inner.K", new FieldRef(new ClassRef("p", List.of("Outer", "Inner")), "K", Type.DOUBLE));
    assertPrints("grad[0]", new ArrayRead(ref(gradv), new IntLit(0, Type.INT)));
    assertPrints("2.0 * grad[i + 1]", mul(lit(2.0), new ArrayRead(ref(gradv), new Binary(BinaryOp.ADD, i, new IntLit(1, Type.INT), Type.INT))));
  }

  /**
   * Prints random trees, compiles them with javac and checks each compiled method computes exactly
   * what the tree does: a missing pair of parentheses changes the value (or does not compile).
   */
  @Test
  void printedExpressionsCompileToTheTreesValue() throws Exception {
    Random random = new Random(42);
    List<Expr> trees = new ArrayList<>();
    StringBuilder source = new StringBuilder("public final class Printed {\n");
    for (int k = 0; k < 400; k++) {
      Expr e = randomTree(random, 4);
      trees.add(e);
      source
          .append("  public static double f")
          .append(k)
          .append("(double a, double b, double c) { return ")
          .append(printer.print(e))
          .append("; }\n");
    }
    source.append("}\n");
    Path dir = Files.createTempDirectory("printed");
    Path file = dir.resolve("Printed.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        javac.run(null, null, errors, "-proc:none", "-d", dir.toString(), file.toString());
    assertEquals(0, status, () -> errors + "\n" + source);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        Stream<Path> files = Files.walk(dir)) {
      // Registered parents first, so they are deleted last.
      files.sorted().map(Path::toFile).forEach(File::deleteOnExit);
      Class<?> printed = loader.loadClass("Printed");
      double[][] points = {{0.7, -1.3, 2.1}, {-2.5, 0.4, -0.9}};
      for (int k = 0; k < trees.size(); k++) {
        Method m = printed.getMethod("f" + k, double.class, double.class, double.class);
        for (double[] p : points) {
          double expected = IrEvaluator.with(av, p[0], bv, p[1], cv, p[2]).eval(trees.get(k));
          double actual = (double) m.invoke(null, p[0], p[1], p[2]);
          final int n = k;
          assertEquals(
              Double.doubleToLongBits(expected),
              Double.doubleToLongBits(actual),
              () -> printer.print(trees.get(n)) + " printed from " + trees.get(n));
        }
      }
    }
  }

  private Expr randomTree(Random random, int depth) {
    if (depth <= 0 || random.nextInt(5) == 0) {
      switch (random.nextInt(5)) {
        case 0:
          return a;
        case 1:
          return b;
        case 2:
          return c;
        case 3:
          return lit(new double[] {-2.0, -0.0, -1.5, -3.0}[random.nextInt(4)]);
        default:
          return lit(new double[] {1.0, 0.5, 3.0, 0.0}[random.nextInt(4)]);
      }
    }
    BinaryOp[] comparisons = {BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.EQ, BinaryOp.NE};
    switch (random.nextInt(10)) {
      case 0:
        return add(randomTree(random, depth - 1), randomTree(random, depth - 1));
      case 1:
      case 2:
        return sub(randomTree(random, depth - 1), randomTree(random, depth - 1));
      case 3:
        return mul(randomTree(random, depth - 1), randomTree(random, depth - 1));
      case 4:
        return div(randomTree(random, depth - 1), randomTree(random, depth - 1));
      case 5:
      case 6:
        return neg(randomTree(random, depth - 1));
      case 7:
        return cond(
            compare(
                comparisons[random.nextInt(comparisons.length)],
                randomTree(random, depth - 2),
                randomTree(random, depth - 2)),
            randomTree(random, depth - 1),
            randomTree(random, depth - 1));
      case 8:
        return call(MathFunction.MAX, randomTree(random, depth - 1), randomTree(random, depth - 1));
      default:
        return new Cast(Type.DOUBLE, new Cast(Type.INT, randomTree(random, depth - 1)));
    }
  }

  @Test
  void namesComeFromTheAllocator() {
    Variable xBar = new Variable("x", Type.DOUBLE, Role.ADJOINT);
    Function f = new Function("f", List.of(xv, xBar), Type.DOUBLE, List.of(), Map.of());
    ExprPrinter p = new ExprPrinter(NameAllocator.forFunction(f, Set.of()));
    assertEquals("x + x2", p.print(add(ref(xv), ref(xBar))).toString());
  }

  /**
   * A callee's call is printed as the kind the stage that gave it its arrays chose, whatever the
   * arrays' types; a companion compiled without a kind has no name for it.
   */
  @Test
  void aCalleesCallIsPrintedAsItsKind() {
    ClassRef lib = new ClassRef("p", List.of("Lib"));
    ClassRef companion = new ClassRef("p", List.of("LibDerivatives"));
    Variable gGrad = new Variable("gGrad", Type.DOUBLE_ARRAY, Role.TEMP);
    Variable rows = new Variable("gDirectionRows", Type.DOUBLE_MATRIX, Role.TEMP);
    Variable products = new Variable("gGradDotRows", Type.DOUBLE_MATRIX, Role.TEMP);
    Variable direction = new Variable("gDirection", Type.DOUBLE_ARRAY, Role.TEMP);
    Variable product = new Variable("gProduct", Type.DOUBLE_ARRAY, Role.TEMP);
    Function f =
        new Function(
            "f", List.of(av, gGrad, rows, products, direction, product), Type.DOUBLE, List.of(), Map.of());
    ExprPrinter p = new ExprPrinter(NameAllocator.forFunction(f, Set.of()));
    dev.adjoint.processor.ir.Callee g =
        new dev.adjoint.processor.ir.Callee(
            lib, "g", List.of("a"), List.of(true), new dev.adjoint.processor.ir.Callee.Generated(companion, true));
    Expr.DiffCall call = new Expr.DiffCall(g, List.of(a));
    assertEquals("p.Lib.g(a)", p.print(call).toString());
    assertEquals("p.LibDerivatives.gGradient(a, gGrad)", p.print(call.withGradient(gGrad)).toString());
    assertEquals(
        "p.LibDerivatives.gHessianVectors(a, gDirectionRows, gGrad, gGradDotRows)",
        p.print(call.withGradient(gGrad).inLanes(rows, products)).toString());
    assertEquals(
        "p.LibDerivatives.gHessianVector(a, gDirection, gGrad, gProduct)",
        p.print(call.withGradient(gGrad).withSecondOrder(direction, product)).toString());
    dev.adjoint.processor.ir.Callee old =
        new dev.adjoint.processor.ir.Callee(
            lib,
            "g",
            List.of("a"),
            List.of(true),
            new dev.adjoint.processor.ir.Callee.Generated(
                companion,
                true,
                Set.of(dev.adjoint.processor.ir.Kind.HESSIAN_VECTORS),
                dev.adjoint.processor.ir.Callee.PatternInputs.ARGUMENTS));
    assertEquals(null, old.methodFor(dev.adjoint.processor.ir.Kind.HESSIAN_VECTORS));
    assertEquals("gHessianVector", old.methodFor(dev.adjoint.processor.ir.Kind.HESSIAN_VECTOR));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> p.print(new Expr.DiffCall(old, List.of(a)).withGradient(gGrad).inLanes(rows, products)));
    // The kind and the arrays agree, or the call is not made.
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> new Expr.DiffCall(g, List.of(a), gGrad, null, null, dev.adjoint.processor.ir.Kind.HESSIAN_VECTORS));
  }
}
