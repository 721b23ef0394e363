package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import org.junit.jupiter.api.Test;

/**
 * FIXED (found in review R2 of the field-effects work; wrong gradient, silently; also wrong on
 * main at 1c89c46). A field's array passed as an array parameter to a differentiable method
 * that, between two reads of the parameter's element, makes a call changing that field's
 * elements: {@code h(w, x)} with {@code a[0] * x * x; scale(); ... a[0] * sin(x)}. What was
 * wrong: in h, {@code a[0]} is a parameter's element, not a field's, so read/FieldSnapshots did
 * not read it into a local (nor did diff/Recomputation record it), and the backward sweep read
 * {@code a[0]} after {@code scale()} doubled it: fGradient at 0.71 was 4.3567 where f' is 2.9367.
 * Now, in a method whose calls may write some field's array elements (read/FieldWrites), the
 * elements of its array parameters are treated as those of such a field's array.
 */
class FieldArrayPassedToCalleeThatChangesItTest {
  private static final String FIELD =
      "  private static final double[] w = {1, 2};\n"
          + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
          + "  private static void scale() { w[0] = w[0] * 2; w[1] = w[1] * 3; }\n";

  @Test
  void everyKindMatchesTheOriginal() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(FIELD
                + "  @Differentiable\n  static double h(double[] a, double x) {\n"
                + "    double s = a[0] * x * x;\n    scale();\n    return s + a[0] * Math.sin(x);\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(w, x);\n  }\n")));
  }

  /** In a loop, the element read at the top of the body must be recorded, not read again. */
  @Test
  void inALoop() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(FIELD
                + "  @Differentiable\n  static double h(double[] a, double x) {\n"
                + "    double s = 0;\n"
                + "    for (int i = 0; i < 2; i++) {\n"
                + "      double e = a[i];\n      double t = e * Math.sin(x * e);\n"
                + "      scale();\n      s = s + t * x;\n    }\n"
                + "    return s;\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(w, x);\n  }\n")));
  }

  /** The parameter passed on to a differentiable method, whose partials must not be computed again. */
  @Test
  void passedOnToADifferentiableMethod() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo(FIELD
                + "  @Differentiable\n  static double g(double[] b, double x) {\n"
                + "    return b[0] * Math.sin(x) + b[1] * x * x;\n  }\n"
                + "  @Differentiable\n  static double h(double[] a, double x) {\n"
                + "    double s = 0;\n"
                + "    for (int i = 0; i < 2; i++) {\n"
                + "      s = s + g(a, x * s + x);\n      scale();\n    }\n"
                + "    return s;\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(w, x);\n  }\n")));
  }

  /** A two-dimensional field passed whole. */
  @Test
  void rowsOfAMatrix() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo("  private static final double[][] m = {{1, 2}, {3, 4}};\n"
                + "  private static void reset() { m[0][0] = 1; m[1][1] = 4; }\n"
                + "  private static void scale() { m[0][0] = m[0][0] * 2; m[1][1] = m[1][1] + 1; }\n"
                + "  @Differentiable\n  static double h(double[][] a, double x) {\n"
                + "    double s = a[0][0] * x * x + a[1][1] * x;\n    scale();\n"
                + "    return s + a[0][0] * Math.sin(x) * a[1][1];\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(m, x);\n  }\n")));
  }

  /** A loop bound read from an element a call in the loop changes: the trips are counted. */
  @Test
  void loopBoundFromAnElement() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo("  private static final int[] n = {3};\n"
                + "  private static void reset() { n[0] = 3; }\n"
                + "  private static void shrink() { n[0] = n[0] - 1; }\n"
                + "  @Differentiable\n  static double h(int[] k, double x) {\n"
                + "    double s = 0;\n"
                + "    for (int i = 0; i < k[0]; i++) {\n"
                + "      s = s + Math.sin(x * (i + 1)) * k[0];\n      shrink();\n    }\n"
                + "    return s;\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(n, x);\n  }\n")));
  }

  /**
   * An element of the parameter read on some paths only is refused (ADJ086), as an element of
   * the field's array is: read early it could throw. Its advice, followed, is right in every kind.
   */
  @Test
  void elementReadOnSomePathsIsRefused() throws Exception {
    String members =
        FIELD
            + "  @Differentiable\n  static double h(double[] a, double x) {\n"
            + "    double s = 0;\n    for (int i = 0; i < 3; i++) {\n%s"
            + "      scale();\n    }\n    return s;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {%s\n    reset();\n"
            + "    return h(w, x);\n  }\n";
    String after =
        String.format(
            members,
            "      double ai = 1;\n      if (i < a.length) {\n        ai = a[i];\n      }\n"
                + "      s += ai * x * x;\n",
            "");
    Advice.of(
            "advice followed",
            "ADJ086",
            "Read it in an if/else instead",
            foo(
                String.format(
                    members,
                    "      s += (i < a.length ? a[i] : 1) * x * x;  //! ADJ086\n",
                    "  //! ADJ034")),
            foo(after))
        .check();
    EveryKindOfF.check(expectClean("p.Foo", foo(after)));
  }
}
