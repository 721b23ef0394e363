package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Partials that are infinite or NaN where the function's value is finite ({@code sqrt} at 0,
 * {@code asin} at 1, {@code hypot} and {@code atan2} at the origin, {@code pow(y, x)} for y < 0)
 * met by an adjoint or a tangent that is exactly zero: a value not read on the path taken, a
 * weight that is 0 at run time, a direction that leaves the argument alone. Every generated kind
 * (gradient, forward derivative along each unit vector, Hessian-vector products along each unit
 * vector, Hessian) is checked entry by entry against differences of the original function at the
 * singular point: central, or one-sided (forward) in the coordinates where the function is defined
 * on one side only. Where the differences converge the entry must match them (and so is not NaN);
 * where they grow without bound as the step shrinks, the derivative is infinite, and the entry must
 * be the IEEE infinity of the same sign: an unbounded partial whose adjoint or tangent is not zero
 * still gives the honest answer.
 */
class UnboundedPartialsTest {
  /** Steps for first and second differences, and how much each estimate is refined. */
  private static final double H1 = 1e-5;

  private static final double H2 = 1e-3;
  private static final double REFINE = 16;

  /** Relative agreement with converged differences (first-order one-sided ones included). */
  private static final double TOLERANCE = 1e-3;

  /** A function of {@link Singularities}, the point where to check it, and its one-sided coordinates. */
  record Case(String name, double[] point, boolean[] oneSided) {
    @Override
    public String toString() {
      return name + Arrays.toString(point);
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("rootReadOnlyForNegativeY", new double[] {0.0, 1.25}, none(2)));
    cases.add(new Case("rootInBranchNotTaken", new double[] {0.0, -0.75}, none(2)));
    cases.add(new Case("weightedRoot", new double[] {0.0, 0.0}, new boolean[] {true, false}));
    cases.add(new Case("arcsineInBranchNotTaken", new double[] {1.0, -0.5}, none(2)));
    cases.add(new Case("arcsineInBranchNotTaken", new double[] {-1.0, -2.0}, none(2)));
    cases.add(new Case("polarInBranchNotTaken", new double[] {0.0, 0.0, -1.5}, none(3)));
    cases.add(new Case("powersInBranchNotTaken", new double[] {0.0, -2.0, -1.0}, none(3)));
    cases.add(new Case("powersInBranchNotTaken", new double[] {1.5, -2.0, -1.0}, none(3)));
    cases.add(new Case("rootPlusSquare", new double[] {0.0, 1.5}, new boolean[] {true, false}));
    return cases.stream().map(Arguments::of);
  }

