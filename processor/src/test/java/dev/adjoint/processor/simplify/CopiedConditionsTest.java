package dev.adjoint.processor.simplify;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where rounding decides a branch (or a value the derivative reads), the generated gradient,
 * directional derivative and Hessian-vector product follow what the original computes: the
 * simplifier must copy the user's expressions bit for bit, never rewrite them with real-number
 * algebra ({@code (c + 1e16) - 1e16} is 0 for |c| < 1, not c; {@code 3.0 * (c / 3.0) == c} holds at
 * 0.1 where {@code 3.0 * c / 3.0 == c} does not).
 */
class CopiedConditionsTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      public final class Rounding {
        @Differentiable
        public static double ifBranch(double c) {
          double y;
          if ((c + 1e16) - 1e16 > 0.5) {
            y = c * c;
          } else {
            y = 3.0 * c;
          }
          return y;
        }

        @Differentiable
        public static double ternary(double c) {
          return c * ((c + 1e16) - 1e16 > 0.5 ? c : 3.0);
        }

        @Differentiable
        public static double thirds(double c) {
          return c * (3.0 * (c / 3.0) == c ? c : 2.0);
        }

        @Differentiable
        public static double abs(double c) {
          return Math.abs((c + 1e16) - 1e16 - 0.5) * c;
        }

        @Differentiable
        public static double max(double c) {
          return Math.max((c + 1e16) - 1e16, 0.5) * c;
        }

        @Differentiable
        public static double square(double c) {
          return c * ((c + 1e16) - 1e16);
        }

        @Differentiable
        public static double sine(double c) {
          return Math.sin((c + 1e16) - 1e16) * c;
        }

        @Differentiable
        public static double product(double c, double d) {
          return d * ((c + 1e16) - 1e16);
        }

