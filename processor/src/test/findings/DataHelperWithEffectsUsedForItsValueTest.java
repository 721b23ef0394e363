package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * OPEN (found in review of issue 16's work at 8b58c72): a data helper that changes a field and
 * whose value is used ({@code next()} below) is taken to be pure, as README says of data helpers
 * used for their value; but a field read on both sides of it in one statement then reads one
 * snapshot for both, so the gradient's value (10.0323 at x = 0.71) differs from f's (7.9023) and
 * the gradient is wrong. The helper has source: its effects can be found (as CalleeEffects does
 * for differentiable callees) and the call refused or ordered. Move this file to
 * processor/src/test/java/dev/adjoint/processor/diag/ with the fix.
 */
class DataHelperWithEffectsUsedForItsValueTest {
  @Test
  void fieldReadOnBothSidesOfAHelperThatChangesIt() throws Exception {
    Compilation c =
        DiagnosticSources.compile(
            DiagnosticSources.source(
                "p.Foo",
                foo("  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                    + "  private static int next() { n = n - 1; return n; }\n"
                    + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                    + "    double s = 0;\n    while (n > 0) {\n"
                    + "      s += x * n + x * x * next() + n * x;\n    }\n    return s;\n  }\n")));
    org.junit.jupiter.api.Assertions.assertTrue(c.errors().isEmpty(), DiagnosticSources.listing(c));
    Advice.checkGradientOfF(c);
  }
}
