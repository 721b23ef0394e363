package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every generated derivative of every {@link Catalogue} function against finite differences.
 *
 * <p>Sample points are drawn from a {@link Random} seeded by the function's signature, so every run
 * checks the same points. A point is skipped (and another drawn) only when the finite differences
 * themselves are unreliable there; see {@link #SMOOTHNESS_TOLERANCE}.
 *
 * <p>A catalogue function is a non-private static method of {@code Catalogue} carrying {@link
 * Domain} ({@code @Differentiable} has class retention, so reflection cannot see it). For each one,
 * at {@value #POINTS} seeded random points of its domain, the test checks:
 *
 * <ol type="a">
 *   <li>{@code mGradient(P..., grad)} against a fourth-order central difference along each
 *       differentiated parameter, writing exactly {@code grad[0..N)};
 *   <li>that it returns exactly {@code m(P...)};
 *   <li>that {@code mGradient(P...)} returns the same gradient, of length exactly N;
 *   <li>that {@code mDerivative(P..., direction)} matches the finite difference along a random
 *       direction (component i scaled by {@code max(1, |x_i|)}) and {@code grad · direction}, and
 *       leaves {@code direction} alone;
 *   <li>that a {@code grad} of length N-1 is rejected with an {@code IllegalArgumentException};
 *   <li>that the runtime's {@link GradientCheck}, called as a user would call it, passes.
 * </ol>
 */
class CatalogueTest {
  /** Sample points per function. */
  static final int POINTS = 5;

  /** The catalogue must not shrink below this. */
  static final int MIN_FUNCTIONS = 48;

  /**
   * |AD - FD| must be at most {@code TOLERANCE * max(1, |FD|)}. A fourth-order stencil with {@code h
   * = 1e-3 * max(1, |x|)} has truncation error about {@code h^4 |f^(5)| / 30} (1e-12 for O(1)
   * derivatives) and rounding error about {@code 1.5 eps |f| / h} (3e-13 |f|), so 1e-6 leaves ample
   * room for the steep corners of the domains while still catching any wrong derivative rule.
   */
  static final double TOLERANCE = 1e-6;

  /**
   * {@code mDerivative} and {@code grad · direction} are both exact up to rounding, but summed in
   * different orders, so they are compared relative to {@code max(1, sum |grad_i direction_i|)}
   * (the size of the terms, not of the possibly cancelled sum).
   */
  static final double DOT_TOLERANCE = 1e-9;

  /** Relative step of the finite differences: {@code h = STEP * max(1, |x|)}. */
  static final double STEP = 1e-3;

  /**
   * A sample point is used only if the stencil at h and at h/2 agree to {@code TOLERANCE / 10}
   * along every differentiated coordinate and along the direction. This depends on the function
   * alone (never on the generated code), so it cannot hide an AD bug; it only skips the rare
   * random points whose stencil straddles a kink or jump (abs, max, floor, round, branches).
   */
  static final double SMOOTHNESS_TOLERANCE = TOLERANCE / 10;

  /** Attempts to find a smooth sample point before the test gives up on a function. */
  static final int MAX_ATTEMPTS = 50;

  static final String DERIVATIVES_CLASS = "dev.adjoint.catalogue.CatalogueDerivatives";

  // ---------------------------------------------------------------------------------------------
  // Discovery
  // ---------------------------------------------------------------------------------------------

  /** The catalogue functions, sorted by signature for a stable order. */
  static List<Method> catalogueMethods() {
    return Arrays.stream(Catalogue.class.getDeclaredMethods())
        .filter(m -> !m.isSynthetic())
        .filter(m -> Modifier.isStatic(m.getModifiers()))
        .filter(m -> !Modifier.isPrivate(m.getModifiers()))
        .filter(m -> m.isAnnotationPresent(Domain.class))
        .sorted(Comparator.comparing(CatalogueTest::signature))
        .collect(Collectors.toList());
  }

  static Stream<Arguments> functions() {
    return catalogueMethods().stream().map(m -> Arguments.of(signature(m), m));
  }

  static Class<?> derivativesClass() {
    try {
      return Class.forName(DERIVATIVES_CLASS);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          DERIVATIVES_CLASS + " was not generated; is the Adjoint processor running on the tests?",
          e);
    }
  }

  @Test
  void catalogueHasEnoughFunctions() {
    int n = catalogueMethods().size();
    assertTrue(
        n >= MIN_FUNCTIONS,
        "the catalogue has " + n + " functions, fewer than " + MIN_FUNCTIONS);
  }

  /** Every declared method of Catalogue is a catalogue function: @Domain, static, not private. */
  @Test
  void everyCatalogueMethodIsAnnotatedAndVisible() {
    List<String> problems = new ArrayList<>();
    for (Method m : Catalogue.class.getDeclaredMethods()) {
      if (m.isSynthetic()) {
        continue;
      }
      if (!m.isAnnotationPresent(Domain.class)) {
        problems.add(signature(m) + " has no @Domain");
      }
      if (!Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
        problems.add(signature(m) + " must be static and not private");
      }
      if (m.getReturnType() != double.class) {
        problems.add(signature(m) + " must return double");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * The generated gradients and the @Domain methods are the same set: a method whose derivatives
   * were generated cannot escape the test by lacking @Domain, and a @Domain method must have been
   * differentiated (so it must carry @Differentiable).
   */
  @Test
  void generatedGradientsMatchDomainMethods() {
    Set<String> generated = GeneratedGradients.of(derivativesClass());
    Set<String> annotated = GeneratedGradients.signaturesOf(catalogueMethods());
    Set<String> missingDomain = new TreeSet<>(generated);
    missingDomain.removeAll(annotated);
    Set<String> missingDerivatives = new TreeSet<>(annotated);
    missingDerivatives.removeAll(generated);
    assertTrue(
        missingDomain.isEmpty(),
        "generated gradients whose Catalogue method has no @Domain: " + missingDomain);
    assertTrue(
        missingDerivatives.isEmpty(),
        "@Domain methods with no generated gradient (missing @Differentiable?): "
            + missingDerivatives);
  }

  // ---------------------------------------------------------------------------------------------
  // The check
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void derivativesMatchFiniteDifferences(String name, Method method) throws Exception {
    Spec spec = new Spec(method, derivativesClass());
    Random random = new Random(0x5EEDL * 31 + name.hashCode());
    for (int p = 0; p < POINTS; p++) {
      checkPoint(spec, p, random);
    }
  }

  private static void checkPoint(Spec spec, int p, Random random) throws Exception {
    int n = spec.n();
    Object[] args = null;
    double[] direction = null;
    double[] fdGrad = null;
    double fdDirectional = Double.NaN;
    String lastRejection = "";
    for (int attempt = 0; attempt < MAX_ATTEMPTS && args == null; attempt++) {
      Object[] candidate = spec.sample(p, random);
      // Component i is u_i * max(1, |x_i|) with u_i uniform in [-1, 1], and the stencil along it
      // uses h = STEP: each coordinate then moves by at most the step of its own coordinate
      // stencil, so parameters of different scales (100 and 0.05, say) are all resolved.
      double[] dir = new double[n];
      for (int i = 0; i < n; i++) {
        dir[i] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(spec.wrtValue(candidate, i)));
      }
      double f = spec.call(candidate);
      if (!Double.isFinite(f)) {
        fail(spec.name + " is not finite (" + f + ") at " + spec.describe(candidate)
            + "; fix its @Domain");
      }
      double[] g = new double[n];
      boolean smooth = true;
      for (int i = 0; i < n && smooth; i++) {
        double[] unit = new double[n];
        unit[i] = 1;
        double h = STEP * Math.max(1, Math.abs(spec.wrtValue(candidate, i)));
        g[i] = finiteDifference(spec, candidate, unit, h);
        double half = finiteDifference(spec, candidate, unit, h / 2);
        smooth = agrees(g[i], half);
        if (!smooth) {
          lastRejection = spec.coordinate(i) + " at " + spec.describe(candidate) + ": FD(h = " + h
              + ") = " + g[i] + ", FD(h/2) = " + half;
        }
      }
      double hDir = STEP;
      double d = finiteDifference(spec, candidate, dir, hDir);
      if (smooth) {
        double half = finiteDifference(spec, candidate, dir, hDir / 2);
        smooth = agrees(d, half);
        if (!smooth) {
          lastRejection = "direction " + Arrays.toString(dir) + " at " + spec.describe(candidate)
              + ": FD(h = " + hDir + ") = " + d + ", FD(h/2) = " + half;
        }
      }
      if (smooth) {
        args = candidate;
        direction = dir;
        fdGrad = g;
        fdDirectional = d;
      }
    }
    if (args == null) {
      fail(spec.name + ": no sample point among " + MAX_ATTEMPTS + " where finite differences are"
          + " reliable (the stencils at h and h/2 disagree); is it smooth and well scaled on its"
          + " @Domain? Last rejected: " + lastRejection);
    }
    String where = spec.name + " at " + spec.describe(args) + " (point " + p + ")";
    double f = spec.call(args);

    // The generated gradient's length is N as the generated code sees it; @Domain(wrt) must agree.
    double[] fresh = (double[]) spec.invoke(spec.gradientNew, args);
    if (fresh.length != n) {
      fail(where + ": " + spec.gradientNew.getName() + "(...) returns " + fresh.length
          + " entries but @Domain says " + n + " parameters are differentiated "
          + Arrays.toString(spec.wrt) + "; does @Domain(wrt) mirror @Differentiable(wrt)?");
    }

    // (a), (b): gradient into a caller array, one element longer than needed.
    double[] grad = new double[n + 1];
    Arrays.fill(grad, Double.NaN);
    double value = (double) spec.invoke(spec.gradientInto, append(args, grad));
    if (!sameValue(value, f)) {
      fail(where + ": " + spec.gradientInto.getName() + " returned " + value + " but "
          + spec.method.getName() + " returns " + f);
    }
    if (!Double.isNaN(grad[n])) {
      fail(where + ": " + spec.gradientInto.getName() + " wrote grad[" + n + "] = " + grad[n]
          + " beyond the " + n + " gradient entries");
    }
    for (int i = 0; i < n; i++) {
      if (!close(grad[i], fdGrad[i], TOLERANCE * Math.max(1, Math.abs(fdGrad[i])))) {
        fail(where + ": gradient " + spec.coordinate(i) + ": AD = "
            + grad[i] + ", FD = " + fdGrad[i] + ", |AD - FD| = " + Math.abs(grad[i] - fdGrad[i]));
      }
    }

    // (c): the allocating gradient.
    for (int i = 0; i < n; i++) {
      if (!sameValue(fresh[i], grad[i])) {
        fail(where + ": gradient " + spec.coordinate(i) + ": "
            + spec.gradientNew.getName() + "(...) gives " + fresh[i] + " but "
            + spec.gradientInto.getName() + "(..., grad) gives " + grad[i]);
      }
    }

    // (d): forward mode along a random direction.
    double[] directionCopy = direction.clone();
    double derivative = (double) spec.invoke(spec.derivative, append(args, direction));
    if (!Arrays.equals(direction, directionCopy)) {
      fail(where + ": " + spec.derivative.getName() + " modified its direction argument from "
          + Arrays.toString(directionCopy) + " to " + Arrays.toString(direction));
    }
    if (!close(derivative, fdDirectional, TOLERANCE * Math.max(1, Math.abs(fdDirectional)))) {
      fail(where + ", direction " + Arrays.toString(direction) + ": AD directional derivative = "
          + derivative + ", FD = " + fdDirectional + ", |AD - FD| = "
          + Math.abs(derivative - fdDirectional));
    }
    double dot = 0;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      dot += grad[i] * direction[i];
      scale += Math.abs(grad[i] * direction[i]);
    }
    if (!close(derivative, dot, DOT_TOLERANCE * Math.max(1, scale))) {
      fail(where + ", direction " + Arrays.toString(direction) + ": forward-mode "
          + spec.derivative.getName() + " = " + derivative + " but reverse-mode grad . direction = "
          + dot + " (grad " + Arrays.toString(Arrays.copyOf(grad, n)) + ")");
    }

    // (f): the runtime's GradientCheck, called as a user would, passes too.
    double[] x0 = new double[n];
    for (int k = 0; k < n; k++) {
      x0[k] = spec.wrtValue(args, k);
    }
    Object[] base = args;
    GradientCheck.Report report =
        GradientCheck.defaults()
            .directional(
                x -> unchecked(() -> spec.call(withWrt(spec, base, x))),
                (x, g) -> unchecked(() -> (double) spec.invoke(spec.gradientInto, append(withWrt(spec, base, x), g))),
                x0);
    if (!report.passed()) {
      fail(where + ": GradientCheck disagrees with the generated gradient:\n" + report);
    }

    // (e): a gradient array one too short.
    if (n >= 1) {
      double[] shortGrad = new double[n - 1];
      try {
        spec.gradientInto.invoke(null, append(args, shortGrad));
        fail(where + ": " + spec.gradientInto.getName() + " accepted grad of length " + (n - 1)
            + " but needs " + n);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof IllegalArgumentException)) {
          throw new AssertionError(where + ": grad of length " + (n - 1) + " threw " + cause
              + " instead of IllegalArgumentException", cause);
        }
        String message = String.valueOf(cause.getMessage());
        assertTrue(message.contains(Integer.toString(n)),
            where + ": the message for a short grad should give the length needed (" + n
                + "): " + message);
      }
    }
  }

  /**
   * Fourth-order central difference of f along v at args: (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) /
   * 12h, where f(t) = f(args + t v) on the differentiated parameters.
   */
  private static double finiteDifference(Spec spec, Object[] args, double[] v, double h)
      throws Exception {
    double m2 = spec.call(spec.shift(args, v, -2 * h));
    double m1 = spec.call(spec.shift(args, v, -h));
    double p1 = spec.call(spec.shift(args, v, h));
    double p2 = spec.call(spec.shift(args, v, 2 * h));
    return (m2 - 8 * m1 + 8 * p1 - p2) / (12 * h);
  }

  private static boolean agrees(double a, double b) {
    return close(a, b, SMOOTHNESS_TOLERANCE * Math.max(1, Math.abs(a)));
  }

  /** NaN-safe: false if either value is NaN. */
  private static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance;
  }

  private static boolean sameValue(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  /** args with the differentiated parameters set from x. */
  private static Object[] withWrt(Spec spec, Object[] args, double[] x) {
    Object[] out = args.clone();
    for (int k = 0; k < x.length; k++) {
      out[spec.wrt[k]] = x[k];
    }
    return out;
  }

  private interface Call {
    double call() throws Exception;
  }

  private static double unchecked(Call c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }

  static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  // ---------------------------------------------------------------------------------------------
  // One catalogue function, read from its @Domain, with its generated methods.
  // ---------------------------------------------------------------------------------------------

  static final class Spec {
    final Method method;
    final String name;
    final Class<?>[] types;
    /** Sampling interval per parameter position (NaN for non-double parameters). */
    final double[] lo;
    final double[] hi;
    /** Positions of the differentiated parameters, ascending. */
    final int[] wrt;

    final int[] ints;
    final long[] longs;
    final boolean[] booleans;
    final int intCount;
    final int longCount;
    final int booleanCount;

    final Method gradientInto;
    final Method gradientNew;
    final Method derivative;

    Spec(Method method, Class<?> derivatives) {
      this.method = method;
      this.name = signature(method);
      this.types = method.getParameterTypes();
      Domain domain = method.getAnnotation(Domain.class);

      List<Integer> doubles = new ArrayList<>();
      int ic = 0;
      int lc = 0;
      int bc = 0;
      for (int i = 0; i < types.length; i++) {
        Class<?> t = types[i];
        if (t == double.class) {
          doubles.add(i);
        } else if (t == int.class) {
          ic++;
        } else if (t == long.class) {
          lc++;
        } else if (t == boolean.class) {
          bc++;
        } else {
          fail(name + ": the harness cannot sample a parameter of type " + t.getName());
        }
      }
      intCount = ic;
      longCount = lc;
      booleanCount = bc;
      ints = domain.ints();
      longs = domain.longs();
      booleans = domain.booleans();
      requireSets("ints", ints.length, intCount);
      requireSets("longs", longs.length, longCount);
      requireSets("booleans", booleans.length, booleanCount);

      lo = new double[types.length];
      hi = new double[types.length];
      Arrays.fill(lo, Double.NaN);
      Arrays.fill(hi, Double.NaN);
      boolean perParameter = domain.lows().length > 0 || domain.highs().length > 0;
      if (perParameter
          && (domain.lows().length != doubles.size() || domain.highs().length != doubles.size())) {
        fail(name + ": @Domain lows/highs need one entry per double parameter (" + doubles.size()
            + "), got " + domain.lows().length + "/" + domain.highs().length);
      }
      for (int k = 0; k < doubles.size(); k++) {
        int i = doubles.get(k);
        lo[i] = perParameter ? domain.lows()[k] : domain.lo();
        hi[i] = perParameter ? domain.highs()[k] : domain.hi();
        if (!(lo[i] < hi[i])) {
          fail(name + ": empty @Domain interval [" + lo[i] + ", " + hi[i] + "] for parameter " + i);
        }
      }

      if (domain.wrt().length == 0) {
        wrt = doubles.stream().mapToInt(Integer::intValue).toArray();
      } else {
        wrt = domain.wrt().clone();
        for (int k = 0; k < wrt.length; k++) {
          if (wrt[k] < 0 || wrt[k] >= types.length || types[wrt[k]] != double.class) {
            fail(name + ": @Domain(wrt) position " + wrt[k] + " is not a double parameter");
          }
          if (k > 0 && wrt[k] <= wrt[k - 1]) {
            fail(name + ": @Domain(wrt) positions must be strictly ascending: "
                + Arrays.toString(wrt));
          }
        }
      }

      Class<?>[] withArray = Arrays.copyOf(types, types.length + 1);
      withArray[types.length] = double[].class;
      gradientInto = find(derivatives, method.getName() + "Gradient", withArray, double.class);
      gradientNew = find(derivatives, method.getName() + "Gradient", types, double[].class);
      derivative = find(derivatives, method.getName() + "Derivative", withArray, double.class);
      method.setAccessible(true);
    }

    private void requireSets(String attribute, int length, int count) {
      if (count == 0 ? length != 0 : length == 0 || length % count != 0) {
        fail(name + ": @Domain " + attribute + " has " + length + " values for " + count
            + " parameters (give whole sets, in declaration order)");
      }
    }

    private Method find(Class<?> owner, String methodName, Class<?>[] parameters, Class<?> ret) {
      Method m;
      try {
        m = owner.getDeclaredMethod(methodName, parameters);
      } catch (NoSuchMethodException e) {
        throw new AssertionError(owner.getSimpleName() + " has no static " + ret.getSimpleName()
            + " " + methodName + Arrays.stream(parameters).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")")) + " for " + name, e);
      }
      assertTrue(Modifier.isStatic(m.getModifiers()), name + ": " + methodName + " is not static");
      assertEquals(ret, m.getReturnType(), name + ": return type of " + methodName);
      m.setAccessible(true);
      return m;
    }

    int n() {
      return wrt.length;
    }

    /** Draws the parameters for sample point p: doubles uniformly, the rest from set p. */
    Object[] sample(int p, Random random) {
      Object[] args = new Object[types.length];
      int ii = 0;
      int li = 0;
      int bi = 0;
      for (int i = 0; i < types.length; i++) {
        Class<?> t = types[i];
        if (t == double.class) {
          args[i] = lo[i] + (hi[i] - lo[i]) * random.nextDouble();
        } else if (t == int.class) {
          args[i] = ints[(p % (ints.length / intCount)) * intCount + ii++];
        } else if (t == long.class) {
          args[i] = longs[(p % (longs.length / longCount)) * longCount + li++];
        } else {
          args[i] = booleans[(p % (booleans.length / booleanCount)) * booleanCount + bi++];
        }
      }
      return args;
    }

    double wrtValue(Object[] args, int k) {
      return (Double) args[wrt[k]];
    }

    /** args with t * v[k] added to the k-th differentiated parameter. */
    Object[] shift(Object[] args, double[] v, double t) {
      Object[] out = args.clone();
      for (int k = 0; k < wrt.length; k++) {
        if (v[k] != 0) {
          out[wrt[k]] = (Double) args[wrt[k]] + t * v[k];
        }
      }
      return out;
    }

    double call(Object[] args) throws Exception {
      return (Double) invoke(method, args);
    }

    /** Invokes m, rethrowing what it throws with the function and arguments named. */
    Object invoke(Method m, Object[] args) throws Exception {
      try {
        return m.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError(m.getName() + " threw " + e.getCause() + " for " + name + " at "
            + describe(args), e.getCause());
      }
    }

    /** "coordinate k (parameter #i 'name')"; the name is argI unless compiled with -parameters. */
    String coordinate(int k) {
      return "coordinate " + k + " (parameter #" + wrt[k] + " '"
          + method.getParameters()[wrt[k]].getName() + "')";
    }

    String describe(Object[] args) {
      StringBuilder b = new StringBuilder("(");
      for (int i = 0; i < types.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        Object a = args[i];
        b.append(a instanceof double[] ? Arrays.toString((double[]) a) : String.valueOf(a));
      }
      return b.append(")").toString();
    }
  }
}
