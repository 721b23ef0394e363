package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;

import org.junit.jupiter.api.Test;

/**
 * FIXED (found by the loops helper of issue 16, on main at 1c89c46): a {@code String} (or enum)
 * local made inside a branch and read again by the backward sweep, here the snapshot of a
 * non-final field switched on after a call with effects ({@code read/FieldSnapshots}), was
 * declared before the branch by {@code simplify/Placement}, whose {@code initialValue} gave every
 * type but int, long and boolean the value {@code 0.0}: the companion had {@code String mode =
 * 0.0;} and did not compile (javac: incompatible types), in the gradient and the Hessian-vector
 * product. Such a local now starts as {@code null} ({@code Expr.NullLit}).
 */
class StringSnapshotInBranchDeclaredAsDoubleTest {
  @Test
  void stringSnapshotInABranchCompiles() throws Exception {
    Advice.checkGradientOfF(
        DiagnosticSources.expectClean(
            "p.Foo",
            foo("  private static String mode = \"sq\";\n  static int calls;\n"
                + "  static void touch() {\n    calls++;\n  }\n\n"
                + "  @Differentiable\n  static double f(double x) {\n    double s = x;\n"
                + "    if (x > 0) {\n      touch();\n      switch (mode) {\n"
                + "        case \"sq\" -> s = s * x;\n        default -> s = s + x;\n      }\n    }\n"
                + "    return s * x;\n  }\n")));
  }
}
