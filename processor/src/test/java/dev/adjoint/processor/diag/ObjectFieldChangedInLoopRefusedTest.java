package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import org.junit.jupiter.api.Test;

/**
 * A String or enum field that a helper called for its effect changes, read inside a loop, is
 * refused on its line: the backward sweep restores numbers from the tape, and read afresh the
 * field would be its value after the last iteration. Found in review: the enum case gave a wrong
 * gradient (9.0 for 4x + 3 at x = 0.71) and the String case generated code that did not compile.
 * An int field in the same shape is read into a taped local and is right.
 */
class ObjectFieldChangedInLoopRefusedTest {
  private static final String FLIP =
      "  enum Kind { A, B }\n  private static Kind kind = Kind.A;\n"
          + "  private static void flip() { kind = kind == Kind.A ? Kind.B : Kind.A; }\n"
          + "  private static void reset() { kind = Kind.A; }\n";

  @Test
  void enumFieldChangedByAHelperInALoopIsRefused() {
    expectErrors(
        "p.Foo",
        foo(FLIP
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int k = 0; k < 3; k++) {  //! ADJ042\n"
            + "      if (kind == Kind.A) {\n        s += x * x;\n      } else {\n"
            + "        s += 3 * x;\n      }\n      flip();\n    }\n    return s;\n  }\n"));
  }

  @Test
  void stringFieldChangedByAHelperInALoopIsRefused() {
    expectErrors(
        "p.Foo",
        foo("  private static String mode = \"a\";\n"
            + "  private static void flip() { mode = mode.equals(\"a\") ? \"b\" : \"a\"; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int k = 0; k < 3; k++) {\n"
            + "      switch (mode) {  //! ADJ042\n        case \"a\" -> s += x * x;\n"
            + "        default -> s += 3 * x;\n      }\n      flip();\n    }\n    return s;\n  }\n"));
  }

  @Test
  void theSameFieldReadOutsideTheLoopCompilesAndIsRight() throws Exception {
    Advice.checkGradientOfF(
        expectClean(
            "p.Foo",
            foo(FLIP
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = kind == Kind.A ? x * x : 3 * x;\n    flip();\n"
                + "    return s + (kind == Kind.A ? x : 2 * x);\n  }\n")));
  }
}
