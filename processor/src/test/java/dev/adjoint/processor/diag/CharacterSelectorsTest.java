package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code switch} on a {@code char}, {@code short}, {@code byte} or a boxed selector is
 * refused where the selector's type is (ADJ015 for a parameter, ADJ037 for the value), with the
 * advice to declare it {@code int}; followed, the switch keeps its character labels ({@code case
 * 'a'}), which are read as the ints Java widens them to, as character literals are wherever Java
 * makes an int of them, except where one joins a message, where it is a character.
 */
class CharacterSelectorsTest {

  @Test
  void narrowAndBoxedSelectorsAreRefusedAtTheirType() {
    expectErrors(
        "p.Foo",
        foo("  @Differentiable(wrt = \"x\")\n"
            + "  static double f(double x, short s, byte b, Integer i, Character c) {  //! ADJ015 ADJ015 ADJ015 ADJ015\n"
            + "    return x;\n  }\n"));
  }

  @Test
  void characterLabelsOfAnIntSwitchAndCharacterArgumentsCompute() throws Exception {
    Advice.checkGradientOfF(
        expectClean(
            "p.Foo",
            foo("  @Differentiable(wrt = \"x\")\n  static double g(double x, int c) {\n"
                + "    int k = 'a' + 1;\n"
                + "    if (c == 'q') {\n      return -x;\n    }\n"
                + "    return switch (c) {\n      case 'a' -> x * x * k;\n"
                + "      case 'b', 'c' -> Math.sin(x);\n      default -> x;\n    };\n  }\n\n"
                + "  @Differentiable\n  static double f(double x) {\n"
                + "    return g(x, 'a') + 2 * g(x, 'c') + 3 * g(x, 'z') + 5 * g(x, 'q');\n  }\n")));
  }

  @Test
  void aCharacterJoiningAMessageIsRefused() {
    expectErrors(
        "p.Foo",
        foo("  @Differentiable\n  static double f(double x) {\n"
            + "    assert x > -100 : \"far \" + 'q';  //! ADJ022\n"
            + "    if (x > 100) {\n"
            + "      throw new IllegalArgumentException(\"bad \" + ('q'));  //! ADJ022\n    }\n"
            + "    return x;\n  }\n"));
  }
}
