package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the generated Jacobian products and Jacobians of every {@link VectorCatalogue} function
 * against finite differences, at seeded random points:
 *
 * <ol type="a">
 *   <li>each column of {@code mJacobian(P...)} against a fourth-order central difference of the
 *       function along that input;
 *   <li>{@code mJacobianVector(P..., v, jv)} and {@code mVectorJacobian(P..., u, vj)} against the
 *       difference Jacobian times {@code v}, and {@code u} times it, writing exactly the M or N
 *       entries, and both returning exactly the function's value;
 *   <li>{@code u · (J v) = (uᵀ J) · v} between the two modes, up to rounding;
 *   <li>inputs and vectors unchanged, and output arrays one too short rejected.
 * </ol>
 */
class JacobianTest {
  static final int POINTS = 4;
  static final double TOLERANCE = 1e-6;
  static final double STEP = 1e-3;

  static List<Method> functions() {
    return Arrays.stream(VectorCatalogue.class.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && m.isAnnotationPresent(LoopDomain.class))
        .sorted(Comparator.comparing(LoopSampling::signature))
        .toList();
  }

  static Stream<Arguments> cases() {
    return functions().stream().map(m -> Arguments.of(LoopSampling.signature(m), m));
  }

  static Class<?> companion() {
    try {
      return Class.forName("dev.adjoint.catalogue.VectorCatalogueDerivatives");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("VectorCatalogueDerivatives was not generated", e);
    }
  }

  /** Every method of the catalogue is sampled, and every one has its three generated methods. */
  @Test
  void everyFunctionIsCovered() {
    long declared =
        Arrays.stream(VectorCatalogue.class.getDeclaredMethods())
            .filter(m -> !m.isSynthetic() && Modifier.isStatic(m.getModifiers()))
            .count();
    assertEquals(declared, functions().size(), "VectorCatalogue methods without @LoopDomain");
    assertTrue(functions().size() >= 10, "the vector catalogue has " + functions().size());
    long generated =
        Arrays.stream(companion().getDeclaredMethods())
            .filter(m -> m.getName().endsWith("Jacobian") && m.getReturnType() == double[][].class)
            .count();
    assertEquals(functions().size(), generated, "generated Jacobians");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jacobiansMatchFiniteDifferences(String name, Method method) throws Exception {
    LoopSampling.Spec spec = new LoopSampling.Spec(method);
    Class<?> companion = companion();
    Class<?>[] types = method.getParameterTypes();
    Method jacobianVector = find(companion, method.getName() + "JacobianVector", with(types, 2));
    Method vectorJacobian = find(companion, method.getName() + "VectorJacobian", with(types, 2));
    Method jacobian = find(companion, method.getName() + "Jacobian", types);
    Random random = LoopSampling.random(name);
    for (int p = 0; p < POINTS; p++) {
      Object[] args = null;
      double[][] fd = null;
      for (int attempt = 0; attempt < 50 && args == null; attempt++) {
        Object[] candidate = spec.sample(p, random);
        fd = differenceJacobian(spec, candidate);
        if (fd != null) {
          args = candidate;
        }
      }
      if (args == null) {
        fail(name + ": no point where finite differences are reliable");
      }
      String where = name + " at " + spec.describe(args) + " (point " + p + ")";
      Object[] before = LoopSampling.deepCopy(args);
      double[] value = (double[]) invoke(method, args);
      int m = value.length;
      int n = spec.n(args);

      // (a)
      double[][] j = (double[][]) invoke(jacobian, args);
      assertEquals(m, j.length, where + ": Jacobian rows");
      for (int i = 0; i < m; i++) {
        assertEquals(n, j[i].length, where + ": Jacobian columns");
        for (int k = 0; k < n; k++) {
          if (!(Math.abs(j[i][k] - fd[i][k]) <= TOLERANCE * Math.max(1, Math.abs(fd[i][k])))) {
            fail(where + ": J[" + i + "][" + k + "] = " + j[i][k] + " but FD gives " + fd[i][k]);
          }
        }
      }

      // (b)
      double[] x = spec.flatten(args);
      double[] v = new double[n];
      for (int k = 0; k < n; k++) {
        v[k] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(x[k]));
      }
      double[] u = new double[m];
      for (int i = 0; i < m; i++) {
        u[i] = 2 * random.nextDouble() - 1;
      }
      double[] vCopy = v.clone();
      double[] uCopy = u.clone();
      double[] jv = nanFilled(m + 1);
      double[] vj = nanFilled(n + 1);
      double[] valueJv = (double[]) invoke(jacobianVector, append(args, v, jv));
      double[] valueVj = (double[]) invoke(vectorJacobian, append(args, u, vj));
      assertTrue(Arrays.equals(value, valueJv), where + ": JacobianVector's value differs");
      assertTrue(Arrays.equals(value, valueVj), where + ": VectorJacobian's value differs");
      assertTrue(Double.isNaN(jv[m]) && Double.isNaN(vj[n]), where + ": wrote past the end");
      assertTrue(Arrays.equals(v, vCopy) && Arrays.equals(u, uCopy), where + ": changed u or v");
      assertTrue(LoopSampling.changedArguments(before, args).isEmpty(),
          where + ": changed its inputs " + LoopSampling.changedArguments(before, args));
      for (int i = 0; i < m; i++) {
        double expected = 0;
        double scale = 0;
        for (int k = 0; k < n; k++) {
          expected += fd[i][k] * v[k];
          scale += Math.abs(fd[i][k] * v[k]);
        }
        if (!(Math.abs(jv[i] - expected) <= TOLERANCE * Math.max(1, scale))) {
          fail(where + ": (Jv)[" + i + "] = " + jv[i] + " but FD gives " + expected);
        }
      }
      for (int k = 0; k < n; k++) {
        double expected = 0;
        double scale = 0;
        for (int i = 0; i < m; i++) {
          expected += u[i] * fd[i][k];
          scale += Math.abs(u[i] * fd[i][k]);
        }
        if (!(Math.abs(vj[k] - expected) <= TOLERANCE * Math.max(1, scale))) {
          fail(where + ": (uJ)[" + k + "] = " + vj[k] + " but FD gives " + expected);
        }
      }

      // (c)
      double left = 0;
      double right = 0;
      double scale = 0;
      for (int i = 0; i < m; i++) {
        left += u[i] * jv[i];
        scale += Math.abs(u[i] * jv[i]);
      }
      for (int k = 0; k < n; k++) {
        right += vj[k] * v[k];
        scale += Math.abs(vj[k] * v[k]);
      }
      assertTrue(Math.abs(left - right) <= 1e-9 * Math.max(1, scale),
          where + ": u.(Jv) = " + left + " but (uJ).v = " + right);

      // (d)
      expectRejected(jacobianVector, append(args, v, new double[Math.max(0, m - 1)]), where, "jv");
      expectRejected(vectorJacobian, append(args, new double[Math.max(0, m - 1)], vj), where, "u");
    }
  }

