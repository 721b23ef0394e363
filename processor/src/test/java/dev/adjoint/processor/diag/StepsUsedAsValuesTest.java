package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@code ++} and {@code --} used as values (issue 16, corpus class {@code
 * NegativeBinomialRegression}: {@code ser += c / ++y} in a Lanczos series, {@code y} a
 * differentiated {@code double}): prefix and postfix, of {@code double}, {@code int} and {@code
 * long} locals and parameters, in compound assignments, element writes, declarations, calls, an
 * {@code if}'s condition, a loop's update and a {@code return}, each checked in every generated
 * kind against finite differences; and, on their lines, the uses Java would not evaluate exactly
 * once per statement or where the variable is named again in the statement (ADJ039).
 */
class StepsUsedAsValuesTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      class Steps {
        static double weight(double t, long m) {
          return t / (1 + m);
        }

        @Differentiable
        static double f(double[] x, double z) {
          double y = z;
          double ser = 1;
          int n = 0;
          long m = 2;
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            ser += x[i] / ++y;
            a[n++] = x[i] * y;
          }
          double w = z--;
          double v = --z * x[0] + weight(x[1], m++);
          double u = weight(x[2], --m) * y;
          int k = 0;
          if (x[k++] * z > 0.5) {
            ser += a[k] * w;
          }
          for (int j = 0; j < 2; ser += v * j++) {
            v = v * 0.5;
          }
          return ser * w + v + u + a[0] * y++ + n + m;
        }
      }
      """;

  @Test
  void everyKindMatchesDifferences() throws Exception {
    Compilation c = expectClean("p.Steps", SOURCE);
    ClassLoader loader = classes(c);
    Class<?> steps = loader.loadClass("p.Steps");
    Class<?> companion = loader.loadClass("p.StepsDerivatives");
    Method f = declared(steps, "f", double[].class, double.class);
    Method gradient = declared(companion, "fGradient", double[].class, double.class, double[].class);
    Method derivative = declared(companion, "fDerivative", double[].class, double.class, double[].class);
    Method hessianVector =
        declared(companion, "fHessianVector", double[].class, double.class, double[].class, double[].class, double[].class);
    // At the first point x[0] * (z - 2) > 0.5 holds, at the second it does not.
    for (double[] at : new double[][] {{1.5, 0.4, -0.7, 3.1}, {0.6, -0.3, 1.2, 0.9}}) {
      ScalarKinds.check(
          p -> (Double) invoke(f, xs(p), p[3]),
          (p, g) -> (Double) invoke(gradient, xs(p), p[3], g),
          (p, d) -> (Double) invoke(derivative, xs(p), p[3], d),
          (p, d, g, hv) -> (Double) invoke(hessianVector, xs(p), p[3], d, g, hv),
          at);
    }
  }

  @Test
  void stepsJavaWouldNotRunOnceOrThatTheStatementNamesAgainAreRefused() {
    expectErrors(
        "p.Steps",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Steps {
          @Differentiable
          static double r(double x, int n) {
            double[] a = new double[3];
            int k = 0;
            while (k++ < 2) {  //! ADJ039
              x = x * 2;
            }
            if (n > 0 && ++k > 1) {  //! ADJ039
              x = x + 1;
            }
            double y = n > 1 ? x * k++ : x;  //! ADJ039
            y = y + a[k] * k++;  //! ADJ039
            a[0] = a[1]++ + y;  //! ADJ039
            double u = x;
            u = u++ * 2;  //! ADJ039
            return y + u;
          }
        }
        """);
  }

  /** The first three coordinates as {@code x}. */
  private static double[] xs(double[] p) {
    return new double[] {p[0], p[1], p[2]};
  }

  private static Method declared(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    Method m = type.getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(m.getName() + " failed", e);
    }
  }
}
