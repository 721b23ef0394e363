package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.computing;
import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.Advice.of;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16, item 4: every diagnostic whose text advises a change, with that change made, compiles
 * (and where it computes, its gradient is right). Each case is {@link Advice}: the refused source,
 * the phrase of advice, the source as advised. A message whose advice, followed, does not compile
 * is a bug of the message: its text in {@link Message} says what works.
 *
 * <p>On integrate (issue 16) much that these messages refused compiles as written: {@code assert},
 * guard clauses, {@code switch}, returns in loops of number-valued methods, arrays made in loops,
 * private fields and constants, helpers without annotations. Their cases here are what is still
 * refused: an assert calling a helper (ADJ020), a return in a loop of a vector-valued method
 * (ADJ021), a thrown message or exception that cannot be kept (ADJ022), the switch shapes an
 * if/else chain cannot take (ADJ023), a helper returning other than double (ADJ033), a data helper
 * that may change an array it is given, or a helper called as a statement filling one (ADJ034), an array made in a loop passed whole and a helper
 * returning double[] that cannot be read in place (ADJ038), a helper read in place whose body
 * cannot be differentiated (ADJ084), a field of a private class (ADJ040). ADJ040's former advices
 * (make a private field package-private, a private constant a compile-time constant) are gone with
 * the refusals; ADJ080-ADJ083 advise calling, finalising or fixing helpers; ADJ085-ADJ087 (fields
 * a call may change) are followed in {@link FieldsChangedByCallsTest}. The helpers whose
 * advice once failed are in {@link AdviceNoLongerNeededTest}.
 *
 * <p>Not here: ADJ001 (another compiler), ADJ002 (no source, which a compilation of sources cannot
 * show), ADJ003 (a bug), ADJ009 (a warning about a directory), ADJ012 (its text lists the
 * parameters and advises nothing else), ADJ043 (only reached alongside javac's own error).
 */
class AdviceFollowedTest {

  static Stream<Advice> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followingTheAdviceCompiles(Advice advice) throws Exception {
    advice.check();
  }

  private static String sinNested(int depth) {
    return "Math.sin(".repeat(depth) + "x" + ")".repeat(depth);
  }

  private static String statements(int count, String variable) {
    return String.join("", Collections.nCopies(count, "    " + variable + " = Math.sin(" + variable + ") * 0.999 + 0.01;\n"));
  }

  /** {@code class Foo} up to the body of {@code f(double x, int type)}, differentiated in x. */
  private static final String SWITCH_HEAD =
      "package p;\nimport dev.adjoint.*;\nclass Foo {\n  @Differentiable(wrt = \"x\")\n"
          + "  static double f(double x, int type) {\n";

  /** A helper differentiated without an annotation whose body cannot be: it computes in float. */
  private static final String FLOAT_HELPER =
      "  static double half(double x) {\n    float h = 0.5f;  //! ADJ037 ADJ037\n    return h * x;  //! ADJ037\n  }\n\n";

  /**
   * A final class {@code Pair} whose instance method {@code of(x)} returns double[], annotated by
   * {@code annotation}, its body starting with {@code first}, and a field of {@code Foo} holding
   * one: a call {@code pair.of(x)} is made through Pair's companion, not read in place.
   */
  private static String heldPair(String annotation, String first) {
    return "  static final class Pair {\n    static int calls;\n\n"
        + "    static void count() {\n      calls++;\n    }\n\n"
        + annotation
        + "    double[] of(double x) {\n" + first
        + "      double[] r = new double[2];\n      r[0] = x * x;\n      r[1] = Math.sin(x);\n"
        + "      return r;\n    }\n  }\n\n  private final Pair pair = new Pair();\n\n";
  }

  /**
   * A held {@code Pair} whose vector method takes an array, a field of {@code Foo} holding an
   * array, and a helper that changes a field when called as a statement.
   */
  private static final String WEIGHTED_PAIR =
      "  static final class Pair {\n    @Differentiable(wrt = \"x\")\n"
          + "    double[] of(double[] w, double x) {\n      double[] r = new double[2];\n"
          + "      r[0] = w[0] * x * x;\n      r[1] = w[1] * Math.sin(x);\n      return r;\n    }\n  }\n\n"
          + "  private final Pair pair = new Pair();\n  double[] weights = {1, 2};\n  int calls;\n\n"
          + "  void count() {\n    calls++;\n  }\n\n";

  /** A helper returning double[], which a caller's local declaration reads in place. */
  private static final String PAIR =
      "  static double[] pair(double x) {\n    double[] r = new double[2];\n    r[0] = x * x;\n"
          + "    r[1] = 3 * x;\n    return r;\n  }\n\n";

  /** A nested class whose helper returning double[] reads a private constant of its class. */
  private static final String PRIVATE_PAIRS =
      "  static final class Pairs {\n    private static final double THREE = 3;\n\n"
          + "    static double[] pair(double x) {\n      double[] r = new double[2];\n"
          + "      r[0] = x * x;\n      r[1] = THREE * x;\n      return r;\n    }\n  }\n\n";

  /**
   * The start of {@code class Foo} with a helper returning double[] whose body computes in float;
   * a case closes the class after its own method.
   */
  private static final String FLOAT_PAIR =
      foo("  static double[] pair(double x) {\n    double[] r = new double[2];\n"
              + "    float h = 0.5f;  //! ADJ037 ADJ037\n    r[0] = h * x * x;  //! ADJ037\n"
              + "    r[1] = 3 * x;\n    return r;\n  }\n\n")
          .replaceFirst("}\n$", "");

  /** A final class whose method a model calls on an object. */
  private static final String SCALE =
      "  static final class Scale {\n    double apply(double x) {\n      return 2 * x;\n    }\n  }\n\n";

  /** An interface, and a final class implementing it. */
  private static final String LINK =
      "  interface Link {\n    double apply(double x);\n  }\n\n"
          + "  static final class Square implements Link {\n    @Override\n"
          + "    public double apply(double x) {\n      return x * x;\n    }\n  }\n\n";

  private static final String CUBE =
      "  static double cube(double x) {\n    return x * x * x;\n  }\n\n"
          + "  @GradientOf(\"cube\")\n  static double cubeGradient(double x, double[] grad) {\n"
          + "    grad[0] = 3 * x * x;\n    return cube(x);\n  }\n\n";

  private static final String CUBE_HESSIAN_VECTOR =
      "  @HessianVectorOf(\"cube\")\n"
          + "  static double cubeHessianVector(double x, double[] v, double[] grad, double[] hv) {\n"
          + "    hv[0] = 6 * x * v[0];\n    return cubeGradient(x, grad);\n  }\n\n";

  static final List<Advice> CASES =
      List.of(
          computing(
              "nested calls split into locals", "ADJ004", "Store parts of the expression in local variables",
              foo("  @Differentiable\n  static double f(double x) {  //! ADJ004\n    return " + sinNested(101) + ";\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    double half = " + sinNested(50)
                  + ";\n    return " + sinNested(51).replace("x", "half") + ";\n  }\n")),
          computing(
              "a long method split into smaller methods", "ADJ005", "Split f into smaller methods",
              foo("  @Differentiable\n  static double f(double x) {  //! ADJ005\n" + statements(700, "x")
                  + "    return x;\n  }\n"),
              foo("  @Differentiable\n  static double part(double x) {\n" + statements(140, "x")
                  + "    return x;\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
                  + "    return part(part(part(part(part(x)))));\n  }\n")),
          computing(
              "many returns made one", "ADJ006", "assigning the result to a local and returning it once",
              foo(tangled(40, true)),
              foo(tangled(40, false))),
          of(
              "overload renamed", "ADJ007", "Rename one of the two methods",
              foo("""
                    @Differentiable
                    static double f(double x) {
                      return x * x;
                    }

                    @Differentiable
                    static double f(double x, double[] y) {  //! ADJ007
                      return x * y[0];
                    }
                  """),
              foo("""
                    @Differentiable
                    static double f(double x) {
                      return x * x;
                    }

                    @Differentiable
                    static double fWithArray(double x, double[] y) {
                      return x * y[0];
                    }
                  """)),
          of(
              "class named like the companion renamed", "ADJ008", "Rename it",
              """
              package p;
              import dev.adjoint.*;
              class Foo {  //! ADJ008
                @Differentiable
                static double f(double x) {
                  return x * x;
                }
              }

              class FooDerivatives {
              }
              """,
              """
              package p;
              import dev.adjoint.*;
              class Foo {
                @Differentiable
                static double f(double x) {
                  return x * x;
                }
              }

              class FooHelpers {
              }
              """),
          of(
              "instance method of a generic class made static", "ADJ010",
              "Make the method static and pass what it reads as parameters",
              """
              package p;
              import dev.adjoint.*;
              class Foo<T> {
                double scale = 2;

                @Differentiable
                double f(double x) {  //! ADJ010
                  return scale * x * x;
                }
              }
              """,
              """
              package p;
              import dev.adjoint.*;
              class Foo<T> {
                double scale = 2;

                @Differentiable
                static double f(double x, double scale) {
                  return scale * x * x;
                }
              }
              """),
          computing(
              "int result made double", "ADJ011", "it must return double",
              foo("  @Differentiable\n  static int f(double x) {  //! ADJ011\n    return (int) (x * x);\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n")),
          of(
              "private vector method made package-private", "ADJ048", "Make it package-private",
              foo("  @Differentiable\n  private static double[] f(double x) {  //! ADJ048\n"
                  + "    double[] r = new double[2];\n    r[0] = x;\n    r[1] = x * x;\n    return r;\n  }\n"),
              foo("  @Differentiable\n  static double[] f(double x) {\n"
                  + "    double[] r = new double[2];\n    r[0] = x;\n    r[1] = x * x;\n    return r;\n  }\n")),
          of(
              "int parameter removed from wrt", "ADJ013", "Remove it from wrt",
              foo("  @Differentiable(wrt = {\"x\", \"n\"})  //! ADJ013\n  static double f(double x, int n) {\n"
                  + "    return n * x * x;\n  }\n"),
              foo("  @Differentiable(wrt = {\"x\"})\n  static double f(double x, int n) {\n"
                  + "    return n * x * x;\n  }\n")),
          of(
              "a double parameter given", "ADJ014", "give it a double parameter",
              foo("  @Differentiable\n  static double f(int n) {  //! ADJ014\n    return n * 2.0;\n  }\n"),
              foo("  @Differentiable\n  static double f(int n, double x) {\n    return n * x;\n  }\n")),
          computing(
              "a double parameter named in wrt", "ADJ014", "or name one in wrt",
              foo("  @Differentiable(wrt = {})\n  static double f(double x) {\n    return x * x;\n  }\n"
                  + "\n  @Differentiable(wrt = \"n\")  //! ADJ013\n  static double g(double x, int n) {  //! ADJ014\n"
                  + "    return n * x;\n  }\n"),
              foo("  @Differentiable(wrt = {})\n  static double f(double x) {\n    return x * x;\n  }\n"
                  + "\n  @Differentiable(wrt = \"x\")\n  static double g(double x, int n) {\n"
                  + "    return n * x;\n  }\n")),
          of(
              "float parameter made double", "ADJ015", "use double or double[]",
              foo("  @Differentiable\n  static double f(double x, float scale) {  //! ADJ015\n"
                  + "    return scale * x * x;  //! ADJ037\n  }\n"),
              foo("  @Differentiable\n  static double f(double x, double scale) {\n"
                  + "    return scale * x * x;\n  }\n")),
          computing(
              "char selector of a switch declared int", "ADJ015", "or int, long, boolean",
              foo("  @Differentiable(wrt = \"x\")\n  static double g(double x, char c) {  //! ADJ015\n"
                  + "    switch (c) {  //! ADJ037\n      case 'a':\n        return x * x;\n"
                  + "      case 'b', 'c':\n        return Math.sin(x);\n      default:\n        return x;\n    }\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  static double g(double x, int c) {\n"
                  + "    switch (c) {\n      case 'a':\n        return x * x;\n"
                  + "      case 'b', 'c':\n        return Math.sin(x);\n      default:\n        return x;\n    }\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    return g(x, 'a') + 2 * g(x, 'c') + 3 * g(x, 'z');\n  }\n")),
          computing(
              "enum local initialised with a final field", "ADJ088", "a final field",
              foo("  enum Kind { A, B }\n\n  static Kind current = Kind.A;\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    Kind k = current;  //! ADJ088\n"
                  + "    return k == Kind.A ? x * x : x;\n  }\n"),
              foo("  enum Kind { A, B }\n\n  static final Kind current = Kind.A;\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    Kind k = current;\n"
                  + "    return k == Kind.A ? x * x : x;\n  }\n")),
          of(
              "abstract method replaced by a static one with a body", "ADJ016",
              "Annotate a static method with a body instead",
              """
              package p;
              import dev.adjoint.*;
              abstract class Foo {
                @Differentiable
                abstract double f(double x);  //! ADJ016
              }
              """,
              """
              package p;
              import dev.adjoint.*;
              abstract class Foo {
                abstract double f(double x);

                @Differentiable
                static double square(double x) {
                  return x * x;
                }
              }
              """),
          of(
              "private nested class made package-private", "ADJ017", "package-private",
              foo("  private static class Inner {\n    @Differentiable\n    static double f(double x) {  //! ADJ017\n"
                  + "      return x * x;\n    }\n  }\n"),
              foo("  static class Inner {\n    @Differentiable\n    static double f(double x) {\n"
                  + "      return x * x;\n    }\n  }\n")),
          of(
              "private nested class holding private data made package-private", "ADJ017",
              "package-private",
              foo("  private static class Model {\n    private final double[] data = {1, 2, 3};\n\n"
                  + "    @Differentiable\n    double f(double x) {  //! ADJ017\n      double s = 0;\n"
                  + "      for (double d : data) {  //! ADJ040\n        s += (d - x) * (d - x);\n      }\n      return s;\n    }\n  }\n"),
              foo("  static class Model {\n    final double[] data = {1, 2, 3};\n\n"
                  + "    @Differentiable\n    double f(double x) {\n      double s = 0;\n"
                  + "      for (double d : data) {\n        s += (d - x) * (d - x);\n      }\n      return s;\n    }\n  }\n")),
          computing(
              "duplicate wrt named once", "ADJ018", "Name each parameter once",
              foo("  @Differentiable(wrt = {\"x\", \"x\"})  //! ADJ018\n  static double f(double x) {\n"
                  + "    return x * x;\n  }\n"),
              foo("  @Differentiable(wrt = {\"x\"})\n  static double f(double x) {\n    return x * x;\n  }\n")),
          computing(
              "order 3 made 2", "ADJ019", "it must be 1",
              foo("  @Differentiable(order = 3)\n  static double f(double x) {  //! ADJ019\n    return x * x;\n  }\n"),
              foo("  @Differentiable(order = 2)\n  static double f(double x) {\n    return x * x;\n  }\n")),
          computing(
              "assert calling a helper moved out of the method", "ADJ020", "move this code out of the method",
              foo("  static boolean positive(double x) {\n    return x > 0;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    assert positive(x) : \"positive\";  //! ADJ020\n"
                  + "    return Math.log(x);\n  }\n"),
              foo("  static boolean positive(double x) {\n    return x > 0;\n  }\n\n"
                  + "  static double checked(double x) {\n    assert positive(x) : \"positive\";\n    return f(x);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Math.log(x);\n  }\n")),
          of(
              "return in a loop of a vector-valued method made break", "ADJ021",
              "Store the result in a local array, leave the loop with break, and return after it",
              foo("  @Differentiable\n  static double[] f(double x) {\n    double[] r = new double[2];\n"
                  + "    for (int k = 0; k < 50; k++) {\n      r[0] += x / (k + 1);\n      r[1] += x * x / (k + 1);\n"
                  + "      if (r[0] > 10) {\n        return r;  //! ADJ021\n      }\n    }\n    return r;\n  }\n"),
              foo("  @Differentiable\n  static double[] f(double x) {\n    double[] r = new double[2];\n"
                  + "    for (int k = 0; k < 50; k++) {\n      r[0] += x / (k + 1);\n      r[1] += x * x / (k + 1);\n"
                  + "      if (r[0] > 10) {\n        break;\n      }\n    }\n    return r;\n  }\n")),
          computing(
              "thrown message joined with +", "ADJ022", "a message joined with + from string literals, String values (constants, parameters, fields) and numbers",
              foo("  @Differentiable\n  static double f(double x) {\n    if (x <= 0) {\n"
                  + "      throw new IllegalArgumentException(String.valueOf(x));  //! ADJ022\n    }\n"
                  + "    return x * Math.log(x);\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    if (x <= 0) {\n"
                  + "      throw new IllegalArgumentException(\"x must be positive: \" + x);\n    }\n"
                  + "    return x * Math.log(x);\n  }\n")),
          computing(
              "checked exception thrown made unchecked", "ADJ022", "a new unchecked exception",
              foo("  @Differentiable\n  static double f(double x) throws Exception {\n    if (x <= 0) {\n"
                  + "      throw new Exception(\"x must be positive\");  //! ADJ022\n    }\n"
                  + "    return x * Math.log(x);\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    if (x <= 0) {\n"
                  + "      throw new IllegalArgumentException(\"x must be positive\");\n    }\n"
                  + "    return x * Math.log(x);\n  }\n")),
          of(
              "case falling through ended with break", "ADJ023", "End the case with break",
              SWITCH_HEAD + "    double y = x;\n    switch (type) {\n      case 0:\n"
                  + "        y = y * x;  //! ADJ023\n      case 1:\n        y = y + x;\n        break;\n"
                  + "      default:\n        y = -y;\n    }\n    return y;\n  }\n}\n",
              SWITCH_HEAD + "    double y = x;\n    switch (type) {\n      case 0:\n"
                  + "        y = y * x;\n        break;\n      case 1:\n        y = y + x;\n        break;\n"
                  + "      default:\n        y = -y;\n    }\n    return y;\n  }\n}\n"),
          of(
              "break mid-case made if/else", "ADJ023", "Use if/else inside the case so that its break is its last statement",
              SWITCH_HEAD + "    double y = x;\n    switch (type) {\n      case 0:\n        if (x > 1) {\n"
                  + "          break;  //! ADJ023\n        }\n        y = y * x;\n        break;\n"
                  + "      default:\n        y = -y;\n    }\n    return y;\n  }\n}\n",
              SWITCH_HEAD + "    double y = x;\n    switch (type) {\n      case 0:\n        if (!(x > 1)) {\n"
                  + "          y = y * x;\n        }\n        break;\n"
                  + "      default:\n        y = -y;\n    }\n    return y;\n  }\n}\n"),
          of(
              "yield moved to the end of its case", "ADJ023", "Assign the value to a local variable and yield that at the end",
              SWITCH_HEAD + "    double y = switch (type) {\n      case 0 -> {\n        double t = x * x;\n"
                  + "        if (t > 1) {\n          yield t;  //! ADJ023\n        }\n        yield -t;\n      }\n"
                  + "      default -> x;\n    };\n    return y;\n  }\n}\n",
              SWITCH_HEAD + "    double y = switch (type) {\n      case 0 -> {\n        double t = x * x;\n"
                  + "        double r = -t;\n        if (t > 1) {\n          r = t;\n        }\n        yield r;\n      }\n"
                  + "      default -> x;\n    };\n    return y;\n  }\n}\n"),
          of(
              "selector calling a method stored in a local", "ADJ023", "Store the selector in a local variable and switch on that",
              SWITCH_HEAD + "    return 1 + switch (Math.floorMod(type, 2)) {  //! ADJ023\n"
                  + "      case 0 -> x;\n      default -> -x;\n    };\n  }\n}\n",
              SWITCH_HEAD + "    int parity = Math.floorMod(type, 2);\n    return 1 + switch (parity) {\n"
                  + "      case 0 -> x;\n      default -> -x;\n    };\n  }\n}\n"),
          of(
              "switch expression running statements stored in a local", "ADJ023", "Store it in a local variable first",
              SWITCH_HEAD + "    return 1 + switch (type) {\n      case 0 -> {  //! ADJ023\n        double t = x * x;\n"
                  + "        yield t;\n      }\n      default -> x;\n    };\n  }\n}\n",
              SWITCH_HEAD + "    double s = switch (type) {\n      case 0 -> {\n        double t = x * x;\n"
                  + "        yield t;\n      }\n      default -> x;\n    };\n    return 1 + s;\n  }\n}\n"),
          of(
              "object made outside, its numbers passed in", "ADJ030",
              "Create the object outside and pass in the numbers it holds",
              foo("  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] weights = new double[] {1, 2};  //! ADJ038\n"
                  + "    java.util.Random r = new java.util.Random(1);  //! ADJ037 ADJ030\n"
                  + "    return x * weights[0];\n  }\n"),
              foo("  @Differentiable\n  static double f(double x, double[] weights) {\n"
                  + "    return x * weights[0];\n  }\n")),
          computing(
              "lambda written inline", "ADJ031", "Write the computation inline",
              foo("  @Differentiable\n  static double f(double x) {\n"
                  + "    java.util.function.DoubleUnaryOperator sq = t -> t * t;  //! ADJ037 ADJ031\n"
                  + "    return sq.applyAsDouble(x);  //! ADJ080\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n")),
          computing(
              "field write made a local", "ADJ032", "Use a local variable",
              foo("  static double last;\n\n  @Differentiable\n  static double f(double x) {\n"
                  + "    last = x * x;  //! ADJ032\n    return last + x;\n  }\n"),
              foo("  static double last;\n\n  @Differentiable\n  static double f(double x) {\n"
                  + "    double square = x * x;\n    return square + x;\n  }\n")),
          computing(
              "helper made to return double", "ADJ033", "make it return double",
              foo("  static float half(double x) {\n    return (float) (x / 2);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;  //! ADJ033\n  }\n"),
              foo("  static double half(double x) {\n    return x / 2;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;\n  }\n")),
          computing(
              "int helper that changes the array it is given made to read it only", "ADJ034",
              "make it only read the array (copy what it changes into a local array of its own)",
              foo("  static int positives(double[] p) {\n    int n = 0;\n"
                  + "    for (int i = 0; i < p.length; i++) {\n      p[i] = Math.max(p[i], 0);\n"
                  + "      n += p[i] > 0 ? 1 : 0;\n    }\n    return n;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = new double[2];\n"
                  + "    a[0] = x;\n    a[1] = x - 1;\n    return positives(a) * x * a[1];  //! ADJ034\n  }\n"),
              foo("  static int positives(double[] p) {\n    double[] q = new double[p.length];\n"
                  + "    int n = 0;\n    for (int i = 0; i < p.length; i++) {\n      q[i] = Math.max(p[i], 0);\n"
                  + "      n += q[i] > 0 ? 1 : 0;\n    }\n    return n;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = new double[2];\n"
                  + "    a[0] = x;\n    a[1] = x - 1;\n    return positives(a) * x * a[1];\n  }\n")),
          computing(
              "private void helper filling the array it is given made to return a new one", "ADJ034",
              "make it create, fill and return a new array, and declare a local from its call",
              foo("  private static void fill(double[] out, double x) {\n    out[0] = x * x;\n"
                  + "    out[1] = Math.sin(x);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = new double[2];\n"
                  + "    fill(a, x);  //! ADJ034\n    return a[0] * a[1] + x;\n  }\n"),
              foo("  private static double[] fill(double x) {\n    double[] out = new double[2];\n"
                  + "    out[0] = x * x;\n    out[1] = Math.sin(x);\n    return out;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = fill(x);\n"
                  + "    return a[0] * a[1] + x;\n  }\n")),
          computing(
              "private void helper filling the array it is given made into element helpers", "ADJ034",
              "or compute each element with a method returning double",
              foo("  private static void fill(double[] out, double x) {\n    out[0] = x * x;\n"
                  + "    out[1] = Math.sin(x);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = new double[2];\n"
                  + "    fill(a, x);  //! ADJ034\n    return a[0] * a[1] + x;\n  }\n"),
              foo("  private static double first(double x) {\n    return x * x;\n  }\n\n"
                  + "  private static double second(double x) {\n    return Math.sin(x);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double[] a = new double[2];\n"
                  + "    a[0] = first(x);\n    a[1] = second(x);\n    return a[0] * a[1] + x;\n  }\n")),
          computing(
              "helper keeping a derivative in a field made to return it", "ADJ034",
              "return the value instead",
              foo("  private static double seen;\n\n"
                  + "  private static void remember(double v) {\n    seen = v * v;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    remember(x * 2);  //! ADJ034\n"
                  + "    return x + seen;\n  }\n"),
              foo("  private static double remembered(double v) {\n    return v * v;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double seen = remembered(x * 2);\n"
                  + "    return x + seen;\n  }\n")),
          computing(
              "helper's result passed in", "ADJ033", "compute its result outside and pass it in as a parameter",
              foo("  static float half(double x) {\n    return (float) (x / 2);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;  //! ADJ033\n  }\n"),
              foo("  static float half(double x) {\n    return (float) (x / 2);\n  }\n\n"
                  + "  @Differentiable(wrt = \"x\")\n  static double g(double x, double halved) {\n"
                  + "    return halved + x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x;\n  }\n")),
          computing(
              "private differentiable callee made package-private", "ADJ034", "make it package-private",
              foo("  @Differentiable\n  private static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Other.cube(x) + x;  //! ADJ034\n  }\n"
                  + "}\n\nclass Other {\n  @Differentiable\n  private static double cube(double x) {\n"
                  + "    return x * x * x;\n  }\n"),
              foo("  @Differentiable\n  private static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Other.cube(x) + x;\n  }\n"
                  + "}\n\nclass Other {\n  @Differentiable\n  static double cube(double x) {\n"
                  + "    return x * x * x;\n  }\n")),
          computing(
              "function without a rule replaced", "ADJ035", "Use a function with a derivative",
              foo("  @Differentiable\n  static double f(double x) {\n    return Math.scalb(x, 2);  //! ADJ035\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    return x * 4.0;\n  }\n")),
          computing(
              "random number drawn outside", "ADJ036", "Draw the random numbers outside and pass them in",
              foo("  @Differentiable\n  static double f(double x) {\n    double noise = Math.random();  //! ADJ036\n"
                  + "    return x * x + noise;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  static double g(double x, double noise) {\n"
                  + "    return x * x + noise;\n  }\n\n  @Differentiable\n  static double f(double x) {\n"
                  + "    return g(x, 0.25);\n  }\n")),
          computing(
              "float local made double", "ADJ037", "use double",
              foo("  @Differentiable\n  static double f(double x) {\n    float scale = 2;  //! ADJ037\n"
                  + "    return scale * x;  //! ADJ037\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    double scale = 2;\n"
                  + "    return scale * x;\n  }\n")),
          computing(
              "matrix made in a loop passed on row by row", "ADJ038", "pass its rows m[i] one by one",
              foo("  @Differentiable\n  static double sum(double[][] m) {\n    return m[0][0] + m[1][1];\n  }\n\n"
                  + "  @Differentiable\n  static double sum(double[] p) {\n    return p[0] + p[1];\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
                  + "    for (int i = 0; i < 3; i++) {\n      double[][] m = new double[2][2];\n"
                  + "      m[0][0] = x * i;\n      m[1][1] = x + i;\n      s += sum(m);  //! ADJ038\n    }\n    return s;\n  }\n"),
              foo("  @Differentiable\n  static double sum(double[][] m) {\n    return m[0][0] + m[1][1];\n  }\n\n"
                  + "  @Differentiable\n  static double sum(double[] p) {\n    return p[0] + p[1];\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
                  + "    for (int i = 0; i < 3; i++) {\n      double[][] m = new double[2][2];\n"
                  + "      m[0][0] = x * i;\n      m[1][1] = x + i;\n      s += sum(m[0]) + sum(m[1]);\n    }\n    return s;\n  }\n")),
          computing(
              "assignment made a statement", "ADJ039", "as a statement of its own",
              foo("  @Differentiable\n  static double f(double x) {\n    double y;\n"
                  + "    double z = (y = x * x) + 1;  //! ADJ039\n    return y * z;\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    double y = x * x;\n"
                  + "    double z = y + 1;\n    return y * z;\n  }\n")),
          computing(
              "private nested class holding a field declared without private", "ADJ040", "Declare Tables without `private`",
              foo("  private static class Tables {\n    static double scale = 3;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Tables.scale * x * x;  //! ADJ040\n  }\n"),
              foo("  static class Tables {\n    private static double scale = 3;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Tables.scale * x * x;\n  }\n")),
          computing(
              "another object's field passed in", "ADJ041", "Pass its value in as a parameter",
              foo("  double weight = 2;\n\n  @Differentiable\n  double g(double x, Foo other) {\n"
                  + "    return x * other.weight;  //! ADJ041\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n"),
              foo("  double weight = 2;\n\n  @Differentiable(wrt = \"x\")\n  double g(double x, double otherWeight) {\n"
                  + "    return x * otherWeight;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n")),
          computing(
              "instanceof computed outside", "ADJ042", "Compute it outside and pass the result",
              foo("  @Differentiable\n  double g(double x) {\n    boolean isFoo = this instanceof Foo;  //! ADJ042\n"
                  + "    return isFoo ? x : -x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  double g(double x, boolean isFoo) {\n"
                  + "    return isFoo ? x : -x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n")),
          computing(
              "callee's wrt widened", "ADJ044", "Add \"scale\" to that method's wrt",
              foo("  @Differentiable(wrt = \"x\")\n  static double g(double x, double scale) {\n    return scale * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return g(x, x);  //! ADJ044\n  }\n"),
              foo("  @Differentiable(wrt = {\"x\", \"scale\"})\n  static double g(double x, double scale) {\n    return scale * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return g(x, x);\n  }\n")),
          computing(
              "@GradientOf with the signature the message gives", "ADJ045",
              "static double name(P..., double[] grad)",
              foo("  static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @GradientOf(\"square\")\n  static double squareGradient(double x) {  //! ADJ045\n    return 2 * x;\n  }\n\n"
                  + "  @Differentiable(order = 1)\n  static double f(double x) {\n    return square(x);\n  }\n"),
              foo("  static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @GradientOf(\"square\")\n  static double squareGradient(double x, double[] grad) {\n"
                  + "    grad[0] = 2 * x;\n    return square(x);\n  }\n\n"
                  + "  @Differentiable(order = 1)\n  static double f(double x) {\n    return square(x);\n  }\n")),
          computing(
              "@HessianVectorOf added", "ADJ046", "@HessianVectorOf",
              foo(CUBE + "  @Differentiable\n  static double f(double x) {\n    return cube(x);  //! ADJ046\n  }\n"),
              foo(CUBE + CUBE_HESSIAN_VECTOR + "  @Differentiable\n  static double f(double x) {\n    return cube(x);\n  }\n")),
          computing(
              "caller made first order", "ADJ046", "@Differentiable(order = 1)",
              foo(CUBE + "  @Differentiable\n  static double f(double x) {\n    return cube(x);  //! ADJ046\n  }\n"),
              foo(CUBE + "  @Differentiable(order = 1)\n  static double f(double x) {\n    return cube(x);\n  }\n")),
          computing(
              "@HessianVectorOf with the signature the message gives", "ADJ047",
              "static double name(P..., double[] v, double[] grad, double[] hv)",
              foo(CUBE + "  @HessianVectorOf(\"cube\")\n"
                  + "  static double cubeHessianVector(double x, double[] grad, double[] hv) {  //! ADJ047\n"
                  + "    return cubeGradient(x, grad);\n  }\n\n"
                  + "  @Differentiable(order = 1)\n  static double f(double x) {\n    return cube(x);\n  }\n"),
              foo(CUBE + CUBE_HESSIAN_VECTOR
                  + "  @Differentiable\n  static double f(double x) {\n    return cube(x);\n  }\n")),
          computing(
              "@DerivativeOf with the generated method's parameters", "ADJ049", "with the same parameters",
              foo("  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n\n"
                  + "  @DerivativeOf(\"f\")\n  static double fGradientFast(double x) {  //! ADJ049\n    return 2 * x;\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n\n"
                  + "  @DerivativeOf(\"f\")\n  static double fGradientFast(double x, double[] grad) {\n"
                  + "    grad[0] = 2 * x;\n    return x * x;\n  }\n")),
          computing(
              "list parameter made an array", "ADJ015", "use double or double[]",
              foo("  @Differentiable\n  static double g(double x, java.util.List<Double> ys) {  //! ADJ015\n"
                  + "    return x * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n"),
              foo("  @Differentiable\n  static double g(double x, double[] ys) {\n"
                  + "    return x * x + ys[0];\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return x * x;\n  }\n")),
          of(
              "object a call returns passed in as a parameter", "ADJ080",
              "Call it on a field or parameter holding the object",
              foo(SCALE + "  static Scale scale() {\n    return new Scale();\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return scale().apply(x) * x;  //! ADJ080\n  }\n"),
              foo(SCALE + "  @Differentiable\n  static double f(double x, Scale scale) {\n    return scale.apply(x) * x;\n  }\n")),
          computing(
              "library call wrapped and given a @GradientOf", "ADJ081",
              "Call it from a static method of yours and give that wrapper a @GradientOf method beside it",
              foo("  @Differentiable\n  static double f(double x) {\n    return Double.sum(x, 1) * x;  //! ADJ081\n  }\n"),
              foo("  static double plusOne(double x) {\n    return Double.sum(x, 1);\n  }\n\n"
                  + "  @GradientOf(\"plusOne\")\n  static double plusOneGradient(double x, double[] grad) {\n"
                  + "    grad[0] = 1;\n    return plusOne(x);\n  }\n\n"
                  + "  @HessianVectorOf(\"plusOne\")\n"
                  + "  static double plusOneHessianVector(double x, double[] v, double[] grad, double[] hv) {\n"
                  + "    hv[0] = 0;\n    return plusOneGradient(x, grad);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return plusOne(x) * x;\n  }\n")),
          computing(
              "library call given only data", "ADJ081",
              "pass it only values that do not depend on the differentiated parameters",
              foo("  @Differentiable\n  static double f(double x) {\n    return Double.sum(x, 1) * x;  //! ADJ081\n  }\n"),
              foo("  @Differentiable\n  static double f(double x) {\n    return (x + Double.sum(0, 1)) * x;\n  }\n")),
          of(
              "instance helper made final", "ADJ082", "Make the method final",
              foo("  double k = 2;\n\n  double scaled(double x) {\n    return k * x;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return scaled(x) * x;  //! ADJ082\n  }\n"),
              foo("  double k = 2;\n\n  final double scaled(double x) {\n    return k * x;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return scaled(x) * x;\n  }\n")),
          of(
              "vector callee of order 1 given second derivatives", "ADJ046", "remove order = 1 there",
              foo(heldPair("    @Differentiable(order = 1)\n", "")
                  + "  @Differentiable\n  double f(double x) {\n"
                  + "    double[] p = pair.of(x);  //! ADJ046\n    return p[0] * p[1];\n  }\n"),
              foo(heldPair("    @Differentiable\n", "")
                  + "  @Differentiable\n  double f(double x) {\n"
                  + "    double[] p = pair.of(x);\n    return p[0] * p[1];\n  }\n")),
          of(
              "caller of a vector callee of order 1 made first order", "ADJ046",
              "@Differentiable(order = 1)",
              foo(heldPair("    @Differentiable(order = 1)\n", "")
                  + "  @Differentiable\n  double f(double x) {\n"
                  + "    double[] p = pair.of(x);  //! ADJ046\n    return p[0] * p[1];\n  }\n"),
              foo(heldPair("    @Differentiable(order = 1)\n", "")
                  + "  @Differentiable(order = 1)\n  double f(double x) {\n"
                  + "    double[] p = pair.of(x);\n    return p[0] * p[1];\n  }\n")),
          of(
              "vector callee's call for effect made by its caller", "ADJ089",
              "make its calls for effect outside it",
              foo(heldPair("    @Differentiable\n", "      count();\n")
                  + "  @Differentiable\n  double f(double x) {\n"
                  + "    double[] p = pair.of(x);  //! ADJ089\n    return p[0] * p[1];\n  }\n"),
              foo(heldPair("    @Differentiable\n", "")
                  + "  @Differentiable\n  double f(double x) {\n    Pair.count();\n"
                  + "    double[] p = pair.of(x);\n    return p[0] * p[1];\n  }\n")),
          of(
              "field's array copied into a local array for a vector callee", "ADJ089",
              "copy the array's elements into a local array",
              foo(WEIGHTED_PAIR
                  + "  @Differentiable(wrt = \"x\")\n  double f(double x) {\n    count();\n"
                  + "    double[] p = pair.of(weights, x);  //! ADJ089\n    return p[0] * p[1];\n  }\n"),
              foo(WEIGHTED_PAIR
                  + "  @Differentiable(wrt = \"x\")\n  double f(double x) {\n    count();\n"
                  + "    double[] w = new double[2];\n    w[0] = weights[0];\n    w[1] = weights[1];\n"
                  + "    double[] p = pair.of(w, x);\n    return p[0] * p[1];\n  }\n")),
          of(
              "held object's vector method with calls for effect after it", "ADJ089",
              "make the calls for effect after it outside this method",
              foo(WEIGHTED_PAIR
                  + "  @Differentiable(wrt = \"x\")\n  double f(double x) {\n"
                  + "    double[] w = new double[2];\n    w[0] = 1;\n    w[1] = 2;\n"
                  + "    double[] p = pair.of(w, x);  //! ADJ089\n    count();\n"
                  + "    return p[0] * p[1];\n  }\n"),
              foo(WEIGHTED_PAIR
                  + "  @Differentiable(wrt = \"x\")\n  double f(double x) {\n"
                  + "    double[] w = new double[2];\n    w[0] = 1;\n    w[1] = 2;\n"
                  + "    double[] p = pair.of(w, x);\n    return p[0] * p[1];\n  }\n")),
          of(
              "checkpointed loop calling a vector callee left unchecked", "ADJ072",
              "leave @Checkpointed off this loop",
              foo(heldPair("    @Differentiable\n", "")
                  + "  @Differentiable\n  @Checkpointed(snapshots = 2)\n  double f(double x) {\n"
                  + "    double s = x;\n    for (int i = 0; i < 4; i++) {  //! ADJ072\n"
                  + "      double[] p = pair.of(s);\n      s = p[0] * 0.5 + p[1];\n    }\n"
                  + "    return s;\n  }\n"),
              foo(heldPair("    @Differentiable\n", "")
                  + "  @Differentiable\n  double f(double x) {\n"
                  + "    double s = x;\n    for (int i = 0; i < 4; i++) {\n"
                  + "      double[] p = pair.of(s);\n      s = p[0] * 0.5 + p[1];\n    }\n"
                  + "    return s;\n  }\n")),
          computing(
              "vector helper's result declared as a local", "ADJ038",
              "when its result declares a local, double[] name = helper(...)",
              foo(PAIR + "  @Differentiable\n  static double f(double x) {\n"
                  + "    return pair(x)[0] * pair(x)[1];  //! ADJ038 ADJ038\n  }\n"),
              foo(PAIR + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);\n    return p[0] * p[1];\n  }\n")),
          computing(
              "vector helper ending in its only return", "ADJ038",
              "returns one of its local arrays by name in its last statement only",
              foo("  static double[] pair(double x) {\n    double[] r = new double[2];\n"
                  + "    r[0] = x * x;\n    if (x > 5) {\n      return r;\n    }\n    r[1] = 3 * x;\n"
                  + "    return r;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);  //! ADJ038\n    return p[0] + p[1];\n  }\n"),
              foo("  static double[] pair(double x) {\n    double[] r = new double[2];\n"
                  + "    r[0] = x * x;\n    if (x <= 5) {\n      r[1] = 3 * x;\n    }\n"
                  + "    return r;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);\n    return p[0] + p[1];\n  }\n")),
          computing(
              "vector helper of another class as components", "ADJ038",
              "compute each component you need with a method returning double",
              foo(PRIVATE_PAIRS
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = Pairs.pair(x);  //! ADJ038\n    return p[0] * p[1];\n  }\n"),
              foo("  static final class Pairs {\n    static double first(double x) {\n"
                  + "      return x * x;\n    }\n\n    static double second(double x) {\n"
                  + "      return 3 * x;\n    }\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    return Pairs.first(x) * Pairs.second(x);\n  }\n")),
          computing(
              "vector helper of another class annotated, called through its companion", "ADJ038",
              "annotate it @Differentiable",
              foo(PRIVATE_PAIRS
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = Pairs.pair(x);  //! ADJ038\n    return p[0] * p[1];\n  }\n"),
              foo(PRIVATE_PAIRS.replace("    static double[] pair", "    @Differentiable\n    static double[] pair")
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = Pairs.pair(x);\n    return p[0] * p[1];\n  }\n")),
          computing(
              "vector helper of another class reading a private constant", "ADJ038",
              "make it package-private",
              foo(PRIVATE_PAIRS
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = Pairs.pair(x);  //! ADJ038\n    return p[0] * p[1];\n  }\n"),
              foo(PRIVATE_PAIRS.replace("private static final", "static final")
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = Pairs.pair(x);\n    return p[0] * p[1];\n  }\n")),
          computing(
              "vector helper read in place fixed as reported", "ADJ084", "Fix it as reported",
              FLOAT_PAIR + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);  //! ADJ084\n    return p[0] * p[1];\n  }\n}\n",
              foo(PAIR + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);\n    return p[0] * p[1];\n  }\n")),
          computing(
              "vector helper read in place replaced by components", "ADJ084",
              "compute each component you need with a method returning double",
              FLOAT_PAIR + "  @Differentiable\n  static double f(double x) {\n"
                  + "    double[] p = pair(x);  //! ADJ084\n    return p[0] * p[1];\n  }\n}\n",
              foo("  static double first(double x) {\n    return x * x;\n  }\n\n"
                  + "  static double second(double x) {\n    return 3 * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n"
                  + "    return first(x) * second(x);\n  }\n")),
          of(
              "interface-typed field given a final class's type", "ADJ082",
              "declare the field or parameter holding the object with the type of a final class",
              foo(LINK + "  final Link link = new Square();\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return link.apply(x) * x;  //! ADJ082\n  }\n"),
              foo(LINK + "  final Square link = new Square();\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return link.apply(x) * x;\n  }\n")),
          computing(
              "implicit helper fixed as reported", "ADJ083", "Fix it as reported",
              foo(FLOAT_HELPER + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;  //! ADJ083\n  }\n"),
              foo("  static double half(double x) {\n    double h = 0.5;\n    return h * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;\n  }\n")),
          computing(
              "implicit helper given a @GradientOf", "ADJ083", "give it a @GradientOf method beside it",
              foo(FLOAT_HELPER + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;  //! ADJ083\n  }\n"),
              foo("  static double half(double x) {\n    float h = 0.5f;\n    return h * x;\n  }\n\n"
                  + "  @GradientOf(\"half\")\n  static double halfGradient(double x, double[] grad) {\n"
                  + "    grad[0] = 0.5;\n    return half(x);\n  }\n\n"
                  + "  @HessianVectorOf(\"half\")\n"
                  + "  static double halfHessianVector(double x, double[] v, double[] grad, double[] hv) {\n"
                  + "    hv[0] = 0;\n    return halfGradient(x, grad);\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;\n  }\n")),
          computing(
              "implicit helper given only data", "ADJ083",
              "pass it only values that do not depend on the differentiated parameters",
              foo(FLOAT_HELPER + "  @Differentiable\n  static double f(double x) {\n    return half(x) + x;  //! ADJ083\n  }\n"),
              foo("  static double half(double x) {\n    float h = 0.5f;\n    return h * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return half(2.0) * x;\n  }\n")),
          of(
              "loop to checkpoint labelled", "ADJ070", "Label the loop to checkpoint",
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4)  //! ADJ070\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n"
                  + "    for (int i = 0; i < n; i++) {\n      s = Math.sin(s);\n    }\n"
                  + "    for (int i = 0; i < n; i++) {\n      s = Math.cos(s);\n    }\n    return s;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4, loop = \"steps\")\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n"
                  + "    steps:\n    for (int i = 0; i < n; i++) {\n      s = Math.sin(s);\n    }\n"
                  + "    for (int i = 0; i < n; i++) {\n      s = Math.cos(s);\n    }\n    return s;\n  }\n")),
          of(
              "checkpointed loop made counted, with a flag for break", "ADJ071", "store a flag instead of break",
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4)\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n"
                  + "    for (int i = 0; i < n; i++) {  //! ADJ071\n      if (s > 10) {\n        break;\n      }\n"
                  + "      s = s * 1.5;\n    }\n    return s;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4)\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n    boolean done = false;\n"
                  + "    for (int i = 0; i < n; i++) {\n      if (s > 10) {\n        done = true;\n      }\n"
                  + "      if (!done) {\n        s = s * 1.5;\n      }\n    }\n    return s;\n  }\n")),
          of(
              "long state of a checkpointed loop made int", "ADJ072", "make it an int",
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4)\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n    long count = 0;\n"
                  + "    for (int i = 0; i < n; i++) {  //! ADJ072\n      count += i;\n      s = s * 0.5 + count;\n    }\n"
                  + "    return s;\n  }\n"),
              foo("  @Differentiable(wrt = \"x\")\n  @Checkpointed(snapshots = 4)\n"
                  + "  static double f(double x, int n) {\n    double s = x;\n    int count = 0;\n"
                  + "    for (int i = 0; i < n; i++) {\n      count += i;\n      s = s * 0.5 + count;\n    }\n"
                  + "    return s;\n  }\n")));

  /** {@code count} branches that return on some paths, or the same computation returning once. */
  private static String tangled(int count, boolean manyReturns) {
    StringBuilder body = new StringBuilder("  @Differentiable\n  static double f(double x) {");
    body.append(manyReturns ? "  //! ADJ006\n" : "\n");
    body.append("    double z = x;\n    boolean done = false;\n");
    for (int i = 0; i < count; i++) {
      double bound = 0.05 * i;
      if (manyReturns) {
        body.append("    if (x > " + bound + ") { if (z > " + (bound + 3) + ") { return z; } z = z * 1.01; }\n");
      } else {
        body.append("    if (!done && x > " + bound + ") { if (z > " + (bound + 3) + ") { done = true; } else { z = z * 1.01; } }\n");
      }
    }
    return body.append("    return z + x;\n  }\n").toString();
  }
}