  /** The numbers of directions {@code mJacobianVectors} is checked with. */
  static final int[] LANE_COUNTS = {0, 1, 2, 3, 8, 40};

  /**
   * {@code mJacobianVectors(P..., vs, jvs)}, all directions in one forward sweep, gives for each
   * of k = 0, 1, 2, 3, 8 and 40 random directions what k separate {@code mJacobianVector} calls
   * give (the lanes do the same arithmetic, so to rounding), returns the function's value, writes
   * exactly M entries of each of the first k rows and nothing else, and changes neither its inputs
   * nor {@code vs}; a row of {@code jvs} too short is rejected naming it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jacobianVectorsMatchSeparateProducts(String name, Method method) {
    LoopSampling.Spec spec = new LoopSampling.Spec(method);
    Class<?> companion = companion();
    Class<?>[] types = method.getParameterTypes();
    Method jacobianVector = find(companion, method.getName() + "JacobianVector", with(types, 2));
    Class<?>[] matrices = Arrays.copyOf(types, types.length + 2);
    Arrays.fill(matrices, types.length, matrices.length, double[][].class);
    Method jacobianVectors = find(companion, method.getName() + "JacobianVectors", matrices);
    Random random = LoopSampling.random(name + " lanes");
    for (int p = 0; p < 2; p++) {
      Object[] args = spec.sample(p, random);
      String where = name + " at " + spec.describe(args) + " (point " + p + ")";
      Object[] before = LoopSampling.deepCopy(args);
      double[] value = (double[]) invoke(method, args);
      int m = value.length;
      int n = spec.n(args);
      for (int k : LANE_COUNTS) {
        double[][] vs = new double[k][n];
        for (double[] v : vs) {
          for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextDouble() - 1;
          }
        }
        double[][] vsCopy = (double[][]) LoopSampling.deepCopy(new Object[] {vs})[0];
        // One row more than directions, each one longer than the output: none of it is written.
        double[][] jvs = new double[k + 1][];
        for (int l = 0; l <= k; l++) {
          jvs[l] = nanFilled(m + 1);
        }
        double[] returned = (double[]) invoke(jacobianVectors, append(args, vs, jvs));
        String at = where + ", k = " + k;
        assertTrue(Arrays.equals(value, returned), at + ": mJacobianVectors' value differs");
        assertTrue(Arrays.deepEquals(vs, vsCopy), at + ": changed vs");
        assertTrue(LoopSampling.changedArguments(before, args).isEmpty(), at + ": changed its inputs");
        assertTrue(Arrays.stream(jvs[k]).allMatch(Double::isNaN), at + ": wrote a row past k");
        for (int l = 0; l < k; l++) {
          double[] one = new double[m];
          invoke(jacobianVector, append(args, vs[l].clone(), one));
          assertTrue(Double.isNaN(jvs[l][m]), at + ": wrote past the output in row " + l);
          for (int i = 0; i < m; i++) {
            if (!(Math.abs(jvs[l][i] - one[i]) <= 1e-12 * Math.max(1, Math.abs(one[i])))) {
              fail(at + ": jvs[" + l + "][" + i + "] = " + jvs[l][i] + " but mJacobianVector gives " + one[i]);
            }
          }
        }
        if (k > 1 && m > 0) {
          jvs[1] = new double[m - 1];
          expectRejected(jacobianVectors, append(args, vs, jvs), at, "jvs[1]");
        }
      }
    }
  }

  /** Fourth-order differences along each input, or null where h and h/2 disagree (a kink). */
  private static double[][] differenceJacobian(LoopSampling.Spec spec, Object[] args) {
    int n = spec.n(args);
    double[] x = spec.flatten(args);
    double[][] columns = new double[n][];
    for (int k = 0; k < n; k++) {
      double[] unit = new double[n];
      unit[k] = 1;
      double h = STEP * Math.max(1, Math.abs(x[k]));
      double[] atH = difference(spec, args, unit, h);
      double[] atHalf = difference(spec, args, unit, h / 2);
      for (int i = 0; i < atH.length; i++) {
        if (!(Math.abs(atH[i] - atHalf[i]) <= TOLERANCE / 10 * Math.max(1, Math.abs(atH[i])))) {
          return null;
        }
      }
      columns[k] = atH;
    }
    int m = ((double[]) invoke(spec.method, args)).length;
    double[][] j = new double[m][n];
    for (int k = 0; k < n; k++) {
      if (columns[k].length != m) {
        return null;
      }
      for (int i = 0; i < m; i++) {
        j[i][k] = columns[k][i];
      }
    }
    return j;
  }

