package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Found in review (R2): a helper computing data that changes no field (it fills an array it made
 * itself, or checks its argument with a library call) made the method refuse reads of settings
 * that nothing changes (ADJ042 for an enum read in a loop, ADJ085, ADJ086), which main compiles:
 * read/FieldWrites took every element written through a local for a field's, and
 * read/FieldSnapshots refused an object field in a loop that no call changes.
 */
class HelpersChangingNoFieldAreNotRefusedTest {
  private static final String HALF =
      "  private static int half(int k) {\n    int[] t = new int[1];\n    t[0] = k / 2;\n"
          + "    return t[0];\n  }\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("R1 enum setting read in a loop", HALF
            + "  enum Mode { A, B }\n  private static Mode mode = Mode.A;\n"
            + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      if (mode == Mode.A) {\n"
            + "        s += x * x * half(4);\n      } else {\n        s += x;\n      }\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("R2 element of a data array read on some paths", HALF
            + "  private static final double[] w = {1, 2};\n"
            + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += (i < w.length ? w[i] : 1) * x * x * half(4);\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("R3 setting read after a helper on some paths", HALF
            + "  private static double scale = 1.5;\n"
            + "  @Differentiable\n  static double f(double x) {\n"
            + "    return (x > 0.5 ? half(4) : 1) * x + scale * x * x;\n  }\n"),
        Arguments.of("R4 helper checking its argument with a library call as a statement",
            "  private static int idx(int k, int n) {\n    java.util.Objects.checkIndex(k, n);\n"
            + "    return k;\n  }\n  enum Mode { A, B }\n  private static Mode mode = Mode.A;\n"
            + "  @Differentiable\n  static double f(double x) {\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      if (mode == Mode.A) {\n"
            + "        s += x * x * idx(i, 3);\n      } else {\n        s += x;\n      }\n"
            + "    }\n    return s;\n  }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesAndEveryKindMatchesTheOriginal(String name, String members) throws Exception {
    EveryKindOfF.check(expectClean("p.Foo", foo(members)));
  }
}
