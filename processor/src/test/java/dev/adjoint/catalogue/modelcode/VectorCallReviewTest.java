package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.SeparateCompilationTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of vector callees called through their companions: shapes the branch's own tests do not
 * show, each caller checked in every generated kind against differences of the original.
 */
class VectorCallReviewTest {
  private static final String G =
      """
        static final class G {
          @Differentiable(wrt = {"a", "w", "b"})
          double[] mixed(double a, int n, double[] w, double[] data, double b) {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
              p[i] = a * w[i % w.length] * data[i % data.length] + Math.sin(b * (i + 1)) * w[0];
            }
            return p;
          }

          @Differentiable
          double[] two(double[] u, double[] v) {
            double[] p = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              p[i] = u[i] * v[(i + 1) % v.length] + Math.exp(v[i] * 0.3);
            }
            return p;
          }

          @Differentiable
          double[] sq(double[] u) {
            double[] p = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              p[i] = u[i] * u[i] + Math.sin(u[(i + 1) % u.length]);
            }
            return p;
          }

          @Differentiable(wrt = "u")
          double[] take(double[] u, int n) {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
              p[i] = Math.exp(u[i % u.length]) * u[0];
            }
            return p;
          }

          @Differentiable
          double[] mat(double[][] m, double s) {
            double[] p = new double[m.length];
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                p[i] += m[i][j] * m[i][j] * s + m[0][j];
              }
            }
            return p;
          }
        }
      """;

  static JavaFileObject model(String methods) {
    return JavaFileObjects.forSourceString(
        "rv.Model",
        "package rv;\n\nimport dev.adjoint.Differentiable;\n\npublic final class Model {\n"
            + G
            + "  private final G g = new G();\n\n"
            + methods
            + "\n}\n");
  }

  private static void check(Path dir, String source, List<String> methods, List<Object[]> points)
      throws Exception {
    Compilation c = Compiler.javac().withProcessors(new AdjointProcessor()).compile(model(source));
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> ModelCodeSources.listing(c));
    SeparateCompilationTest.writeClasses(c, dir);
    ModelCase m =
        new ModelCase(
            "Model.java", "rv.Model", new Object[0], methods, new int[0], points,
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, VectorCallReviewTest.class.getClassLoader())) {
      GeneratedKindsCheck.check(m, loader);
    }
  }

  private static List<Object[]> points() {
    return List.of(
        new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2},
        new Object[] {new double[] {-0.6, 0.5, 0.2, 0.9}, 0.7});
  }

  @Test
  void mixedLayoutWithDataBetween(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] d = new double[2];
            d[0] = 1.5;
            d[1] = -0.5;
            double[] h = g.mixed(t * x[0], 3, x, d, x[1]);
            return h[0] * h[1] + h[2] * t;
          }
        """, List.of("f"), points());
  }

  @Test
  void argumentsChangedAfterTheCall(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] a = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              a[i] = x[i] * t;
            }
            double s = t * x[0];
            double[] d = new double[1];
            d[0] = 0.7;
            double[] h = g.mixed(s, 3, a, d, s);
            a[0] = h[1] * 3;
            s = h[0] * s;
            return h[0] * a[0] + h[2] * s + a[1];
          }
        """, List.of("f"), points());
  }

  @Test
  void sameArrayTwice(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] h = g.two(x, x);
            return h[0] * h[1] * t + h[2];
          }
        """, List.of("f"), points());
  }

  @Test
  void loopFeedingItsArgument(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] a = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              a[i] = x[i] * t;
            }
            double s = 0;
            for (int k = 0; k < 3; k++) {
              double[] h = g.sq(a);
              for (int i = 0; i < a.length; i++) {
                a[i] = 0.5 * a[i] + 0.1 * h[i];
              }
              s += h[0];
            }
            return s + a[1];
          }
        """, List.of("f"), points());
  }

  @Test
  void resultWrittenAndBranches(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double s = 0;
            if (x[0] > 0) {
              double[] h = g.sq(x);
              h[0] = h[0] * t + h[1];
              s = h[0] * h[1];
            } else {
              double[] h = g.take(x, 2);
              s = h[1] * t;
            }
            switch (x.length) {
              case 3 -> {
                double[] k = g.take(x, 4);
                s += k[3] * k[0];
              }
              default -> s += t;
            }
            return s;
          }
        """, List.of("f"), points());
  }

  @Test
  void outputLengthsChangeAndZero(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
              double[] h = g.take(x, k);
              for (int i = 0; i < h.length; i++) {
                s += h[i] * t * (k + 1);
              }
            }
            double[] z = g.take(x, 0);
            return s + z.length;
          }
        """, List.of("f"), points());
  }

  @Test
  void matrixArgument(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[][] m = new double[2][x.length];
            for (int i = 0; i < x.length; i++) {
              m[0][i] = x[i] * t;
              m[1][i] = x[i] + t;
            }
            double[] h = g.mat(m, t);
            return h[0] * h[1];
          }
        """, List.of("f"), points());
  }

  @Test
  void vectorCallerOfVectorCallee(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double[] f(double[] x, double t) {
            double[] a = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              a[i] = x[i] * t;
            }
            double[] h = g.two(a, x);
            double[] out = new double[2];
            out[0] = h[0] * h[1];
            out[1] = h[2] * t + a[0] * h[0];
            return out;
          }
        """, List.of("f"), points());
  }

  @Test
  void dataArgumentsChangedAfterTheCall(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] d = new double[2];
            d[0] = 0.7;
            d[1] = -1.5;
            int n = 2;
            double[] h = g.mixed(t * x[0], n, x, d, x[1]);
            d[0] = 5;
            d[1] = 2.5;
            n = 3;
            return h[0] * h[1] + d[0] * n + d[1] * h[1];
          }
        """, List.of("f"), points());
  }

  @Test
  void dataArgumentsChangedInALoop(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] d = new double[1];
            double s = 0;
            for (int k = 1; k < 4; k++) {
              d[0] = k * 0.5;
              double[] h = g.mixed(t * x[0], k, x, d, s);
              s += h[k - 1] * t;
            }
            return s;
          }
        """, List.of("f"), points());
  }

  @Test
  void vectorCallerInALoopOfChangingLengths(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double[] f(double[] x, double t) {
            double[] out = new double[3];
            for (int k = 0; k < 3; k++) {
              double[] h = g.take(x, k + 1);
              double[] q = g.sq(h);
              out[k] = q[k] * t + h[0];
            }
            return out;
          }
        """, List.of("f"), points());
  }

  @Test
  void whileLoopWithBreakAndEarlyReturn(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            if (t > 5) {
              return x[0];
            }
            double s = t;
            int k = 0;
            double[] d = new double[1];
            d[0] = 0.3;
            while (true) {
              double[] h = g.mixed(s, 2, x, d, t);
              s = s * 0.5 + h[1] * 0.1;
              k++;
              if (k >= 3) {
                break;
              }
            }
            if (s > 100) {
              return s;
            }
            double[] z = g.sq(x);
            return s * z[1];
          }
        """, List.of("f"), points());
  }
}
