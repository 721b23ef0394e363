package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class R7ScratchTest {
  private static final String SOURCE =
      """
      package r7s;
      import dev.adjoint.Differentiable;
      public class G {
        @Differentiable
        public static double m1(double p, double q) {
          return p * q;
        }

        @Differentiable
        public static double full(double[][] mat, double a, double b) {
          double[] u0 = new double[2];
          double t2 = Math.log(1 + 1.25 * 1.25);
          if (Math.hypot(b, 1 + Math.cos(a)) < mat[0][1]) {
            for (int i = 0, iteration = u0.length - 1; i < iteration; i++, iteration--) {
              t2 += 0.5 * (Math.abs(a));
              double t3 = u0[iteration];
              t3 = (a + 0.75) <= (t3 / (1.5 + Math.cos(mat[i][0]))) ? m1(2 * Math.sin(Math.min(t2, t3)), 2 * Math.sin((0.75 * t3))) : (Math.atan2(t3, 1.5 + Math.cos(b)) - ((Math.PI / 4) + b));
            }
          }
          return 0.25 * t2 + b * b;
        }

        @Differentiable
        public static double soft(double x, double y) {
          double s = Math.sin(x) * y;
          return Math.log(1 + s * s) + 0.5 * y;
        }

        @Differentiable
        public static double smoothNorm(double[] u) {
          double[] squares = new double[u.length];
          for (int i = 0; i < u.length; i++) {
            squares[i] = u[i] * u[i];
          }
          double s = 1;
          for (double q : squares) {
            s += q;
          }
          return Math.sqrt(s / u.length);
        }

        @Differentiable
        public static double matrixEnergy(double[][] g) {
          double s = 0;
          for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g[i].length; j++) {
              s += Math.sin(g[i][j] + 0.5 * j) * g[i][(j + 1) % g[i].length];
            }
          }
          return Math.tanh(s / (1 + g.length));
        }

        @Differentiable(wrt = {"mat", "a", "b"})
        public double m8(int n, double[][] mat, double a, double b) {
          double[] u0 = new double[2];
          double t1 = Math.pow(((Math.log10(2 + Math.cos(u0[1])) >= 0.75 || (mat[1][0] - a) > 0.5) ? a : (Math.cos(u0[u0.length - 1]) < 1.5 ? 1.5 : a)), 3);
          double t2 = Math.log(1 + 1.25 * 1.25);
          {
            if (Math.hypot(b, 1 + Math.cos(a)) < mat[0][1]) {
              for (int i = 0, iteration = u0.length - 1; i < iteration; i++, iteration--) {
                t2 += 0.5 * (Math.abs(a));
                double t3 = u0[iteration];
                t3 = (a + 0.75) <= (t3 / (1.5 + Math.cos(mat[i][0]))) ? m1(2 * Math.sin(Math.min(t2, t3)), 2 * Math.sin((0.75 * t3))) : (Math.atan2(t3, 1.5 + Math.cos(b)) - ((Math.PI / 4) + b));
              }
              a += soft(-a, t2);
            }
            Math.sin((Math.sqrt(1 + t2 * t2) * matrixEnergy(mat)));
            smoothNorm(mat[Math.floorMod(2 * n + 1, mat.length)]);
          }
          return Math.tan(0.5 * Math.sin(Math.toRadians((b + 0.2 * (n >> 1))))) + 0.25 * t2 + 0.25 * t2;
        }

        @Differentiable
        public static double small(double a, double b) {
          double[] u0 = new double[2];
          double t2 = 1;
          if (b < a) {
            for (int i = 0, iteration = u0.length - 1; i < iteration; i++, iteration--) {
              double t3 = u0[iteration];
              t2 += t3 * a;
            }
          }
          return t2 * b;
        }
      }
      """;

  @Test
  void scratch() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("r7s.G", SOURCE));
    assertThat(compilation).succeeded();
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("/tmp/r7/GDerivatives.java"),
        compilation.generatedSourceFile("r7s.GDerivatives").orElseThrow().getCharContent(true));
    Class<?> c = DiagnosticSources.classes(compilation).loadClass("r7s.GDerivatives");
    double[][] mat = {{0.9, 0.08, 0.26}, {-1.6, 0.14, -0.67}};
    for (Method m : c.getMethods()) {
      if (m.getName().equals("smallHessianSparse") && m.getParameterCount() == 2) {
        System.out.println("small " + m.invoke(null, 0.5, 0.2));
      }
      if (m.getName().equals("m8HessianSparse") && m.getParameterCount() == 5) {
        System.out.println("m8 " + m.invoke(null, c.getClassLoader().loadClass("r7s.G").getConstructor().newInstance(), 1, mat, -1.33, 0.0165));
      }
      if (m.getName().equals("fullHessianSparse") && m.getParameterCount() == 3) {
        System.out.println("full " + m.invoke(null, mat, -1.33, 0.0165));
      }
    }
  }
}
