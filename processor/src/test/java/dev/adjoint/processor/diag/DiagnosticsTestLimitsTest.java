package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Limits and robustness: deeply nested and very long methods end in success or in Adjoint's own
 * diagnostic (ADJ004, ADJ005), never in a javac crash or javac's "code too large"; unusual but
 * valid code compiles without warnings under {@code -Xlint:all}.
 */
class DiagnosticsTestLimitsTest {
  /** The line of {@code static double f(...)} in {@link #method}. */
  private static final int METHOD_LINE = 5;

  /** A class {@code p.Deep} with one method {@code f} whose body is {@code body}. */
  private static String method(String className, String params, String body) {
    return "package p;\n"
        + "import dev.adjoint.Differentiable;\n"
        + "class " + className + " {\n"
        + "  @Differentiable\n"
        + "  static double f(" + params + ") {\n"
        + body
        + "  }\n"
        + "}\n";
  }

  private static Method method(ClassLoader loader, String className, String name, Class<?>... types)
      throws ReflectiveOperationException {
    Method m = loader.loadClass(className).getDeclaredMethod(name, types);
    m.setAccessible(true);
    return m;
  }

  /** {@code x * (x * (... * x))}, 300 levels: compiles, and the derivative of x^301 is right. */
  @Test
  void productNested300DeepCompilesAndWorks() throws Exception {
    int depth = 300;
    String body =
        "    return " + "x * (".repeat(depth) + "x" + ")".repeat(depth) + ";\n";
    Compilation c = expectClean("p.Deep", method("Deep", "double x", body));
    ClassLoader loader = DiagnosticSources.classes(c);
    Method gradient = method(loader, "p.DeepDerivatives", "fGradient", double.class, double[].class);
    Method derivative =
        method(loader, "p.DeepDerivatives", "fDerivative", double.class, double[].class);
    double x = 1.001;
    double[] grad = new double[1];
    double value = (double) gradient.invoke(null, x, grad);
    assertEquals(Math.pow(x, depth + 1), value, 1e-12 * Math.abs(value));
    double expected = (depth + 1) * Math.pow(x, depth);
    assertEquals(expected, grad[0], 1e-10 * expected);
    assertEquals(2 * expected, (double) derivative.invoke(null, x, new double[] {2}), 2e-10 * expected);
  }

  /** {@code x + x + ... + x} (a left-nested tree 300 deep): compiles, derivative 300. */
  @Test
  void sumOf300TermsCompilesAndWorks() throws Exception {
    String body = "    return " + String.join(" + ", java.util.Collections.nCopies(300, "x")) + ";\n";
    Compilation c = expectClean("p.Sum", method("Sum", "double x", body));
    Method gradient =
        method(DiagnosticSources.classes(c), "p.SumDerivatives", "fGradient", double.class, double[].class);
    double[] grad = new double[1];
    gradient.invoke(null, 0.5, grad);
    assertEquals(300.0, grad[0], 1e-9);
  }

  /**
   * {@code Math.sin(Math.sin(...))}, 300 levels: Adjoint's recursion runs out of stack, which is
   * reported as ADJ004 on the method, the only error. (Plain javac, without Adjoint, itself
   * overflows its stack attributing this expression on JDK 17 with the default stack.)
   */
  @Test
  void mathCallsNested300DeepGiveAdj004() {
    int depth = 300;
    String body = "    return " + "Math.sin(".repeat(depth) + "x" + ")".repeat(depth) + ";\n";
    JavaFileObject file = DiagnosticSources.source("p.Deep", method("Deep", "double x", body));
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[ADJ004] f nests calls or expressions too deeply")
        .inFile(file)
        .onLine(METHOD_LINE);
    assertThat(c).hadErrorContaining("Store parts of the expression in local variables");
  }

  /**
   * Calls nested 101 deep are refused before javac is asked about the body (javac itself was seen to
   * overflow its stack from about 190 after a processor had resolved such calls); 100 deep work.
   */
  @Test
  void callNestingLimitIsExactlyOneHundred() throws Exception {
    String refused = "    return " + "Math.sin(".repeat(101) + "x" + ")".repeat(101) + ";\n";
    Compilation c =
        DiagnosticSources.compile(DiagnosticSources.source("p.Deep", method("Deep", "double x", refused)));
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[ADJ004]");

    String accepted = "    return " + "Math.sin(".repeat(100) + "x" + ")".repeat(100) + ";\n";
    Compilation ok = expectClean("p.Deep", method("Deep", "double x", accepted));
    Method gradient =
        method(DiagnosticSources.classes(ok), "p.DeepDerivatives", "fGradient", double.class, double[].class);
    double x = 0.3;
    double[] grad = new double[1];
    gradient.invoke(null, x, grad);
    // d/dx sin^100(x) = product of cos(sin^k(x)) for k = 0..99
    double expected = 1;
    double v = x;
    for (int k = 0; k < 100; k++) {
      expected *= Math.cos(v);
      v = Math.sin(v);
    }
    assertEquals(expected, grad[0], 1e-12 * Math.abs(expected));
  }

