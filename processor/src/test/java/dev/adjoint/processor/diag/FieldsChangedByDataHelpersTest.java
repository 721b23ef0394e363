package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.Advice.foo;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Found in review (R2) of the field-effects work: field reads around helpers that change them
 * (a data helper used for its value in a loop condition, a {@code ?:}, a differentiable call's
 * arguments, a switch selector, a return, an if condition, a loop update; writes through {@code
 * Outer.f}, compound assignment, {@code ++}, a local alias, a 2-D field's rows; helpers calling
 * each other recursively). Each but P26 and P27 gave a wrong value or gradient on main at
 * 1c89c46; every kind is checked against differences of the original, which resets its fields.
 */
class FieldsChangedByDataHelpersTest {
  private static final String COUNTER =
      "  private static int n = 5;\n  private static void reset() { n = 5; }\n"
          + "  private static int next() { n = n - 1; return n; }\n";

  private static final String WEIGHTS =
      "  private static final double[] w = {1, 2};\n"
          + "  private static void reset() { w[0] = 1; w[1] = 2; }\n"
          + "  private static void scale() { w[0] = w[0] * 2; }\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("P1 data call with effects in a while condition", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = x;\n"
            + "    while (next() > 1) {\n      s = s * x + n * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P2 ?: with the call in a loop, field read next statement", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += (x > 0.5 ? next() : 1) * x * x;\n"
            + "      s += n * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P3 nested in a differentiable call's arguments", COUNTER
            + "  @Differentiable\n  static double sq(double y) {\n    return y * y;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += n * x + sq(x * next()) * n;\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P4 switch selector", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      switch (next()) {\n"
            + "        case 4: s += x * n; break;\n        case 3: s += x * x * n; break;\n"
            + "        default: s += Math.sin(x) * n;\n      }\n    }\n    return s;\n  }\n"),
        Arguments.of("P5 return", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double a = x * n;\n"
            + "    return a * x + next() * x * x + n * Math.sin(x);\n  }\n"),
        Arguments.of("P6 compound, ++ and Outer.f in helpers",
            "  static class H {\n    static double c = 1;\n  }\n  private static int k = 1;\n"
            + "  private static void reset() { H.c = 1; k = 1; }\n"
            + "  private static int bump() { Foo.H.c *= 2; k++; return k; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += H.c * x * x * k + bump() * H.c * Math.sin(x) + k * x;\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P7 helper writes a field's array through a local alias", WEIGHTS
            + "  private static int viaAlias() { double[] a = w; a[0] *= 2; return 1; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[0] * x * x + viaAlias() * w[0] * Math.sin(x);\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P8 helper replaces a 2-D field's row",
            "  private static double[][] m = {{1, 2}, {3, 4}};\n"
            + "  private static void reset() { m[0] = new double[] {1, 2}; }\n"
            + "  private static int swap() { m[0] = new double[] {m[0][0] * 2, 5}; return 1; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += m[0][0] * x * x;\n      int k = swap();\n"
            + "      s += k * m[0][1] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P9 recursion among helpers", COUNTER
            + "  private static int a(int k) { if (k <= 0) { n = n - 1; return 0; } return b(k - 1); }\n"
            + "  private static int b(int k) { return a(k); }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += x * n;\n      int t = a(2);\n"
            + "      s += n * x * x + t;\n    }\n    return s;\n  }\n"),
        Arguments.of("P10 differentiable callee using a data call with effects", COUNTER
            + "  @Differentiable\n  static double g(double x) {\n    return x * next();\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += g(x) * n * x;\n    }\n    return s;\n  }\n"),
        Arguments.of("P16 data call with effects in an if condition", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      if (next() % 2 == 0) {\n        s += n * x * x;\n"
            + "      } else {\n        s += x * n;\n      }\n    }\n    return s;\n  }\n"),
        Arguments.of("P17 data call with effects in the loop update",
            "  private static int k = 1;\n  private static void reset() { k = 1; }\n"
            + "  private static int step() { k = k + 1; return k; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = x;\n"
            + "    for (int i = 0; i < 12; i += step()) {\n      s = s * Math.sin(x + i) + k * x;\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P18 call-with-effects result in ?: in a loop with an element", WEIGHTS
            + "  private static int sc() { w[0] = w[0] * 2; return 2; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      double v = w[0] * x;\n"
            + "      s += v * (x > 0.5 ? sc() : 1);\n      s += w[0] * x * x;\n    }\n    return s;\n  }\n"),
        Arguments.of("P19 int local copied from a field then the loop bound", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = x;\n"
            + "    for (int i = 0; i < n; i++) {\n      s = s * Math.sin(x + i) + next() * x;\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P21 foreach rows of a field's matrix, element read by index", 
            "  private static double[][] m = {{1, 2}, {3, 4}};\n"
            + "  private static void reset() { m[0][0] = 1; m[1][0] = 3; }\n"
            + "  private static void scale() { m[0][0] = m[0][0] * 2; m[1][0] += 1; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (double[] row : m) {\n      s += row[0] * x * x;\n      scale();\n"
            + "      s += row[0] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P22 foreach over a field's array, element local", WEIGHTS
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (double v : w) {\n      s += v * x * x;\n      scale();\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P25 int field changed, read in an index", 
            "  private static final double[] w = {1, 2, 3, 4};\n  private static int n = 0;\n"
            + "  private static void reset() { n = 0; }\n"
            + "  private static int adv() { n = n + 1; return 0; }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[n] * x * x * w[n + adv()] + w[n] * x;\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P26 helper writes a 2-D field's rows through a loop variable",
            "  private static double[][] m = {{1, 2}, {3, 4}};\n"
            + "  private static void reset() { m[0][0] = 1; m[1][0] = 3; }\n"
            + "  private static int zap() {\n    for (double[] row : m) {\n      row[0] = row[0] * 2;\n"
            + "    }\n    return 1;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += m[0][0] * x * x;\n      int k = zap();\n"
            + "      s += k * m[1][0] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P27 helper writes through a local first made with new, then a field's", WEIGHTS
            + "  private static int twice() {\n    double[] a = new double[1];\n    a = w;\n"
            + "    a[0] = a[0] * 2;\n    return 1;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[0] * x * x;\n      int k = twice();\n"
            + "      s += k * w[0] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P28 helper changes a field's array through a method reference", WEIGHTS
            + "  private static int viaRef() {\n    Runnable r = Foo::scale;\n    r.run();\n"
            + "    return 1;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[0] * x * x;\n      int k = viaRef();\n"
            + "      s += k * w[0] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P29 helper changes a field's array through an interface", WEIGHTS
            + "  interface Step {\n    int step();\n  }\n"
            + "  static final class Doubler implements Step {\n"
            + "    public int step() {\n      scale();\n      return 1;\n    }\n  }\n"
            + "  private static final Step STEP = new Doubler();\n"
            + "  private static int viaInterface() {\n    return STEP.step();\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[0] * x * x;\n      int k = viaInterface();\n"
            + "      s += k * w[0] * Math.sin(x);\n    }\n    return s;\n  }\n"),
        Arguments.of("P30 rows of a field's matrix passed to a helper in a loop",
            "  private static final double[][] m = {{1, 2}, {3, 4}};\n"
            + "  private static void reset() { m[0][0] = 1; m[1][0] = 3; }\n"
            + "  private static void scale() { m[0][0] = m[0][0] * 2; m[1][0] = m[1][0] * 2; }\n"
            + "  private static double dot(double[] a, double x) {\n"
            + "    return a[0] * x * x + a[1] * x;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (double[] row : m) {\n      s += dot(row, x);\n      scale();\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P31 element of a changed field's array at an index a helper computes", WEIGHTS
            + "  private static int idx(int k) {\n    return k;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[idx(0)] * x * x;\n      scale();\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P32 same, before and after the call outside loops", WEIGHTS
            + "  private static int idx(int k) {\n    return k;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
            + "    double a = w[idx(0)] * x * x;\n    scale();\n    return a + w[idx(0)] * Math.sin(x);\n  }\n"),
        Arguments.of("P33 element of a changed field's array at an index a helper with effects computes",
            "  private static final double[] w = {1, 2, 3, 4};\n  private static int n = 0;\n"
            + "  private static void reset() { w[0] = 1; w[1] = 2; n = 0; }\n"
            + "  private static void scale() { w[0] = w[0] * 2; w[1] = w[1] * 2; }\n"
            + "  private static int adv() {\n    n = n + 1;\n    return n % 2;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = 0;\n"
            + "    for (int i = 0; i < 3; i++) {\n      s += w[adv()] * x * x;\n      scale();\n"
            + "    }\n    return s;\n  }\n"),
        Arguments.of("P34 method reference, outside loops", WEIGHTS
            + "  private static int viaRef() {\n    Runnable r = Foo::scale;\n    r.run();\n"
            + "    return 1;\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
            + "    double a = w[0] * x * x;\n    int k = viaRef();\n    return a + k * w[0] * Math.sin(x);\n  }\n"),
        Arguments.of("P35 overriding method changes the field", WEIGHTS
            + "  static class Step {\n    int step() {\n      return 1;\n    }\n  }\n"
            + "  static final class Doubler extends Step {\n"
            + "    @Override\n    int step() {\n      scale();\n      return 1;\n    }\n  }\n"
            + "  private static final Step STEP = new Doubler();\n"
            + "  private static int viaStep() {\n    return STEP.step();\n  }\n"
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n"
            + "    double a = w[0] * x * x;\n    int k = viaStep();\n    return a + k * w[0] * Math.sin(x);\n  }\n"),
        Arguments.of("P20 do-while with data call in condition", COUNTER
            + "  @Differentiable\n  static double f(double x) {\n    reset();\n    double s = x;\n"
            + "    do {\n      s = s * x * n + Math.sin(x);\n    } while (next() > 2);\n    return s;\n  }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyKindMatchesTheOriginal(String name, String members) throws Exception {
    EveryKindOfF.check(expectClean("p.Foo", foo(members)));
  }
}
