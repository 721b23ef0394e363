package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.fuzz.ProgramGenerator.Kind;
import dev.adjoint.processor.fuzz.ProgramGenerator.Method;
import dev.adjoint.processor.fuzz.ProgramGenerator.Param;
import dev.adjoint.processor.fuzz.ProgramGenerator.Unit;
import dev.adjoint.runtime.Tape;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A seeded random-program differential test: writes random {@code @Differentiable} methods in the
 * supported subset, loops and local arrays included ({@link ProgramGenerator}), compiles them with
 * Adjoint and checks every generated derivative against the original method.
 *
 * <p>The compilation must succeed without any diagnostic under {@code -Xlint:all}. Then, for each
 * method (the helper class's too), at {@value #POINTS} seeded random points:
 *
 * <ol type="a">
 *   <li>{@code mGradient(P..., grad)} returns exactly ({@code ==}) what {@code m(P...)} returns,
 *       overwrites {@code grad[0..N)} (it is passed in filled with garbage), leaves its arguments
 *       alone and its thread's {@link Tape} empty (each method is checked on a thread of its own,
 *       so that a gradient that fails halfway leaves nothing behind for the next);
 *   <li>each component matches a fourth-order central difference of the original, to {@link
 *       #TOLERANCE} relative to {@code max(1, |fd|)}; a point is skipped only if the original's own
 *       differences at h and h/2 disagree by more than {@link #SMOOTHNESS}, that is where the
 *       stencil straddles a kink or a jump of the function (that depends on the original alone,
 *       never on the generated code), and the test fails if more than {@link #MAX_SKIPPED_FRACTION}
 *       of the points are skipped;
 *   <li>{@code mGradient(P...)} returns the same gradient, of length N;
 *   <li>{@code mDerivative(P..., direction)} equals {@code grad · direction} to {@link
 *       #DOT_TOLERANCE} relative to {@code max(1, Σ|grad_i direction_i|)}, and leaves its arguments
 *       alone;
 *   <li>(at the first point) a {@code grad} or {@code direction} of length N-1 is an {@code
 *       IllegalArgumentException}.
 * </ol>
 *
 * <p>And, for each method with second derivatives (all but those {@code @Differentiable(order =
 * 1)}, whose companion must have neither {@code mHessianVector} nor {@code mHessian}), at the same
 * points, along a random {@code v} scaled like {@code direction}:
 *
 * <ol type="a" start="6">
 *   <li>{@code mHessianVector(P..., v, grad, hv)} returns exactly what {@code m(P...)} returns,
 *       leaves in {@code grad[0..N)} the bits {@code mGradient} wrote, overwrites {@code hv[0..N)}
 *       and nothing beyond, leaves its arguments and {@code v} alone and its thread's tape at the
 *       size it had;
 *   <li>{@code hv} matches a fourth-order central difference of the generated gradient along
 *       {@code v}, to {@link #TOLERANCE} relative to {@code max(1, |fd|)}; the point is skipped
 *       (counted apart, and failing the test above {@link #MAX_SKIPPED_FRACTION} likewise) where
 *       the differences at h and h/2 disagree by more than {@link #SMOOTHNESS}, that is where the
 *       stencil straddles a kink or a jump of the gradient;
 *   <li>{@code mHessian(P...)} is N×N, exactly symmetric, its row i times {@code v} is {@code
 *       hv[i]} to {@link #DOT_TOLERANCE} relative to {@code max(1, Σ_j|H_ij v_j|)}, and it leaves
 *       its arguments and the tape alone;
 *   <li>(at the first point) a {@code v}, {@code grad} or {@code hv} of length N-1 is an {@code
 *       IllegalArgumentException}.
 * </ol>
 *
 * <p>Every failure is reported with the method's source, the point, and AD against FD. The seed and
 * size can be changed to explore: {@code -Dadjoint.fuzz.seed=7 -Dadjoint.fuzz.classes=40
 * -Dadjoint.fuzz.methods=10 -Dadjoint.fuzz.statements=14} ({@code -Dadjoint.fuzz.verbose=true} also
 * prints the generated code of a failing method, {@code -Dadjoint.fuzz.dump=DIR} writes the
 * generated classes to DIR, {@code -Dadjoint.fuzz.replay=DIR/fuzz/gen/Gen3.java,...} checks those
 * classes, dumped and perhaps minimised by hand, instead of generated ones).
 */
class RandomProgramsTest {
  static final long DEFAULT_SEED = 20240611L;
  static final int DEFAULT_CLASSES = 30;
  static final int DEFAULT_METHODS_PER_CLASS = 10;

  /** Sample points per method. */
  static final int POINTS = 4;

  /** |AD - FD| must be at most {@code TOLERANCE * max(1, |FD|)}. */
  static final double TOLERANCE = 1e-6;

  /** A point whose differences at h and h/2 differ by more than this (relative) is skipped. */
  static final double SMOOTHNESS = 1e-7;

  /** More skipped points than this fraction fail the test: the generator must stay smooth. */
  static final double MAX_SKIPPED_FRACTION = 0.10;

  /** Forward mode against {@code grad · direction}: the same derivative, summed differently. */
  static final double DOT_TOLERANCE = 1e-9;

  /** Relative step of the finite differences: {@code h = STEP * max(1, |x|)}. */
  static final double STEP = 1e-3;

  /** Failures printed in full; the rest are counted. */
  static final int MAX_REPORTED = 25;

  private final boolean verbose = Boolean.getBoolean("adjoint.fuzz.verbose");
  private Compilation compilation;

  @Test
  void randomProgramsHaveCorrectDerivatives() throws Exception {
    long start = System.nanoTime();
    long seed = Long.getLong("adjoint.fuzz.seed", DEFAULT_SEED);
    int classes = Integer.getInteger("adjoint.fuzz.classes", DEFAULT_CLASSES);
    int perClass = Integer.getInteger("adjoint.fuzz.methods", DEFAULT_METHODS_PER_CLASS);

    List<Unit> units = new ArrayList<>();
    units.add(ProgramGenerator.helpers());
    int statements = Integer.getInteger("adjoint.fuzz.statements", 8);
    String replay = System.getProperty("adjoint.fuzz.replay");
    if (replay != null && !replay.isEmpty()) {
      // Classes written (or minimised) by hand, in package fuzz.gen, instead of generated ones.
      for (String file : replay.split(",")) {
        units.add(ProgramGenerator.parse(Files.readString(Path.of(file))));
      }
    } else {
      units.addAll(new ProgramGenerator(seed, statements).generate(classes, perClass));
    }

    String dump = System.getProperty("adjoint.fuzz.dump");
    if (dump != null) {
      Path dir = Files.createDirectories(Path.of(dump, ProgramGenerator.PACKAGE.replace('.', '/')));
      for (Unit u : units) {
        Files.writeString(dir.resolve(u.className() + ".java"), u.text());
      }
    }

    List<String> failures = new ArrayList<>();
    units = compileDroppingBadMethods(units, failures);

    ClassLoader loader = dev.adjoint.processor.diag.DiagnosticSources.classes(compilation);
    Stats stats = new Stats();
    for (Unit u : units) {
      for (Method m : u.methods()) {
        Random random = new Random(seed * 31 + m.id().hashCode());
        checkInOwnThread(m, loader, random, stats, failures);
      }
    }

    double seconds = (System.nanoTime() - start) / 1e9;
    String summary =
        String.format(
            Locale.ROOT,
            "RandomProgramsTest seed %d: %d methods, %d points (%d checked against finite"
                + " differences, %d skipped at kinks; worst relative AD-FD difference %.1e);"
                + " second order: %d methods, %d points (%d checked against differences of the"
                + " gradient, %d skipped at kinks; worst relative HV-FD difference %.1e), %d"
                + " failures, %.1f s",
            seed,
            stats.methods,
            stats.points,
            stats.points - stats.skipped,
            stats.skipped,
            stats.worst,
            stats.secondOrderMethods,
            stats.secondOrderPoints,
            stats.secondOrderPoints - stats.secondOrderSkipped,
            stats.secondOrderSkipped,
            stats.worstHessian,
            failures.size(),
            seconds);
    System.out.println(summary);
    if (!failures.isEmpty()) {
      StringBuilder report = new StringBuilder(summary).append('\n');
      for (int i = 0; i < Math.min(MAX_REPORTED, failures.size()); i++) {
        report.append('\n').append(failures.get(i));
      }
      if (failures.size() > MAX_REPORTED) {
        report.append("\n... and ").append(failures.size() - MAX_REPORTED).append(" more\n");
      }
      fail(report.toString());
    }
    assertTrue(
        stats.skipped <= MAX_SKIPPED_FRACTION * stats.points,
        () ->
            "too many points skipped as kinks ("
                + stats.skipped
                + " of "
                + stats.points
                + "): the generator no longer keeps its functions smooth");
    assertTrue(
        stats.secondOrderSkipped <= MAX_SKIPPED_FRACTION * stats.secondOrderPoints,
        () ->
            "too many points skipped as kinks of the gradient ("
                + stats.secondOrderSkipped
                + " of "
                + stats.secondOrderPoints
                + "): the generator no longer keeps its gradients smooth");
  }

  // ---------------------------------------------------------------------------------------------
  // Compilation
  // ---------------------------------------------------------------------------------------------

  /**
   * Compiles {@code units}; every diagnostic is a failure of the method it concerns, which is then
   * dropped (with the methods calling it) and the rest compiled again, so that one bad method does
   * not hide the results of the others. Returns the units finally compiled.
   */
  private List<Unit> compileDroppingBadMethods(List<Unit> units, List<String> failures) {
    for (int round = 0; round < 10; round++) {
      compilation = FuzzCompiler.compile(units);
      Map<Method, List<String>> diagnostics = FuzzCompiler.diagnosticsByMethod(compilation, units);
      if (diagnostics.isEmpty()) {
        return units;
      }
      if (diagnostics.containsKey(null)) {
        StringBuilder all = new StringBuilder("diagnostics of no generated method:\n");
        diagnostics.forEach(
            (m, ds) ->
                all.append(m == null ? "" : m.id())
                    .append('\n')
                    .append(String.join("\n", ds))
                    .append('\n'));
        fail(all.toString());
      }
      Set<String> dropped = new HashSet<>();
      for (Map.Entry<Method, List<String>> e : diagnostics.entrySet()) {
        Method m = e.getKey();
        dropped.add(m.id());
        failures.add(
            "=== "
                + m.id()
                + ": compilation reported diagnostics ===\n"
                + m.text()
                + String.join("\n", e.getValue())
                + "\n");
      }
      units = without(units, dropped);
    }
    fail(
        "compilation still reports diagnostics after dropping methods:\n"
            + String.join("\n", failures));
    return units;
  }

  /** {@code units} without the methods {@code dropped} and those that call them. */
  private static List<Unit> without(List<Unit> units, Set<String> dropped) {
    List<Unit> out = new ArrayList<>();
    for (Unit u : units) {
      List<Method> kept = new ArrayList<>();
      Set<String> droppedHere = new HashSet<>();
      for (Method m : u.methods()) {
        boolean callsDropped =
            m.callees().stream().anyMatch(c -> droppedHere.contains(u.className() + "." + c));
        if (dropped.contains(m.id()) || callsDropped) {
          droppedHere.add(m.id());
        } else {
          kept.add(m);
        }
      }
      out.add(droppedHere.isEmpty() ? u : ProgramGenerator.assemble(u.className(), kept));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The check
  // ---------------------------------------------------------------------------------------------

  private static final class Stats {
    int methods;
    int points;
    int skipped;

    /** The largest |AD - FD| / max(1, |FD|) at the points checked. */
    double worst;

    /** Methods with second derivatives, their points, those skipped at kinks of the gradient. */
    int secondOrderMethods;

    int secondOrderPoints;
    int secondOrderSkipped;

    /** The largest |HV - FD| / max(1, |FD|) at the points checked. */
    double worstHessian;
  }

  /** A method and its generated companion methods, ready to call. */
  private static final class Target {
    final Method spec;

    /** The receiver of an instance method (its class's fields at their initial values), or null. */
    final Object receiver;

    final java.lang.reflect.Method original;
    final java.lang.reflect.Method gradient;
    final java.lang.reflect.Method newGradient;
    final java.lang.reflect.Method derivative;

    /** {@code mHessianVector(P..., v, grad, hv)} and {@code mHessian(P...)}; null if order = 1. */
    final java.lang.reflect.Method hessianVector;

    final java.lang.reflect.Method hessian;

    /** The second-order methods an order = 1 method's companion has nonetheless (a bug). */
    final List<String> unexpected = new ArrayList<>();

    /** Each slot of the gradient: {parameter index, element index or -1}. */
    final List<int[]> slots = new ArrayList<>();

    Target(Method spec, ClassLoader loader) throws ReflectiveOperationException {
      this.spec = spec;
      Class<?> cls = loader.loadClass(spec.qualifiedClassName());
      Class<?> companion = loader.loadClass(spec.qualifiedClassName() + "Derivatives");
      List<Class<?>> types = new ArrayList<>();
      for (int i = 0; i < spec.params().size(); i++) {
        Param p = spec.params().get(i);
        types.add(javaClass(p.kind()));
        if (spec.wrt().contains(p.name())) {
          if (p.kind() == Kind.ARRAY) {
            for (int e = 0; e < ProgramGenerator.ARRAY_LENGTH; e++) {
              slots.add(new int[] {i, e});
            }
          } else if (p.kind() == Kind.MATRIX) {
            // Row by row, as the gradient flattens a double[][].
            for (int e = 0; e < ProgramGenerator.MATRIX_ROWS * ProgramGenerator.MATRIX_COLS; e++) {
              slots.add(new int[] {i, e});
            }
          } else {
            slots.add(new int[] {i, -1});
          }
        }
      }
      original = accessible(cls.getDeclaredMethod(spec.name(), types.toArray(new Class<?>[0])));
      if (spec.instance()) {
        var constructor = cls.getDeclaredConstructor();
        constructor.setAccessible(true);
        receiver = constructor.newInstance();
        types.add(0, cls);
      } else {
        receiver = null;
      }
      Class<?>[] plain = types.toArray(new Class<?>[0]);
      types.add(double[].class);
      Class<?>[] withArray = types.toArray(new Class<?>[0]);
      gradient = accessible(companion.getDeclaredMethod(spec.name() + "Gradient", withArray));
      newGradient = accessible(companion.getDeclaredMethod(spec.name() + "Gradient", plain));
      derivative = accessible(companion.getDeclaredMethod(spec.name() + "Derivative", withArray));
      if (spec.secondOrder()) {
        types.add(double[].class);
        types.add(double[].class);
        hessianVector =
            accessible(
                companion.getDeclaredMethod(
                    spec.name() + "HessianVector", types.toArray(new Class<?>[0])));
        hessian = accessible(companion.getDeclaredMethod(spec.name() + "Hessian", plain));
      } else {
        hessianVector = null;
        hessian = null;
        for (java.lang.reflect.Method m : companion.getDeclaredMethods()) {
          if (m.getName().equals(spec.name() + "HessianVector")
              || m.getName().equals(spec.name() + "Hessian")) {
            unexpected.add(m.toGenericString());
          }
        }
      }
    }

    private static Class<?> javaClass(Kind kind) {
      return switch (kind) {
        case DOUBLE -> double.class;
        case INT -> int.class;
        case LONG -> long.class;
        case BOOLEAN -> boolean.class;
        case ARRAY -> double[].class;
        case INT_ARRAY -> int[].class;
        case MATRIX -> double[][].class;
      };
    }

    private static java.lang.reflect.Method accessible(java.lang.reflect.Method m) {
      m.setAccessible(true);
      return m;
    }

    /**
     * A random point: doubles, array and matrix elements in [-2, 2], ints and longs in [1, 5], int
     * array elements in [0, 5].
     */
    Object[] sample(Random random) {
      Object[] x = new Object[spec.params().size()];
      for (int i = 0; i < x.length; i++) {
        x[i] =
            switch (spec.params().get(i).kind()) {
              case DOUBLE -> -2 + 4 * random.nextDouble();
                // Not 0: 0.2 * n would then be exactly 0, and two such arguments make hypot(0, 0),
                // whose derivative is the IEEE NaN of 0/0 (as README says) where FD sees 0.
              case INT -> 1 + random.nextInt(5);
              case LONG -> 1L + random.nextInt(5);
              case BOOLEAN -> random.nextBoolean();
              case ARRAY -> {
                double[] a = new double[ProgramGenerator.ARRAY_LENGTH];
                for (int e = 0; e < a.length; e++) {
                  a[e] = -2 + 4 * random.nextDouble();
                }
                yield a;
              }
              case INT_ARRAY -> {
                int[] a = new int[ProgramGenerator.ARRAY_LENGTH];
                for (int e = 0; e < a.length; e++) {
                  a[e] = random.nextInt(6);
                }
                yield a;
              }
              case MATRIX -> {
                double[][] m =
                    new double[ProgramGenerator.MATRIX_ROWS][ProgramGenerator.MATRIX_COLS];
                for (double[] row : m) {
                  for (int e = 0; e < row.length; e++) {
                    row[e] = -2 + 4 * random.nextDouble();
                  }
                }
                yield m;
              }
            };
      }
      return x;
    }

    double coordinate(Object[] x, int[] slot) {
      if (slot[1] < 0) {
        return (Double) x[slot[0]];
      }
      if (x[slot[0]] instanceof double[][] m) {
        return m[slot[1] / ProgramGenerator.MATRIX_COLS][slot[1] % ProgramGenerator.MATRIX_COLS];
      }
      return ((double[]) x[slot[0]])[slot[1]];
    }

    /** A deep copy of {@code x} with coordinate {@code slot} moved by {@code delta}. */
    Object[] moved(Object[] x, int[] slot, double delta) {
      Object[] y = copy(x);
      if (slot[1] < 0) {
        y[slot[0]] = (Double) y[slot[0]] + delta;
      } else if (y[slot[0]] instanceof double[][] m) {
        m[slot[1] / ProgramGenerator.MATRIX_COLS][slot[1] % ProgramGenerator.MATRIX_COLS] += delta;
      } else {
        ((double[]) y[slot[0]])[slot[1]] += delta;
      }
      return y;
    }

    double value(Object[] x) throws ReflectiveOperationException {
      return (Double) original.invoke(receiver, copy(x));
    }

    /** Calls a generated method: the receiver first (of an instance method), then {@code args}. */
    Object call(java.lang.reflect.Method generated, Object[] args, Object... extra)
        throws ReflectiveOperationException {
      List<Object> all = new ArrayList<>();
      if (spec.instance()) {
        all.add(receiver);
      }
      all.addAll(Arrays.asList(args));
      all.addAll(Arrays.asList(extra));
      return generated.invoke(null, all.toArray());
    }

    /** A deep copy of {@code x} with every coordinate moved by {@code t} times its {@code v}. */
    Object[] shifted(Object[] x, double[] v, double t) {
      Object[] y = copy(x);
      for (int i = 0; i < slots.size(); i++) {
        int[] slot = slots.get(i);
        double delta = t * v[i];
        if (slot[1] < 0) {
          y[slot[0]] = (Double) y[slot[0]] + delta;
        } else if (y[slot[0]] instanceof double[][] m) {
          m[slot[1] / ProgramGenerator.MATRIX_COLS][slot[1] % ProgramGenerator.MATRIX_COLS] +=
              delta;
        } else {
          ((double[]) y[slot[0]])[slot[1]] += delta;
        }
      }
      return y;
    }

    /** The generated gradient at {@code x}. */
    double[] gradientAt(Object[] x) throws ReflectiveOperationException {
      double[] g = new double[slots.size()];
      call(gradient, copy(x), g);
      return g;
    }

    /**
     * The fourth-order central difference of the generated gradient along {@code v} with step
     * {@code h}: the Hessian times {@code v}, if the gradient is smooth there.
     */
    double[] gradientDifference(Object[] x, double[] v, double h)
        throws ReflectiveOperationException {
      int n = slots.size();
      double[] out = new double[n];
      double[] weights = {1, -8, 8, -1};
      double[] steps = {-2 * h, -h, h, 2 * h};
      for (int k = 0; k < 4; k++) {
        double[] g = gradientAt(shifted(x, v, steps[k]));
        for (int i = 0; i < n; i++) {
          out[i] += weights[k] * g[i];
        }
      }
      for (int i = 0; i < n; i++) {
        out[i] /= 12 * h;
      }
      return out;
    }

    /** The fourth-order central difference along {@code slot} with step {@code h}. */
    double difference(Object[] x, int[] slot, double h) throws ReflectiveOperationException {
      return (-value(moved(x, slot, 2 * h))
              + 8 * value(moved(x, slot, h))
              - 8 * value(moved(x, slot, -h))
              + value(moved(x, slot, -2 * h)))
          / (12 * h);
    }
  }

  /** A copy of {@code x} with arrays of its own. */
  static Object[] copy(Object[] x) {
    Object[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      if (y[i] instanceof double[] a) {
        y[i] = a.clone();
      } else if (y[i] instanceof int[] a) {
        y[i] = a.clone();
      } else if (y[i] instanceof double[][] m) {
        double[][] rows = m.clone();
        for (int r = 0; r < rows.length; r++) {
          rows[r] = rows[r].clone();
        }
        y[i] = rows;
      }
    }
    return y;
  }

  static boolean sameArguments(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      boolean same =
          a[i] instanceof double[] x
              ? Arrays.equals(x, (double[]) b[i])
              : a[i] instanceof int[] y
                  ? Arrays.equals(y, (int[]) b[i])
                  : a[i] instanceof double[][] m
                      ? Arrays.deepEquals(m, (double[][]) b[i])
                      : a[i].equals(b[i]);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks {@code spec} on a thread of its own: each thread has its own {@link Tape}, so a gradient
   * that leaves its tape unbalanced (or throws halfway) cannot disturb the methods checked after.
   */
  private void checkInOwnThread(
      Method spec, ClassLoader loader, Random random, Stats stats, List<String> failures)
      throws Exception {
    Exception[] thrown = new Exception[1];
    Thread thread =
        new Thread(
            () -> {
              try {
                checkMethod(spec, loader, random, stats, failures);
              } catch (Exception e) {
                thrown[0] = e;
              } catch (Error e) {
                // A StackOverflowError, or an error of the generated code outside a call.
                failures.add("=== " + spec.id() + " ===\n" + spec.text() + "  threw " + e + "\n");
              }
            },
            "check " + spec.id());
    thread.start();
    thread.join();
    if (thrown[0] != null) {
      throw thrown[0];
    }
  }

  private void checkMethod(
      Method spec, ClassLoader loader, Random random, Stats stats, List<String> failures)
      throws ReflectiveOperationException {
    stats.methods++;
    Target t = new Target(spec, loader);
    if (!t.unexpected.isEmpty()) {
      failures.add(
          "=== "
              + spec.id()
              + " ===\n"
              + spec.text()
              + "  is order = 1 but its companion has "
              + String.join(", ", t.unexpected)
              + "\n");
      return;
    }
    if (t.hessianVector != null) {
      stats.secondOrderMethods++;
    }
    for (int p = 0; p < POINTS; p++) {
      stats.points++;
      Object[] x = t.sample(random);
      List<String> problems = new ArrayList<>();
      try {
        if (!checkPoint(t, x, random, problems, stats)) {
          stats.skipped++;
        }
        if (t.hessianVector != null && problems.isEmpty()) {
          stats.secondOrderPoints++;
          if (!checkSecondOrder(t, x, random, problems, stats)) {
            stats.secondOrderSkipped++;
          }
        }
      } catch (InvocationTargetException e) {
        problems.add("threw " + stackTrace(e.getCause()));
      }
      if (p == 0 && problems.isEmpty()) {
        checkShortArrays(t, x, problems);
      }
      if (!problems.isEmpty()) {
        failures.add(report(t, x, problems));
        return; // one failing point per method is enough
      }
    }
  }

  /**
   * (e) A grad or direction shorter than N is an IllegalArgumentException; (i) so is a v, grad or
   * hv shorter than N given to mHessianVector.
   */
  private static void checkShortArrays(Target t, Object[] x, List<String> problems)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    for (java.lang.reflect.Method m : List.of(t.gradient, t.derivative)) {
      expectIllegalArgument(t, m, x, problems, "an array", new double[n - 1]);
    }
    if (t.hessianVector != null) {
      String[] names = {"v", "grad", "hv"};
      for (int k = 0; k < 3; k++) {
        double[][] arrays = {new double[n], new double[n], new double[n]};
        arrays[k] = new double[n - 1];
        expectIllegalArgument(t, t.hessianVector, x, problems, names[k], (Object[]) arrays);
      }
    }
  }

  private static void expectIllegalArgument(
      Target t,
      java.lang.reflect.Method m,
      Object[] x,
      List<String> problems,
      String what,
      Object... arrays)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    int start = Tape.get().size();
    try {
      t.call(m, copy(x), arrays);
      problems.add(m.getName() + " accepted " + what + " of length " + (n - 1) + " < N = " + n);
    } catch (InvocationTargetException e) {
      if (!(e.getCause() instanceof IllegalArgumentException)) {
        problems.add(
            m.getName()
                + " given "
                + what
                + " of length "
                + (n - 1)
                + " threw "
                + stackTrace(e.getCause()));
      }
    }
    if (Tape.get().size() != start) {
      problems.add(
          m.getName()
              + " given "
              + what
              + " of length "
              + (n - 1)
              + " left the tape at "
              + Tape.get().size()
              + " entries instead of "
              + start);
    }
  }

  /** Checks one point; false if it was skipped as a kink (the other checks are still made). */
  private boolean checkPoint(
      Target t, Object[] x, Random random, List<String> problems, Stats stats)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    double value = t.value(x);
    if (!Double.isFinite(value)) {
      problems.add("the original returns " + value + ": a generator bug, values must stay finite");
      return true;
    }

    // (a) The filling gradient: exact value, every slot written, arguments untouched.
    double[] grad = new double[n + 2];
    Arrays.fill(grad, 12345.0);
    Object[] args = copy(x);
    double returned = (Double) t.call(t.gradient, args, grad);
    if (!(returned == value)) {
      problems.add("mGradient returned " + returned + " but the original returns " + value);
    }
    if (!sameArguments(args, x)) {
      problems.add("mGradient modified its arguments: " + point(t, args));
    }
    if (grad[n] != 12345.0 || grad[n + 1] != 12345.0) {
      problems.add("mGradient wrote beyond grad[" + n + "): " + Arrays.toString(grad));
    }
    if (Tape.get().size() != 0) {
      problems.add(
          "mGradient left "
              + Tape.get().size()
              + " entries on its thread's tape (a gradient must pop what it pushed)");
      return true;
    }

    // (b) Against finite differences, unless the function itself is not smooth here.
    boolean smooth = true;
    double[] fd = new double[n];
    double[] fdHalf = new double[n];
    for (int i = 0; i < n; i++) {
      int[] slot = t.slots.get(i);
      double h = STEP * Math.max(1, Math.abs(t.coordinate(x, slot)));
      fd[i] = t.difference(x, slot, h);
      fdHalf[i] = t.difference(x, slot, h / 2);
      if (!(Math.abs(fd[i] - fdHalf[i]) <= SMOOTHNESS * Math.max(1, Math.abs(fd[i])))) {
        smooth = false;
      }
    }
    if (smooth) {
      for (int i = 0; i < n; i++) {
        double error = Math.abs(grad[i] - fd[i]) / Math.max(1, Math.abs(fd[i]));
        if (error < Double.POSITIVE_INFINITY) {
          stats.worst = Math.max(stats.worst, error);
        }
        if (!(error <= TOLERANCE)) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "gradient[%d] (%s): AD %.17g, FD %.17g (FD at h/2 %.17g), difference %.3g",
                  i,
                  slotName(t, i),
                  grad[i],
                  fd[i],
                  fdHalf[i],
                  grad[i] - fd[i]));
        }
      }
    }

    // (c) The allocating gradient.
    args = copy(x);
    double[] fresh = (double[]) t.call(t.newGradient, args);
    if (fresh.length != n || !Arrays.equals(fresh, Arrays.copyOf(grad, n))) {
      problems.add(
          "mGradient(P...) returned "
              + Arrays.toString(fresh)
              + " but mGradient(P..., grad) wrote "
              + Arrays.toString(Arrays.copyOf(grad, n)));
    }

    // (d) Forward mode against grad · direction.
    double[] direction = new double[n];
    for (int i = 0; i < n; i++) {
      direction[i] =
          (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(t.coordinate(x, t.slots.get(i))));
    }
    double[] directionCopy = direction.clone();
    args = copy(x);
    double forward = (Double) t.call(t.derivative, args, direction);
    if (!Arrays.equals(direction, directionCopy) || !sameArguments(args, x)) {
      problems.add("mDerivative modified its arguments");
    }
    double dot = 0;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      dot += grad[i] * directionCopy[i];
      scale += Math.abs(grad[i] * directionCopy[i]);
    }
    if (!(Math.abs(forward - dot) <= DOT_TOLERANCE * Math.max(1, scale))) {
      problems.add(
          String.format(
              Locale.ROOT,
              "mDerivative along %s: %.17g, but grad · direction = %.17g (grad %s)",
              Arrays.toString(directionCopy),
              forward,
              dot,
              Arrays.toString(Arrays.copyOf(grad, n))));
    }
    return smooth;
  }

  /**
   * (f) to (h): the Hessian-vector product and the Hessian at {@code x}; false if the comparison
   * with differences of the gradient was skipped as a kink (the other checks are still made).
   */
  private boolean checkSecondOrder(
      Target t, Object[] x, Random random, List<String> problems, Stats stats)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    double value = t.value(x);
    double[] gradient = t.gradientAt(x);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(t.coordinate(x, t.slots.get(i))));
    }
    String along = "along v = " + Arrays.toString(v) + ": ";

    // (f) Value, gradient, arguments and tape.
    double[] vCopy = v.clone();
    double[] grad = new double[n + 2];
    double[] hv = new double[n + 2];
    Arrays.fill(grad, 12345.0);
    Arrays.fill(hv, 12345.0);
    Object[] args = copy(x);
    int tapeBefore = Tape.get().size();
    double returned = (Double) t.call(t.hessianVector, args, v, grad, hv);
    if (!(returned == value)) {
      problems.add("mHessianVector returned " + returned + " but the original returns " + value);
    }
    if (!sameArguments(args, x) || !Arrays.equals(v, vCopy)) {
      problems.add(
          "mHessianVector modified its arguments or v: "
              + point(t, args)
              + ", v = "
              + Arrays.toString(v));
    }
    if (grad[n] != 12345.0 || grad[n + 1] != 12345.0 || hv[n] != 12345.0 || hv[n + 1] != 12345.0) {
      problems.add(
          "mHessianVector wrote beyond grad or hv["
              + n
              + "): grad "
              + Arrays.toString(grad)
              + ", hv "
              + Arrays.toString(hv));
    }
    for (int i = 0; i < n; i++) {
      if (Double.doubleToRawLongBits(grad[i]) != Double.doubleToRawLongBits(gradient[i])) {
        problems.add(
            String.format(
                Locale.ROOT,
                "mHessianVector's grad[%d] (%s) is %.17g but mGradient's is %.17g",
                i,
                slotName(t, i),
                grad[i],
                gradient[i]));
      }
    }
    if (Tape.get().size() != tapeBefore) {
      problems.add(
          "mHessianVector left "
              + Tape.get().size()
              + " entries on its thread's tape, which had "
              + tapeBefore
              + " (it must pop what it pushed)");
      return true;
    }

    // (g) Against differences of the generated gradient along v, unless it is not smooth here.
    double[] fd = t.gradientDifference(x, v, STEP);
    double[] fdHalf = t.gradientDifference(x, v, STEP / 2);
    boolean smooth = true;
    for (int i = 0; i < n; i++) {
      if (!(Math.abs(fd[i] - fdHalf[i]) <= SMOOTHNESS * Math.max(1, Math.abs(fd[i])))) {
        smooth = false;
      }
    }
    if (smooth) {
      for (int i = 0; i < n; i++) {
        double error = Math.abs(hv[i] - fd[i]) / Math.max(1, Math.abs(fd[i]));
        if (error < Double.POSITIVE_INFINITY) {
          stats.worstHessian = Math.max(stats.worstHessian, error);
        }
        if (!(error <= TOLERANCE)) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "%s(Hv)[%d] (%s): AD %.17g, FD of the gradient %.17g (at h/2 %.17g),"
                      + " difference %.3g",
                  along,
                  i,
                  slotName(t, i),
                  hv[i],
                  fd[i],
                  fdHalf[i],
                  hv[i] - fd[i]));
        }
      }
    }

    // (h) The dense Hessian: symmetric, and its product with v is hv.
    args = copy(x);
    double[][] hessian = (double[][]) t.call(t.hessian, args);
    if (!sameArguments(args, x)) {
      problems.add("mHessian modified its arguments: " + point(t, args));
    }
    if (Tape.get().size() != tapeBefore) {
      problems.add(
          "mHessian left "
              + Tape.get().size()
              + " entries on its thread's tape, which had "
              + tapeBefore);
    }
    if (hessian.length != n || Arrays.stream(hessian).anyMatch(row -> row.length != n)) {
      problems.add("mHessian is not " + n + " x " + n + ": " + Arrays.deepToString(hessian));
      return smooth;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (Double.compare(hessian[i][j], hessian[j][i]) != 0) {
          problems.add(
              String.format(
                  Locale.ROOT,
                  "mHessian is not symmetric: H[%d][%d] = %.17g, H[%d][%d] = %.17g",
                  i,
                  j,
                  hessian[i][j],
                  j,
                  i,
                  hessian[j][i]));
        }
      }
      double product = 0;
      double scale = 0;
      for (int j = 0; j < n; j++) {
        product += hessian[i][j] * vCopy[j];
        scale += Math.abs(hessian[i][j] * vCopy[j]);
      }
      if (!(Math.abs(product - hv[i]) <= DOT_TOLERANCE * Math.max(1, scale))) {
        problems.add(
            String.format(
                Locale.ROOT,
                "%srow %d of mHessian times v is %.17g but mHessianVector gives %.17g (row %s)",
                along,
                i,
                product,
                hv[i],
                Arrays.toString(hessian[i])));
      }
    }
    return smooth;
  }

  private static String slotName(Target t, int i) {
    int[] slot = t.slots.get(i);
    String name = t.spec.params().get(slot[0]).name();
    if (slot[1] >= 0 && t.spec.params().get(slot[0]).kind() == Kind.MATRIX) {
      return name
          + "["
          + slot[1] / ProgramGenerator.MATRIX_COLS
          + "]["
          + slot[1] % ProgramGenerator.MATRIX_COLS
          + "]";
    }
    return slot[1] < 0 ? name : name + "[" + slot[1] + "]";
  }

  private static String point(Target t, Object[] x) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      Object v = x[i];
      String text =
          v instanceof double[] a
              ? Arrays.toString(a)
              : v instanceof int[] b
                  ? Arrays.toString(b)
                  : v instanceof double[][] m ? Arrays.deepToString(m) : String.valueOf(v);
      parts.add(t.spec.params().get(i).name() + " = " + text);
    }
    return String.join(", ", parts);
  }

  private String report(Target t, Object[] x, List<String> problems) {
    StringBuilder out = new StringBuilder();
    out.append("=== ")
        .append(t.spec.id())
        .append(", wrt ")
        .append(t.spec.wrt())
        .append(", at ")
        .append(point(t, x))
        .append(" ===\n")
        .append(t.spec.text());
    for (String p : problems) {
      out.append("  ").append(p).append('\n');
    }
    if (verbose) {
      String companion = FuzzCompiler.companionSource(compilation, t.spec.qualifiedClassName());
      if (companion != null) {
        out.append(generatedMethods(companion, t.spec.name()));
      }
    }
    return out.toString();
  }

  /** The generated methods of {@code name} in the companion's source. */
  private static String generatedMethods(String companion, String name) {
    StringBuilder out = new StringBuilder("  generated code:\n");
    boolean in = false;
    for (String line : companion.split("\n", -1)) {
      if (line.matches(
          "\\s{4}(public )?static .* "
              + name
              + "(Gradient|Derivative|HessianVector|Hessian)\\(.*")) {
        in = true;
      }
      if (in) {
        out.append("  | ").append(line).append('\n');
        if (line.equals("    }")) {
          in = false;
        }
      }
    }
    return out.toString();
  }

  private static String stackTrace(Throwable e) {
    StringBuilder out = new StringBuilder(e.toString());
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 0; i < Math.min(6, trace.length); i++) {
      out.append("\n      at ").append(trace[i]);
    }
    return out.toString();
  }
}
