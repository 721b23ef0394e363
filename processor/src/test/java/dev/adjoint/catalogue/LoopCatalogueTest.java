package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.catalogue.LoopSampling.Point;
import dev.adjoint.catalogue.LoopSampling.Search;
import dev.adjoint.catalogue.LoopSampling.Spec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Checks every generated derivative of every {@link LoopCatalogue} function against finite
 * differences.
 *
 * <p>A loop-catalogue function is a non-private static method of {@code LoopCatalogue} carrying
 * {@link LoopDomain} ({@code @Differentiable} has class retention, so reflection cannot see it).
 * Its arguments (values, array shapes, int[] contents, fixed ints, longs and booleans) are drawn
 * from a {@link Random} seeded by the function's signature, so every run checks the same points; a
 * point is skipped (and another drawn) only when the finite differences themselves are unreliable
 * there (see {@link LoopSampling#SMOOTHNESS_TOLERANCE}). Sampling and finite differences live in
 * {@link LoopSampling}, which {@code DomainCheck} runs without the processor.
 *
 * <p>The differentiated inputs are flattened as the generated code flattens them: the {@code wrt}
 * parameters in declaration order, a {@code double} one slot, a {@code double[]} its length, a
 * {@code double[][]} its rows in order. For each function, at {@value LoopSampling#POINTS} points:
 *
 * <ol type="a">
 *   <li>{@code mGradient(P..., grad)}, with grad one longer than N and filled with NaN, returns
 *       exactly {@code m(P...)}, leaves {@code grad[N]} alone, and writes in {@code grad[0..N)} a
 *       gradient that matches a fourth-order central difference along each flattened input;
 *   <li>{@code mGradient(P...)} returns the same gradient, of length exactly N;
 *   <li>{@code mDerivative(P..., direction)} matches the finite difference along a random direction
 *       and {@code grad · direction};
 *   <li>no generated method modifies any of its array arguments (matrices compared row by row);
 *   <li>a {@code grad} of length N-1 is rejected with an {@code IllegalArgumentException} that
 *       names the length needed;
 *   <li>calling again with the same arrays (the same grad, still holding the gradient) gives
 *       identical results, and so does re-evaluating every point afterwards in reverse order: any
 *       tape or work array the generated code keeps is reset between calls, also when shapes
 *       change.
 * </ol>
 */
class LoopCatalogueTest {
  /** The catalogue must not shrink below this. */
  static final int MIN_FUNCTIONS = 45;

  /**
   * {@code mDerivative} and {@code grad · direction} are both exact up to rounding, but summed in
   * different orders, so they are compared relative to {@code max(1, sum |grad_i direction_i|)}.
   */
  static final double DOT_TOLERANCE = 1e-9;

  static final String DERIVATIVES_CLASS = "dev.adjoint.catalogue.LoopCatalogueDerivatives";

  // ---------------------------------------------------------------------------------------------
  // Discovery
  // ---------------------------------------------------------------------------------------------

  static Stream<Arguments> functions() {
    return LoopSampling.functions().stream()
        .map(m -> Arguments.of(LoopSampling.signature(m), m));
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
    int n = LoopSampling.functions().size();
    assertTrue(
        n >= MIN_FUNCTIONS,
        "the loop catalogue has " + n + " functions, fewer than " + MIN_FUNCTIONS);
  }

  /** Every declared method of LoopCatalogue is a catalogue function: @LoopDomain, static, seen. */
  @Test
  void everyCatalogueMethodIsAnnotatedAndVisible() {
    List<String> problems = new ArrayList<>();
    for (Method m : LoopCatalogue.class.getDeclaredMethods()) {
      if (m.isSynthetic()) {
        continue;
      }
      String name = LoopSampling.signature(m);
      if (!m.isAnnotationPresent(LoopDomain.class)) {
        problems.add(name + " has no @LoopDomain");
      }
      if (!Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
        problems.add(name + " must be static and not private");
      }
      if (m.getReturnType() != double.class) {
        problems.add(name + " must return double");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Every @LoopDomain is well formed; needs no generated code, so domain errors show first. */
  @Test
  void everyDomainIsWellFormed() {
    List<String> problems = new ArrayList<>();
    for (Method m : LoopSampling.functions()) {
      try {
        Spec spec = new Spec(m);
        for (int p = 0; p < LoopSampling.POINTS; p++) {
          Object[] args = spec.sample(p, new Random(p));
          spec.call(args);
        }
      } catch (RuntimeException e) {
        problems.add(LoopSampling.signature(m) + ": " + e.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * The generated gradients and the @LoopDomain methods are the same set: a method whose
   * derivatives were generated cannot escape the test by lacking @LoopDomain, and a @LoopDomain
   * method must have been differentiated (so it must carry @Differentiable).
   */
  @Test
  void generatedGradientsMatchDomainMethods() {
    Set<String> generated = GeneratedGradients.of(derivativesClass());
    Set<String> annotated = GeneratedGradients.signaturesOf(LoopSampling.functions());
    Set<String> missingDomain = new TreeSet<>(generated);
    missingDomain.removeAll(annotated);
    Set<String> missingDerivatives = new TreeSet<>(annotated);
    missingDerivatives.removeAll(generated);
    assertTrue(
        missingDomain.isEmpty(),
        "generated gradients whose LoopCatalogue method has no @LoopDomain: " + missingDomain);
    assertTrue(
        missingDerivatives.isEmpty(),
        "@LoopDomain methods with no generated gradient (missing @Differentiable?): "
            + missingDerivatives);
  }

  // ---------------------------------------------------------------------------------------------
  // The check
  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void derivativesMatchFiniteDifferences(String name, Method method) {
    Spec spec = new Spec(method);
    Generated generated = new Generated(spec, derivativesClass());
    Random random = LoopSampling.random(name);
    List<Result> results = new ArrayList<>();
    for (int p = 0; p < LoopSampling.POINTS; p++) {
      Search search = spec.find(p, random);
      if (search.point == null) {
        fail(search.problem);
      }
      results.add(checkPoint(spec, generated, search.point, p));
    }
    // (f), across points: evaluate every point again, in reverse order, after all the others.
    for (int p = results.size() - 1; p >= 0; p--) {
      Result first = results.get(p);
      Result again = evaluate(spec, generated, first.point);
      String where = spec.name + " at " + spec.describe(first.point.args) + " (point " + p + ")";
      assertSameResult(where, "re-evaluated after the other points", first, again);
    }
  }

  /** What the generated methods returned at one point. */
  private static final class Result {
    final Point point;
    final double value;
    final double[] grad;
    final double[] fresh;
    final double derivative;

    Result(Point point, double value, double[] grad, double[] fresh, double derivative) {
      this.point = point;
      this.value = value;
      this.grad = grad;
      this.fresh = fresh;
      this.derivative = derivative;
    }
  }

  private static Result checkPoint(Spec spec, Generated generated, Point point, int p) {
    Object[] args = point.args;
    int n = point.n;
    String where = spec.name + " at " + spec.describe(args) + " (point " + p + ")";

    // (b) first, for the length: N as the generated code sees it; @LoopDomain(wrt) must agree.
    double[] fresh = (double[]) generated.call(generated.gradientNew, args, where);
    if (fresh.length != n) {
      fail(where + ": " + generated.gradientNew.getName() + "(...) returns " + fresh.length
          + " entries but @LoopDomain says " + n + " inputs are differentiated (parameters "
          + Arrays.toString(spec.wrt) + "); does @LoopDomain(wrt) mirror @Differentiable(wrt)?");
    }

    // (a): gradient into a caller array, one element longer than needed and filled with NaN.
    double[] grad = new double[n + 1];
    Arrays.fill(grad, Double.NaN);
    double value = (double) generated.call(generated.gradientInto, append(args, grad), where);
    if (!LoopSampling.sameValue(value, point.value)) {
      fail(where + ": " + generated.gradientInto.getName() + " returned " + value + " but "
          + spec.method.getName() + " returns " + point.value);
    }
    if (!Double.isNaN(grad[n])) {
      fail(where + ": " + generated.gradientInto.getName() + " wrote grad[" + n + "] = " + grad[n]
          + " beyond the " + n + " gradient entries");
    }
    for (int i = 0; i < n; i++) {
      double fd = point.fdGradient[i];
      if (!LoopSampling.close(grad[i], fd, LoopSampling.TOLERANCE * Math.max(1, Math.abs(fd)))) {
        fail(where + ": gradient " + spec.coordinate(args, i) + ": AD = " + grad[i] + ", FD = " + fd
            + ", |AD - FD| = " + Math.abs(grad[i] - fd));
      }
    }

    // (b): the allocating gradient, bit for bit.
    for (int i = 0; i < n; i++) {
      if (!LoopSampling.sameValue(fresh[i], grad[i])) {
        fail(where + ": gradient " + spec.coordinate(args, i) + ": "
            + generated.gradientNew.getName() + "(...) gives " + fresh[i] + " but "
            + generated.gradientInto.getName() + "(..., grad) gives " + grad[i]);
      }
    }

    // (c): forward mode along a random direction.
    // Generated.call fails if the direction is modified.
    double[] direction = point.direction.clone();
    double derivative =
        (double) generated.call(generated.derivative, append(args, direction), where);
    double fdDirectional = point.fdDirectional;
    if (!LoopSampling.close(
        derivative, fdDirectional, LoopSampling.TOLERANCE * Math.max(1, Math.abs(fdDirectional)))) {
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
    if (!LoopSampling.close(derivative, dot, DOT_TOLERANCE * Math.max(1, scale))) {
      fail(where + ", direction " + Arrays.toString(direction) + ": forward-mode "
          + generated.derivative.getName() + " = " + derivative
          + " but reverse-mode grad . direction = " + dot + " (grad "
          + Arrays.toString(Arrays.copyOf(grad, n)) + ")");
    }

    // (d) is checked by Generated.call on every call above and below.

    // (e): a gradient array one too short.
    if (n >= 1) {
      double[] shortGrad = new double[n - 1];
      try {
        generated.gradientInto.invoke(null, append(args, shortGrad));
        fail(where + ": " + generated.gradientInto.getName() + " accepted grad of length "
            + (n - 1) + " but needs " + n);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof IllegalArgumentException)) {
          throw new AssertionError(where + ": grad of length " + (n - 1) + " threw " + cause
              + " instead of IllegalArgumentException", cause);
        }
        String message = String.valueOf(cause.getMessage());
        assertTrue(message.contains(Integer.toString(n)),
            where + ": the message for a short grad should give the length needed (" + n + "): "
                + message);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }

    // (f): the same call again, with the same arrays; grad still holds the gradient, so this also
    // checks that it is overwritten, not accumulated.
    Result first = new Result(point, value, Arrays.copyOf(grad, n), fresh, derivative);
    double valueAgain = (double) generated.call(generated.gradientInto, append(args, grad), where);
    double derivativeAgain =
        (double) generated.call(generated.derivative, append(args, direction), where);
    double[] freshAgain = (double[]) generated.call(generated.gradientNew, args, where);
    Result again =
        new Result(point, valueAgain, Arrays.copyOf(grad, n), freshAgain, derivativeAgain);
    assertSameResult(where, "called a second time with the same arrays", first, again);
    if (!Double.isNaN(grad[n])) {
      fail(where + ": the second " + generated.gradientInto.getName() + " call wrote grad[" + n
          + "] = " + grad[n]);
    }
    return first;
  }

  /** All three generated methods at a point, with fresh output arrays. */
  private static Result evaluate(Spec spec, Generated generated, Point point) {
    String where = spec.name + " at " + spec.describe(point.args);
    double[] grad = new double[point.n];
    double value =
        (double) generated.call(generated.gradientInto, append(point.args, grad), where);
    double[] fresh = (double[]) generated.call(generated.gradientNew, point.args, where);
    double derivative = (double) generated.call(
        generated.derivative, append(point.args, point.direction.clone()), where);
    return new Result(point, value, grad, fresh, derivative);
  }

  private static void assertSameResult(String where, String how, Result first, Result again) {
    if (!LoopSampling.sameValue(first.value, again.value)) {
      fail(where + ": " + how + ", the gradient method returned " + again.value + " instead of "
          + first.value);
    }
    for (int i = 0; i < first.grad.length; i++) {
      if (!LoopSampling.sameValue(first.grad[i], again.grad[i])) {
        fail(where + ": " + how + ", gradient entry " + i + " is " + again.grad[i] + " instead of "
            + first.grad[i] + " (accumulated into grad, or state left over from an earlier call?)");
      }
    }
    if (first.fresh.length != again.fresh.length) {
      fail(where + ": " + how + ", the allocating gradient has length " + again.fresh.length
          + " instead of " + first.fresh.length);
    }
    for (int i = 0; i < first.fresh.length; i++) {
      if (!LoopSampling.sameValue(first.fresh[i], again.fresh[i])) {
        fail(where + ": " + how + ", the allocating gradient's entry " + i + " is "
            + again.fresh[i] + " instead of " + first.fresh[i]);
      }
    }
    if (!LoopSampling.sameValue(first.derivative, again.derivative)) {
      fail(where + ": " + how + ", the directional derivative is " + again.derivative
          + " instead of " + first.derivative);
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The generated methods of one function.
  // ---------------------------------------------------------------------------------------------

  private static final class Generated {
    final Spec spec;
    final Method gradientInto;
    final Method gradientNew;
    final Method derivative;

    Generated(Spec spec, Class<?> derivatives) {
      this.spec = spec;
      Class<?>[] types = spec.types;
      Class<?>[] withArray = Arrays.copyOf(types, types.length + 1);
      withArray[types.length] = double[].class;
      String name = spec.method.getName();
      gradientInto = find(derivatives, name + "Gradient", withArray, double.class);
      gradientNew = find(derivatives, name + "Gradient", types, double[].class);
      derivative = find(derivatives, name + "Derivative", withArray, double.class);
    }

    private Method find(Class<?> owner, String methodName, Class<?>[] parameters, Class<?> ret) {
      Method m;
      try {
        m = owner.getDeclaredMethod(methodName, parameters);
      } catch (NoSuchMethodException e) {
        throw new AssertionError(owner.getSimpleName() + " has no static " + ret.getSimpleName()
            + " " + methodName + Arrays.stream(parameters).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")")) + " for " + spec.name, e);
      }
      assertTrue(Modifier.isStatic(m.getModifiers()),
          spec.name + ": " + methodName + " is not static");
      assertEquals(ret, m.getReturnType(), spec.name + ": return type of " + methodName);
      m.setAccessible(true);
      return m;
    }

    /**
     * Calls a generated method and checks (d): none of the arguments it was given, arrays and
     * matrix rows included, is modified (the output grad, the last argument of the gradient, is
     * exempt).
     */
    Object call(Method m, Object[] args, String where) {
      Object[] before = LoopSampling.deepCopy(args);
      Object result;
      try {
        result = m.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw new AssertionError(where + ": " + m.getName() + " threw " + e.getCause(),
            e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(where + ": cannot call " + m, e);
      }
      boolean writesLast = m == gradientInto;
      for (int i : LoopSampling.changedArguments(before, args)) {
        if (writesLast && i == args.length - 1) {
          continue;
        }
        String what = i < spec.types.length
            ? "parameter #" + i + " '" + spec.method.getParameters()[i].getName() + "'"
            : "its direction argument";
        fail(where + ": " + m.getName() + " modified " + what + " from "
            + LoopSampling.show(before[i]) + " to " + LoopSampling.show(args[i]));
      }
      return result;
    }
  }
}
