package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vector method in a library compiled by an earlier Adjoint, whose companion has no {@code
 * mJacobianVectors}, called through its companion by a vector method compiled now: the caller's
 * {@code mJacobianVectors} (and the dense {@code mJacobian} built from it) must not call a method
 * that is not there (it would not compile, or fail to link against the jar), but apply the
 * callee's {@code mJacobianVector} lane by lane. The companion is written by hand as an earlier
 * Adjoint wrote it (Jacobian-vector product, vector-Jacobian product with {@code @WithRespectTo},
 * vector-Hessian-vector product, Jacobian) and the library compiled without the processor; the
 * caller's lanes are checked against its own products and against differences of the original.
 */
class CompanionWithoutJacobianVectorsTest {
  private static final JavaFileObject ARM =
      JavaFileObjects.forSourceString(
          "lib.Arm",
          """
          package lib;
          import dev.adjoint.Differentiable;
          public final class Arm {
            private Arm() {}

            @Differentiable
            public static double[] reach(double r, double theta) {
              double[] p = new double[3];
              p[0] = r * Math.cos(theta);
              p[1] = r * Math.sin(theta);
              p[2] = r * r * theta;
              return p;
            }
          }
          """);

  /** What an Adjoint before {@code mJacobianVectors} wrote, by hand: every kind but that one. */
  private static final JavaFileObject OLD_COMPANION =
      JavaFileObjects.forSourceString(
          "lib.ArmDerivatives",
          """
          package lib;
          import dev.adjoint.runtime.WithRespectTo;
          public final class ArmDerivatives {
            private ArmDerivatives() {}

            public static double[] reachJacobianVector(double r, double theta, double[] v, double[] jv) {
              double c = Math.cos(theta);
              double s = Math.sin(theta);
              jv[0] = c * v[0] - r * s * v[1];
              jv[1] = s * v[0] + r * c * v[1];
              jv[2] = 2 * r * theta * v[0] + r * r * v[1];
              return Arm.reach(r, theta);
            }

            @WithRespectTo({0, 1})
            public static double[] reachVectorJacobian(double r, double theta, double[] u, double[] vj) {
              double c = Math.cos(theta);
              double s = Math.sin(theta);
              vj[0] = u[0] * c + u[1] * s + u[2] * 2 * r * theta;
              vj[1] = -u[0] * r * s + u[1] * r * c + u[2] * r * r;
              return Arm.reach(r, theta);
            }

            public static double[] reachVectorHessianVector(
                double r, double theta, double[] u, double[] v, double[] vj, double[] uhv) {
              double c = Math.cos(theta);
              double s = Math.sin(theta);
              double hrr = u[2] * 2 * theta;
              double hrt = -u[0] * s + u[1] * c + u[2] * 2 * r;
              double htt = -u[0] * r * c - u[1] * r * s;
              uhv[0] = hrr * v[0] + hrt * v[1];
              uhv[1] = hrt * v[0] + htt * v[1];
              return reachVectorJacobian(r, theta, u, vj);
            }

            public static double[][] reachJacobian(double r, double theta) {
              double[][] j = new double[3][2];
              for (int i = 0; i < 3; i++) {
                double[] u = new double[3];
                u[i] = 1;
                reachVectorJacobian(r, theta, u, j[i]);
              }
              return j;
            }
          }
          """);

  /** Calls the library straight and in a loop, with a computed argument. */
  private static final JavaFileObject CALLER =
      JavaFileObjects.forSourceString(
          "app.Arms",
          """
          package app;
          import dev.adjoint.Differentiable;
          import lib.Arm;
          public class Arms {
            @Differentiable
            public static double[] chain(double[] x) {
              double[] out = new double[3 * x.length];
              double[] first = Arm.reach(x[0], 0.5);
              for (int i = 0; i + 1 < x.length; i++) {
                double[] p = Arm.reach(x[i], x[i + 1] * x[0]);
                for (int j = 0; j < 3; j++) {
                  out[3 * i + j] = p[j] * x[i] + first[j];
                }
              }
              out[out.length - 1] = first[2] * x[x.length - 1];
              return out;
            }
          }
          """);

