package dev.adjoint.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Checks a gradient (generated, hand-written or any other) against central finite differences of
 * its function, for tests or a check at start-up.
 *
 * <p>The default, {@link #check}, is directional: in each of a few random directions {@code d}
 * it compares {@code grad · d} (one gradient call) with {@code (f(x + h d) - f(x - h d)) / 2h}
 * (two function calls), as PyTorch's fast gradcheck and JAX's {@code check_grads} do; a wrong
 * partial derivative shows up in every direction that has a component along it. {@link
 * #checkEachCoordinate} compares every partial derivative, at two function calls each, and
 * {@link #checkHessianVector} compares a Hessian-vector product with differences of the gradient.
 *
 * <p>Defaults: step {@code h = 1e-6 · max(1, |x|∞)} along a unit direction, 5 directions from
 * seed 0, and a value passes when {@code |derivative - difference| ≤ 1e-8 + 1e-5 ·
 * max(|derivative|, |difference|)}. Central differences are accurate to about {@code h²} times the
 * third derivative plus rounding of {@code 1e-16 |f| / h}, so these tolerances suit functions of
 * moderate scale and smoothness; change them with {@link #withStep}, {@link #withTolerances} and
 * {@link #withDirections}.
 *
 * <pre>{@code
 * GradientCheck.assertGradient(
 *     x -> Model.logLikelihood(x[0], x[1], data),
 *     (x, g) -> ModelDerivatives.logLikelihoodGradient(x[0], x[1], data, g),
 *     new double[] {0.5, 2.0});
 * }</pre>
 */
public final class GradientCheck {
  /** A function of a vector. */
  @FunctionalInterface
  public interface Function {
    double value(double[] x);
  }

  /** A function's value and gradient, as the generated {@code mGradient(..., grad)} gives them. */
  @FunctionalInterface
  public interface Gradient {
    /** Returns f(x) and writes its gradient into {@code grad} (of x's length). */
    double valueAndGradient(double[] x, double[] grad);
  }

  /** A Hessian-vector product, as the generated {@code mHessianVector} gives it. */
  @FunctionalInterface
  public interface HessianVector {
    /** Returns f(x), writes the gradient into {@code grad} and the Hessian times v into {@code hv}. */
    double apply(double[] x, double[] v, double[] grad, double[] hv);
  }

  private final double step;
  private final double absolute;
  private final double relative;
  private final int directions;
  private final long seed;

  private GradientCheck(double step, double absolute, double relative, int directions, long seed) {
    this.step = step;
    this.absolute = absolute;
    this.relative = relative;
    this.directions = directions;
    this.seed = seed;
  }

  /** The defaults described above. */
  public static GradientCheck defaults() {
    return new GradientCheck(1e-6, 1e-8, 1e-5, 5, 0);
  }

  /** The same check with step {@code h = step · max(1, |x|∞)}. */
  public GradientCheck withStep(double newStep) {
    return new GradientCheck(newStep, absolute, relative, directions, seed);
  }

  /** The same check passing when {@code |a - b| ≤ absolute + relative · max(|a|, |b|)}. */
  public GradientCheck withTolerances(double newAbsolute, double newRelative) {
    return new GradientCheck(step, newAbsolute, newRelative, directions, seed);
  }

  /** The same check in {@code count} random directions drawn from {@code newSeed}. */
  public GradientCheck withDirections(int count, long newSeed) {
    return new GradientCheck(step, absolute, relative, count, newSeed);
  }

  /** The directional check with the defaults. */
  public static Report check(Function f, Gradient g, double[] x) {
    return defaults().directional(f, g, x);
  }

  /** Fails with the report, as an {@link AssertionError} (a test failure), unless it passes. */
  public static void assertGradient(Function f, Gradient g, double[] x) {
    check(f, g, x).assertPassed();
  }

  /** The directional check at {@code x}. */
  public Report directional(Function f, Gradient g, double[] x) {
    double[] grad = new double[x.length];
    g.valueAndGradient(x.clone(), grad);
    Random random = new Random(seed);
    List<Entry> entries = new ArrayList<>();
    for (int k = 0; k < directions; k++) {
      double[] d = unitGaussian(x.length, random);
      entries.add(entry("direction " + k, dot(grad, d), difference(f, x, d)));
    }
    return new Report("gradient · direction", entries);
  }

  /** Every partial derivative at {@code x}: two function calls each. */
  public Report checkEachCoordinate(Function f, Gradient g, double[] x) {
    double[] grad = new double[x.length];
    g.valueAndGradient(x.clone(), grad);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      double[] e = new double[x.length];
      e[i] = 1;
      entries.add(entry("coordinate " + i, grad[i], difference(f, x, e)));
    }
    return new Report("partial derivative", entries);
  }

  /** {@code H v} at {@code x} against differences of the gradient along v, per component. */
  public Report checkHessianVector(Gradient g, HessianVector hessianVector, double[] x, double[] v) {
    int n = x.length;
    double[] grad = new double[n];
    double[] hv = new double[n];
    hessianVector.apply(x.clone(), v.clone(), grad, hv);
    double norm = Math.sqrt(dot(v, v));
    double h = step * Math.max(1, maxAbs(x)) / (norm == 0 ? 1 : norm);
    double[] plus = new double[n];
    double[] minus = new double[n];
    g.valueAndGradient(shifted(x, v, h), plus);
    g.valueAndGradient(shifted(x, v, -h), minus);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(entry("component " + i, hv[i], (plus[i] - minus[i]) / (2 * h)));
    }
    return new Report("(Hessian · v)", entries);
  }

  private Entry entry(String what, double derivative, double difference) {
    double error = Math.abs(derivative - difference);
    double allowed = absolute + relative * Math.max(Math.abs(derivative), Math.abs(difference));
    return new Entry(what, derivative, difference, error, error <= allowed);
  }

  /** {@code (f(x + h d) - f(x - h d)) / 2h}, with h scaled to x. */
  private double difference(Function f, double[] x, double[] d) {
    double h = step * Math.max(1, maxAbs(x));
    return (f.value(shifted(x, d, h)) - f.value(shifted(x, d, -h))) / (2 * h);
  }

  private static double[] shifted(double[] x, double[] d, double t) {
    double[] out = x.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += t * d[i];
    }
    return out;
  }

  private static double[] unitGaussian(int n, Random random) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
    }
    double norm = Math.sqrt(dot(d, d));
    for (int i = 0; i < n; i++) {
      d[i] /= norm == 0 ? 1 : norm;
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** One comparison: what was compared, the two values, and whether they agree. */
  public record Entry(
      String what, double derivative, double difference, double error, boolean passed) {}

  /** The comparisons of one check; {@link #toString()} lists those that disagree. */
  public static final class Report {
    private final String quantity;
    private final List<Entry> entries;

    Report(String quantity, List<Entry> entries) {
      this.quantity = quantity;
      this.entries = Collections.unmodifiableList(entries);
    }

    public List<Entry> entries() {
      return entries;
    }

    public boolean passed() {
      return entries.stream().allMatch(Entry::passed);
    }

    /** The entry with the largest error. */
    public Entry worst() {
      Entry worst = null;
      for (Entry e : entries) {
        if (worst == null || !(e.error() <= worst.error())) {
          worst = e;
        }
      }
      return worst;
    }

    /** Throws an {@link AssertionError} with this report unless every comparison agrees. */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(toString());
      }
    }

    @Override
    public String toString() {
      long failed = entries.stream().filter(e -> !e.passed()).count();
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%s: %d of %d comparisons disagree%s%n", quantity,
          failed, entries.size(), failed == 0 ? "" : ":"));
      for (Entry e : entries) {
        if (!e.passed()) {
          out.append(String.format(Locale.ROOT,
              "  %-14s derivative %-24s finite difference %-24s |error| %.3g%n",
              e.what(), Double.toString(e.derivative()), Double.toString(e.difference()), e.error()));
        }
      }
      if (failed == 0 && !entries.isEmpty()) {
        Entry w = worst();
        out.append(String.format(Locale.ROOT, "  largest |error| %.3g (%s)%n", w.error(), w.what()));
      }
      return out.toString();
    }
  }
}