  private static boolean[] none(int n) {
    return new boolean[n];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientAndForwardDerivativeAreTheLimits(Case c) throws Exception {
    int n = c.point().length;
    double[] grad = new double[n];
    double value = (double) invoke(c.name() + "Gradient", c.point(), grad);
    assertEquals(f(c).applyAsDouble(c.point()), value, c + ": value");
    for (int i = 0; i < n; i++) {
      Expected expected =
          Expected.from(
              difference(f(c), c.point(), i, c, H1), difference(f(c), c.point(), i, c, H1 / REFINE));
      expected.check(grad[i], c + ": gradient[" + i + "]");
      double derivative = (double) invoke(c.name() + "Derivative", c.point(), unit(n, i));
      expected.check(derivative, c + ": derivative along e" + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hessianVectorProductsAndHessianAreTheLimits(Case c) throws Exception {
    int n = c.point().length;
    double[][] hessian = (double[][]) invoke(c.name() + "Hessian", c.point());
    for (int j = 0; j < n; j++) {
      double[] grad = new double[n];
      double[] hv = new double[n];
      invoke(c.name() + "HessianVector", c.point(), unit(n, j), grad, hv);
      for (int i = 0; i < n; i++) {
        Expected expected = secondDerivative(c, i, j);
        expected.check(hv[i], c + ": (H e" + j + ")[" + i + "]");
        // The Hessian averages each entry with its mirror image: both must agree.
        expected.check(hessian[i][j], c + ": H[" + i + "][" + j + "]");
      }
    }
  }

  /**
   * Where the adjoint is not zero an unbounded partial is not hidden: hypot and atan2 at the
   * origin, on the path that reads them, have no derivative in x (the one-sided difference
   * quotients disagree), and the gradient says so with NaN, as IEEE arithmetic gives it.
   */
  @org.junit.jupiter.api.Test
  void whereTheDerivativeDoesNotExistTheGradientIsNaN() throws Exception {
    double[] origin = {0.0, 0.0, 1.0};
    Case c = new Case("polarInBranchNotTaken", origin, none(3));
    double h = 1e-6;
    double right = (f(c).applyAsDouble(moved(origin, 0, h)) - f(c).applyAsDouble(origin)) / h;
    double left = (f(c).applyAsDouble(origin) - f(c).applyAsDouble(moved(origin, 0, -h))) / h;
    assertTrue(Math.abs(right - left) > 1, "one-sided quotients " + left + " and " + right);
    double[] grad = new double[3];
    invoke(c.name() + "Gradient", origin, grad);
    assertTrue(Double.isNaN(grad[0]), "gradient[0] = " + grad[0]);
  }

  /** ∂²f/∂x_i∂x_j as differences of differences; the outer step is larger than the inner. */
  private static Expected secondDerivative(Case c, int i, int j) {
    ToDoubleFunction<double[]> estimate =
        p -> {
          double h = p[p.length - 1];
          double[] at = Arrays.copyOf(p, p.length - 1);
          return difference(q -> difference(f(c), q, j, c, h / 64), at, i, c, h);
        };
    double coarse = estimate.applyAsDouble(withStep(c.point(), H2));
    double fine = estimate.applyAsDouble(withStep(c.point(), H2 / REFINE));
    return Expected.from(coarse, fine);
  }

  private static double[] withStep(double[] p, double h) {
    double[] out = Arrays.copyOf(p, p.length + 1);
    out[p.length] = h;
    return out;
  }

  /** The derivative of g in coordinate i at p, by differences of step h. */
  private static double difference(
      ToDoubleFunction<double[]> g, double[] p, int i, Case c, double h) {
    if (c.oneSided()[i] && p[i] == c.point()[i]) {
      // Second order, forward only: (-3 g(p) + 4 g(p + h) - g(p + 2h)) / 2h.
      return (-3 * g.applyAsDouble(p) + 4 * g.applyAsDouble(moved(p, i, h))
              - g.applyAsDouble(moved(p, i, 2 * h)))
          / (2 * h);
    }
    return (g.applyAsDouble(moved(p, i, h)) - g.applyAsDouble(moved(p, i, -h))) / (2 * h);
  }

  private static double[] moved(double[] p, int i, double h) {
    double[] q = p.clone();
    q[i] += h;
    return q;
  }

  private static double[] unit(int n, int i) {
    double[] e = new double[n];
    e[i] = 1.0;
    return e;
  }

  /** What the differences say an entry is: a finite limit, or an infinity of a sign. */
  record Expected(double limit, boolean infinite) {
    static Expected from(double coarse, double fine) {
      assertTrue(Double.isFinite(coarse) && Double.isFinite(fine), "differences " + coarse + ", " + fine);
      if (Math.abs(fine) > 100 && Math.abs(fine) > 2 * Math.abs(coarse)) {
        return new Expected(Math.copySign(Double.POSITIVE_INFINITY, fine), true);
      }
      assertEquals(fine, coarse, 1e-2 * Math.max(1, Math.abs(fine)), "differences do not settle");
      return new Expected(fine, false);
    }

    void check(double actual, String what) {
      if (infinite) {
        assertEquals(limit, actual, what + ": the derivative is infinite here");
      } else {
        assertEquals(limit, actual, TOLERANCE * Math.max(1, Math.abs(limit)), what);
      }
    }
  }

  private static ToDoubleFunction<double[]> f(Case c) {
    return p -> {
      try {
        return (double) invoke(Singularities.class, c.name(), p);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  private static Object invoke(String method, double[] point, Object... outputs) throws Exception {
    return invoke(SingularitiesDerivatives.class, method, point, outputs);
  }

  private static Object invoke(Class<?> owner, String method, double[] point, Object... outputs)
      throws Exception {
    Object[] args = new Object[point.length + outputs.length];
    for (int k = 0; k < point.length; k++) {
      args[k] = point[k];
    }
    System.arraycopy(outputs, 0, args, point.length, outputs.length);
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        try {
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + owner.getSimpleName() + "." + method);
  }
}
