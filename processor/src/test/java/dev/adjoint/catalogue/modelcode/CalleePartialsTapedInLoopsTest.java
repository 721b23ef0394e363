package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls in loops whose partials the gradient keeps on the tape (the callee may have effects, or a
 * call before it may change what it reads, so it is not called again in the backward sweep):
 * before each call the partials the call before left are recorded, so the array they are in must
 * not be made anew in the loop. Found as {@code fuzz/CalleePartialsTapedBeforeTheCallFillsThemTest}
 * (a matrix argument, whose array was allocated in each iteration, so zeros were recorded); here
 * in every shape and every kind that tapes them: counted and {@code while} loops, nested loops,
 * a vector-valued caller (vector-Jacobian products, Jacobians), rows as arguments (partials of a
 * length that may change, kept element by element), and a vector passed to a callee with effects.
 * (A vector-valued callee called through its companion keeps nothing on the tape: its Jacobian
 * products are called again, and a call in the loop that may change what it reads is refused,
 * ADJ089.) Every generated kind is checked against finite differences of the original ({@link
 * GeneratedKindsCheck}).
 */
class CalleePartialsTapedInLoopsTest {
  private static final String SOURCE =
      """
      package taped;

      import dev.adjoint.Differentiable;

      public final class Taped {
        private Taped() {}

        /** The finding, with more iterations: partials of a matrix callee taped in a counted loop. */
        @Differentiable
        public static double counted(double[][] m) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            touch(m[1]);
            s += product(m) * m[0][i];
          }
          return s;
        }

        /** A counted loop in a while loop: one array for every call of both. */
        @Differentiable
        public static double nested(double[][] m, double[] w) {
          double s = 0;
          int i = 0;
          while (i < w.length) {
            touch(w);
            for (int j = 0; j < 2; j++) {
              s += w[i] * product(m) + Math.sin(m[j][i]);
            }
            i++;
          }
          return s;
        }

        /** A vector-valued caller: vector-Jacobian products and Jacobians tape the partials too. */
        @Differentiable
        public static double[] residuals(double[][] m) {
          double[] r = new double[3];
          for (int i = 0; i < 3; i++) {
            touch(m[0]);
            r[i] = product(m) * m[1][i];
          }
          return r;
        }

        /** Rows as arguments: partials whose length may change, kept element by element. */
        @Differentiable
        public static double rows(double[][] m) {
          double s = 0;
          for (int i = 0; i < 2; i++) {
            touch(m[0]);
            s += rowProduct(m[i]) * m[1 - i][0];
          }
          return s;
        }

        /** A vector passed whole to a callee that may have effects. */
        @Differentiable
        public static double vector(double[] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += touchAndMultiply(w) * w[i];
          }
          return s;
        }

        @Differentiable
        static double touch(double[] p) {
          Math.log(p[0] * p[0] + 1);
          return 0;
        }

        @Differentiable
        static double touchAndMultiply(double[] p) {
          Math.log(p[0] * p[0] + 1);
          return p[0] * p[1] * p[2];
        }

        @Differentiable
        static double product(double[][] m) {
          return m[0][0] * m[1][2] + m[0][1] * m[1][1];
        }

        @Differentiable
        static double rowProduct(double[] r) {
          return r[0] * r[1] * r[2];
        }
      }
      """;