        @Differentiable
        public static double loop(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * (3.0 * (x[i] / 3.0) == x[i] ? x[i] : 2.0);
          }
          return s;
        }
      }
      """;

  private static final double[] POINTS = {0.7, 0.1, 0.6, 1.3, -0.3, 2.5};

  private static ClassLoader loader;

  @BeforeAll
  static void compile() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("p.Rounding", SOURCE));
    assertThat(c).succeeded();
    loader = DiagnosticSources.classes(c);
  }

  /** The rounding the test relies on happens: each point is one where a folded copy would differ. */
  @Test
  void theRoundingMatters() {
    assertEquals(0.0, (0.7 + 1e16) - 1e16);
    assertNotEquals(3.0 * (0.1 / 3.0) == 0.1, 3.0 * 0.1 / 3.0 == 0.1);
  }

  private static double t(double c) {
    return (c + 1e16) - 1e16;
  }

  private static boolean third(double c) {
    return 3.0 * (c / 3.0) == c;
  }

  @Test
  void ifStatement() throws Exception {
    checkScalar("ifBranch", c -> t(c) > 0.5 ? 2 * c : 3.0, c -> t(c) > 0.5 ? 2.0 : 0.0);
  }

  @Test
  void conditionalExpression() throws Exception {
    checkScalar("ternary", c -> t(c) > 0.5 ? 2 * c : 3.0, c -> t(c) > 0.5 ? 2.0 : 0.0);
  }

  @Test
  void equalityOfAProduct() throws Exception {
    checkScalar("thirds", c -> third(c) ? 2 * c : 2.0, c -> third(c) ? 2.0 : 0.0);
  }

  @Test
  void absFollowsTheSignTheValueHad() throws Exception {
    checkScalar(
        "abs",
        c -> (t(c) - 0.5 < 0 ? -c : c) + Math.abs(t(c) - 0.5),
        c -> t(c) - 0.5 < 0 ? -2.0 : 2.0);
  }

  @Test
  void maxFollowsTheArgumentItReturned() throws Exception {
    checkScalar(
        "max", c -> (t(c) >= 0.5 ? c : 0.0) + Math.max(t(c), 0.5), c -> t(c) >= 0.5 ? 2.0 : 0.0);
  }

  /** A copied value the derivative multiplies by: d(c·t)/dc = t + c (dt/dc is 1). */
  @Test
  void copiedValueInAProduct() throws Exception {
    checkScalar("square", c -> t(c) + c, c -> 2.0);
  }

  @Test
  void copiedArgumentOfAFunction() throws Exception {
    checkScalar(
        "sine",
        c -> Math.cos(t(c)) * c + Math.sin(t(c)),
        c -> -Math.sin(t(c)) * c + 2 * Math.cos(t(c)));
  }

  @Test
  void copiedValueIsAPartial() throws Exception {
    Class<?> k = loader.loadClass("p.RoundingDerivatives");
    Method gradient = k.getMethod("productGradient", double.class, double.class, double[].class);
    Method derivative =
        k.getMethod("productDerivative", double.class, double.class, double[].class);
    Method hvp =
        k.getMethod(
            "productHessianVector",
            double.class,
            double.class,
            double[].class,
            double[].class,
            double[].class);
    double d = 1.5;
    for (double c : POINTS) {
      double[] grad = new double[2];
      gradient.invoke(null, c, d, grad);
      String at = "product at c = " + c;
      assertEquals(d, grad[0], at);
      assertEquals(t(c), grad[1], at);
      assertEquals(t(c) * 0.25 + d * 2.0, derivative.invoke(null, c, d, new double[] {2.0, 0.25}), at);
      double[] g2 = new double[2];
      double[] hv = new double[2];
      hvp.invoke(null, c, d, new double[] {2.0, 0.25}, g2, hv);
      assertEquals(d, g2[0], at);
      assertEquals(t(c), g2[1], at);
      assertEquals(0.25, hv[0], at);
      assertEquals(2.0, hv[1], at);
    }
  }

  /** The condition's product is shared between value and derivative: the shared copy is exact. */
  @Test
  void conditionInALoop() throws Exception {
    Class<?> k = loader.loadClass("p.RoundingDerivatives");
    Method gradient = k.getMethod("loopGradient", double[].class, double[].class);
    Method derivative = k.getMethod("loopDerivative", double[].class, double[].class);
    Method hvp =
        k.getMethod(
            "loopHessianVector", double[].class, double[].class, double[].class, double[].class);
    double[] x = POINTS.clone();
    double[] grad = new double[x.length];
    gradient.invoke(null, x, grad);
    double[] ones = new double[x.length];
    java.util.Arrays.fill(ones, 1.0);
    double[] g2 = new double[x.length];
    double[] hv = new double[x.length];
    hvp.invoke(null, x, ones, g2, hv);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      String at = "loop at x[" + i + "] = " + x[i];
      double expected = third(x[i]) ? 2 * x[i] : 2.0;
      assertEquals(expected, grad[i], 1e-15, at);
      assertEquals(expected, g2[i], 1e-15, at);
      assertEquals(third(x[i]) ? 2.0 : 0.0, hv[i], at);
      sum += expected;
    }
    assertEquals(sum, (double) derivative.invoke(null, x, ones), 1e-12);
  }

  /** Gradient, directional derivative and Hessian-vector product of a method of one double. */
  private static void checkScalar(
      String name, DoubleUnaryOperator first, DoubleUnaryOperator second) throws Exception {
    Class<?> k = loader.loadClass("p.RoundingDerivatives");
    Method gradient = k.getMethod(name + "Gradient", double.class, double[].class);
    Method derivative = k.getMethod(name + "Derivative", double.class, double[].class);
    Method hvp =
        k.getMethod(
            name + "HessianVector", double.class, double[].class, double[].class, double[].class);
    List<String> wrong = new ArrayList<>();
    for (double c : POINTS) {
      double want = first.applyAsDouble(c);
      double[] grad = new double[1];
      gradient.invoke(null, c, grad);
      double dir = (double) derivative.invoke(null, c, new double[] {1.0});
      double[] g2 = new double[1];
      double[] hv = new double[1];
      hvp.invoke(null, c, new double[] {1.0}, g2, hv);
      double wantSecond = second.applyAsDouble(c);
      check(wrong, name + "Gradient(" + c + ")", want, grad[0]);
      check(wrong, name + "Derivative(" + c + ")", want, dir);
      check(wrong, name + "HessianVector(" + c + ") grad", want, g2[0]);
      check(wrong, name + "HessianVector(" + c + ") hv", wantSecond, hv[0]);
    }
    assertEquals(List.of(), wrong);
  }

  private static void check(List<String> wrong, String what, double want, double got) {
    if (!(Math.abs(want - got) <= 1e-14 * Math.max(1.0, Math.abs(want)))) {
      wrong.add(what + ": expected " + want + ", got " + got);
    }
  }
}
