package dev.adjoint.catalogue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The part of {@link LoopCatalogueTest} that needs only the {@link LoopCatalogue} functions: it
 * reads {@link LoopDomain}, draws the sample points, flattens the differentiated inputs and takes
 * finite differences. It never touches generated code, so {@code DomainCheck} can run it without
 * the processor and see exactly the points the test will check.
 *
 * <p>Nothing here depends on JUnit; malformed domains are reported as {@link
 * IllegalArgumentException}s naming the function.
 */
final class LoopSampling {
  private LoopSampling() {}

  /** Sample points per function. */
  static final int POINTS = 6;

  /**
   * |AD - FD| must be at most {@code TOLERANCE * max(1, |FD|)}. A fourth-order stencil with
   * {@code h = 1e-3 * max(1, |x|)} has truncation error about {@code h^4 |f^(5)| / 30} and
   * rounding error about {@code 1.5 eps |f| / h}; both are far below this on the catalogue's
   * domains ({@code DomainCheck} verifies that the stencils at h and h/2 agree).
   */
  static final double TOLERANCE = 1e-6;

  /** Relative step of the finite differences: {@code h = STEP * max(1, |x|)}. */
  static final double STEP = 1e-3;

  /**
   * A sample point is used only if the stencils at h and at h/2 agree to {@code TOLERANCE / 10}
   * along every differentiated coordinate and along the direction. This depends on the function
   * alone (never on the generated code), so it cannot hide an AD bug; it only skips the rare
   * random points whose stencil straddles a kink or jump (a branch inside a loop, a trip count that
   * changes, abs, max).
   */
  static final double SMOOTHNESS_TOLERANCE = TOLERANCE / 10;

  /** Attempts to find a smooth sample point before giving up on a function. */
  static final int MAX_ATTEMPTS = 50;

  // ---------------------------------------------------------------------------------------------
  // Discovery
  // ---------------------------------------------------------------------------------------------

  /** The loop-catalogue functions, sorted by signature for a stable order. */
  static List<Method> functions() {
    return Arrays.stream(LoopCatalogue.class.getDeclaredMethods())
        .filter(m -> !m.isSynthetic())
        .filter(m -> Modifier.isStatic(m.getModifiers()))
        .filter(m -> !Modifier.isPrivate(m.getModifiers()))
        .filter(m -> m.isAnnotationPresent(LoopDomain.class))
        .sorted(Comparator.comparing(LoopSampling::signature))
        .collect(Collectors.toList());
  }

  static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** The generator of a function's sample points; the same for every run. */
  static Random random(String signature) {
    return new Random(0x100BL * 31 + signature.hashCode());
  }

  // ---------------------------------------------------------------------------------------------
  // Values
  // ---------------------------------------------------------------------------------------------

