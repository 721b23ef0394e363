package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.computing;
import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.Advice.of;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FINDING (issue 16, item 4), fails on main at 8886272: diagnostics whose advice, followed, does
 * not make the code compile, and a method whose errors are not all reported in one compilation.
 * Each case is an {@link Advice} as in {@link AdviceFollowedTest}: the refused source, the phrase
 * of advice, and the source changed as it says; today the changed source is refused again.
 *
 * <ul>
 *   <li>ADJ033 "annotate it with @Differentiable" on a private static helper: annotated, the call
 *       is refused with ADJ034 (the callee is private).
 *   <li>ADJ033 on an instance helper of the same class: annotated, ADJ034 (an instance method).
 *   <li>ADJ033 on an int getter: annotated, the getter is refused with ADJ011 and ADJ014 (it
 *       returns int and has no double parameter), and the call with ADJ034.
 *   <li>ADJ040 "Make it package-private" on a field of a private nested class: the field made
 *       package-private, the class stays private and the companion still cannot read it.
 *   <li>a throw inside a switch is not reported (only ADJ023 is), so following ADJ023's advice
 *       shows a new error (ADJ022) in the next compilation.
 * </ul>
 *
 * <p>To fix: the processor (issue 16, items 1-4); then move this file to
 * src/test/java/dev/adjoint/processor/diag/ (each case into {@link AdviceFollowedTest}'s list).
 */
class AdviceThatDoesNotWorkTest {

  static Stream<Advice> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void followingTheAdviceCompiles(Advice advice) throws Exception {
    advice.check();
  }

  /** Every error in one compilation: the throw inside the switch too (issue 16, item 4). */
  @Test
  void errorsInsideASwitchAreReported() {
    expectErrors(
        "p.Foo",
        foo("  @Differentiable(wrt = \"x\")\n  static double f(double x, int type) {\n"
            + "    switch (type) {  //! ADJ023\n      case 0:\n        return x * x;\n"
            + "      default:\n        throw new IllegalArgumentException(\"type \" + type);  //! ADJ022\n"
            + "    }\n  }\n"));
  }

  static final List<Advice> CASES =
      List.of(
          computing(
              "private static helper annotated", "ADJ033", "annotate it with @Differentiable",
              foo("  private static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return square(x) + x;  //! ADJ033\n  }\n"),
              foo("  @Differentiable\n  private static double square(double x) {\n    return x * x;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return square(x) + x;\n  }\n")),
          of(
              "instance helper annotated", "ADJ033", "annotate it with @Differentiable",
              foo("  double k = 2;\n\n  double scaled(double x) {\n    return k * x;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return scaled(x) * x;  //! ADJ033\n  }\n"),
              foo("  double k = 2;\n\n  @Differentiable\n  double scaled(double x) {\n    return k * x;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return scaled(x) * x;\n  }\n")),
          of(
              "int getter annotated", "ADJ033", "annotate it with @Differentiable",
              foo("  int n = 3;\n\n  int getDimension() {\n    return n;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return x * getDimension();  //! ADJ033\n  }\n"),
              foo("  int n = 3;\n\n  @Differentiable\n  int getDimension() {\n    return n;\n  }\n\n"
                  + "  @Differentiable\n  double g(double x) {\n    return x * getDimension();\n  }\n")),
          computing(
              "field of a private nested class made package-private", "ADJ040", "Make it package-private",
              foo("  private static class Tables {\n    private static double scale = 3;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Tables.scale * x * x;  //! ADJ040\n  }\n"),
              foo("  private static class Tables {\n    static double scale = 3;\n  }\n\n"
                  + "  @Differentiable\n  static double f(double x) {\n    return Tables.scale * x * x;\n  }\n")));
}
