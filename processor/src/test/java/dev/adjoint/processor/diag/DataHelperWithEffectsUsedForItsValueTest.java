package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import org.junit.jupiter.api.Test;

/**
 * FIXED (found in review of issue 16's work at 8b58c72): a helper computing data that changes a
 * field and whose value is used ({@code next()} below) was taken to be pure, as README said of all
 * helpers computing data used for their value; a field read on both sides of it in one statement
 * was then read once, before the statement, for both, so the gradient's value (10.0323 at x =
 * 0.71) differed from f's (7.9023) and the gradient was wrong. What was wrong: a helper's effects
 * were read from its body only for differentiable callees, and only as calls made as statements.
 * Now {@code read/CalleeEffects} reads the body of every helper with source, transitively, for
 * field writes, element writes of arrays it may not have made and calls made as statements; such a
 * call used for its value is computed into a local before the reads that follow it, as Java
 * evaluates the statement ({@code read/FieldSnapshots}). A method without source (the JDK's)
 * called for its value is still taken to be pure, as README says.
 *
 * <p>Each case checks every generated kind against differences of the original (f resets the
 * field first, so every run starts from the same state).
 */
class DataHelperWithEffectsUsedForItsValueTest {
  private static final String COUNTER =
      "  private static int n = 3;\n  private static void reset() { n = 3; }\n"
          + "  private static int next() { n = n - 1; return n; }\n";

  @Test
  void fieldReadOnBothSidesOfAHelperThatChangesIt() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(COUNTER
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    while (n > 0) {\n"
                + "      s += x * n + x * x * next() + n * x;\n    }\n    return s;\n  }\n")));
  }

  @Test
  void helperThatChangesTheFieldThroughAnotherHelper() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo("  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                + "  private static void advance() { n--; }\n"
                + "  private static int next() { advance(); return n; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int k = 0; k < 2; k++) {\n"
                + "      s += Math.sin(n * x) + x * next() * x + n * x;\n    }\n    return s;\n  }\n")));
  }

  @Test
  void differentiableHelperCallingADataHelperWithEffects() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(COUNTER
                + "  private static double g(double x) { return x * x * next(); }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int k = 0; k < 2; k++) {\n"
                + "      s += n * x + g(x) + n * Math.exp(x);\n    }\n    return s;\n  }\n")));
  }

  @Test
  void methodWithoutSourceCalledForItsValueIsTakenToBePure() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(COUNTER
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = x * n + x * x * Integer.bitCount(n + 4) + n * x;\n"
                + "    next();\n    return s + n * x * x;\n  }\n")));
  }
}
