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
 * A library compiled by an earlier Adjoint, whose companion has no {@code mHessianVectors}, called
 * by a method compiled now: the caller's {@code mHessianVectors} must not call a method that is not
 * there (it would not compile, or fail to link against the jar), but read the callee's companion
 * and apply its {@code mHessianVector} lane by lane. The companion here is written by hand (as an
 * earlier Adjoint wrote it: gradient with {@code @WithRespectTo}, derivative, Hessian-vector
 * product, Hessian) and the library compiled without the processor; the caller's lanes are checked
 * against its own products and against differences of its gradient.
 */
class CompanionWithoutHessianVectorsTest {
  private static final JavaFileObject CURVE =
      JavaFileObjects.forSourceString(
          "lib.Curve",
          """
          package lib;
          import dev.adjoint.Differentiable;
          public final class Curve {
            private Curve() {}

            @Differentiable
            public static double bump(double a, double b) {
              return Math.exp(a * b) + a * a * b;
            }
          }
          """);

  /** What an Adjoint before {@code mHessianVectors} wrote, by hand: every kind but that one. */
  private static final JavaFileObject OLD_COMPANION =
      JavaFileObjects.forSourceString(
          "lib.CurveDerivatives",
          """
          package lib;
          import dev.adjoint.runtime.WithRespectTo;
          public final class CurveDerivatives {
            private CurveDerivatives() {}

            @WithRespectTo({0, 1})
            public static double bumpGradient(double a, double b, double[] grad) {
              double e = Math.exp(a * b);
              grad[0] = b * e + 2 * a * b;
              grad[1] = a * e + a * a;
              return e + a * a * b;
            }

            public static double[] bumpGradient(double a, double b) {
              double[] grad = new double[2];
              bumpGradient(a, b, grad);
              return grad;
            }

            public static double bumpDerivative(double a, double b, double[] direction) {
              double[] grad = new double[2];
              bumpGradient(a, b, grad);
              return grad[0] * direction[0] + grad[1] * direction[1];
            }

            public static double bumpHessianVector(
                double a, double b, double[] v, double[] grad, double[] hv) {
              double e = Math.exp(a * b);
              double haa = b * b * e + 2 * b;
              double hab = e + a * b * e + 2 * a;
              double hbb = a * a * e;
              double v0 = v[0];
              double v1 = v[1];
              double value = bumpGradient(a, b, grad);
              hv[0] = haa * v0 + hab * v1;
              hv[1] = hab * v0 + hbb * v1;
              return value;
            }

            public static double[][] bumpHessian(double a, double b) {
              double[][] h = new double[2][2];
              double[] grad = new double[2];
              bumpHessianVector(a, b, new double[] {1, 0}, grad, h[0]);
              bumpHessianVector(a, b, new double[] {0, 1}, grad, h[1]);
              return h;
            }
          }
          """);

  private static final JavaFileObject CALLER =
      JavaFileObjects.forSourceString(
          "app.Chain",
          """
          package app;
          import dev.adjoint.Differentiable;
          import lib.Curve;
          public class Chain {
            @Differentiable
            public static double energy(double[] x) {
              double s = 0;
              for (int i = 0; i + 1 < x.length; i++) {
                s += Curve.bump(x[i], x[i + 1]) * x[i];
              }
              return s + x[0] * x[0];
            }
          }
          """);

  private static final int N = 5;

  @Test
  void aCalleeWithoutHessianVectorsIsCalledLaneByLaneAndRight(@TempDir Path dir) throws Exception {
    Compilation library =
        Compiler.javac()
            .withClasspath(List.of(SeparateCompilationTest.annotationsJar()))
            .compile(CURVE, OLD_COMPANION);
    assertThat(library).succeeded();
    SeparateCompilationTest.writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
            .compile(CALLER);
    assertThat(caller).succeededWithoutWarnings();
    String generated =
        caller.generatedSourceFile("app.ChainDerivatives").orElseThrow().getCharContent(true).toString();
    assertTrue(!generated.contains("bumpHessianVectors("), generated);
    assertTrue(generated.contains("bump has no mHessianVectors"), generated);
    // Nor a recording for edge pushing, which would call bump's: colouring only, saying why.
    assertTrue(!generated.contains("bumpHessianEdges("), generated);
    assertTrue(!generated.contains("energyHessianEdges("), generated);
    assertTrue(generated.contains("bump's companion has no bumpHessianEdges"), generated);
    SeparateCompilationTest.writeClasses(caller, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> companion = loader.loadClass("app.ChainDerivatives");
      Method gradient = companion.getMethod("energyGradient", double[].class, double[].class);
      Method vector =
          companion.getMethod(
              "energyHessianVector", double[].class, double[].class, double[].class, double[].class);
      Method vectors =
          companion.getMethod(
              "energyHessianVectors", double[].class, double[][].class, double[].class, double[][].class);
      Random random = new Random(11);
      double[] x = random.doubles(N, -0.8, 0.8).toArray();
      double[] grad = new double[N];
      double f = (double) gradient.invoke(null, x, grad);
      for (int k : new int[] {0, 1, 8, 3}) {
        double[][] vs = new double[k][];
        for (int l = 0; l < k; l++) {
          vs[l] = random.doubles(N, -1, 1).toArray();
        }
        double[] laneGrad = new double[N];
        double[][] hvs = new double[k][N];
        assertEquals(f, (double) vectors.invoke(null, x, vs, laneGrad, hvs), 1e-12 * (1 + Math.abs(f)));
        assertArrayEquals(grad, laneGrad, 1e-12);
        for (int l = 0; l < k; l++) {
          double[] hv = new double[N];
          vector.invoke(null, x, vs[l], new double[N], hv);
          assertArrayEquals(hv, hvs[l], 1e-12 * (1 + norm(hv)), "k = " + k + ", lane " + l);
          double[] differences = gradientDifferences(gradient, x, vs[l]);
          assertArrayEquals(differences, hvs[l], 1e-5 * (1 + norm(differences)), "lane " + l);
        }
      }
    }
  }

  /** (∇f(x + hv) − ∇f(x − hv)) / 2h, the Hessian times v without the code under test's products. */
  private static double[] gradientDifferences(Method gradient, double[] x, double[] v) throws Exception {
    double h = 1e-5;
    double[] plus = x.clone();
    double[] minus = x.clone();
    for (int i = 0; i < N; i++) {
      plus[i] += h * v[i];
      minus[i] -= h * v[i];
    }
    double[] gPlus = new double[N];
    double[] gMinus = new double[N];
    gradient.invoke(null, plus, gPlus);
    gradient.invoke(null, minus, gMinus);
    double[] out = new double[N];
    for (int i = 0; i < N; i++) {
      out[i] = (gPlus[i] - gMinus[i]) / (2 * h);
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