  /** Deep copy of an argument list: arrays (and the rows of matrices) are copied. */
  static Object[] deepCopy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = copy(out[i]);
    }
    return out;
  }

  private static Object copy(Object a) {
    if (a instanceof double[]) {
      return ((double[]) a).clone();
    }
    if (a instanceof int[]) {
      return ((int[]) a).clone();
    }
    if (a instanceof double[][]) {
      double[][] m = ((double[][]) a).clone();
      for (int r = 0; r < m.length; r++) {
        m[r] = m[r].clone();
      }
      return m;
    }
    return a;
  }

  /**
   * The positions of the arguments that differ from {@code before} (bit for bit, element by
   * element, rows of matrices included); empty if none does.
   */
  static List<Integer> changedArguments(Object[] before, Object[] after) {
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < before.length; i++) {
      if (!Arrays.deepEquals(new Object[] {before[i]}, new Object[] {after[i]})) {
        changed.add(i);
      }
    }
    return changed;
  }

  static String show(Object a) {
    if (a instanceof double[]) {
      return Arrays.toString((double[]) a);
    }
    if (a instanceof int[]) {
      return Arrays.toString((int[]) a);
    }
    if (a instanceof double[][]) {
      return Arrays.deepToString((double[][]) a);
    }
    return String.valueOf(a);
  }

  /** Same double, NaN equal to NaN. */
  static boolean sameValue(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  /** NaN-safe: false if either value is NaN. */
  static boolean close(double a, double b, double tolerance) {
    return Math.abs(a - b) <= tolerance;
  }

  static boolean agrees(double a, double b) {
    return close(a, b, SMOOTHNESS_TOLERANCE * Math.max(1, Math.abs(a)));
  }

  // ---------------------------------------------------------------------------------------------
  // A sample point whose finite differences are reliable.
  // ---------------------------------------------------------------------------------------------

  /** A sample point with its finite-difference gradient and directional derivative. */
  static final class Point {
    final Object[] args;
    final int n;
    final double value;
    final double[] direction;
    final double[] fdGradient;
    final double fdDirectional;

    Point(Object[] args, int n, double value, double[] direction, double[] fdGradient,
        double fdDirectional) {
      this.args = args;
      this.n = n;
      this.value = value;
      this.direction = direction;
      this.fdGradient = fdGradient;
      this.fdDirectional = fdDirectional;
    }
  }

  /**
   * The outcome of looking for sample point {@code p}: the point, or why there is none ({@code
   * problem}), and how many candidates were rejected as not smooth on the way.
   */
  static final class Search {
    final Point point;
    final String problem;
    final int rejected;
    final String lastRejection;

    Search(Point point, String problem, int rejected, String lastRejection) {
      this.point = point;
      this.problem = problem;
      this.rejected = rejected;
      this.lastRejection = lastRejection;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // One function, read from its @LoopDomain.
  // ---------------------------------------------------------------------------------------------

  static final class Spec {
    final Method method;
    final String name;
    final Class<?>[] types;
    /** Sampling interval per parameter position (NaN for parameters that are not double-valued). */
    final double[] lo;
    final double[] hi;
    /** Positions of the differentiated parameters, ascending. */
    final int[] wrt;

    final int[] sizes;
    final int sizesPerSet;
    final int intArrayLo;
    final int intArrayHi;
    final int[] ints;
    final long[] longs;
    final boolean[] booleans;
    final int intCount;
    final int longCount;
    final int booleanCount;

    Spec(Method method) {
      this.method = method;
      this.name = signature(method);
      this.types = method.getParameterTypes();
      LoopDomain domain = method.getAnnotation(LoopDomain.class);
      if (domain == null) {
        throw problem("has no @LoopDomain");
      }

      List<Integer> valued = new ArrayList<>();
      int shapeEntries = 0;
      int ic = 0;
      int lc = 0;
      int bc = 0;
      for (int i = 0; i < types.length; i++) {
        Class<?> t = types[i];
        if (t == double.class) {
          valued.add(i);
        } else if (t == double[].class) {
          valued.add(i);
          shapeEntries += 1;
        } else if (t == double[][].class) {
          valued.add(i);
          shapeEntries += 2;
        } else if (t == int[].class) {
          shapeEntries += 1;
        } else if (t == int.class) {
          ic++;
        } else if (t == long.class) {
          lc++;
        } else if (t == boolean.class) {
          bc++;
        } else {
          throw problem("the harness cannot sample a parameter of type " + t.getName());
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
      sizes = domain.sizes();
      sizesPerSet = shapeEntries;
      requireSets("sizes", sizes.length, sizesPerSet);
      for (int s : sizes) {
        if (s < 1) {
          throw problem("@LoopDomain sizes must be at least 1: " + Arrays.toString(sizes));
        }
      }
      intArrayLo = domain.intArrayLo();
      intArrayHi = domain.intArrayHi();
      if (intArrayLo > intArrayHi) {
        throw problem("empty @LoopDomain int[] range [" + intArrayLo + ", " + intArrayHi + "]");
      }

      lo = new double[types.length];
      hi = new double[types.length];
      Arrays.fill(lo, Double.NaN);
      Arrays.fill(hi, Double.NaN);
      boolean perParameter = domain.lows().length > 0 || domain.highs().length > 0;
      if (perParameter
          && (domain.lows().length != valued.size() || domain.highs().length != valued.size())) {
        throw problem("@LoopDomain lows/highs need one entry per double, double[] or double[][]"
            + " parameter (" + valued.size() + "), got " + domain.lows().length + "/"
            + domain.highs().length);
      }
      for (int k = 0; k < valued.size(); k++) {
        int i = valued.get(k);
        lo[i] = perParameter ? domain.lows()[k] : domain.lo();
        hi[i] = perParameter ? domain.highs()[k] : domain.hi();
        if (!(lo[i] < hi[i])) {
          throw problem("empty @LoopDomain interval [" + lo[i] + ", " + hi[i] + "] for parameter "
              + i);
        }
      }

      if (domain.wrt().length == 0) {
        wrt = valued.stream().mapToInt(Integer::intValue).toArray();
      } else {
        wrt = domain.wrt().clone();
        for (int k = 0; k < wrt.length; k++) {
          if (wrt[k] < 0 || wrt[k] >= types.length || !valued.contains(wrt[k])) {
            throw problem("@LoopDomain(wrt) position " + wrt[k]
                + " is not a double, double[] or double[][] parameter");
          }
          if (k > 0 && wrt[k] <= wrt[k - 1]) {
            throw problem("@LoopDomain(wrt) positions must be strictly ascending: "
                + Arrays.toString(wrt));
          }
        }
      }
      if (wrt.length == 0) {
        throw problem("differentiates nothing");
      }
      method.setAccessible(true);
    }

    private IllegalArgumentException problem(String message) {
      return new IllegalArgumentException(name + ": " + message);
    }

    private void requireSets(String attribute, int length, int count) {
      if (count == 0 ? length != 0 : length == 0 || length % count != 0) {
        throw problem("@LoopDomain " + attribute + " has " + length + " values for " + count
            + " entries per set (give whole sets, in declaration order)");
      }
    }

    /** Draws the arguments of point p: values uniformly, shapes and fixed values from set p. */
    Object[] sample(int p, Random random) {
      Object[] args = new Object[types.length];
      int ii = 0;
      int li = 0;
      int bi = 0;
      int si = sizesPerSet == 0 ? 0 : (p % (sizes.length / sizesPerSet)) * sizesPerSet;
      for (int i = 0; i < types.length; i++) {
        Class<?> t = types[i];
        if (t == double.class) {
          args[i] = draw(i, random);
        } else if (t == double[].class) {
          double[] a = new double[sizes[si++]];
          for (int e = 0; e < a.length; e++) {
            a[e] = draw(i, random);
          }
          args[i] = a;
        } else if (t == double[][].class) {
          double[][] m = new double[sizes[si++]][sizes[si++]];
          for (double[] row : m) {
            for (int e = 0; e < row.length; e++) {
              row[e] = draw(i, random);
            }
          }
          args[i] = m;
        } else if (t == int[].class) {
          int[] a = new int[sizes[si++]];
          for (int e = 0; e < a.length; e++) {
            a[e] = intArrayLo + random.nextInt(intArrayHi - intArrayLo + 1);
          }
          args[i] = a;
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

    private double draw(int i, Random random) {
      return lo[i] + (hi[i] - lo[i]) * random.nextDouble();
    }

    // -------------------------------------------------------------------------------------------
    // The flattened differentiated inputs: the wrt parameters in declaration order, a double one
    // slot, a double[] its length, a double[][] its rows in order.
    // -------------------------------------------------------------------------------------------

    /** N at these arguments. */
    int n(Object[] args) {
      int n = 0;
      for (int p : wrt) {
        Object a = args[p];
        if (a instanceof double[]) {
          n += ((double[]) a).length;
        } else if (a instanceof double[][]) {
          for (double[] row : (double[][]) a) {
            n += row.length;
          }
        } else {
          n += 1;
        }
      }
      return n;
    }

    /**
     * Where flattened slot k lives: {parameter position, index or row (-1 for a double), column
     * (-1 unless a matrix)}.
     */
    int[] slot(Object[] args, int k) {
      int rest = k;
      for (int p : wrt) {
        Object a = args[p];
        if (a instanceof double[]) {
          double[] v = (double[]) a;
          if (rest < v.length) {
            return new int[] {p, rest, -1};
          }
          rest -= v.length;
        } else if (a instanceof double[][]) {
          double[][] m = (double[][]) a;
          for (int r = 0; r < m.length; r++) {
            if (rest < m[r].length) {
              return new int[] {p, r, rest};
            }
            rest -= m[r].length;
          }
        } else {
          if (rest == 0) {
            return new int[] {p, -1, -1};
          }
          rest -= 1;
        }
      }
      throw new IndexOutOfBoundsException("slot " + k + " of " + n(args));
    }

    /** The flattened differentiated inputs. */
    double[] flatten(Object[] args) {
      double[] out = new double[n(args)];
      int k = 0;
      for (int p : wrt) {
        Object a = args[p];
        if (a instanceof double[]) {
          for (double x : (double[]) a) {
            out[k++] = x;
          }
        } else if (a instanceof double[][]) {
          for (double[] row : (double[][]) a) {
            for (double x : row) {
              out[k++] = x;
            }
          }
        } else {
          out[k++] = (Double) a;
        }
      }
      return out;
    }

    /** A deep copy of args with t * v[k] added to the k-th flattened differentiated input. */
    Object[] shift(Object[] args, double[] v, double t) {
      Object[] out = args.clone();
      int k = 0;
      for (int p : wrt) {
        Object a = args[p];
        if (a instanceof double[]) {
          double[] x = ((double[]) a).clone();
          for (int e = 0; e < x.length; e++) {
            x[e] += t * v[k++];
          }
          out[p] = x;
        } else if (a instanceof double[][]) {
          double[][] m = (double[][]) copy(a);
          for (double[] row : m) {
            for (int e = 0; e < row.length; e++) {
              row[e] += t * v[k++];
            }
          }
          out[p] = m;
        } else {
          out[p] = (Double) a + t * v[k++];
        }
      }
      return out;
    }

    double call(Object[] args) {
      return (Double) invoke(method, args);
    }

    /** Invokes m (the function or a generated method), rethrowing what it throws with a context. */
    Object invoke(Method m, Object[] args) {
      try {
        return m.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(m.getName() + " threw " + e.getCause() + " for " + name
            + " at " + describe(args), e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call " + m, e);
      }
    }

    /**
     * Fourth-order central difference of f along v at args: (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) /
     * 12h, where f(t) = f(args + t v) on the flattened differentiated inputs.
     */
    double finiteDifference(Object[] args, double[] v, double h) {
      double m2 = call(shift(args, v, -2 * h));
      double m1 = call(shift(args, v, -h));
      double p1 = call(shift(args, v, h));
      double p2 = call(shift(args, v, 2 * h));
      return (m2 - 8 * m1 + 8 * p1 - p2) / (12 * h);
    }

    /**
     * Looks for sample point p: draws candidates (and a direction for each) until the finite
     * differences are smooth there. Stops at the first candidate where the function is not finite,
     * since that is a domain to fix, not a point to skip.
     */
    Search find(int p, Random random) {
      int rejected = 0;
      String lastRejection = "";
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Object[] candidate = sample(p, random);
        int n = n(candidate);
        double[] x = flatten(candidate);
        // Component i is u_i * max(1, |x_i|) with u_i uniform in [-1, 1], and the stencil along it
        // uses h = STEP: each coordinate then moves by at most the step of its own stencil, so
        // inputs of different scales are all resolved.
        double[] dir = new double[n];
        for (int i = 0; i < n; i++) {
          dir[i] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(x[i]));
        }
        double f = call(candidate);
        if (!Double.isFinite(f)) {
          return new Search(null, name + " is not finite (" + f + ") at " + describe(candidate)
              + "; fix its @LoopDomain", rejected, lastRejection);
        }
        double[] g = new double[n];
        boolean smooth = true;
        for (int i = 0; i < n && smooth; i++) {
          double[] unit = new double[n];
          unit[i] = 1;
          double h = STEP * Math.max(1, Math.abs(x[i]));
          g[i] = finiteDifference(candidate, unit, h);
          double half = finiteDifference(candidate, unit, h / 2);
          smooth = agrees(g[i], half);
          if (!smooth) {
            lastRejection = coordinate(candidate, i) + " at " + describe(candidate) + ": FD(h = "
                + h + ") = " + g[i] + ", FD(h/2) = " + half;
          }
        }
        double d = Double.NaN;
        if (smooth) {
          d = finiteDifference(candidate, dir, STEP);
          double half = finiteDifference(candidate, dir, STEP / 2);
          smooth = agrees(d, half);
          if (!smooth) {
            lastRejection = "direction " + Arrays.toString(dir) + " at " + describe(candidate)
                + ": FD(h = " + STEP + ") = " + d + ", FD(h/2) = " + half;
          }
        }
        if (smooth) {
          return new Search(new Point(candidate, n, f, dir, g, d), null, rejected, lastRejection);
        }
        rejected++;
      }
      return new Search(null, name + ": no sample point among " + MAX_ATTEMPTS + " where finite"
          + " differences are reliable (the stencils at h and h/2 disagree); is it smooth and well"
          + " scaled on its @LoopDomain? Last rejected: " + lastRejection, rejected, lastRejection);
    }

    /** "coordinate k = w[2][1] (parameter #0)"; names are argN unless compiled with -parameters. */
    String coordinate(Object[] args, int k) {
      int[] s = slot(args, k);
      String index = s[1] < 0 ? "" : s[2] < 0 ? "[" + s[1] + "]" : "[" + s[1] + "][" + s[2] + "]";
      return "coordinate " + k + " = " + method.getParameters()[s[0]].getName() + index
          + " (parameter #" + s[0] + ")";
    }

    String describe(Object[] args) {
      StringBuilder b = new StringBuilder("(");
      for (int i = 0; i < args.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(show(args[i]));
      }
      return b.append(")").toString();
    }
  }
}
