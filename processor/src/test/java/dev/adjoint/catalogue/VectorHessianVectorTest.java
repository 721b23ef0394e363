package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@code mVectorHessianVector(P..., u, v, vj, uhv)} of every {@link VectorCatalogue} function
 * at seeded random points: {@code uhv} against a fourth-order central difference of the generated
 * {@code mVectorJacobian(P..., u, vj)} along {@code v} (the derivative of uᵀJ along v is
 * Σᵢ uᵢ ∇²fᵢ · v), {@code vj} against {@code mVectorJacobian}'s, the value exactly the function's,
 * nothing written past N, the inputs, {@code u} and {@code v} unchanged.
 */
class VectorHessianVectorTest {
  static final int POINTS = 4;
  static final double TOLERANCE = 1e-6;
  static final double STEP = 1e-3;

  static Stream<Arguments> cases() {
    return JacobianTest.cases();
  }

  /** Every vector catalogue function (all of second order) has the product. */
  @Test
  void everyFunctionHasIt() {
    long generated =
        Arrays.stream(JacobianTest.companion().getDeclaredMethods())
            .filter(m -> m.getName().endsWith("VectorHessianVector"))
            .count();
    assertEquals(JacobianTest.functions().size(), generated, "generated VectorHessianVectors");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void productMatchesDifferencesOfTheVectorJacobianProduct(String name, Method method)
      throws Exception {
    LoopSampling.Spec spec = new LoopSampling.Spec(method);
    Class<?> companion = JacobianTest.companion();
    Class<?>[] types = method.getParameterTypes();
    Method vectorJacobian = find(companion, method.getName() + "VectorJacobian", with(types, 2));
    Method product = find(companion, method.getName() + "VectorHessianVector", with(types, 4));
    Random random = LoopSampling.random(name + " second order");
    int checked = 0;
    for (int attempt = 0; attempt < 50 && checked < POINTS; attempt++) {
      Object[] args = spec.sample(checked, random);
      double[] value = (double[]) invoke(method, args);
      int m = value.length;
      int n = spec.n(args);
      double[] x = spec.flatten(args);
      double[] u = new double[m];
      for (int i = 0; i < m; i++) {
        u[i] = 2 * random.nextDouble() - 1;
      }
      double[] v = new double[n];
      for (int k = 0; k < n; k++) {
        v[k] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(x[k]));
      }
      double h = STEP;
      double[] fd = difference(spec, vectorJacobian, args, u, v, h, n);
      double[] fdHalf = difference(spec, vectorJacobian, args, u, v, h / 2, n);
      if (fd == null || fdHalf == null || !agree(fd, fdHalf, TOLERANCE / 10)) {
        continue; // a kink or a change of output length near this point
      }
      String where = name + " at " + spec.describe(args) + " (point " + checked + ")";
      Object[] before = LoopSampling.deepCopy(args);
      double[] uCopy = u.clone();
      double[] vCopy = v.clone();
      double[] vj = nanFilled(n + 1);
      double[] uhv = nanFilled(n + 1);
      double[] valueProduct = (double[]) invoke(product, append(args, u, v, vj, uhv));
      assertTrue(Arrays.equals(value, valueProduct), where + ": the value differs");
      assertTrue(Double.isNaN(vj[n]) && Double.isNaN(uhv[n]), where + ": wrote past the end");
      assertTrue(Arrays.equals(u, uCopy) && Arrays.equals(v, vCopy), where + ": changed u or v");
      assertTrue(LoopSampling.changedArguments(before, args).isEmpty(), where + ": changed its inputs");
      double[] vjAlone = new double[n];
      invoke(vectorJacobian, append(args, u, vjAlone));
      for (int k = 0; k < n; k++) {
        if (!(Math.abs(vj[k] - vjAlone[k]) <= 1e-12 * Math.max(1, Math.abs(vjAlone[k])))) {
          fail(where + ": vj[" + k + "] = " + vj[k] + " but VectorJacobian gives " + vjAlone[k]);
        }
        if (!(Math.abs(uhv[k] - fd[k]) <= TOLERANCE * Math.max(1, Math.abs(fd[k])))) {
          fail(where + ": uhv[" + k + "] = " + uhv[k] + " but differences give " + fd[k]);
        }
      }
      checked++;
    }
    if (checked < POINTS) {
      fail(name + ": only " + checked + " points where finite differences are reliable");
    }
  }

  /** The derivative of uᵀJ along v by fourth-order differences, or null if M changes. */
  private static double[] difference(
      LoopSampling.Spec spec, Method vectorJacobian, Object[] args, double[] u, double[] v, double h, int n) {
    double[][] at = new double[4][];
    double[] steps = {-2 * h, -h, h, 2 * h};
    for (int s = 0; s < 4; s++) {
      Object[] shifted = spec.shift(args, v, steps[s]);
      if (((double[]) invoke(spec.method, shifted)).length != u.length) {
        return null;
      }
      at[s] = new double[n];
      invoke(vectorJacobian, append(shifted, u, at[s]));
    }
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = (at[0][k] - 8 * at[1][k] + 8 * at[2][k] - at[3][k]) / (12 * h);
    }
    return out;
  }

  private static boolean agree(double[] a, double[] b, double tolerance) {
    for (int k = 0; k < a.length; k++) {
      if (!(Math.abs(a[k] - b[k]) <= tolerance * Math.max(1, Math.abs(a[k])))) {
        return false;
      }
    }
    return true;
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
      return owner.getDeclaredMethod(name, types);
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
