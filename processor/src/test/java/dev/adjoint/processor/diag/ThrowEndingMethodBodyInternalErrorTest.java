package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * FIXED (found running the model-code corpus on integrate at ae86482: {@code GammaSeries} and
 * {@code HuberLoss} get ADJ003): a number-valued method whose body ends in a {@code throw} instead
 * of a {@code return} (after a loop that returns from inside, or as the {@code default} of a
 * switch whose cases return) fails with an internal error, "block does not end in a return:
 * Eval[call=Call[target=Data[owner=dev.adjoint.runtime.Checks, name=raise ...". The
 * {@code throw} is read as the call {@code Checks.raise(...)}, a statement like any other, so the
 * last block of the method no longer ends in a return as later stages expect; a block ending in a
 * throw should count as ending there. Also the reason a throw inside a switch (the case of
 * AdviceThatDoesNotWorkTest, now in AdviceFollowedTest's history) cannot be tested as reported.
 * Severity: a refusal of supported code, with ADJ003 rather than a wrong number.
 */
class ThrowEndingMethodBodyInternalErrorTest {

  @Test
  void throwAfterALoopThatReturns() throws Exception {
    Compilation c =
        DiagnosticSources.expectClean(
            "p.Foo",
            foo("  @Differentiable\n  static double f(double x) {\n"
                + "    for (int n = 1; n < 50; n++) {\n      if (x * n > 1) {\n        return x * x * n;\n      }\n    }\n"
                + "    throw new ArithmeticException(\"no n\");\n  }\n"));
    Advice.checkGradientOfF(c);
  }

  @Test
  void throwAsTheDefaultOfASwitchWhoseCasesReturn() {
    DiagnosticSources.expectClean(
        "p.Foo",
        foo("  @Differentiable(wrt = \"x\")\n  static double f(double x, int type) {\n"
            + "    switch (type) {\n      case 0:\n        return x * x;\n"
            + "      default:\n        throw new IllegalArgumentException(\"type \" + type);\n    }\n  }\n"));
  }
}
