package dev.adjoint.processor.simplify;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An array made in a branch and passed to a differentiable call: the gradient uses it (and the
 * call's partials, sized by it) after the branch, so both are declared before it. Their
 * allocations may move up only where they mean the same there: a length the branch computes
 * stays in the branch (once: javac failed on the undeclared length, or the array was made with
 * the length's default 0), and so does one that might be negative where the branch is not taken.
 */
class ArraysMadeInBranchesTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      public final class Made {
        @Differentiable
        public static double sumSq(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          return s;
        }

        /** n is the branch's own: declared there, and the array's length. */
        @Differentiable
        public static double lengthOfTheBranch(double[] x) {
          double s = x[0];
          if (x.length > 2) {
            int n = x.length - 1;
            double[] w = new double[n];
            for (int i = 0; i < w.length; i++) {
              w[i] = x[i] * x[i + 1];
            }
            s += sumSq(w);
          }
          return s;
        }

        /** A length known outside, but used after the loop too. */
        @Differentiable
        public static double lengthAssignedInTheBranch(double[] x) {
          double s = x[0];
          int n = 1;
          if (x.length > 2) {
            n = x.length - 1;
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
              w[i] = x[i] * x[i + 1];
            }
            s += sumSq(w) * n;
          }
          return s;
        }

        /** x.length - 3 is negative for short x, where the branch is not taken. */
        @Differentiable
        public static double mightBeNegative(double[] x) {
          double s = x[0] * x[0];
          if (x.length > 3) {
            double[] w = new double[x.length - 3];
            for (int i = 0; i < w.length; i++) {
              w[i] = x[i + 3] * x[0];
            }
            for (int k = 0; k < 2; k++) {
              s += sumSq(w) * x[k];
            }
          }
          return s;
        }
      }
      """;

  private static ClassLoader loader;

  @BeforeAll
  static void compile() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("p.Made", SOURCE));
    assertThat(c).succeeded();
    loader = DiagnosticSources.classes(c);
  }

  @Test
  void lengthOfTheBranch() throws Exception {
    check("lengthOfTheBranch");
  }

  @Test
  void lengthAssignedInTheBranch() throws Exception {
    check("lengthAssignedInTheBranch");
  }

  @Test
  void mightBeNegative() throws Exception {
    check("mightBeNegative");
  }

  /** Gradient, directional derivative and Hessian-vector product against central differences. */
  private static void check(String name) throws Exception {
    Class<?> original = loader.loadClass("p.Made");
    Class<?> k = loader.loadClass("p.MadeDerivatives");
    Method f = original.getMethod(name, double[].class);
    Method gradient = k.getMethod(name + "Gradient", double[].class, double[].class);
    Method derivative = k.getMethod(name + "Derivative", double[].class, double[].class);
    Method hvp =
        k.getMethod(
            name + "HessianVector", double[].class, double[].class, double[].class, double[].class);
    for (int length = 1; length <= 5; length++) {
      double[] x = new double[length];
      for (int i = 0; i < length; i++) {
        x[i] = 0.3 + 0.17 * i;
      }
      double[] grad = new double[length];
      double value = (double) gradient.invoke(null, x.clone(), grad);
      assertEquals((double) f.invoke(null, (Object) x.clone()), value, name);
      double[] direction = new double[length];
      Arrays.fill(direction, 1.0);
      double[] g2 = new double[length];
      double[] hv = new double[length];
      hvp.invoke(null, x.clone(), direction, g2, hv);
      double sum = 0;
      for (int i = 0; i < length; i++) {
        String at = name + " at length " + length + ", element " + i;
        double fd = (eval(f, x, i, 1e-6) - eval(f, x, i, -1e-6)) / 2e-6;
        assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), at);
        assertEquals(grad[i], g2[i], 1e-12 * Math.max(1, Math.abs(fd)), at);
        double hfd = 0;
        for (int j = 0; j < length; j++) {
          hfd += (gradientAt(gradient, x, j, 1e-6)[i] - gradientAt(gradient, x, j, -1e-6)[i]) / 2e-6;
        }
        assertEquals(hfd, hv[i], 1e-5 * Math.max(1, Math.abs(hfd)), at + " (H v)");
        sum += grad[i];
      }
      assertEquals(
          sum, (double) derivative.invoke(null, x.clone(), direction), 1e-12 * Math.max(1, sum));
    }
  }

  private static double eval(Method f, double[] x, int i, double h) throws Exception {
    double[] y = x.clone();
    y[i] += h;
    return (double) f.invoke(null, (Object) y);
  }

  private static double[] gradientAt(Method gradient, double[] x, int j, double h)
      throws Exception {
    double[] y = x.clone();
    y[j] += h;
    double[] g = new double[x.length];
    gradient.invoke(null, y, g);
    return g;
  }
}