  @Test
  void everyKindCountsEveryIterationsPartials(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Taped.java");
    Files.writeString(file, SOURCE);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> ModelCodeSources.listing(compilation));
    ModelCase matrices =
        new ModelCase(
            "Taped.java",
            "taped.Taped",
            new Object[0],
            List.of("counted", "residuals", "rows"),
            new int[0],
            List.of(
                new Object[] {new double[][] {{0.7, -0.4, 1.1}, {0.9, 0.3, -0.6}}},
                new Object[] {new double[][] {{-0.5, 0.8, 0.2}, {0.4, -1.3, 0.6}}}),
            EnumSet.noneOf(Construct.class));
    ModelCase nested =
        new ModelCase(
            "Taped.java",
            "taped.Taped",
            new Object[0],
            List.of("nested"),
            new int[0],
            List.of(
                new Object[] {
                  new double[][] {{0.7, -0.4, 1.1}, {0.9, 0.3, -0.6}}, new double[] {0.5, -0.2, 0.8}
                },
                new Object[] {
                  new double[][] {{-0.5, 0.8, 0.2}, {0.4, -1.3, 0.6}}, new double[] {-0.3, 0.6, 0.1}
                }),
            EnumSet.noneOf(Construct.class));
    ModelCase vector =
        new ModelCase(
            "Taped.java",
            "taped.Taped",
            new Object[0],
            List.of("vector"),
            new int[0],
            List.of(
                new Object[] {new double[] {0.5, -0.2, 0.8}},
                new Object[] {new double[] {-0.3, 0.6, 1.1}}),
            EnumSet.noneOf(Construct.class));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Set<String> checked = GeneratedKindsCheck.check(matrices, loader);
    checked.addAll(GeneratedKindsCheck.check(nested, loader));
    checked.addAll(GeneratedKindsCheck.check(vector, loader));
    for (String method : List.of("counted", "nested", "rows", "vector")) {
      for (String kind : List.of("Gradient", "HessianVector", "HessianVectors", "Hessian")) {
        assertTrue(checked.contains(method + kind), checked.toString());
      }
    }
    for (String kind : List.of("VectorJacobian", "VectorHessianVector", "Jacobian")) {
      assertTrue(checked.contains("residuals" + kind), checked.toString());
    }
  }

  /**
   * The buffers of a row's partials and of their tangents come from the thread's workspace with
   * the lengths an earlier call left: longer rows in one lane leave a buffer of partials longer
   * than two lanes of shorter rows need of their tangents. Each iteration records as many
   * partials as the call before it left, not as many as the buffer holds (which read past the
   * tangents' buffer: ArrayIndexOutOfBoundsException in Lanes.at).
   */
  @Test
  void rowPartialsAfterACallWithLongerRows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Taped.java");
    Files.writeString(file, SOURCE);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(Compilation.Status.SUCCESS, compilation.status());
    Class<?> derivatives = DiagnosticSources.classes(compilation).loadClass("taped.TapedDerivatives");
    Method hessianVectors =
        derivatives.getMethod(
            "rowsHessianVectors", double[][].class, double[][].class, double[].class, double[][].class);
    Method hessianVector =
        derivatives.getMethod(
            "rowsHessianVector", double[][].class, double[].class, double[].class, double[].class);
    Method gradient = derivatives.getMethod("rowsGradient", double[][].class, double[].class);
    double[][] m = {{0.7, -0.4, 1.1}, {0.9, 0.3, -0.6}};
    double[][] vs = {{0.5, -0.2, 0.8, 0.1, -0.7, 0.4}, {-0.3, 0.6, 0.2, 0.9, 0.5, -0.1}};
    double[][] hvs = new double[2][6];
    double[] hv = new double[6];
    // A thread of its own: a workspace that holds only what these calls leave.
    Throwable[] failed = {null};
    Thread thread =
        new Thread(
            () -> {
              try {
                double[][] longRows = {new double[8], new double[8]};
                for (double[] row : longRows) {
                  java.util.Arrays.fill(row, 0.5);
                }
                hessianVectors.invoke(null, longRows, new double[1][16], new double[16], new double[1][16]);
                hessianVectors.invoke(null, m, vs, new double[6], hvs);
                hessianVector.invoke(null, m, vs[0], new double[6], hv);
              } catch (Throwable t) {
                failed[0] = t instanceof InvocationTargetException e ? e.getCause() : t;
              }
            });
    thread.start();
    thread.join();
    if (failed[0] != null) {
      throw new AssertionError("rowsHessianVectors after longer rows threw", failed[0]);
    }
    for (int l = 0; l < vs.length; l++) {
      double[] expected = centralDifferenceOfGradient(gradient, m, vs[l]);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], hvs[l][i], 1e-6, "lane " + l + ", element " + i);
        if (l == 0) {
          assertEquals(expected[i], hv[i], 1e-6, "element " + i);
        }
      }
    }
  }

  /** (∇f(m + h v) − ∇f(m − h v)) / 2h, v flattened row by row as the gradient is. */
  private static double[] centralDifferenceOfGradient(Method gradient, double[][] m, double[] v)
      throws Exception {
    double h = 1e-5;
    double[] plus = new double[v.length];
    double[] minus = new double[v.length];
    gradient.invoke(null, shifted(m, v, h), plus);
    gradient.invoke(null, shifted(m, v, -h), minus);
    double[] difference = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      difference[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return difference;
  }

  private static double[][] shifted(double[][] m, double[] v, double h) {
    double[][] out = new double[m.length][];
    int k = 0;
    for (int r = 0; r < m.length; r++) {
      out[r] = m[r].clone();
      for (int c = 0; c < out[r].length; c++) {
        out[r][c] += h * v[k++];
      }
    }
    return out;
  }
}
