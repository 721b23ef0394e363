package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the generated second derivatives of every function of {@link Catalogue} and {@link
 * LoopCatalogue}, at seeded random points of their domains:
 *
 * <ol type="a">
 *   <li>{@code mHessianVector(P..., v, grad, hv)} against a fourth-order central difference of the
 *       generated gradient along {@code v} (the gradient itself is checked against differences of
 *       the function by the catalogue tests), writing exactly {@code hv[0..N)};
 *   <li>that it returns exactly {@code m(P...)} and leaves exactly {@code mGradient}'s gradient in
 *       {@code grad}, and changes neither its inputs nor {@code v};
 *   <li>that {@code mHessian(P...)} is N×N, exactly symmetric, and times {@code v} gives {@code hv};
 *   <li>that calling it again with the same arrays gives the same bits (overwritten, not
 *       accumulated), and that an {@code hv} one too short is an {@code IllegalArgumentException};
 *   <li>that {@code mHessianVectors(P..., vs, grad, hvs)}, all directions in one sweep, gives for
 *       k = 0, 1, 2, 3, 8 and 40 random directions what k separate {@code mHessianVector} calls
 *       give (to {@link #LANES_TOLERANCE}), the value and the gradient exactly, writes nothing
 *       beyond N in a row and changes neither its inputs nor {@code vs}.
 * </ol>
 */
class SecondOrderTest {
  static final int POINTS = 4;

  /** |HV - FD| must be at most {@code TOLERANCE * max(1, |FD|)}, as for gradients. */
  static final double TOLERANCE = 1e-6;

  /** H·v summed from the Hessian and the product computed directly differ only by rounding. */
  static final double PRODUCT_TOLERANCE = 1e-9;

  /**
   * |mHessianVectors - mHessianVector| at most this times max(1, |mHessianVector|): the lanes do
   * the same arithmetic in the same order, so only a reassociation could differ.
   */
  static final double LANES_TOLERANCE = 1e-12;

  /** The numbers of directions {@code mHessianVectors} is checked with. */
  static final int[] LANE_COUNTS = {0, 1, 2, 3, 8, 40};

  static final double STEP = 1e-3;
  static final int MAX_ATTEMPTS = 50;

  /** One catalogue function: how to sample it and move its differentiated inputs. */
  interface Subject {
    String name();

    Method method();

    Object[] sample(int p, Random random);

    int n(Object[] args);

    double[] flatten(Object[] args);

    Object[] shift(Object[] args, double[] v, double t);

    String describe(Object[] args);
  }

  static Stream<Arguments> functions() {
    Stream<Arguments> scalar =
        CatalogueTest.catalogueMethods().stream()
            .map(m -> Arguments.of("Catalogue." + CatalogueTest.signature(m), scalarSubject(m)));
    Stream<Arguments> loops =
        LoopSampling.functions().stream()
            .map(m -> Arguments.of("LoopCatalogue." + LoopSampling.signature(m), loopSubject(m)));
    return Stream.concat(scalar, loops);
  }

  private static Subject scalarSubject(Method m) {
    CatalogueTest.Spec spec = new CatalogueTest.Spec(m, CatalogueTest.derivativesClass());
    return new Subject() {
      @Override
      public String name() {
        return spec.name;
      }

      @Override
      public Method method() {
        return m;
      }

      @Override
      public Object[] sample(int p, Random random) {
        return spec.sample(p, random);
      }

      @Override
      public int n(Object[] args) {
        return spec.n();
      }

      @Override
      public double[] flatten(Object[] args) {
        double[] x = new double[spec.n()];
        for (int k = 0; k < x.length; k++) {
          x[k] = spec.wrtValue(args, k);
        }
        return x;
      }

      @Override
      public Object[] shift(Object[] args, double[] v, double t) {
        return spec.shift(args, v, t);
      }

      @Override
      public String describe(Object[] args) {
        return spec.describe(args);
      }

      @Override
      public String toString() {
        return spec.name;
      }
    };
  }

  private static Subject loopSubject(Method m) {
    LoopSampling.Spec spec = new LoopSampling.Spec(m);
    return new Subject() {
      @Override
      public String name() {
        return spec.name;
      }

      @Override
      public Method method() {
        return m;
      }

      @Override
      public Object[] sample(int p, Random random) {
        return spec.sample(p, random);
      }

      @Override
      public int n(Object[] args) {
        return spec.n(args);
      }

      @Override
      public double[] flatten(Object[] args) {
        return spec.flatten(args);
      }

      @Override
      public Object[] shift(Object[] args, double[] v, double t) {
        return spec.shift(args, v, t);
      }

      @Override
      public String describe(Object[] args) {
        return spec.describe(args);
      }

      @Override
      public String toString() {
        return spec.name;
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void secondDerivativesMatchDifferencesOfTheGradient(String name, Subject subject) {
    Method m = subject.method();
    Class<?> companion =
        m.getDeclaringClass() == Catalogue.class
            ? CatalogueTest.derivativesClass()
            : LoopCatalogueTest.derivativesClass();
    Generated generated = new Generated(m, companion);
    Random random = new Random(0x5EC0DL * 31 + name.hashCode());
    for (int p = 0; p < POINTS; p++) {
      checkPoint(subject, generated, p, random);
    }
  }

  private static void checkPoint(Subject s, Generated generated, int p, Random random) {
    Object[] args = null;
    double[] v = null;
    double[] fd = null;
    String lastRejection = "";
    for (int attempt = 0; attempt < MAX_ATTEMPTS && args == null; attempt++) {
      Object[] candidate = s.sample(p, random);
      double[] x = s.flatten(candidate);
      double[] direction = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        direction[i] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(x[i]));
      }
      double[] atH = gradientDifference(s, generated, candidate, direction, STEP);
      double[] atHalf = gradientDifference(s, generated, candidate, direction, STEP / 2);
      boolean smooth = true;
      for (int i = 0; i < x.length && smooth; i++) {
        smooth = Math.abs(atH[i] - atHalf[i]) <= TOLERANCE / 10 * Math.max(1, Math.abs(atH[i]));
        if (!smooth) {
          lastRejection = "component " + i + " at " + s.describe(candidate) + ": FD(h) = "
              + atH[i] + ", FD(h/2) = " + atHalf[i];
        }
      }
      if (smooth) {
        args = candidate;
        v = direction;
        fd = atH;
      }
    }
    if (args == null) {
      fail(s.name() + ": no point among " + MAX_ATTEMPTS + " where differences of the gradient are"
          + " reliable. Last rejected: " + lastRejection);
    }
    int n = v.length;
    String where = s.name() + " at " + s.describe(args) + " (point " + p + ")";
    Object[] before = LoopSampling.deepCopy(args);
    double f = (double) generated.invoke(s.method(), args, where);
    double[] gradient = new double[n];
    generated.invoke(generated.gradientInto, append(args, gradient), where);

    // (a), (b)
    double[] vCopy = v.clone();
    double[] grad = nanFilled(n + 1);
    double[] hv = nanFilled(n + 1);
    double value = (double) generated.invoke(generated.hessianVector, append(args, v, grad, hv), where);
    assertTrue(LoopSampling.sameValue(value, f),
        where + ": the Hessian-vector product returned " + value + " but the function returns " + f);
    assertTrue(Arrays.equals(v, vCopy), where + ": v was changed");
    assertTrue(LoopSampling.changedArguments(before, args).isEmpty(),
        where + ": the Hessian-vector product changed its arguments "
            + LoopSampling.changedArguments(before, args));
    assertTrue(Double.isNaN(grad[n]) && Double.isNaN(hv[n]),
        where + ": wrote beyond the " + n + " entries of grad or hv");
    for (int i = 0; i < n; i++) {
      if (!LoopSampling.sameValue(grad[i], gradient[i])) {
        fail(where + ": the Hessian-vector product's gradient entry " + i + " is " + grad[i]
            + " but the gradient's is " + gradient[i]);
      }
      if (!(Math.abs(hv[i] - fd[i]) <= TOLERANCE * Math.max(1, Math.abs(fd[i])))) {
        fail(where + ", v = " + Arrays.toString(v) + ": (Hv)[" + i + "] = " + hv[i]
            + " but differences of the gradient give " + fd[i] + ", |HV - FD| = "
            + Math.abs(hv[i] - fd[i]));
      }
    }

    // (c)
    double[][] hessian = (double[][]) generated.invoke(generated.hessian, args, where);
    assertEquals(n, hessian.length, where + ": Hessian rows");
    for (int i = 0; i < n; i++) {
      assertEquals(n, hessian[i].length, where + ": length of Hessian row " + i);
      for (int j = 0; j < i; j++) {
        if (Double.compare(hessian[i][j], hessian[j][i]) != 0) {
          fail(where + ": the Hessian is not symmetric at (" + i + ", " + j + "): "
              + hessian[i][j] + " vs " + hessian[j][i]);
        }
      }
      double product = 0;
      double scale = 0;
      for (int j = 0; j < n; j++) {
        product += hessian[i][j] * v[j];
        scale += Math.abs(hessian[i][j] * v[j]);
      }
      if (!(Math.abs(product - hv[i]) <= PRODUCT_TOLERANCE * Math.max(1, scale))) {
        fail(where + ": row " + i + " of the Hessian times v is " + product
            + " but the Hessian-vector product gives " + hv[i]);
      }
    }

    // (e)
    checkLanes(s, generated, args, f, gradient, random, where);

    // (d)
    double[] hvFirst = hv.clone();
    generated.invoke(generated.hessianVector, append(args, v, grad, hv), where);
    assertTrue(Arrays.equals(hvFirst, hv), where + ": a second call with the same arrays gives "
        + Arrays.toString(hv) + " instead of " + Arrays.toString(hvFirst));
    if (n >= 1) {
      try {
        generated.hessianVector.invoke(null, append(args, v, grad, new double[n - 1]));
        fail(where + ": accepted hv of length " + (n - 1));
      } catch (InvocationTargetException e) {
        assertTrue(e.getCause() instanceof IllegalArgumentException,
            where + ": a short hv threw " + e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** (e): all directions in one sweep against one product per direction. */
  private static void checkLanes(
      Subject s, Generated generated, Object[] args, double f, double[] gradient, Random random, String where) {
    int n = gradient.length;
    for (int k : LANE_COUNTS) {
      double[][] vs = new double[k][n];
      double[][] hvs = new double[k][];
      for (int l = 0; l < k; l++) {
        for (int i = 0; i < n; i++) {
          vs[l][i] = 2 * random.nextDouble() - 1;
        }
        hvs[l] = nanFilled(n + 1);
      }
      double[][] vsCopy = Arrays.stream(vs).map(double[]::clone).toArray(double[][]::new);
      Object[] before = LoopSampling.deepCopy(args);
      double[] grad = nanFilled(n + 1);
      double value =
          (double) generated.invoke(generated.hessianVectors, append(args, vs, grad, hvs), where);
      String at = where + ", k = " + k;
      assertTrue(LoopSampling.sameValue(value, f), at + ": mHessianVectors returned " + value + " not " + f);
      assertTrue(Arrays.deepEquals(vs, vsCopy), at + ": vs was changed");
      assertTrue(LoopSampling.changedArguments(before, args).isEmpty(), at + ": changed its arguments");
      assertTrue(Double.isNaN(grad[n]), at + ": wrote beyond the " + n + " entries of grad");
      for (int i = 0; i < n; i++) {
        assertTrue(LoopSampling.sameValue(grad[i], gradient[i]),
            at + ": gradient entry " + i + " is " + grad[i] + " not " + gradient[i]);
      }
      for (int l = 0; l < k; l++) {
        double[] hv = new double[n];
        generated.invoke(generated.hessianVector, append(args, vs[l], new double[n], hv), where);
        assertTrue(Double.isNaN(hvs[l][n]), at + ": wrote beyond the " + n + " entries of hvs[" + l + "]");
        for (int i = 0; i < n; i++) {
          if (!(Math.abs(hvs[l][i] - hv[i]) <= LANES_TOLERANCE * Math.max(1, Math.abs(hv[i])))) {
            fail(at + ": hvs[" + l + "][" + i + "] = " + hvs[l][i]
                + " but mHessianVector along vs[" + l + "] gives " + hv[i]);
          }
        }
      }
    }
  }

  /** Fourth-order central difference of the generated gradient along v. */
  private static double[] gradientDifference(
      Subject s, Generated generated, Object[] args, double[] v, double h) {
    int n = v.length;
    double[] out = new double[n];
    double[] weights = {1, -8, 8, -1};
    double[] steps = {-2 * h, -h, h, 2 * h};
    for (int k = 0; k < 4; k++) {
      double[] g = new double[n];
      Object[] shifted = s.shift(args, v, steps[k]);
      generated.invoke(generated.gradientInto, append(shifted, g), s.name());
      for (int i = 0; i < n; i++) {
        out[i] += weights[k] * g[i];
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] /= 12 * h;
    }
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

  /** The generated methods of one function. */
  private static final class Generated {
    final Method gradientInto;
    final Method hessianVector;
    final Method hessianVectors;
    final Method hessian;

    Generated(Method m, Class<?> companion) {
      Class<?>[] types = m.getParameterTypes();
      gradientInto = find(companion, m.getName() + "Gradient", with(types, 1));
      hessianVector = find(companion, m.getName() + "HessianVector", with(types, 3));
      Class<?>[] vectors = Arrays.copyOf(types, types.length + 3);
      vectors[types.length] = double[][].class;
      vectors[types.length + 1] = double[].class;
      vectors[types.length + 2] = double[][].class;
      hessianVectors = find(companion, m.getName() + "HessianVectors", vectors);
      hessian = find(companion, m.getName() + "Hessian", types);
      assertEquals(double[][].class, hessian.getReturnType(), m.getName() + "Hessian");
      m.setAccessible(true);
    }

    private static Class<?>[] with(Class<?>[] types, int arrays) {
      Class<?>[] out = Arrays.copyOf(types, types.length + arrays);
      Arrays.fill(out, types.length, out.length, double[].class);
      return out;
    }

    private static Method find(Class<?> owner, String name, Class<?>[] types) {
      try {
        Method m = owner.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException e) {
        throw new AssertionError(owner.getSimpleName() + " has no " + name
            + Arrays.toString(types), e);
      }
    }

    Object invoke(Method m, Object[] args, String where) {
      try {
        return m.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError(m.getName() + " threw " + e.getCause() + " for " + where, e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }
}
