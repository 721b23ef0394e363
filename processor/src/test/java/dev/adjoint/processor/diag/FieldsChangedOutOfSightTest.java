package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A data helper that changes a field where {@code read/FieldWrites} did not look: in a constructor
 * it calls ({@code new}, the constructor's body, its class's initializers, its superclass's
 * constructor; writing a static field or an array it is given), through a method reference or a
 * lambda, or in an override of the method it calls (a subclass's, an enum constant's, a lambda's
 * for an interface). Each makes the field's read after the call, in the same statement, read what
 * the call left, as Java does; on main at 48031bd each gave a wrong value (the read taken before
 * the call) or gradient. Every kind is checked against differences of the original, which resets
 * its fields.
 */
class FieldsChangedOutOfSightTest {
  private static final String COUNTER =
      "  private static int n = 5;\n  private static void reset() { n = 5; }\n"
          + "  private static int dec() { n = n - 1; return n; }\n";

  private static final String WEIGHTS =
      "  private static final double[] w = {1, 2};\n"
          + "  private static void reset() { w[0] = 1; w[1] = 2; }\n";

  /** f reads n, calls next() (which may change n) and reads n again in one statement, in a loop. */
  private static final String F_COUNTER =
      "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
          + "    for (int i = 0; i < 2; i++) {\n      double a = x * n;\n"
          + "      s += a * x + next() * x * x + n * Math.sin(x);\n    }\n    return s;\n  }\n";

  /** f reads w[0], calls next() (which may change it) and reads it again in one statement. */
  private static final String F_WEIGHTS =
      "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
          + "    for (int i = 0; i < 2; i++) {\n      double a = w[0] * x;\n"
          + "      s += a * x + next() * x * x + w[0] * Math.sin(x);\n    }\n    return s;\n  }\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("constructor writes a static field", COUNTER
            + "  static final class Bump {\n    Bump() {\n      dec();\n    }\n  }\n"
            + "  private static int next() {\n    Bump b = new Bump();\n    return b == null ? 0 : 1;\n  }\n"
            + F_COUNTER),
        Arguments.of("constructor called as a statement", COUNTER
            + "  static final class Bump {\n    Bump() {\n      n = n - 1;\n    }\n  }\n"
            + "  private static int next() {\n    new Bump();\n    return 1;\n  }\n"
            + F_COUNTER),
        Arguments.of("constructor writes an element of an array it is given", WEIGHTS
            + "  static final class Scaler {\n    Scaler(double[] a) {\n      a[0] = a[0] * 2;\n    }\n  }\n"
            + "  private static int next() {\n    Scaler s = new Scaler(w);\n    return s == null ? 0 : 1;\n  }\n"
            + F_WEIGHTS),
        Arguments.of("field initializer of the class made", COUNTER
            + "  static final class Made {\n    final int k = dec();\n  }\n"
            + "  private static int next() {\n    return new Made().k;\n  }\n"
            + F_COUNTER),
        Arguments.of("superclass constructor", COUNTER
            + "  static class Base {\n    Base() {\n      n = n - 1;\n    }\n  }\n"
            + "  static final class Made extends Base {\n    final int k = 2;\n  }\n"
            + "  private static int next() {\n    return new Made().k;\n  }\n"
            + F_COUNTER),
        Arguments.of("method reference called through an interface", COUNTER
            + "  private static int next() {\n"
            + "    java.util.function.IntSupplier s = Foo::dec;\n    return s.getAsInt();\n  }\n"
            + F_COUNTER),
        Arguments.of("lambda made in a field, called through an interface", COUNTER
            + "  private static final java.util.function.IntSupplier DEC = () -> {\n"
            + "    n = n - 1;\n    return n;\n  };\n"
            + "  private static int next() {\n    return DEC.getAsInt();\n  }\n"
            + F_COUNTER),
        Arguments.of("override in a subclass", COUNTER
            + "  static class Counter {\n    int step() {\n      return 1;\n    }\n  }\n"
            + "  static final class Down extends Counter {\n"
            + "    @Override\n    int step() {\n      return dec();\n    }\n  }\n"
            + "  private static final Counter C = new Down();\n"
            + "  private static int next() {\n    return C.step();\n  }\n"
            + F_COUNTER),
        Arguments.of("override in an enum constant's body", COUNTER
            + "  enum Mode {\n    DOWN {\n      @Override\n      int step() {\n        return dec();\n"
            + "      }\n    },\n    SAME;\n\n    int step() {\n      return 1;\n    }\n  }\n"
            + "  private static int next() {\n    return Mode.DOWN.step();\n  }\n"
            + F_COUNTER),
        Arguments.of("override writes an array", WEIGHTS
            + "  static class Step {\n    int step() {\n      return 1;\n    }\n  }\n"
            + "  static final class Doubler extends Step {\n"
            + "    @Override\n    int step() {\n      w[0] = w[0] * 2;\n      return 1;\n    }\n  }\n"
            + "  private static final Step STEP = new Doubler();\n"
            + "  private static int next() {\n    return STEP.step();\n  }\n"
            + F_WEIGHTS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyKindMatchesTheOriginal(String name, String members) throws Exception {
    EveryKindOfF.check(expectClean("p.Foo", foo(members)));
  }
}