  private static String partialReturns(int count) {
    StringBuilder body = new StringBuilder("    double z = x;\n");
    for (int i = 0; i < count; i++) {
      body.append("    if (x > " + i + ") { if (y > " + i + ") { return z; } z = z * y; }\n");
    }
    return body.append("    return z + y;\n").toString();
  }

  /**
   * Returns on some paths of a branch copy the statements after it into both sides; 40 such
   * branches in a row would double the method 40 times, which is refused with ADJ006 at once.
   */
  @Test
  void manyPartialReturnsGiveAdj006() {
    JavaFileObject file =
        DiagnosticSources.source("p.Tangle", method("Tangle", "double x, double y", partialReturns(40)));
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[ADJ006]").inFile(file).onLine(METHOD_LINE);
  }

  /** A few partial returns are fine, and differentiated on every path. */
  @Test
  void threePartialReturnsWork() throws Exception {
    Compilation c = expectClean("p.Tangle", method("Tangle", "double x, double y", partialReturns(3)));
    ClassLoader loader = DiagnosticSources.classes(c);
    Method f = method(loader, "p.Tangle", "f", double.class, double.class);
    Method gradient =
        method(loader, "p.TangleDerivatives", "fGradient", double.class, double.class, double[].class);
    double h = 1e-6;
    for (double[] p : new double[][] {{-1, 0.5}, {0.5, -0.5}, {1.5, 0.7}, {2.5, 1.5}, {5, 2.5}}) {
      double[] grad = new double[2];
      assertEquals((double) f.invoke(null, p[0], p[1]), (double) gradient.invoke(null, p[0], p[1], grad));
      double dx = ((double) f.invoke(null, p[0] + h, p[1]) - (double) f.invoke(null, p[0] - h, p[1])) / (2 * h);
      double dy = ((double) f.invoke(null, p[0], p[1] + h) - (double) f.invoke(null, p[0], p[1] - h)) / (2 * h);
      assertEquals(dx, grad[0], 1e-6 * Math.max(1, Math.abs(dx)), Arrays.toString(p));
      assertEquals(dy, grad[1], 1e-6 * Math.max(1, Math.abs(dy)), Arrays.toString(p));
    }
  }

