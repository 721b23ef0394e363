package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vector library compiled by an earlier Adjoint, whose companion has no {@code
 * gJacobianVectors}, called through its companion by a method compiled now: the caller's {@code
 * mJacobianVectors} must not call a method that is not there (the caller's companion would not
 * compile). The companion is written by hand as an earlier Adjoint wrote it (every vector kind
 * but that one), the library compiled without the processor; the caller's products along several
 * directions are checked against its own {@code mJacobianVector} along each.
 */
class VectorCompanionWithoutJacobianVectorsTest {
  private static final JavaFileObject SQUARES =
      JavaFileObjects.forSourceString(
          "lib.Squares",
          """
          package lib;
          import dev.adjoint.Differentiable;
          public final class Squares {
            private Squares() {}

            @Differentiable
            public static double[] of(double[] x) {
              double[] y = new double[x.length];
              for (int i = 0; i < x.length; i++) {
                y[i] = x[i] * x[i];
              }
              return y;
            }
          }
          """);

  /** What an Adjoint before {@code mJacobianVectors} wrote, by hand: every kind but that one. */
  private static final JavaFileObject OLD_COMPANION =
      JavaFileObjects.forSourceString(
          "lib.SquaresDerivatives",
          """
          package lib;
          import dev.adjoint.runtime.WithRespectTo;
          public final class SquaresDerivatives {
            private SquaresDerivatives() {}

            public static double[] ofJacobianVector(double[] x, double[] v, double[] jv) {
              for (int i = 0; i < x.length; i++) {
                jv[i] = 2 * x[i] * v[i];
              }
              return Squares.of(x);
            }

            @WithRespectTo({0})
            public static double[] ofVectorJacobian(double[] x, double[] u, double[] vj) {
              for (int i = 0; i < x.length; i++) {
                vj[i] = 2 * x[i] * u[i];
              }
              return Squares.of(x);
            }

            public static double[] ofVectorHessianVector(
                double[] x, double[] u, double[] v, double[] vj, double[] uhv) {
              for (int i = 0; i < x.length; i++) {
                uhv[i] = 2 * u[i] * v[i];
              }
              return ofVectorJacobian(x, u, vj);
            }

            public static double[][] ofJacobian(double[] x) {
              double[][] j = new double[x.length][x.length];
              for (int i = 0; i < x.length; i++) {
                j[i][i] = 2 * x[i];
              }
              return j;
            }
          }
          """);

  private static final JavaFileObject CALLER =
      JavaFileObjects.forSourceString(
          "app.Model",
          """
          package app;
          import dev.adjoint.Differentiable;
          import lib.Squares;
          public class Model {
            @Differentiable
            public static double[] residuals(double[] x) {
              double[] y = Squares.of(x);
              double[] r = new double[x.length];
              for (int i = 0; i < x.length; i++) {
                r[i] = y[i] * x[(i + 1) % x.length] + Math.sin(x[i]);
              }
              return r;
            }
          }
          """);

  @Test
  void theCallerDoesNotCallAMissingJacobianVectors(@TempDir Path dir) throws Exception {
    Compilation library =
        Compiler.javac()
            .withClasspath(List.of(SeparateCompilationTest.annotationsJar()))
            .compile(SQUARES, OLD_COMPANION);
    assertThat(library).succeeded();
    SeparateCompilationTest.writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
            .compile(CALLER);
    assertThat(caller).succeededWithoutWarnings();
    SeparateCompilationTest.writeClasses(caller, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> companion = loader.loadClass("app.ModelDerivatives");
      Method one =
          companion.getMethod("residualsJacobianVector", double[].class, double[].class, double[].class);
      Method many =
          companion.getMethod(
              "residualsJacobianVectors", double[].class, double[][].class, double[][].class);
      double[] x = {0.3, -1.2, 0.8, 1.5};
      double[][] vs = {{1, 0, 0, 0}, {0.5, -0.25, 2, 1}, {0, 0, 0, 1}};
      double[][] jvs = new double[3][4];
      many.invoke(null, x, vs, jvs);
      for (int j = 0; j < vs.length; j++) {
        double[] jv = new double[4];
        one.invoke(null, x, vs[j], jv);
        for (int i = 0; i < 4; i++) {
          assertEquals(jv[i], jvs[j][i], 1e-12, "direction " + j + ", output " + i);
        }
      }
    }
  }
}
