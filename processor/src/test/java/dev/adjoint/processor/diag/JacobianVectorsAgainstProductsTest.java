package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mJacobianVectors} (issue 17): for vector-valued programs (tape-free loops that overwrite,
 * arrays made in loops, a scalar companion callee and a vector companion callee in a loop, a
 * returned array chosen by a branch, an output that carries no derivative, a tangent in a branch
 * of {@code ?:} with a call), each {@code jvs[j]} against one
 * {@code mJacobianVector(vs[j])}; k in the order 1, 0, 3, 40, 2; {@code jvs} rows aliased with
 * {@code vs}; short rows; and the dense Jacobian against the products by both of its ways.
 */
class JacobianVectorsAgainstProductsTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
        @Differentiable
        static double[] overwrite(double[] x) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
          }
          for (int s = 0; s < 4; s++) {
            for (int i = 0; i < y.length; i++) {
              y[i] = y[i] + 0.1 * Math.sin(y[(i + 1) % y.length]) * y[i];
            }
          }
          return y;
        }

        @Differentiable
        static double[] loopArrays(double[] x) {
          double[] out = new double[x.length];
          for (int m = 1; m <= x.length; m++) {
            double[] p = new double[m];
            for (int j = 0; j < m; j++) {
              p[j] = x[j] * x[m - 1] + Math.cos(x[j]);
            }
            double s = 0;
            for (int j = 0; j < m; j++) {
              s += p[j] * p[0];
            }
            out[m - 1] = s;
          }
          return out;
        }

        @Differentiable
        static double softplus(double z) {
          return Math.log1p(Math.exp(z));
        }

        @Differentiable
        static double[] scaled(double[] x, double k) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = k * x[i] * x[i];
          }
          return y;
        }

        @Differentiable
        static double[] calls(double[] x) {
          double[] out = new double[x.length + 1];
          for (int i = 0; i < x.length; i++) {
            out[i] = softplus(x[i] * x[(i + 1) % x.length]);
          }
          for (int r = 0; r < 2; r++) {
            double[] y = scaled(x, 0.5 + r);
            out[x.length] += y[0] * y[y.length - 1];
          }
          return out;
        }

        @Differentiable
        static double[] branches(double[] x) {
          double[] a = new double[x.length];
          double[] b = new double[x.length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            a[i] = x[i] > 0.7 ? x[i] * x[i] : 2 * x[i];
            b[i] = Math.exp(x[i]);
            total += x[i];
          }
          if (total > 2.5) {
            return b;
          }
          return a;
        }

        @Differentiable
        static double[] constant(double[] x) {
          double[] c = new double[3];
          c[0] = x.length;
          c[2] = 1;
          return c;
        }

        @Differentiable
        static double[] callInBranch(double[] x) {
          double[] y = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0.7 ? Math.sin(x[i]) * x[0] : x[i];
          }
          return y;
        }
      }
      """;

  private static final String[] NAMES = {
    "overwrite", "loopArrays", "calls", "branches", "constant", "callInBranch"
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

  @ParameterizedTest
  @ValueSource(strings = {"overwrite", "loopArrays", "calls", "branches", "constant", "callInBranch"})
  void eachLaneIsItsOwnProduct(String name) throws Throwable {
    Method one = find(name + "JacobianVector", 3);
    Method many = find(name + "JacobianVectors", 3);
    Method original = declared(name);
    Random random = new Random(name.hashCode());
    for (int n : new int[] {4, 2, 5}) {
      // Both sides of the branches' total: points around 0.6 per element.
      double[] x = point(random, n);
      double[] value = (double[]) call(original, new Object[] {x.clone()});
      int m = value.length;
      for (int k : new int[] {1, 0, 3, 40, 2}) {
        double[][] vs = directions(random, k, n);
        double[][] vsCopy = Arrays.stream(vs).map(double[]::clone).toArray(double[][]::new);
        double[][] jvs = new double[k + 1][m + 1];
        for (double[] row : jvs) {
          Arrays.fill(row, Double.NaN);
        }
        double[] xCopy = x.clone();
        double[] returned = (double[]) call(many, new Object[] {x, vs, jvs});
        String at = name + ", n = " + n + ", k = " + k;
        assertArrayEquals(value, returned, 0.0, at + ": value");
        assertArrayEquals(xCopy, x, 0.0, at + ": x changed");
        assertTrue(Arrays.deepEquals(vs, vsCopy), at + ": vs changed");
        assertTrue(Arrays.stream(jvs[k]).allMatch(Double::isNaN), at + ": a row past k written");
        for (int l = 0; l < k; l++) {
          double[] jv = new double[m];
          call(one, new Object[] {x, vs[l].clone(), jv});
          assertTrue(Double.isNaN(jvs[l][m]), at + ": past the output in row " + l);
          for (int i = 0; i < m; i++) {
            if (!(Math.abs(jvs[l][i] - jv[i]) <= 1e-12 * Math.max(1, Math.abs(jv[i])))) {
              fail(at + ": jvs[" + l + "][" + i + "] = " + jvs[l][i] + " but the product is " + jv[i]);
            }
          }
        }
      }
    }
  }

  /** Rows of {@code jvs} that are rows of {@code vs}: each product as if they were apart. */
  @ParameterizedTest
  @ValueSource(strings = {"overwrite", "callInBranch"})
  void productsWrittenOverTheirDirections(String name) throws Throwable {
    Method one = find(name + "JacobianVector", 3);
    Method many = find(name + "JacobianVectors", 3);
    Random random = new Random(3);
    double[] x = point(random, 4);
    double[][] vs = directions(random, 3, 4);
    double[][] expected = new double[3][4];
    for (int l = 0; l < 3; l++) {
      call(one, new Object[] {x, vs[l].clone(), expected[l]});
    }
    // jvs[l] is vs[2 - l]: every product lands on another's direction.
    double[][] jvs = {vs[2], vs[1], vs[0]};
    call(many, new Object[] {x, vs, jvs});
    for (int l = 0; l < 3; l++) {
      assertArrayEquals(expected[l], jvs[l], 1e-12, name + ": product " + l);
    }
  }

  @Test
  void shortOrMissingRowsAreNamed() throws Throwable {
    Method many = find("overwrite" + "JacobianVectors", 3);
    double[] x = {0.5, 0.6, 0.7};
    double[][] vs = directions(new Random(1), 2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> call(many, new Object[] {x, vs, new double[][] {new double[3], new double[2]}}));
    assertTrue(e.getMessage().contains("jvs[1]"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> call(many, new Object[] {x, vs, new double[][] {new double[3]}}));
    assertTrue(e.getMessage().contains("jvs has 1 rows but vs has 2"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class,
        () -> call(many, new Object[] {x, new double[][] {new double[3], new double[1]}, new double[2][3]}));
    assertTrue(e.getMessage().contains("vs[1]"), e.getMessage());
  }

  /** The dense Jacobian, by rows (few outputs) and by sweeps (many), against the products. */
  @Test
  void denseJacobiansAgreeWithTheProducts() throws Throwable {
    Method one = find("loopArraysJacobianVector", 3);
    Method jacobian = find("loopArraysJacobian", 1);
    Method wide = find("constantJacobian", 1);
    for (int n : new int[] {2, 15, 16, 17, 33}) {
      double[] x = point(new Random(n), n);
      double[][] j = (double[][]) call(jacobian, new Object[] {x});
      assertEquals(n, j.length);
      for (int c = 0; c < n; c++) {
        double[] unit = new double[n];
        unit[c] = 1;
        double[] column = new double[n];
        call(one, new Object[] {x, unit, column});
        for (int r = 0; r < n; r++) {
          assertEquals(column[r], j[r][c], 1e-12 * Math.max(1, Math.abs(column[r])), "J[" + r + "][" + c + "], n = " + n);
        }
      }
      double[][] zero = (double[][]) call(wide, new Object[] {x});
      assertEquals(3, zero.length);
      assertTrue(Arrays.stream(zero).allMatch(row -> row.length == n && Arrays.stream(row).allMatch(v -> v == 0)));
    }
  }

  /**
   * Every product here is in lanes, a tangent in a branch of {@code ?:} with a call included (its
   * coefficients are computed before the lane loop, each under the branch's condition). Vector
   * callees called through their companions, whose sweeps call the callee's own {@code
   * mJacobianVectors}, are checked by {@code VectorCallReviewTest} through {@code
   * GeneratedKindsCheck}.
   */
  @Test
  void everyProductIsInLanes() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("One \\{@link #(\\w+)JacobianVector\\} per direction")
            .matcher(generated);
    java.util.List<String> fallbacks = new java.util.ArrayList<>();
    while (m.find()) {
      fallbacks.add(m.group(1));
    }
    assertEquals(java.util.List.of(), fallbacks);
    for (String name : NAMES) {
      assertTrue(generated.contains(name + "JacobianVectors("), name);
    }
  }

  private static Method declared(String name) throws Exception {
    Method m = foo.getDeclaredMethod(name, double[].class);
    m.setAccessible(true);
    return m;
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
}