  private static String longBody(int statements) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < statements; i++) {
      body.append(i % 2 == 0 ? "    x = Math.sin(x) * 1.0001 + y;\n" : "    y = Math.cos(y) * 0.9999 + x;\n");
    }
    return body.append("    return x + y;\n").toString();
  }

  /**
   * 700 statements: the gradient fits, the Hessian-vector product would not; the error says how to
   * do without it.
   */
  @Test
  void method700StatementsIsTooLongForSecondOrder() {
    JavaFileObject file =
        DiagnosticSources.source("p.Long", method("Long", "double x, double y", longBody(700)));
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[ADJ005] The generated fHessianVector would exceed the JVM's 64 KB limit")
        .inFile(file)
        .onLine(METHOD_LINE);
    assertThat(c).hadErrorContaining("@Differentiable(order = 1)");
  }

  /**
   * 3000 statements: the generated gradient would be too large for one JVM method, which Adjoint
   * reports as ADJ005 on the method, the only error; javac's "code too large" never shows.
   */
  @Test
  void method3000StatementsLongGivesAdj005() {
    JavaFileObject file =
        DiagnosticSources.source("p.Long", method("Long", "double x, double y", longBody(3000)));
    Compilation c = DiagnosticSources.compile(file);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[ADJ005] The generated fGradient would exceed the JVM's 64 KB limit")
        .inFile(file)
        .onLine(METHOD_LINE);
    assertThat(c).hadErrorContaining("Split f into smaller methods");
    assertFalse(
        c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).contains("code too large")),
        listing(c));
  }

  /**
   * 700 statements: accepted (the gradient is about 36 KB of bytecode, within the size estimate's
   * margin), compiles and runs; its gradient returns exactly the original's value and matches
   * central differences.
   */
  @Test
  void method700StatementsLongCompilesAndRuns() throws Exception {
    Compilation c =
        expectClean(
            "p.Long",
            method("Long", "double x, double y", longBody(700))
                .replace("@Differentiable", "@Differentiable(order = 1)"));
    ClassLoader loader = DiagnosticSources.classes(c);
    Method f = method(loader, "p.Long", "f", double.class, double.class);
    Method gradient =
        method(loader, "p.LongDerivatives", "fGradient", double.class, double.class, double[].class);
    double[] grad = new double[2];
    double x = 0.1;
    double y = 0.2;
    assertEquals((double) f.invoke(null, x, y), (double) gradient.invoke(null, x, y, grad));
    double h = 1e-6;
    double dx = ((double) f.invoke(null, x + h, y) - (double) f.invoke(null, x - h, y)) / (2 * h);
    double dy = ((double) f.invoke(null, x, y + h) - (double) f.invoke(null, x, y - h)) / (2 * h);
    assertEquals(dx, grad[0], 1e-5 * Math.max(1, Math.abs(dx)), Arrays.toString(grad));
    assertEquals(dy, grad[1], 1e-5 * Math.max(1, Math.abs(dy)), Arrays.toString(grad));
  }

  private static final String WEIRD =
      """
      package p;

      import static java.lang.Math.sin;
      import static java.lang.Math.*;

      import dev.adjoint.Differentiable;

      class Weird {
        static final int K = 3;
        private static final double SCALE = 2.5;
        static double shift = 0.25;

        @Differentiable
        static double f(double x, double y, int n, long m, boolean flag) {
          var a = x * y;
          final double b = sin(a) + cos(y);
          {
            double c = b * 2;
            {
              a = a + c;
            }
          }
          int bits = (n << 2) | (n >> 1) ^ (n >>> 3) & ~n;
          long big = m * 1_000_000_007L + (m % 7) - (long) n;
          bits += K;
          bits <<= 1;
          big >>= 2;
          double mixed = flag ? bits : a;
          double mixed2 = n > 0 ? 1 : x;
          double t = (double) big * 1e-12 + (int) x + mixed + mixed2;
          t += SCALE * shift;
          t *= exp(-abs(x));
          t -= floorMod(n, 3);
          ;
          if (!flag && (n & 1) == 0 || m > 5L) {
            t = t / (1 + x * x);
          } else if (n != 0) {
            t = -t;
          } else {
            t = +t;
          }
          return t + pow(x, 2) + b;
        }
      }
      """;

  /**
   * {@code var} and {@code final} locals, nested blocks, static imports of Math, int shifts and
   * bitwise operators, long arithmetic, int/double ternaries, an empty statement, constants: no
   * warning under -Xlint:all, and the gradient matches central differences on every branch.
   */
  @Test
  void weirdButValidCodeCompilesWithoutWarningsAndIsRight() throws Exception {
    Compilation c = expectClean("p.Weird", WEIRD);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?>[] types = {double.class, double.class, int.class, long.class, boolean.class};
    Method f = method(loader, "p.Weird", "f", types);
    Class<?>[] gradientTypes = {
      double.class, double.class, int.class, long.class, boolean.class, double[].class
    };
    Method gradient = method(loader, "p.WeirdDerivatives", "fGradient", gradientTypes);
    // (n, m, flag) taking each of the three branches of the if.
    List<Object[]> branches =
        List.of(
            new Object[] {2, 3L, false},
            new Object[] {3, 1L, false},
            new Object[] {0, 1L, true},
            new Object[] {-5, 7L, true});
    for (Object[] data : branches) {
      for (double[] p : List.of(new double[] {0.3, 0.7}, new double[] {-0.4, 1.3})) {
        double[] grad = new double[2];
        double value = (double) gradient.invoke(null, p[0], p[1], data[0], data[1], data[2], grad);
        assertEquals((double) f.invoke(null, p[0], p[1], data[0], data[1], data[2]), value);
        for (int k = 0; k < 2; k++) {
          double h = 1e-6;
          double[] plus = p.clone();
          double[] minus = p.clone();
          plus[k] += h;
          minus[k] -= h;
          double fd =
              ((double) f.invoke(null, plus[0], plus[1], data[0], data[1], data[2])
                      - (double) f.invoke(null, minus[0], minus[1], data[0], data[1], data[2]))
                  / (2 * h);
          String where =
              "d/d" + (k == 0 ? "x" : "y") + " at " + Arrays.toString(p) + " " + Arrays.toString(data);
          assertEquals(fd, grad[k], 1e-6 * Math.max(1, Math.abs(fd)), where);
        }
      }
    }
  }
}
