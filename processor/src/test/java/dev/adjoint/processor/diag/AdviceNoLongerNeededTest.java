package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import org.junit.jupiter.api.Test;

/**
 * FIXED (issue 16, items 1-4; was findings/diagnostic-advice/AdviceThatDoesNotWorkTest): ADJ033
 * advised annotating a private static, an instance and an {@code int} helper, which then got
 * ADJ034 or ADJ011, and errors inside a switch were not reported. The helpers now compile as
 * written (an overridable instance helper gets ADJ082, whose advice {@link AdviceFollowedTest}
 * covers, as it covers ADJ040's for a field of a private nested class), and a switch's cases are
 * checked with the rest of the method.
 */
class AdviceNoLongerNeededTest {

  @Test
  void privateStaticHelperCompilesWithOrWithoutAnnotation() throws Exception {
    String helper = "  private static double square(double x) {\n    return x * x;\n  }\n\n";
    String f = "  @Differentiable\n  static double f(double x) {\n    return square(x) + x;\n  }\n";
    Advice.checkGradientOfF(expectClean("p.Foo", foo(helper + f)));
    Advice.checkGradientOfF(expectClean("p.Foo", foo("  @Differentiable\n" + helper + f)));
  }

  @Test
  void intGetterIsData() {
    expectClean(
        "p.Foo",
        foo("  int n = 3;\n\n  int getDimension() {\n    return n;\n  }\n\n"
            + "  @Differentiable\n  double g(double x) {\n    return x * getDimension();\n  }\n"));
  }

  /** Every error in one compilation, inside a switch's cases too. */
  @Test
  void errorsInsideASwitchAreReported() {
    expectErrors(
        "p.Foo",
        foo("  @Differentiable(wrt = \"x\")\n  static double f(double x, int type) {\n"
            + "    double y = x;\n    switch (type) {\n      case 0:\n"
            + "        y = y * x;  //! ADJ023\n      case 1:\n"
            + "        y = y + Math.random();  //! ADJ036\n        break;\n"
            + "      default:\n        y = -y;\n    }\n    return y;\n  }\n"));
  }
}
