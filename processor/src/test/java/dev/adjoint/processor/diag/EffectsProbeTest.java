package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EffectsProbeTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("helperValue",
            "  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                + "  private static int next() { n = n - 1; return n; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    while (n > 0) {\n"
                + "      s += x * n + x * x * next() + n * x;\n    }\n    return s;\n  }\n"),
        Arguments.of("whileCondition",
            "  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                + "  private static void down() { n = n - 1; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = x;\n    while (n > 0) {\n"
                + "      s = s * x + n;\n      down();\n    }\n    return s;\n  }\n"),
        Arguments.of("countedBound",
            "  private static int n = 5;\n  private static void reset() { n = 5; }\n"
                + "  private static void down() { n = n - 1; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = x;\n    for (int i = 0; i < n; i++) {\n"
                + "      s = s * Math.sin(x + i);\n      down();\n    }\n    return s;\n  }\n"),
        Arguments.of("updateStep",
            "  private static int step = 1;\n  private static void reset() { step = 1; }\n"
                + "  private static void grow() { step = step + 1; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = x;\n    for (int i = 0; i < 9; i += step) {\n"
                + "      s = s * Math.sin(x + i);\n      grow();\n    }\n    return s;\n  }\n"),
        Arguments.of("updateDouble",
            "  private static double d = 1.5;\n  private static void reset() { d = 1.5; }\n"
                + "  private static void shrink() { d = d / 2; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    double y = x;\n"
                + "    for (int i = 0; i < 3; i++, y = y * y * d) {\n"
                + "      s += y;\n      shrink();\n    }\n    return s;\n  }\n"),
        Arguments.of("conditionalStatementCall",
            "  private static double c = 1;\n  private static void reset() { c = 1; }\n"
                + "  private static void bump() { c = c + 1; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int i = 0; i < 4; i++) {\n"
                + "      s += c * x * x;\n      if (x > 1 || i % 2 == 0) {\n        bump();\n      }\n"
                + "      s += c * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("conditionalValueCall",
            "  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                + "  private static int next() { n = n - 1; return n; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int i = 0; i < 3; i++) {\n"
                + "      s += x * n + (x > 1 ? next() : 1) * x * x + n * x * x;\n    }\n    return s;\n  }\n"),
        Arguments.of("fieldArrayElement",
            "  private static final double[] w = {1, 2};\n"
                + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
                + "  private static void scale() { w[0] = w[0] * 2; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int i = 0; i < 3; i++) {\n"
                + "      s += w[0] * x * x + w[1] * x;\n      scale();\n    }\n    return s;\n  }\n"),
        Arguments.of("fieldArrayElementNoLoop",
            "  private static final double[] w = {1, 2};\n"
                + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
                + "  private static void scale() { w[0] = w[0] * 2; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double a = w[0] * x * x;\n    scale();\n    return a + w[0] * Math.sin(x);\n  }\n"),
        Arguments.of("fieldArrayToCallee",
            "  private static final double[] w = {1, 2};\n"
                + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
                + "  private static void scale() { w[0] = w[0] * 2; }\n"
                + "  private static double dot(double[] a, double x) { return a[0] * x * x + a[1] * x; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (int i = 0; i < 3; i++) {\n"
                + "      s += dot(w, x);\n      scale();\n    }\n    return s;\n  }\n"),
        Arguments.of("fieldMatrixElementForEach",
            "  private static double[][] m = {{1, 2}, {3, 4}};\n"
                + "  private static void reset() { m[0][0] = 1; m[1][1] = 4; }\n"
                + "  private static void scale() { m[0][0] = m[0][0] * 2; m[1][1] += 1; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    double s = 0;\n    for (double[] row : m) {\n"
                + "      for (double v : row) {\n        s += v * x * x;\n        scale();\n      }\n    }\n"
                + "    return s + m[1][1] * x;\n  }\n"),
        Arguments.of("jdkIntHelper",
            "  private static int n = 3;\n  private static void reset() { n = 3; }\n"
                + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
                + "    return x * n + x * x * Integer.bitCount(n) + n * x;\n  }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void probe(String name, String members) throws Exception {
    Compilation c = DiagnosticSources.compile(DiagnosticSources.source("p.Foo", foo(members)));
    org.junit.jupiter.api.Assertions.assertTrue(c.errors().isEmpty(), DiagnosticSources.listing(c));
    EveryKindOfF.check(c);
  }
}
