package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FIXED (review of reverse-speed): reverse mode stores what reaches an element's old value over
 * its adjoint ({@code a[i] = c * a[i] + e}) instead of clearing it and adding. The linearizer keys a
 * term of a partial that may be infinite ({@code Math.sqrt}) apart, so {@code a[i] = a[i] +
 * Math.sqrt(a[i])} reached {@code a[i]} under two keys; the second was stored over the first, and
 * the gradient lost the {@code 1} (1.46 where 3.90). Now only the first is stored, the others add
 * after it. Each update below is checked, gradient and Hessian-vector product, against central
 * differences of the original and of the gradient; {@code k} is {@code i} or the other element.
 */
class ElementUpdatedFromItselfStoredOverItsAdjointTest {
  private static final double[] X = {0.7, 1.3};

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a[i] = a[i] + Math.sqrt(a[i]);",
        "a[i] = 2 * a[i] + Math.sqrt(a[i]);",
        "a[i] = Math.sqrt(a[i]) + a[i] * x;",
        "a[i] = a[i] * x + Math.sqrt(a[i]) * a[i];",
        "a[i] += Math.sqrt(a[i]) + a[k];",
        "a[i] = a[i] * a[k] + Math.sqrt(a[k]);",
        "a[i] = a[i] * y; a[i] += Math.sqrt(a[i]);",
        "if (a[i] > 1) { a[i] = a[i] + Math.sqrt(a[i]); } else { a[i] = a[k] * a[i]; }",
      })
  void gradientAndHessianVectorAgreeWithDifferences(String update) throws Exception {
    for (String k : new String[] {"i", "1 - i"}) {
      check(update, k);
    }
  }

  private static void check(String update, String k) throws Exception {
    String source =
        """
        package repro;

        import dev.adjoint.Differentiable;

        public final class C {
          @Differentiable
          static double f(double x, double y) {
            double[] a = new double[2];
            a[0] = x;
            a[1] = y;
            for (int i = 0; i < 2; i++) {
              int k = %s;
              %s
            }
            return a[0] * a[1];
          }
        }
        """
            .formatted(k, update);
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", source));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Method f = Repro.method(c, "f", 2);
    Method gradient = Repro.method(d, "fGradient", 3);
    Method hessianVector = Repro.method(d, "fHessianVector", 5);
    String what = update + " with k = " + k;
    double h = 1e-5;
    double[] grad = gradientAt(gradient, X);
    double[] v = {0.6, -1.1};
    double[] hv = new double[2];
    hessianVector.invoke(null, X[0], X[1], v, new double[2], hv);
    double[] ahead = gradientAt(gradient, new double[] {X[0] + h * v[0], X[1] + h * v[1]});
    double[] behind = gradientAt(gradient, new double[] {X[0] - h * v[0], X[1] - h * v[1]});
    for (int j = 0; j < 2; j++) {
      double[] up = X.clone();
      double[] down = X.clone();
      up[j] += h;
      down[j] -= h;
      double fd = ((double) f.invoke(null, up[0], up[1]) - (double) f.invoke(null, down[0], down[1])) / (2 * h);
      assertEquals(fd, grad[j], 1e-6 * (1 + Math.abs(fd)), what + ": gradient " + j);
      double hd = (ahead[j] - behind[j]) / (2 * h);
      assertEquals(hd, hv[j], 1e-5 * (1 + Math.abs(hd)), what + ": Hessian-vector product " + j);
    }
  }

  private static double[] gradientAt(Method gradient, double[] x) throws Exception {
    double[] grad = new double[2];
    gradient.invoke(null, x[0], x[1], grad);
    return grad;
  }
}
