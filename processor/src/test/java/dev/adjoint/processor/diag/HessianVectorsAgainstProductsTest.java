package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.Tape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of {@code mHessianVectors} (issue 17): for programs the gradient supports (tape in loops,
 * arrays and matrices made in loops, calls of generated callees and of a custom
 * {@code @HessianVectorOf}, switch, early returns, instance methods), each {@code hvs[j]} against
 * one {@code mHessianVector(vs[j])}; k = 0, then larger k than any buffer seen, then smaller again;
 * {@code hvs} aliased with {@code vs}; rows short or null; a throw leaving tape and workspace as
 * they were; the dense Hessian exactly symmetric for N not a multiple of the chunk.
 */
class HessianVectorsAgainstProductsTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
        double scale = 1.3;

        @Differentiable
        static double tapeLoop(double[] x) {
          double s = 0.5;
          for (int i = 0; i < x.length; i++) {
            s = Math.sin(s * x[i]) + x[i] * s;
          }
          return s * s;
        }

        @Differentiable
        static double loopArrays(double[] x) {
          double s = 0;
          for (int m = x.length; m >= 1; m--) {
            double[] p = new double[m];
            for (int j = 0; j < m; j++) {
              p[j] = x[j] * x[m - 1] + Math.cos(x[j]);
            }
            for (int j = 0; j < m; j++) {
              s += p[j] * p[j] * p[0];
            }
          }
          return s;
        }

        @Differentiable
        static double matrix(double[] x) {
          int n = x.length;
          double[][] m = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              m[i][j] = x[i] * Math.exp(x[j] * 0.3);
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += m[i][(i + 1) % n] * m[i][i];
          }
          return s;
        }

        @Differentiable
        static double loopMatrix(double[] x) {
          double s = 0;
          for (int r = 3; r >= 1; r--) {
            double[][] m = new double[r][x.length];
            for (int i = 0; i < r; i++) {
              for (int j = 0; j < x.length; j++) {
                m[i][j] = x[j] * (i + 1) * x[(j + i) % x.length];
              }
            }
            for (int j = 0; j < x.length; j++) {
              s += m[r - 1][j] * m[0][j];
            }
          }
          return s;
        }

        @Differentiable
        static double g(double a, double b) {
          return Math.exp(a * b) + a * a * b;
        }

        @Differentiable
        static double h(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i] * v[i];
          }
          return Math.log(1 + s * s);
        }

        @Differentiable
        static double calls(double[] x) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            s += g(x[i], x[i + 1]) * x[i];
          }
          return s + h(x) * x[0];
        }

        @Differentiable
        static double callsLoopArrays(double[] x) {
          double s = 0;
          for (int m = x.length; m >= 1; m--) {
            double[] p = new double[m];
            for (int j = 0; j < m; j++) {
              p[j] = x[j] * x[m - 1];
            }
            s += h(p) * x[m - 1];
          }
          return s;
        }

        static double cube(double a) {
          double r = 1;
          for (int i = 0; i < 3; i++) {
            r *= a;
          }
          return r;
        }

        @GradientOf("cube")
        static double cubeGradient(double a, double[] grad) {
          grad[0] = 3 * a * a;
          return a * a * a;
        }

        @HessianVectorOf("cube")
        static double cubeHessianVector(double a, double[] v, double[] grad, double[] hv) {
          hv[0] = 6 * a * v[0];
          return cubeGradient(a, grad);
        }

        @Differentiable
        static double custom(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += cube(x[i] * x[(i + 1) % x.length]) * x[i];
          }
          return s;
        }

        @Differentiable
        static double branches(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            switch (i % 3) {
              case 0 -> s += x[i] * x[i];
              case 1 -> s *= Math.cos(x[i]);
              default -> s -= Math.exp(x[i] * s);
            }
            if (s > 50) {
              return s * x[0];
            }
          }
          return s * s;
        }

        @Differentiable
        static double throwsWhenLarge(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i] * x[0];
            if (s > 100) {
              throw new IllegalStateException("large");
            }
          }
          return s * x[0];
        }

        @Differentiable
        static double earlyReturn(double[] x) {
          double s = 0;
          int i = 0;
          while (true) {
            s += Math.exp(x[i] * s) * x[i];
            if (s > 2.5) {
              return s * x[0] * x[i];
            }
            i++;
            if (i == x.length) {
              break;
            }
          }
          return s * s;
        }

        @Differentiable
        @Checkpointed(snapshots = 2)
        static double checkpointed(double[] x, int steps) {
          double s = 0.3;
          double t = 0.1;
          for (int step = 0; step < steps; step++) {
            double next = Math.sin(s) * x[step % x.length] + t * t;
            t = s * x[(step + 1) % x.length];
            s = next;
          }
          return s * t;
        }

        @Differentiable
        static double matrixParameter(double[][] w) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
              s += w[i][j] * w[i][j] * w[0][0] + Math.sin(w[i][j] * w[w.length - 1][0]);
            }
          }
          return s;
        }

        @Differentiable
        static double twoArrays(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < b.length; i++) {
            s += a[0] * b[i] * b[i] + Math.exp(b[i] * a[0]);
          }
          return s * a[0];
        }

        static final class Squares {
          @Differentiable(wrt = "z")
          double[] of(double[] z, double t) {
            double[] p = new double[z.length];
            for (int i = 0; i < z.length; i++) {
              p[i] = z[i] * z[i] * t + z[0];
            }
            return p;
          }
        }

        private final Squares squares = new Squares();

        @Differentiable(wrt = "x")
        double viaVector(double[] x) {
          double[] p = squares.of(x, 1.5);
          double s = 0;
          for (int i = 0; i < p.length; i++) {
            s += Math.sin(p[i]) * x[i];
          }
          return s;
        }

        // Primal statements between tangent statements run before their lane loop: c, read as it
        // is by the tangent of t, is written after it, so the loop must not wait past that write.
        @Differentiable
        static double laterWrites(double[] x) {
          double s = 0;
          double c = 2.0;
          for (int i = 0; i < x.length; i++) {
            double t = c * x[i];
            c = c + 1.0;
            double u = t * t * c;
            s += u * x[(i + 1) % x.length];
          }
          return s;
        }

        @Differentiable
        double instance(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += scale * x[i] * x[i] * x[(i + 1) % x.length];
          }
          return s;
        }
      }
      """;

  private static final String[] NAMES = {
    "tapeLoop", "loopArrays", "matrix", "loopMatrix", "calls", "callsLoopArrays", "custom",
    "branches", "throwsWhenLarge", "instance"
  };

  private static Class<?> foo;
  private static Class<?> companion;
  private static String generated;

  @BeforeAll
  static void compile() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", SOURCE);
    generated =
        c.generatedSourceFile("p.FooDerivatives").orElseThrow().getCharContent(true).toString();
    ClassLoader loader = DiagnosticSources.classes(c);
    foo = loader.loadClass("p.Foo");
    companion = loader.loadClass("p.FooDerivatives");
  }

  private static Method find(String name, int params) {
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == params) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + params + " parameters");
  }

  /** The leading arguments: the receiver of the instance method, then x. */
  private static Object[] lead(String name, double[] x) throws Exception {
    if (name.equals("instance") || name.equals("viaVector")) {
      var ctor = foo.getDeclaredConstructor();
      ctor.setAccessible(true);
      return new Object[] {ctor.newInstance(), x};
    }
    if (name.equals("checkpointed")) {
      return new Object[] {x, 9};
    }
    int half = x.length / 2;
    double[] first = Arrays.copyOf(x, half == 0 ? 1 : half);
    double[] rest = Arrays.copyOfRange(x, first.length, x.length);
    if (name.equals("matrixParameter")) {
      return new Object[] {new double[][] {first, rest}};
    }
    if (name.equals("twoArrays")) {
      return new Object[] {first, rest};
    }
    return new Object[] {x};
  }

  private static Object[] with(Object[] lead, Object... more) {
    Object[] all = Arrays.copyOf(lead, lead.length + more.length);
    System.arraycopy(more, 0, all, lead.length, more.length);
    return all;
  }

  private static Object call(Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static double[] point(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.9 * random.nextDouble();
    }
    return x;
  }

  private static double[][] directions(Random random, int k, int n) {
    double[][] vs = new double[k][n];
    for (double[] v : vs) {
      for (int i = 0; i < n; i++) {
        v[i] = 2 * random.nextDouble() - 1;
      }
    }
    return vs;
  }

  /** hvs[j] of one sweep against one mHessianVector along vs[j], for k that grows and shrinks. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "tapeLoop", "loopArrays", "matrix", "loopMatrix", "calls", "callsLoopArrays", "custom",
        "branches", "instance", "viaVector", "earlyReturn", "checkpointed", "matrixParameter",
        "twoArrays", "laterWrites"
      })
  void everyLaneIsItsOwnProduct(String name) throws Throwable {
    Random random = new Random(name.hashCode());
    for (int n : new int[] {3, 5, 2, 7}) {
      double[] x = point(random, n);
      Object[] lead = lead(name, x);
      Method one = find(name + "HessianVector", lead.length + 3);
      Method many = find(name + "HessianVectors", lead.length + 3);
      for (int k : new int[] {1, 0, 3, 40, 2, 17, 1}) {
        double[][] vs = directions(random, k, n);
        double[][] hvs = new double[k][n];
        double[] grad = new double[n];
        int tape = Tape.get().size();
        double value = (double) call(many, with(lead, vs, grad, hvs));
        assertEquals(tape, Tape.get().size(), name + ": tape left behind");
        for (int j = 0; j < k; j++) {
          double[] hv = new double[n];
          double[] g = new double[n];
          double v1 = (double) call(one, with(lead, vs[j].clone(), g, hv));
          assertEquals(v1, value, name + " value");
          assertTrue(Arrays.equals(g, grad),
              name + ": gradient " + Arrays.toString(grad) + " vs " + Arrays.toString(g));
          for (int i = 0; i < n; i++) {
            if (!(Math.abs(hvs[j][i] - hv[i]) <= 1e-12 * Math.max(1, Math.abs(hv[i])))) {
              fail(name + ", n = " + n + ", k = " + k + ": hvs[" + j + "] = "
                  + Arrays.toString(hvs[j])
                  + " but mHessianVector gives " + Arrays.toString(hv));
            }
          }
        }
      }
    }
  }

  /** The checks above test lanes: every method but the caller of a vector callee is in lanes. */
  @Test
  void onlyTheVectorCalleesCallerFallsBack() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("One \\{@link #(\\w+)HessianVector\\} per direction")
            .matcher(generated);
    java.util.List<String> fallbacks = new java.util.ArrayList<>();
    while (m.find()) {
      fallbacks.add(m.group(1));
    }
    assertEquals(java.util.List.of("viaVector"), fallbacks);
  }

  /**
   * No allocation per call in the steady state, k = 8, with loop arrays and a custom callee. A
   * generated callee in a loop followed by more arrays allocates:
   * findings/HessianVectorsCalleeSlotsReallocatedTest.
   */
  @ParameterizedTest
  @ValueSource(strings = {"loopArrays", "loopMatrix", "custom"})
  void nothingAllocatedPerCall(String name) throws Throwable {
    Random random = new Random(5);
    double[] x = point(random, 6);
    Object[] args = {x, directions(random, 8, 6), new double[6], new double[8][6]};
    // Reflection's own bytes: the same call of the gradient, which allocates nothing itself.
    long reflection = bytesPerCall(find(name + "Gradient", 2), new Object[] {x, new double[6]});
    long bytes = bytesPerCall(find(name + "HessianVectors", 4), args);
    assertTrue(bytes <= reflection + 256,
        name + "HessianVectors allocated " + bytes + " bytes per call, its gradient " + reflection);
  }

  private static long bytesPerCall(Method m, Object[] args) {
    return dev.adjoint.catalogue.SteadyStateAllocationTest.bytesPerCall(
        () -> {
          try {
            m.invoke(null, args);
          } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
          }
        });
  }

  /** hvs the same array as vs: every direction is read before any product is written. */
  @ParameterizedTest
  @ValueSource(strings = {"tapeLoop", "loopArrays", "calls", "custom", "instance", "viaVector"})
  void productsWrittenOverTheirDirections(String name) throws Throwable {
    Random random = new Random(7);
    int n = 4;
    double[] x = point(random, n);
    Object[] lead = lead(name, x);
    Method one = find(name + "HessianVector", lead.length + 3);
    Method many = find(name + "HessianVectors", lead.length + 3);
    double[][] vs = directions(random, 3, n);
    double[][] expected = new double[3][n];
    for (int j = 0; j < 3; j++) {
      call(one, with(lead, vs[j].clone(), new double[n], expected[j]));
    }
    call(many, with(lead, vs, new double[n], vs));
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < n; i++) {
        double tolerance = 1e-12 * Math.max(1, Math.abs(expected[j][i]));
        assertEquals(expected[j][i], vs[j][i], tolerance, name + " row " + j);
      }
    }
  }

  /** A row short or null, or too few rows of products: a clear exception naming the row. */
  @Test
  void badRowsThrowClearly() throws Throwable {
    double[] x = {0.5, 0.7, 0.9};
    Method many = find("tapeLoop" + "HessianVectors", 4);
    double[][] shortSecond = {{1, 2, 3}, {1, 2}};
    double[][] nullSecond = {{1, 2, 3}, null};
    Throwable shortRow =
        assertThrows(IllegalArgumentException.class,
            () -> call(many, new Object[] {x, shortSecond, new double[3], new double[2][3]}));
    assertEquals("vs[1] has length 2 but needs length 3", shortRow.getMessage());
    // A null row is a NullPointerException naming it, as Checks.requireLength does for any array.
    Throwable nullRow =
        assertThrows(NullPointerException.class,
            () -> call(many, new Object[] {x, nullSecond, new double[3], new double[2][3]}));
    assertEquals("vs[1] is null; it needs length 3", nullRow.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> call(many, new Object[] {x, new double[2][3], new double[3], new double[1][3]}));
    assertThrows(NullPointerException.class,
        () -> call(many, new Object[] {x, new double[2][3], new double[3], nullSecond}));
    assertEquals(0, Tape.get().size());
  }

  /** A throw part-way leaves tape and workspace as they were; the next call is right. */
  @Test
  void aThrowLeavesTheWorkspaceConsistent() throws Throwable {
    Method one = find("throwsWhenLarge" + "HessianVector", 4);
    Method many = find("throwsWhenLarge" + "HessianVectors", 4);
    Random random = new Random(3);
    double[] big = {5, 5, 5, 5};
    Throwable thrown =
        assertThrows(IllegalStateException.class,
            () -> call(many,
                new Object[] {big, directions(random, 5, 4), new double[4], new double[5][4]}));
    assertEquals("large", thrown.getMessage());
    assertEquals(0, Tape.get().size());
    double[] x = {0.5, 0.6, 0.7, 0.8};
    double[][] vs = directions(random, 5, 4);
    double[][] hvs = new double[5][4];
    call(many, new Object[] {x, vs, new double[4], hvs});
    for (int j = 0; j < 5; j++) {
      double[] hv = new double[4];
      call(one, new Object[] {x, vs[j].clone(), new double[4], hv});
      for (int i = 0; i < 4; i++) {
        assertEquals(hv[i], hvs[j][i], 1e-12 * Math.max(1, Math.abs(hv[i])));
      }
    }
  }

  /**
   * The dense Hessian: exactly symmetric, each column from one product, N = 2, 15, 16, 17, 33 and
   * around the chunk of 32 unit vectors, 31, 32, 65.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"tapeLoop", "calls", "loopArrays", "custom", "viaVector", "matrixParameter"})
  void denseHessianBySweeps(String name) throws Throwable {
    Random random = new Random(11);
    for (int n : new int[] {2, 15, 16, 17, 31, 32, 33, 65}) {
      double[] x = point(random, n);
      for (int i = 0; i < n; i++) {
        x[i] *= 0.3;
      }
      Object[] lead = lead(name, x);
      Method one = find(name + "HessianVector", lead.length + 3);
      Method dense = find(name + "Hessian", lead.length);
      double[][] hessian = (double[][]) call(dense, lead);
      assertEquals(n, hessian.length);
      double[][] columns = new double[n][n];
      for (int i = 0; i < n; i++) {
        double[] e = new double[n];
        e[i] = 1;
        call(one, with(lead, e, new double[n], columns[i]));
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(hessian[j][i], hessian[i][j], 0.0, "exactly symmetric");
          double mean = 0.5 * (columns[i][j] + columns[j][i]);
          assertEquals(mean, hessian[i][j], 1e-12 * Math.max(1, Math.abs(mean)),
              name + " n = " + n + " (" + i + ", " + j + ")");
        }
      }
    }
  }
}
