package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SteadyStateAllocationTest;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FIXED (found in review of issue 17; a missed target, not a wrong value): {@code mHessianVectors}
 * of a method that calls a generated callee in a loop and then takes more arrays allocated on every
 * call (about 3.4 KB at k = 8, N = 6), against the "zero bytes per call in the steady
 * state". What was wrong: the per-thread {@code Workspace} kept one array per place in its stack,
 * matched by exact length; inside the loop the callee's own {@code mHessianVectors} took {@code
 * doubles(2 * k)}, {@code doubles(k)}... at places P, P+1..., released on return; after the loop
 * the caller took {@code hDirection = doubles(x.length * k)}... at the same places, found the
 * wrong lengths and replaced them, and on the next call the callee replaced them back. Now each
 * place keeps the few arrays it has held. Also here: the rows of a callee's directions and products
 * whose lanes are in the buffer of an array made in a loop ({@code Lanes.rowsAtLeast} allocated
 * them with {@code new} on every call; now they keep their place and length in the workspace), for
 * k = 8 and k = 40, and such a callee in a sweep of k = 0 directions.
 */
class HessianVectorsCalleeSlotsReallocatedTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
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

        // h given an array made in each iteration, of a length that changes: its directions and
        // products in rows that grow.
        @Differentiable
        static double loopArrays(double[] x) {
          double s = 0;
          for (int i = 1; i <= x.length; i++) {
            double[] part = new double[i];
            for (int j = 0; j < i; j++) {
              part[j] = x[j] * x[i - 1];
            }
            s += h(part) * x[0];
          }
          return s;
        }
      }
      """;

  private static final int N = 6;
  private static Class<?> companion;

  @BeforeAll
  static void compile() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", SOURCE);
    companion = DiagnosticSources.classes(c).loadClass("p.FooDerivatives");
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 40})
  void aCallersArraysAfterACalleeInALoopAllocateNothing(int k) throws Exception {
    assertNothingAllocated("calls", k);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 40})
  void aCalleesRowsForArraysMadeInALoopAllocateNothing(int k) throws Exception {
    assertNothingAllocated("loopArrays", k);
  }

  /** Each lane against the callee's own product, and k = 0 gives the value and gradient. */
  @ParameterizedTest
  @ValueSource(strings = {"calls", "loopArrays"})
  void everyLaneIsItsOwnProductAndNoLanesGiveTheGradient(String name) throws Exception {
    Method gradient = method(name + "Gradient", double[].class, double[].class);
    Method vector =
        method(name + "HessianVector", double[].class, double[].class, double[].class, double[].class);
    Method vectors = vectors(name);
    double[] x = point();
    double[] grad = new double[N];
    double f = (double) gradient.invoke(null, x, grad);
    for (int k : new int[] {0, 8, 40, 3}) {
      double[][] vs = directions(k);
      double[] laneGrad = new double[N];
      double[][] hvs = new double[k][N];
      assertEquals(f, (double) vectors.invoke(null, x, vs, laneGrad, hvs), 1e-12 * Math.abs(f));
      assertArrayEquals(grad, laneGrad, 1e-12, name + ", k = " + k);
      for (int l = 0; l < k; l++) {
        double[] hv = new double[N];
        vector.invoke(null, x, vs[l], new double[N], hv);
        assertArrayEquals(hv, hvs[l], 1e-10 * (1 + norm(hv)), name + ", k = " + k + ", lane " + l);
      }
    }
  }

  /** The numbers above are those of the lifted sweeps, calling the callees' own sweeps. */
  @Test
  void theSweepsCallTheCalleesOwnSweeps() throws Exception {
    String generated =
        DiagnosticSources.expectClean("p.Foo", SOURCE)
            .generatedSourceFile("p.FooDerivatives")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertTrue(generated.contains("= FooDerivatives.gHessianVectors(x[i], x[i + 1], gDirectionRows"), generated);
    assertTrue(generated.contains("double[][] hDirectionRows = Lanes.rowsBuffer(k);"), generated);
    assertTrue(generated.contains("hDirectionRows = Lanes.rowsAtLeast(hDirectionRows, partLength);"), generated);
  }

  private static void assertNothingAllocated(String name, int k) throws Exception {
    Method gradient = method(name + "Gradient", double[].class, double[].class);
    Method vectors = vectors(name);
    double[] x = point();
    double[][] vs = directions(k);
    // Reflection's own bytes: the gradient's call, which allocates nothing itself.
    long reflection = bytes(gradient, new Object[] {x, new double[N]});
    long lanes = bytes(vectors, new Object[] {x, vs, new double[N], new double[k][N]});
    assertTrue(
        lanes <= reflection + 256,
        name + "HessianVectors allocated " + lanes + " bytes per call at k = " + k + ", "
            + name + "Gradient " + reflection);
  }

  private static Method vectors(String name) throws NoSuchMethodException {
    return method(
        name + "HessianVectors", double[].class, double[][].class, double[].class, double[][].class);
  }

  private static Method method(String name, Class<?>... parameters) throws NoSuchMethodException {
    Method m = companion.getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }

  private static double[] point() {
    return new Random(5).doubles(N, 0.3, 1.2).toArray();
  }

  private static double[][] directions(int k) {
    Random random = new Random(7 + k);
    double[][] vs = new double[k][N];
    for (double[] v : vs) {
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextDouble() - 0.5;
      }
    }
    return vs;
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double e : v) {
      sum += e * e;
    }
    return Math.sqrt(sum);
  }

  private static long bytes(Method m, Object[] args) {
    return SteadyStateAllocationTest.bytesPerCall(
        () -> {
          try {
            m.invoke(null, args);
          } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
          }
        });
  }
}