  private static double[] difference(LoopSampling.Spec spec, Object[] args, double[] v, double h) {
    double[] m2 = (double[]) invoke(spec.method, spec.shift(args, v, -2 * h));
    double[] m1 = (double[]) invoke(spec.method, spec.shift(args, v, -h));
    double[] p1 = (double[]) invoke(spec.method, spec.shift(args, v, h));
    double[] p2 = (double[]) invoke(spec.method, spec.shift(args, v, 2 * h));
    if (m2.length != p2.length || m1.length != p2.length || p1.length != p2.length) {
      return new double[0];
    }
    double[] out = new double[p2.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * h);
    }
    return out;
  }

  private static void expectRejected(Method m, Object[] args, String where, String what) {
    try {
      m.invoke(null, args);
      fail(where + ": " + m.getName() + " accepted a " + what + " one too short");
    } catch (InvocationTargetException e) {
      assertTrue(e.getCause() instanceof IllegalArgumentException,
          where + ": a short " + what + " threw " + e.getCause());
      assertTrue(String.valueOf(e.getCause().getMessage()).contains(what),
          where + ": the message should name " + what + ": " + e.getCause().getMessage());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Object invoke(Method m, Object[] args) {
    try {
      m.setAccessible(true);
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static Method find(Class<?> owner, String name, Class<?>[] types) {
    try {
      Method m = owner.getDeclaredMethod(name, types);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(owner.getSimpleName() + " has no " + name + Arrays.toString(types), e);
    }
  }

  private static Class<?>[] with(Class<?>[] types, int arrays) {
    Class<?>[] out = Arrays.copyOf(types, types.length + arrays);
    Arrays.fill(out, types.length, out.length, double[].class);
    return out;
  }

  private static double[] nanFilled(int length) {
    double[] a = new double[length];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  private static Object[] append(Object[] args, Object... more) {
    Object[] out = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }
}
