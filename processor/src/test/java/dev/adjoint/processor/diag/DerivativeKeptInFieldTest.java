package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import org.junit.jupiter.api.Test;

/**
 * A value that carries a derivative given to a helper that keeps it in a field, which the method
 * then reads: no derivative follows it there. On main at 48031bd the gradient of {@code
 * remember(x * 2); return x + seen;} was 1 where f' is 3, silently; now the call is ADJ034, for a
 * helper called as a statement or for its value, given a number or an array, and writing the
 * field itself or through a helper. A helper that keeps only data (a counter) is not refused, and
 * one called as a statement that only reads an array it is given runs as the original runs it.
 */
class DerivativeKeptInFieldTest {
  @Test
  void helpersKeepingADerivativeInAFieldAreRefusedAtTheirCalls() {
    expectErrors(
        "p.Foo",
        foo("  static double seen;\n  static final double[] kept = new double[2];\n"
            + "  static int count;\n"
            + "  private static void remember(double v) {\n    seen = v;\n  }\n"
            + "  static int classify(double v) {\n    keep(v);\n    return v > 0 ? 1 : 0;\n  }\n"
            + "  private static void keep(double v) {\n    kept[0] = v;\n  }\n"
            + "  private static void copy(double[] a) {\n    kept[1] = a[0];\n  }\n"
            + "  private static void tick(double v) {\n    count++;\n  }\n"
            + "  @Differentiable\n  static double f(double x, double[] w) {\n"
            + "    remember(x * 2);  //! ADJ034\n"
            + "    int c = classify(x);  //! ADJ034\n"
            + "    copy(w);  //! ADJ034\n"
            + "    tick(x);\n"
            + "    remember(3.0);\n"
            + "    return x + seen + c + kept[0] + kept[1];\n  }\n"));
  }

  @Test
  void aHelperCalledAsAStatementThatOnlyReadsTheArrayItIsGivenRunsAsTheOriginal()
      throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo("  private static int count;\n"
                + "  private static void reset() {\n    count = 0;\n  }\n"
                + "  private static void check(double[] a, int k) {\n"
                + "    count += a[k] > 0 ? 1 : 2;\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int i = 0; i < 3; i++) {\n"
                + "      double[] p = new double[i + 1];\n      p[i] = x * (i - 1);\n"
                + "      check(p, i);\n      s += p[i] * p[i] * count;\n    }\n    return s;\n  }\n")));
  }
}
