package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import org.junit.jupiter.api.Test;

/**
 * OPEN (found in review R2 of the field-effects work; wrong gradient, silently; also wrong on
 * main at 1c89c46). A field's array passed as an array parameter to a differentiable method
 * that, between two reads of the parameter's element, makes a call changing that field's
 * elements: {@code h(w, x)} with {@code a[0] * x * x; scale(); ... a[0] * sin(x)}. In h,
 * {@code a[0]} is a parameter's element, not a field's, so read/FieldSnapshots does not read it
 * into a local and diff/Recomputation does not record it; the backward sweep reads {@code a[0]}
 * after {@code scale()} doubled it. fGradient at 0.71 is 4.3567 where f' is 2.9367.
 *
 * <p>Fix idea: in a method whose calls may change a field's array ({@code FieldWrites} names an
 * array-typed field, or any), treat elements of array parameters as elements of a field's array
 * (snapshot them; refuse them on some paths), or refuse the read (ADJ0xx) there. Belongs in
 * {@code diag/} (it uses EveryKindOfF) once fixed.
 */
class FieldArrayPassedToCalleeThatChangesItTest {
  @Test
  void everyKindMatchesTheOriginal() throws Exception {
    EveryKindOfF.check(
        expectClean(
            "p.Foo",
            foo("  private static final double[] w = {1, 2};\n"
                + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
                + "  private static void scale() { w[0] = w[0] * 2; }\n"
                + "  @Differentiable\n  static double h(double[] a, double x) {\n"
                + "    double s = a[0] * x * x;\n    scale();\n    return s + a[0] * Math.sin(x);\n  }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return h(w, x);\n  }\n")));
  }
}