  private static final int N = 20;

  @Test
  void aVectorCalleeWithoutJacobianVectorsIsCalledLaneByLaneAndRight(@TempDir Path dir)
      throws Exception {
    Compilation library =
        Compiler.javac()
            .withClasspath(List.of(SeparateCompilationTest.annotationsJar()))
            .compile(ARM, OLD_COMPANION);
    assertThat(library).succeeded();
    SeparateCompilationTest.writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
            .compile(CALLER);
    assertThat(caller).succeededWithoutWarnings();
    String generated =
        caller.generatedSourceFile("app.ArmsDerivatives").orElseThrow().getCharContent(true).toString();
    assertTrue(!generated.contains("reachJacobianVectors("), generated);
    assertTrue(generated.contains("reach has no mJacobianVectors"), generated);
    SeparateCompilationTest.writeClasses(caller, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Method original = loader.loadClass("app.Arms").getMethod("chain", double[].class);
      Class<?> companion = loader.loadClass("app.ArmsDerivatives");
      Method vector =
          companion.getMethod("chainJacobianVector", double[].class, double[].class, double[].class);
      Method vectors =
          companion.getMethod(
              "chainJacobianVectors", double[].class, double[][].class, double[][].class);
      Method jacobian = companion.getMethod("chainJacobian", double[].class);
      Random random = new Random(17);
      double[] x = random.doubles(N, -0.8, 0.8).toArray();
      double[] y = (double[]) original.invoke(null, (Object) x);
      int m = y.length;
      for (int k : new int[] {0, 1, 8, 3}) {
        double[][] vs = new double[k][];
        for (int l = 0; l < k; l++) {
          vs[l] = random.doubles(N, -1, 1).toArray();
        }
        double[][] jvs = new double[k][m];
        assertArrayEquals(y, (double[]) vectors.invoke(null, x, vs, jvs), 1e-12);
        for (int l = 0; l < k; l++) {
          double[] jv = new double[m];
          vector.invoke(null, x, vs[l], jv);
          assertArrayEquals(jv, jvs[l], 1e-12 * (1 + norm(jv)), "k = " + k + ", lane " + l);
          double[] differences = differences(original, x, vs[l]);
          assertArrayEquals(differences, jvs[l], 1e-6 * (1 + norm(differences)), "lane " + l);
        }
      }
      // More outputs than a quarter of the inputs: the dense Jacobian is built from the lanes.
      assertTrue(generated.contains("(vs, jvs) -> chainJacobianVectors("), generated);
      double[][] dense = (double[][]) jacobian.invoke(null, (Object) x);
      assertEquals(m, dense.length);
      for (int i = 0; i < N; i++) {
        double[] unit = new double[N];
        unit[i] = 1;
        double[] column = differences(original, x, unit);
        for (int row = 0; row < m; row++) {
          assertEquals(column[row], dense[row][i], 1e-6 * (1 + Math.abs(column[row])), row + ", " + i);
        }
      }
    }
  }

  /** (f(x + hv) − f(x − hv)) / 2h, the Jacobian times v without the code under test. */
  private static double[] differences(Method original, double[] x, double[] v) throws Exception {
    double h = 1e-6;
    double[] plus = x.clone();
    double[] minus = x.clone();
    for (int i = 0; i < N; i++) {
      plus[i] += h * v[i];
      minus[i] -= h * v[i];
    }
    double[] fPlus = (double[]) original.invoke(null, (Object) plus);
    double[] fMinus = (double[]) original.invoke(null, (Object) minus);
    double[] out = new double[fPlus.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (fPlus[i] - fMinus[i]) / (2 * h);
    }
    return out;
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double e : v) {
      sum += e * e;
    }
    return Math.sqrt(sum);
  }
}
