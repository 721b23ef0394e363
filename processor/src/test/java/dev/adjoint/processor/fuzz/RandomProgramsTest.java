package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.fuzz.ProgramGenerator.Kind;
import dev.adjoint.processor.fuzz.ProgramGenerator.Method;
import dev.adjoint.processor.fuzz.ProgramGenerator.Param;
import dev.adjoint.processor.fuzz.ProgramGenerator.Unit;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.lang.reflect.Field;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *       its arguments and the tape alone; {@code mHessianSparse(P...)}, and refilled at the same
 *       point, equals it entry for entry to rounding, the refill returning the value and writing
 *       the gradient;
 *   <li>(at the first point) a {@code v}, {@code grad} or {@code hv} of length N-1 is an {@code
 *       IllegalArgumentException}.
 * </ol>
 *
 * <p>A method returning {@code double[]} (f from N inputs to M outputs) instead, at the same
 * points, along a random {@code v} and a random {@code u}:
 *
 * <ol type="a" start="10">
 *   <li>{@code mJacobianVector(P..., v, jv)} and {@code mVectorJacobian(P..., u, vj)} return
 *       exactly what the original returns, write {@code jv[0..M)} and {@code vj[0..N)} and nothing
 *       beyond, leave their arguments, the tape and the workspace alone;
 *   <li>forward against reverse: {@code u · (J v)} equals {@code (uᵀJ) · v} to {@link
 *       #DOT_TOLERANCE} relative to the sum of the terms' magnitudes;
 *   <li>{@code J v} matches a fourth-order central difference of the original along v, and each
 *       {@code (uᵀJ)[i]} one of {@code u · f} along coordinate i, to {@link #TOLERANCE}; the point
 *       is skipped (and counted) where the differences at h and h/2 disagree;
 *   <li>{@code mJacobian(P...)} is M×N, and {@code J v} and {@code uᵀJ} computed from it match
 *       the products to {@link #DOT_TOLERANCE}; {@code mJacobianSparse(P...)}, and refilled at the
 *       same point, equals it entry for entry to rounding, the refill returning the value;
 *   <li>(at the first point) a {@code v} or {@code vj} shorter than N, a {@code jv} or {@code u}
 *       shorter than M, is an {@code IllegalArgumentException}.
 * </ol>
 *
 * <p>In every kind, the helpers the programs call as statements, their values discarded ({@code
 * Helpers.touch}, {@code Helpers.note}, which count), must run exactly as often as in the original
 * ({@code mHessian} N times that, {@code mJacobian} once more than its products or sweeps); every generated method
 * must leave its thread's tape and workspace as it found them.
 *
 * <p>Compilation: javac crashing, or Adjoint's internal error (ADJ003), is a failure of kind
 * crash; a diagnostic in a companion, uncompilable; an error with an ADJ id on a generated method
 * is a refusal, counted by id in the summary, and a failure (the generator writes only what README
 * says is supported) unless it is one of the {@link #DOCUMENTED_LIMITS}. The summary line gives
 * programs, methods, points checked and skipped per kind, the worst errors, refusals by id and
 * failures by kind.
 *
 * <p>{@code -Dadjoint.fuzz.programs=10000} runs that many programs in batches of classes x
 * methods, batch b with seed + b (each batch reproducible alone with its seed), printing a line per
 * batch and each failure as it is found. {@code -Dadjoint.fuzz.knownBugs=true} generates and
 * checks what the known bugs of the processor break (see {@code processor/src/test/findings/}).
 *
 * <p>Every failure is reported with the method's source, the point, and AD against FD. The seed and
 * size can be changed to explore: {@code -Dadjoint.fuzz.seed=7 -Dadjoint.fuzz.classes=40
 * -Dadjoint.fuzz.methods=10 -Dadjoint.fuzz.statements=14} ({@code -Dadjoint.fuzz.verbose=true} also
 * prints the generated code of a failing method, {@code -Dadjoint.fuzz.dump=DIR} writes the
 * generated classes to DIR/seed-N, {@code -Dadjoint.fuzz.replay=DIR/seed-N/fuzz/gen/Gen3.java,...}
 * checks those classes, dumped and perhaps minimised by hand, instead of generated ones).
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

  /**
   * Refusals that are documented limits of size or shape (README's table: nesting too deep, a
   * method over the JVM's 64 KB, returns that branch too much to lift), not gaps in the supported
   * language: counted and reported, not failures. Any other refusal of a generated program, which
   * is in the supported language by construction, is a failure.
   */
  static final Set<String> DOCUMENTED_LIMITS = Set.of("ADJ004", "ADJ005", "ADJ006");

  // Kinds of failure, as counted in the summary.
  static final String CRASH = "crash";
  static final String UNCOMPILABLE = "uncompilable";
  static final String WARNING = "warning";
  static final String REFUSAL = "refusal";
  static final String WRONG_VALUE = "wrong value";
  static final String WRONG_GRADIENT = "wrong gradient";
  static final String FORWARD_REVERSE = "forward against reverse";
  static final String WRONG_HESSIAN_VECTOR = "wrong Hessian-vector product";
  static final String WRONG_HESSIAN = "wrong Hessian";
  static final String WRONG_PATTERN = "entry outside the traced sparsity pattern";
  static final String WRONG_JACOBIAN_VECTOR = "wrong Jacobian-vector product";
  static final String WRONG_VECTOR_JACOBIAN = "wrong vector-Jacobian product";
  static final String WRONG_JACOBIAN = "wrong Jacobian";
  static final String MODIFIED = "modified arguments";
  static final String UNBALANCED = "tape or workspace unbalanced";
  static final String CALLS = "discarded calls ran a wrong number of times";
  static final String LENGTHS = "array lengths";
  static final String THREW = "threw";
  static final String GENERATOR = "generator bug";

  /**
   * Whether to check what known bugs of the processor break (each marked KNOWN BUG where it is
   * tolerated, and written up in {@code processor/src/test/findings/}): off by default so that
   * the suite stays green while they are open, {@code -Dadjoint.fuzz.knownBugs=true} to see them.
   * Remove each tolerance when its bug is fixed.
   */
  static final boolean CHECK_KNOWN_BUGS = Boolean.getBoolean("adjoint.fuzz.knownBugs");

  /**
   * What both Jacobian products must do: return the original's value exactly, leave the arguments
   * and the {@code seed} vector alone, and write {@code out} only in {@code [0, length)} (its two
   * extra elements hold 12345.0).
   */
  private static void checkProduct(
      String kind,
      double[] value,
      double[] f,
      boolean untouched,
      String seed,
      double[] out,
      int length,
      List<Problem> problems) {
    if (!Arrays.equals(value, f)) {
      problems.add(
          new Problem(
              WRONG_VALUE,
              kind
                  + " returned "
                  + Arrays.toString(value)
                  + " but the original returns "
                  + Arrays.toString(f)));
    }
    if (!untouched) {
      problems.add(new Problem(MODIFIED, kind + " modified its arguments or " + seed));
    }
    if (out[length] != 12345.0 || out[length + 1] != 12345.0) {
      problems.add(
          new Problem(
              LENGTHS, kind + " wrote beyond its output's " + length + ": " + Arrays.toString(out)));
    }
  }

  /**
   * How many workspace marks the thread holds: a mark taken and released at once, so that
   * measuring leaves nothing behind (a mark is a level of the thread's stack of marks).
   */
  private static int workspaceLevel() {
    int level = Workspace.mark();
    Workspace.release(level);
    return level;
  }

  private final boolean verbose = Boolean.getBoolean("adjoint.fuzz.verbose");
  private Compilation compilation;

  /** One problem of a method: its kind (counted in the summary) and what it says. */
  record Problem(String kind, String text) {}

  /** The failures of a run: counted by kind, the first {@link #MAX_REPORTED} kept in full. */
  static final class Failures {
    final Map<String, Integer> byKind = new TreeMap<>();
    final List<String> reports = new ArrayList<>();
    int count;
    long seed;

    /** Records a failure of {@code kind}; prints it at once (a long run shows them as it goes). */
    synchronized void add(String kind, String text) {
      count++;
      byKind.merge(kind, 1, Integer::sum);
      String report = "[" + kind + ", seed " + seed + "] " + text;
      if (reports.size() < MAX_REPORTED) {
        reports.add(report);
      }
      System.out.println("RandomProgramsTest FAILURE " + report);
    }
  }

  @Test
  void randomProgramsHaveCorrectDerivatives() throws Exception {
    long start = System.nanoTime();
    long seed = Long.getLong("adjoint.fuzz.seed", DEFAULT_SEED);
    int classes = Integer.getInteger("adjoint.fuzz.classes", DEFAULT_CLASSES);
    int perClass = Integer.getInteger("adjoint.fuzz.methods", DEFAULT_METHODS_PER_CLASS);
    int statements = Integer.getInteger("adjoint.fuzz.statements", 8);
    // Programs: generated methods. Beyond one batch of classes x methods, batch b has seed + b.
    int programs = Integer.getInteger("adjoint.fuzz.programs", classes * perClass);
    int batches = Math.max(1, (programs + classes * perClass - 1) / (classes * perClass));
    String replay = System.getProperty("adjoint.fuzz.replay");

    Stats stats = new Stats();
    Failures failures = new Failures();
    if (replay != null && !replay.isEmpty()) {
      // Classes written (or minimised) by hand, in package fuzz.gen, instead of generated ones.
      List<Unit> units = new ArrayList<>();
      units.add(ProgramGenerator.helpers());
      for (String file : replay.split(",")) {
        units.add(ProgramGenerator.parse(Files.readString(Path.of(file))));
      }
      batches = 1;
      runBatch(seed, units, stats, failures);
    } else {
      for (int b = 0; b < batches; b++) {
        long batchSeed = seed + b;
        List<Unit> units = new ArrayList<>();
        units.add(ProgramGenerator.helpers());
        units.addAll(new ProgramGenerator(batchSeed, statements).generate(classes, perClass));
        runBatch(batchSeed, units, stats, failures);
        if (batches > 1) {
          System.out.printf(
              Locale.ROOT,
              "RandomProgramsTest batch %d of %d (seed %d): %d programs so far, %d failures, %.0f s%n",
              b + 1,
              batches,
              batchSeed,
              stats.programs,
              failures.count,
              (System.nanoTime() - start) / 1e9);
        }
      }
    }

    String summary = stats.summary(seed, batches, failures, (System.nanoTime() - start) / 1e9);
    System.out.println(summary);
    if (failures.count > 0) {
      StringBuilder report = new StringBuilder(summary).append('\n');
      for (String r : failures.reports) {
        report.append('\n').append(r);
      }
      if (failures.count > failures.reports.size()) {
        report
            .append("\n... and ")
            .append(failures.count - failures.reports.size())
            .append(" more\n");
      }
      fail(report.toString());
    }
    int firstOrder = stats.points + stats.vectorPoints;
    int firstSkipped = stats.skipped + stats.vectorSkipped;
    assertTrue(
        firstSkipped <= MAX_SKIPPED_FRACTION * firstOrder,
        () ->
            "too many points skipped as kinks ("
                + firstSkipped
                + " of "
                + firstOrder
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

  /** Dumps (if asked), compiles and checks one batch of classes. */
  private void runBatch(long seed, List<Unit> units, Stats stats, Failures failures)
      throws Exception {
    failures.seed = seed;
    for (Unit u : units) {
      if (!u.className().equals(ProgramGenerator.HELPERS)) {
        stats.programs += u.methods().size();
      }
    }
    String dump = System.getProperty("adjoint.fuzz.dump");
    if (dump != null) {
      Path dir =
          Files.createDirectories(
              Path.of(dump, "seed-" + seed, ProgramGenerator.PACKAGE.replace('.', '/')));
      for (Unit u : units) {
        Files.writeString(dir.resolve(u.className() + ".java"), u.text());
      }
    }
    units = compileDroppingBadMethods(units, stats, failures);
    if (units == null) {
      return;
    }
    ClassLoader loader = dev.adjoint.processor.diag.DiagnosticSources.classes(compilation);
    for (Unit u : units) {
      for (Method m : u.methods()) {
        Random random = new Random(seed * 31 + m.id().hashCode());
        checkInOwnThread(m, loader, random, stats, failures);
      }
    }
    compilation = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Refusals
  // ---------------------------------------------------------------------------------------------

  /**
   * Constructs README says are not supported, each with the ids of the clean refusal it must get;
   * {@code %s} is a differentiated double parameter.
   */
  private static final List<String[]> UNSUPPORTED =
      List.of(
          new String[] {"ADJ036", "double r9 = Math.random();"},
          new String[] {
            "ADJ023", "switch (STEPS) {", "  case 1:", "    Helpers.touch(1);", "  default:", "    break;", "}"
          },
          new String[] {"ADJ022", "try {", "  Helpers.touch(1);", "} finally {", "  Helpers.touch(2);", "}"},
          new String[] {"ADJ032", "scale = 1.5;"},
          new String[] {"ADJ037", "float f9 = 1f;"},
          new String[] {"ADJ039", "int y9 = 0;", "int z9 = (y9 = 1) + y9;"},
          new String[] {"ADJ031 ADJ037", "Runnable r9 = () -> { };"},
          // A label on a loop is allowed (it names the loop for @Checkpointed); a break to it is not.
          new String[] {
            "ADJ020", "outer9:", "for (int z9 = 0; z9 < 1; z9++) {", "  break outer9;", "}"
          },
          // Arrays made in loops are supported; one made from an initializer list is not.
          new String[] {"ADJ038", "double[] u9 = new double[] {1.0, 2.0};"},
          new String[] {"ADJ081", "double q9 = Double.sum(%s, 1.0) + %s;"},
          new String[] {"ADJ030 ADJ037", "Object o9 = new Object();"});

  /**
   * Never stuck on what is not supported: in each of 24 generated classes the last method
   * returning a number gets one unsupported construct (each construct in turn) at the top of its body, and the compilation must refuse
   * exactly those methods (methods calling them are refused too, saying so), each with an error of
   * the construct's id; a crash (javac's, or ADJ003), uncompilable generated code, a refusal with
   * another id, or a construct accepted, is a failure. The refusals are counted by id.
   */
  @Test
  void unsupportedConstructsAreRefusedCleanly() {
    long seed = Long.getLong("adjoint.fuzz.seed", DEFAULT_SEED);
    List<Unit> units = new ArrayList<>();
    units.add(ProgramGenerator.helpers());
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    int k = 0;
    for (Unit u : new ProgramGenerator(seed + 7, 5).generate(2 * UNSUPPORTED.size(), 3)) {
      List<Method> methods = new ArrayList<>(u.methods());
      int last = methods.size() - 1;
      while (last >= 0 && methods.get(last).vector()) {
        last--;
      }
      Method m = last < 0 ? null : methods.get(last);
      String active = null;
      for (Param p : m == null ? List.<Param>of() : m.params()) {
        if (active == null && p.kind() == Kind.DOUBLE && m.wrt().contains(p.name())) {
          active = p.name();
        }
      }
      String[] construct = UNSUPPORTED.get(k++ % UNSUPPORTED.size());
      if (m == null || active == null && construct[1].contains("%s")) {
        units.add(u);
        continue;
      }
      String[] lines = m.text().split("\n", -1);
      StringBuilder text = new StringBuilder(lines[0]).append('\n').append(lines[1]).append('\n');
      for (int i = 1; i < construct.length; i++) {
        String line = active == null ? construct[i] : construct[i].replace("%s", active);
        text.append("    ").append(line).append('\n');
      }
      for (int i = 2; i < lines.length; i++) {
        text.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
      }
      Method probe =
          new Method(
              m.className(),
              m.name(),
              m.params(),
              m.wrt(),
              text.toString(),
              m.callees(),
              m.instance(),
              m.cost());
      methods.set(last, probe);
      expected.put(probe.id(), construct[0]);
      units.add(ProgramGenerator.assemble(u.className(), methods));
    }

    Compilation compiled;
    try {
      compiled = FuzzCompiler.compile(units);
    } catch (AssertionError e) {
      fail("javac crashed on unsupported constructs (seed " + seed + "): " + e.getCause());
      return;
    }
    Map<Method, List<String>> diagnostics = FuzzCompiler.diagnosticsByMethod(compiled, units);
    Map<String, Integer> refusals = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Set<String> refused = new HashSet<>();
    for (Map.Entry<Method, List<String>> e : diagnostics.entrySet()) {
      Method m = e.getKey();
      String listing = String.join("\n", e.getValue());
      if (m == null) {
        failures.add("diagnostics of no method:\n" + listing);
        continue;
      }
      String ids = expected.get(m.id());
      boolean calleeRefused =
          m.callees().stream().anyMatch(c -> expected.containsKey(m.className() + "." + c));
      boolean clean = false;
      for (String d : e.getValue()) {
        if (d.contains("Derivatives.java") || d.contains("ADJ003")) {
          failures.add(
              (d.contains("ADJ003") ? CRASH : UNCOMPILABLE) + ": " + m.id() + "\n" + m.text() + d);
        }
        Matcher id = ID.matcher(d);
        if (id.find() && d.trim().startsWith("ERROR")) {
          if (ids != null && ids.contains(id.group())) {
            clean = true;
            refusals.merge(id.group(), 1, Integer::sum);
          }
        }
      }
      if (ids != null) {
        refused.add(m.id());
        if (!clean) {
          failures.add("refused without " + ids + ": " + m.id() + "\n" + m.text() + listing);
        }
      } else if (!calleeRefused
          && e.getValue().stream().anyMatch(d -> d.trim().startsWith("ERROR"))) {
        failures.add("a supported method refused: " + m.id() + "\n" + m.text() + listing);
      }
    }
    for (String id : expected.keySet()) {
      if (!refused.contains(id)) {
        failures.add("accepted, but it holds " + expected.get(id) + ": " + id);
      }
    }
    System.out.println(
        "RandomProgramsTest seed "
            + seed
            + ": "
            + expected.size()
            + " methods with an unsupported construct, clean refusals by id "
            + refusals
            + ", "
            + failures.size()
            + " failures");
    if (!failures.isEmpty()) {
      fail(String.join("\n\n", failures));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Compilation
  // ---------------------------------------------------------------------------------------------

  private static final Pattern ID = Pattern.compile("\\bADJ\\d{3}\\b");

  /**
   * Compiles {@code units}; every diagnostic concerns a method, which is then dropped (with the
   * methods calling it) and the rest compiled again, so that one bad method does not hide the
   * results of the others. A diagnostic is classified: javac crashing, or Adjoint's internal error
   * (ADJ003), is a crash; an error or warning in a companion, uncompilable generated code; an
   * error with an id on the original, a refusal, counted by id, and a failure unless it is a
   * {@link #DOCUMENTED_LIMITS documented limit}; a method refused only because a callee was is
   * dropped without a failure of its own. Returns the units finally compiled, or null if the batch
   * cannot be checked.
   */
  private List<Unit> compileDroppingBadMethods(List<Unit> units, Stats stats, Failures failures) {
    for (int round = 0; round < 10; round++) {
      try {
        compilation = FuzzCompiler.compile(units);
      } catch (AssertionError e) {
        failures.add(CRASH, "javac crashed on the batch: " + stackTrace(e.getCause()) + "\n");
        return null;
      }
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
        failures.add(UNCOMPILABLE, all.toString());
        return null;
      }
      Set<String> dropped = new HashSet<>();
      for (Map.Entry<Method, List<String>> e : diagnostics.entrySet()) {
        dropped.add(e.getKey().id());
      }
      for (Map.Entry<Method, List<String>> e : diagnostics.entrySet()) {
        Method m = e.getKey();
        String kind = classify(m, e.getValue(), dropped, stats);
        if (kind != null) {
          failures.add(
              kind,
              "=== "
                  + m.id()
                  + ": compilation reported diagnostics ===\n"
                  + m.text()
                  + String.join("\n", e.getValue())
                  + "\n");
        }
      }
      units = without(units, dropped);
    }
    failures.add(UNCOMPILABLE, "compilation still reports diagnostics after dropping methods\n");
    return null;
  }

  /**
   * The kind of failure the diagnostics of {@code m} are, or null if they are none: a refusal
   * that is a documented limit, or one that only follows from a callee's failure (also dropped).
   * Refusals are counted by id either way.
   */
  private static String classify(
      Method m, List<String> diagnostics, Set<String> dropped, Stats stats) {
    String kind = null;
    boolean calleeFailed =
        m.callees().stream()
            .anyMatch(c -> !c.equals(m.name()) && dropped.contains(m.className() + "." + c));
    for (String d : diagnostics) {
      Matcher id = ID.matcher(d);
      String k;
      if (d.contains("Derivatives.java")) {
        k = d.trim().startsWith("WARNING") || d.trim().startsWith("MANDATORY_WARNING")
            ? WARNING
            : UNCOMPILABLE;
      } else if (id.find()) {
        String adj = id.group();
        if (adj.equals("ADJ003")) {
          k = CRASH;
        } else {
          stats.refusals.merge(adj, 1, Integer::sum);
          k = DOCUMENTED_LIMITS.contains(adj) || calleeFailed ? null : REFUSAL + " " + adj;
        }
      } else {
        k = d.trim().startsWith("ERROR") ? UNCOMPILABLE : WARNING;
      }
      if (k != null && (kind == null || rank(k) < rank(kind))) {
        kind = k;
      }
    }
    return kind;
  }

  /** Which kind names a method's failure when it has several: the gravest. */
  private static int rank(String kind) {
    return kind.equals(CRASH) ? 0 : kind.equals(UNCOMPILABLE) ? 1 : kind.startsWith(REFUSAL) ? 2 : 3;
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
    /** Generated methods (the helper class's not counted). */
    int programs;

    /** Methods checked (the helper class's counted in each batch), vector-valued among them. */
    int methods;

    int vectorMethods;
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

    /** Points of vector-valued methods, and those skipped at kinks. */
    int vectorPoints;

    int vectorSkipped;

    /** The largest |JV - FD| / max(1, |FD|) or |uJ - FD| / max(1, |FD|). */
    double worstJacobian;

    /** The largest |forward - reverse| relative to the sum of the magnitudes of the terms. */
    double worstForwardReverse;

    /** Runs of calls made as statements (counted in the original, at the points checked). */
    long discardedCalls;

    /** Refusals (errors with an id on a generated method) by id. */
    final Map<String, Integer> refusals = new TreeMap<>();

    String summary(long seed, int batches, Failures failures, double seconds) {
      return String.format(
          Locale.ROOT,
          "RandomProgramsTest seed %d%s: %d programs, %d methods checked (%d vector-valued);"
              + " first order: %d points, %d checked against finite differences, %d skipped"
              + " (differences at h and h/2 disagree), worst relative AD-FD %.1e, worst forward"
              + " against reverse %.1e; second order: %d methods, %d points, %d checked against"
              + " differences of the gradient, %d skipped, worst relative HV-FD %.1e; Jacobians:"
              + " %d points, %d checked, %d skipped, worst relative %.1e; calls made as"
              + " statements ran %d times in the originals (each generated kind checked to run"
              + " them as often);"
              + " refusals by id %s (%s are documented limits, other ids failures); %d"
              + " failures %s; %.1f s",
          seed,
          batches > 1 ? " to " + (seed + batches - 1) + " (" + batches + " batches)" : "",
          programs,
          methods,
          vectorMethods,
          points,
          points - skipped,
          skipped,
          worst,
          worstForwardReverse,
          secondOrderMethods,
          secondOrderPoints,
          secondOrderPoints - secondOrderSkipped,
          secondOrderSkipped,
          worstHessian,
          vectorPoints,
          vectorPoints - vectorSkipped,
          vectorSkipped,
          worstJacobian,
          discardedCalls,
          refusals,
          String.join(", ", new java.util.TreeSet<>(DOCUMENTED_LIMITS)),
          failures.count,
          failures.byKind,
          seconds);
    }
  }

  /** A method and its generated companion methods, ready to call. */
  static final class Target {
    final Method spec;

    /** The receiver of an instance method (its class's fields at their initial values), or null. */
    final Object receiver;

    final java.lang.reflect.Method original;

    /** Of a method returning a number: the gradients and the forward derivative. */
    final java.lang.reflect.Method gradient;

    final java.lang.reflect.Method newGradient;
    final java.lang.reflect.Method derivative;

    /** {@code mHessianVector(P..., v, grad, hv)} and {@code mHessian(P...)}; null if order = 1. */
    final java.lang.reflect.Method hessianVector;

    /** {@code mHessianVectors(P..., vs, grad, hvs)}; null if order = 1. */
    final java.lang.reflect.Method hessianVectors;

    final java.lang.reflect.Method hessian;

    /** {@code mSparsity(tracer, P'...)}: the tracing sweep over index sets. */
    final java.lang.reflect.Method sparsity;

    /** Of a method returning {@code double[]}: its Jacobian products and Jacobian; else null. */
    final java.lang.reflect.Method jacobianVector;

    final java.lang.reflect.Method vectorJacobian;
    final java.lang.reflect.Method jacobianVectors;
    final java.lang.reflect.Method jacobian;

    /** {@code mHessianEdges(edges, P...)}, where the method has it; else null. */
    final java.lang.reflect.Method edges;

    /** {@code mHessianSparse} (order 2) or {@code mJacobianSparse}: new, and refill; else null. */
    final java.lang.reflect.Method newSparse;

    final java.lang.reflect.Method refillSparse;

    /** The counter of the helpers called as statements ({@code Helpers.touched}). */
    final Field touched;

    /** The second-order methods an order = 1 method's companion has nonetheless (a bug). */
    final List<String> unexpected = new ArrayList<>();

    /** Each slot of the gradient: {parameter index, element index or -1}. */
    final List<int[]> slots = new ArrayList<>();

    Target(Method spec, ClassLoader loader) throws ReflectiveOperationException {
      this.spec = spec;
      Class<?> cls = loader.loadClass(spec.qualifiedClassName());
      Class<?> companion = loader.loadClass(spec.qualifiedClassName() + "Derivatives");
      java.lang.reflect.Method recording = null;
      for (java.lang.reflect.Method m : companion.getDeclaredMethods()) {
        if (m.getName().equals(spec.name() + "HessianEdges")) {
          recording = accessible(m);
        }
      }
      edges = recording;
      touched =
          loader
              .loadClass(ProgramGenerator.PACKAGE + "." + ProgramGenerator.HELPERS)
              .getField("touched");
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
      java.lang.reflect.Method found = null;
      for (java.lang.reflect.Method m : companion.getDeclaredMethods()) {
        if (m.getName().equals(spec.name() + "Sparsity") && m.getParameterCount() == plain.length + 1) {
          found = accessible(m);
        }
      }
      sparsity = found;
      types.add(double[].class);
      Class<?>[] withArray = types.toArray(new Class<?>[0]);
      types.add(double[].class);
      Class<?>[] withTwo = types.toArray(new Class<?>[0]);
      types.add(double[].class);
      Class<?>[] withThree = types.toArray(new Class<?>[0]);
      if (spec.vector()) {
        gradient = null;
        newGradient = null;
        derivative = null;
        hessianVector = null;
        hessianVectors = null;
        hessian = null;
        jacobianVector = accessible(companion.getDeclaredMethod(spec.name() + "JacobianVector", withTwo));
        vectorJacobian = accessible(companion.getDeclaredMethod(spec.name() + "VectorJacobian", withTwo));
        Class<?>[] vectors = withTwo.clone();
        vectors[vectors.length - 2] = double[][].class;
        vectors[vectors.length - 1] = double[][].class;
        jacobianVectors = accessible(companion.getDeclaredMethod(spec.name() + "JacobianVectors", vectors));
        jacobian = accessible(companion.getDeclaredMethod(spec.name() + "Jacobian", plain));
        newSparse = accessible(companion.getDeclaredMethod(spec.name() + "JacobianSparse", plain));
        Class<?>[] refill = Arrays.copyOf(plain, plain.length + 1);
        refill[plain.length] = SparseJacobian.class;
        refillSparse = accessible(companion.getDeclaredMethod(spec.name() + "JacobianSparse", refill));
        for (java.lang.reflect.Method m : companion.getDeclaredMethods()) {
          for (String scalarKind : List.of("Gradient", "Derivative", "HessianVector", "Hessian")) {
            if (m.getName().equals(spec.name() + scalarKind)) {
              unexpected.add(m.toGenericString());
            }
          }
        }
        return;
      }
      jacobianVector = null;
      vectorJacobian = null;
      jacobianVectors = null;
      jacobian = null;
      gradient = accessible(companion.getDeclaredMethod(spec.name() + "Gradient", withArray));
      newGradient = accessible(companion.getDeclaredMethod(spec.name() + "Gradient", plain));
      derivative = accessible(companion.getDeclaredMethod(spec.name() + "Derivative", withArray));
      if (spec.secondOrder()) {
        hessianVector =
            accessible(companion.getDeclaredMethod(spec.name() + "HessianVector", withThree));
        Class<?>[] vectors = withThree.clone();
        vectors[vectors.length - 3] = double[][].class;
        vectors[vectors.length - 1] = double[][].class;
        hessianVectors =
            accessible(companion.getDeclaredMethod(spec.name() + "HessianVectors", vectors));
        hessian = accessible(companion.getDeclaredMethod(spec.name() + "Hessian", plain));
        newSparse = accessible(companion.getDeclaredMethod(spec.name() + "HessianSparse", plain));
        Class<?>[] refill = Arrays.copyOf(plain, plain.length + 2);
        refill[plain.length] = double[].class;
        refill[plain.length + 1] = SparseHessian.class;
        refillSparse = accessible(companion.getDeclaredMethod(spec.name() + "HessianSparse", refill));
      } else {
        hessianVector = null;
        hessianVectors = null;
        hessian = null;
        newSparse = null;
        refillSparse = null;
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

    /** What a vector-valued original returns at {@code x}. */
    double[] vectorValue(Object[] x) throws ReflectiveOperationException {
      return (double[]) original.invoke(receiver, copy(x));
    }

    /** {@code u · f(x)} of a vector-valued original (u at least as long as f). */
    double weighted(Object[] x, double[] u) throws ReflectiveOperationException {
      double[] f = vectorValue(x);
      double s = 0;
      for (int i = 0; i < f.length; i++) {
        s += u[i] * f[i];
      }
      return s;
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

    /**
     * Calls {@code mSparsity} at the shapes and data of {@code args}, each differentiated
     * argument replaced by the handles of its inputs, numbered as the gradient numbers them.
     */
    Object trace(dev.adjoint.runtime.SparsityTracer tracer, Object[] args)
        throws ReflectiveOperationException {
      List<Object> all = new ArrayList<>();
      all.add(tracer);
      if (spec.instance()) {
        all.add(receiver);
      }
      int offset = 0;
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (!spec.wrt().contains(spec.params().get(i).name())) {
          all.add(a);
        } else if (a instanceof double[] v) {
          all.add(tracer.inputs(offset, v.length));
          offset += v.length;
        } else if (a instanceof double[][] matrix) {
          all.add(tracer.inputs(offset, matrix));
          for (double[] row : matrix) {
            offset += row.length;
          }
        } else {
          all.add(tracer.input(offset++));
        }
      }
      return sparsity.invoke(null, all.toArray());
    }

    void resetTouches() throws IllegalAccessException {
      touched.setInt(null, 0);
    }

    int touches() throws IllegalAccessException {
      return touched.getInt(null);
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

    /**
     * The fourth-order central difference of a vector-valued original along {@code v} with step
     * {@code h}: the Jacobian times {@code v}, if the function is smooth there; null if the output
     * length changes on the way.
     */
    double[] vectorDifference(Object[] x, double[] v, double h, int outputs)
        throws ReflectiveOperationException {
      double[] out = new double[outputs];
      double[] weights = {1, -8, 8, -1};
      double[] steps = {-2 * h, -h, h, 2 * h};
      for (int k = 0; k < 4; k++) {
        double[] f = vectorValue(shifted(x, v, steps[k]));
        if (f.length != outputs) {
          return null;
        }
        for (int i = 0; i < outputs; i++) {
          out[i] += weights[k] * f[i];
        }
      }
      for (int i = 0; i < outputs; i++) {
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

    /** The same of {@code u · f} for a vector-valued original. */
    double weightedDifference(Object[] x, double[] u, int[] slot, double h)
        throws ReflectiveOperationException {
      return (-weighted(moved(x, slot, 2 * h), u)
              + 8 * weighted(moved(x, slot, h), u)
              - 8 * weighted(moved(x, slot, -h), u)
              + weighted(moved(x, slot, -2 * h), u))
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
   * Checks {@code spec} on a thread of its own: each thread has its own {@link Tape} and {@link
   * Workspace}, so a gradient that leaves them unbalanced (or throws halfway) cannot disturb the
   * methods checked after.
   */
  private void checkInOwnThread(
      Method spec, ClassLoader loader, Random random, Stats stats, Failures failures)
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
                failures.add(THREW, "=== " + spec.id() + " ===\n" + spec.text() + "  threw " + e + "\n");
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
      Method spec, ClassLoader loader, Random random, Stats stats, Failures failures)
      throws ReflectiveOperationException {
    stats.methods++;
    Target t = new Target(spec, loader);
    if (!t.unexpected.isEmpty()) {
      failures.add(
          UNCOMPILABLE,
          "=== "
              + spec.id()
              + " ===\n"
              + spec.text()
              + "  "
              + (spec.vector() ? "returns double[]" : "is order = 1")
              + " but its companion has "
              + String.join(", ", t.unexpected)
              + "\n");
      return;
    }
    if (spec.vector()) {
      stats.vectorMethods++;
    } else if (t.hessianVector != null) {
      stats.secondOrderMethods++;
    }
    for (int p = 0; p < POINTS; p++) {
      Object[] x = t.sample(random);
      List<Problem> problems = new ArrayList<>();
      try {
        if (spec.vector()) {
          stats.vectorPoints++;
          if (!checkVectorPoint(t, x, random, problems, stats)) {
            stats.vectorSkipped++;
          }
        } else {
          stats.points++;
          if (!checkPoint(t, x, random, problems, stats)) {
            stats.skipped++;
          }
          if (t.hessianVector != null && problems.isEmpty()) {
            stats.secondOrderPoints++;
            if (!checkSecondOrder(t, x, random, problems, stats)) {
              stats.secondOrderSkipped++;
            }
          }
        }
      } catch (InvocationTargetException e) {
        problems.add(new Problem(THREW, "threw " + stackTrace(e.getCause())));
      }
      if (p == 0 && problems.isEmpty()) {
        checkShortArrays(t, x, problems);
      }
      if (!problems.isEmpty()) {
        failures.add(problems.get(0).kind(), report(t, x, problems));
        return; // one failing point per method is enough
      }
    }
  }

  /**
   * (e) A grad or direction shorter than N is an IllegalArgumentException; (i) so is a v, grad or
   * hv shorter than N given to mHessianVector; (n) and a v or vj shorter than N, or a jv or u
   * shorter than M, given to the Jacobian products.
   */
  private static void checkShortArrays(Target t, Object[] x, List<Problem> problems)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    if (t.spec.vector()) {
      int m = t.vectorValue(x).length;
      if (m == 0) {
        return;
      }
      String[] names = {"v", "jv"};
      int[] lengths = {n, m};
      for (java.lang.reflect.Method method : List.of(t.jacobianVector, t.vectorJacobian)) {
        for (int k = 0; k < 2; k++) {
          double[][] arrays = {new double[lengths[0]], new double[lengths[1]]};
          arrays[k] = new double[lengths[k] - 1];
          expectIllegalArgument(t, method, x, problems, names[k], (Object[]) arrays);
        }
        names = new String[] {"u", "vj"};
        lengths = new int[] {m, n};
      }
      return;
    }
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
      List<Problem> problems,
      String what,
      Object... arrays)
      throws ReflectiveOperationException {
    int start = Tape.get().size();
    String shorter = what + " one element too short";
    try {
      t.call(m, copy(x), arrays);
      problems.add(new Problem(LENGTHS, m.getName() + " accepted " + shorter));
    } catch (InvocationTargetException e) {
      if (!(e.getCause() instanceof IllegalArgumentException)) {
        problems.add(
            new Problem(
                LENGTHS, m.getName() + " given " + shorter + " threw " + stackTrace(e.getCause())));
      }
    }
    // A rejected output array leaves the tape as it was (generated methods release in finally).
    if (Tape.get().size() != start) {
      problems.add(
          new Problem(
              UNBALANCED,
              m.getName()
                  + " given "
                  + shorter
                  + " left the tape at "
                  + Tape.get().size()
                  + " entries instead of "
                  + start));
    }
  }

  /**
   * Whether the calls made as statements ran as often in {@code what} as {@code expected}; a
   * problem if not.
   */
  private static void expectTouches(Target t, String what, long expected, List<Problem> problems)
      throws IllegalAccessException {
    int ran = t.touches();
    // FIXED (DeadCallDroppedWithItsEffectsTest): a call whose value nobody reads once was dropped
    // as dead code with the counted calls its callee makes; no run is tolerated missing now.
    if (ran != expected) {
      problems.add(
          new Problem(
              CALLS,
              what
                  + " ran the helpers called as statements (Helpers.touch, Helpers.note) "
                  + ran
                  + " times, but "
                  + expected
                  + " is what the original does"));
    }
  }

  /** A problem if the tape or the workspace of this thread is not where it was. */
  private static boolean balanced(
      String what, int tapeBefore, int workspaceBefore, List<Problem> problems) {
    if (Tape.get().size() != tapeBefore || workspaceLevel() != workspaceBefore) {
      problems.add(
          new Problem(
              UNBALANCED,
              what
                  + " left its thread's tape at "
                  + Tape.get().size()
                  + " entries (it had "
                  + tapeBefore
                  + ") and the workspace at "
                  + workspaceLevel()
                  + " (it was "
                  + workspaceBefore
                  + "): a generated method must pop what it pushed"));
      return false;
    }
    return true;
  }

  /** Checks one point; false if it was skipped as a kink (the other checks are still made). */
  private boolean checkPoint(
      Target t, Object[] x, Random random, List<Problem> problems, Stats stats)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    t.resetTouches();
    double value = t.value(x);
    int touches = t.touches();
    stats.discardedCalls += touches;
    if (!Double.isFinite(value)) {
      problems.add(
          new Problem(
              GENERATOR,
              "the original returns " + value + ": a generator bug, values must stay finite"));
      return true;
    }

    // (a) The filling gradient: exact value, every slot written, arguments untouched.
    double[] grad = new double[n + 2];
    Arrays.fill(grad, 12345.0);
    Object[] args = copy(x);
    t.resetTouches();
    int tapeBefore = Tape.get().size();
    int workspaceBefore = workspaceLevel();
    double returned = (Double) t.call(t.gradient, args, grad);
    expectTouches(t, "mGradient", touches, problems);
    if (!(returned == value)) {
      problems.add(
          new Problem(
              WRONG_VALUE, "mGradient returned " + returned + " but the original returns " + value));
    }
    if (!sameArguments(args, x)) {
      problems.add(new Problem(MODIFIED, "mGradient modified its arguments: " + point(t, args)));
    }
    if (grad[n] != 12345.0 || grad[n + 1] != 12345.0) {
      problems.add(
          new Problem(LENGTHS, "mGradient wrote beyond grad[" + n + "): " + Arrays.toString(grad)));
    }
    if (!balanced("mGradient", tapeBefore, workspaceBefore, problems)) {
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
              new Problem(
                  WRONG_GRADIENT,
                  String.format(
                      Locale.ROOT,
                      "gradient[%d] (%s): AD %.17g, FD %.17g (FD at h/2 %.17g), difference %.3g",
                      i,
                      slotName(t, i),
                      grad[i],
                      fd[i],
                      fdHalf[i],
                      grad[i] - fd[i])));
        }
      }
    }

    // (c) The allocating gradient.
    args = copy(x);
    t.resetTouches();
    double[] fresh = (double[]) t.call(t.newGradient, args);
    expectTouches(t, "mGradient(P...)", touches, problems);
    if (fresh.length != n || !Arrays.equals(fresh, Arrays.copyOf(grad, n))) {
      problems.add(
          new Problem(
              WRONG_GRADIENT,
              "mGradient(P...) returned "
                  + Arrays.toString(fresh)
                  + " but mGradient(P..., grad) wrote "
                  + Arrays.toString(Arrays.copyOf(grad, n))));
    }

    // (d) Forward mode against reverse: mDerivative along a direction against grad · direction.
    double[] direction = new double[n];
    for (int i = 0; i < n; i++) {
      direction[i] =
          (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(t.coordinate(x, t.slots.get(i))));
    }
    double[] directionCopy = direction.clone();
    args = copy(x);
    t.resetTouches();
    tapeBefore = Tape.get().size();
    workspaceBefore = workspaceLevel();
    double forward = (Double) t.call(t.derivative, args, direction);
    expectTouches(t, "mDerivative", touches, problems);
    balanced("mDerivative", tapeBefore, workspaceBefore, problems);
    if (!Arrays.equals(direction, directionCopy) || !sameArguments(args, x)) {
      problems.add(new Problem(MODIFIED, "mDerivative modified its arguments"));
    }
    double dot = 0;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      dot += grad[i] * directionCopy[i];
      scale += Math.abs(grad[i] * directionCopy[i]);
    }
    double forwardError = Math.abs(forward - dot) / Math.max(1, scale);
    if (forwardError < Double.POSITIVE_INFINITY) {
      stats.worstForwardReverse = Math.max(stats.worstForwardReverse, forwardError);
    }
    if (!(forwardError <= DOT_TOLERANCE)) {
      problems.add(
          new Problem(
              FORWARD_REVERSE,
              String.format(
                  Locale.ROOT,
                  "mDerivative along %s: %.17g, but grad · direction = %.17g (grad %s)",
                  Arrays.toString(directionCopy),
                  forward,
                  dot,
                  Arrays.toString(Arrays.copyOf(grad, n)))));
    }
    return smooth;
  }

  /**
   * (f) to (h): the Hessian-vector product and the Hessian at {@code x}; false if the comparison
   * with differences of the gradient was skipped as a kink (the other checks are still made).
   */
  private boolean checkSecondOrder(
      Target t, Object[] x, Random random, List<Problem> problems, Stats stats)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    t.resetTouches();
    double value = t.value(x);
    int touches = t.touches();
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
    int workspaceBefore = workspaceLevel();
    t.resetTouches();
    double returned = (Double) t.call(t.hessianVector, args, v, grad, hv);
    expectTouches(t, "mHessianVector", touches, problems);
    if (!(returned == value)) {
      problems.add(
          new Problem(
              WRONG_VALUE,
              "mHessianVector returned " + returned + " but the original returns " + value));
    }
    if (!sameArguments(args, x) || !Arrays.equals(v, vCopy)) {
      problems.add(
          new Problem(
              MODIFIED,
              "mHessianVector modified its arguments or v: "
                  + point(t, args)
                  + ", v = "
                  + Arrays.toString(v)));
    }
    if (grad[n] != 12345.0 || grad[n + 1] != 12345.0 || hv[n] != 12345.0 || hv[n + 1] != 12345.0) {
      problems.add(
          new Problem(
              LENGTHS,
              "mHessianVector wrote beyond grad or hv["
                  + n
                  + "): grad "
                  + Arrays.toString(grad)
                  + ", hv "
                  + Arrays.toString(hv)));
    }
    for (int i = 0; i < n; i++) {
      if (Double.doubleToRawLongBits(grad[i]) != Double.doubleToRawLongBits(gradient[i])) {
        problems.add(
            new Problem(
                WRONG_HESSIAN_VECTOR,
                String.format(
                    Locale.ROOT,
                    "mHessianVector's grad[%d] (%s) is %.17g but mGradient's is %.17g",
                    i,
                    slotName(t, i),
                    grad[i],
                    gradient[i])));
      }
    }
    if (!balanced("mHessianVector", tapeBefore, workspaceBefore, problems)) {
      return true;
    }

    // (f') All directions in one sweep: v between two others gives what v alone gives.
    // Their own generator: the points and directions of the other checks stay as they were.
    java.util.Random others = new java.util.Random(31L * n + 7);
    double[][] vs = new double[3][n];
    for (int i = 0; i < n; i++) {
      vs[0][i] = 2 * others.nextDouble() - 1;
      vs[1][i] = vCopy[i];
      vs[2][i] = 2 * others.nextDouble() - 1;
    }
    double[][] hvs = new double[3][n];
    double[] lanesGrad = new double[n];
    t.resetTouches();
    double lanesReturned = (Double) t.call(t.hessianVectors, copy(x), vs, lanesGrad, hvs);
    // One sweep runs the calls made as statements once; where the product is not in lanes, the
    // fallback runs one product per direction.
    int lanesTouches = t.touches();
    boolean inLanes = lanesTouches == touches;
    if (!inLanes && lanesTouches != 3 * touches) {
      problems.add(
          new Problem(
              CALLS,
              "mHessianVectors with 3 directions ran the calls made as statements " + lanesTouches
                  + " times, the original " + touches));
    }
    // 32 unit directions per sweep (emit.SecondOrderMethods.HESSIAN_CHUNK).
    long hessianSweeps = inLanes ? (n + 31) / 32 : n;
    if (!(lanesReturned == value) || !Arrays.equals(lanesGrad, Arrays.copyOf(gradient, n))) {
      problems.add(
          new Problem(
              WRONG_HESSIAN_VECTOR,
              "mHessianVectors returned " + lanesReturned + " and grad " + Arrays.toString(lanesGrad)
                  + " but the original returns " + value + ", mGradient " + Arrays.toString(gradient)));
    }
    for (int i = 0; i < n; i++) {
      if (!(Math.abs(hvs[1][i] - hv[i]) <= 1e-12 * Math.max(1, Math.abs(hv[i])))) {
        problems.add(
            new Problem(
                WRONG_HESSIAN_VECTOR,
                String.format(
                    Locale.ROOT,
                    "%smHessianVectors' hvs[1][%d] is %.17g but mHessianVector's hv[%d] is %.17g",
                    along,
                    i,
                    hvs[1][i],
                    i,
                    hv[i])));
      }
    }
    if (!balanced("mHessianVectors", tapeBefore, workspaceBefore, problems)) {
      return true;
    }
    // The other lanes against one product each: a lane mixed up with its neighbour shows here.
    for (int j : new int[] {0, 2}) {
      double[] one = new double[n];
      t.call(t.hessianVector, copy(x), vs[j].clone(), new double[n], one);
      for (int i = 0; i < n; i++) {
        if (!(Math.abs(hvs[j][i] - one[i]) <= 1e-12 * Math.max(1, Math.abs(one[i])))) {
          problems.add(
              new Problem(
                  WRONG_HESSIAN_VECTOR,
                  String.format(
                      Locale.ROOT,
                      "mHessianVectors' hvs[%d][%d] is %.17g but mHessianVector's along vs[%d] is %.17g",
                      j,
                      i,
                      hvs[j][i],
                      j,
                      one[i])));
        }
      }
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
      double[] fine = null;
      for (int i = 0; i < n; i++) {
        double error = Math.abs(hv[i] - fd[i]) / Math.max(1, Math.abs(fd[i]));
        if (!(error <= TOLERANCE) && fine == null) {
          // A branch boundary closer than the step bends the differences at h and h/2 alike
          // (seed 7019 Gen26.m7: a value that is 1e-4 from 0 decides a branch): the derivative is
          // their limit, so where differences at steps 10^3 or 10^4 times finer agree, they decide.
          for (double finer : new double[] {1e3, 1e4}) {
            fine = t.gradientDifference(x, v, STEP / finer);
            double[] fineHalf = t.gradientDifference(x, v, STEP / finer / 2);
            for (int j = 0; j < n && fine != null; j++) {
              if (!(Math.abs(fine[j] - fineHalf[j])
                  <= SMOOTHNESS * Math.max(1, Math.abs(fine[j])))) {
                fine = null;
              }
            }
            if (fine != null) {
              break;
            }
          }
          if (fine == null) {
            fine = fd;
          }
        }
        if (fine != null && fine != fd) {
          error = Math.abs(hv[i] - fine[i]) / Math.max(1, Math.abs(fine[i]));
        }
        if (error < Double.POSITIVE_INFINITY) {
          stats.worstHessian = Math.max(stats.worstHessian, error);
        }
        if (!(error <= TOLERANCE)) {
          problems.add(
              new Problem(
                  WRONG_HESSIAN_VECTOR,
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
                      hv[i] - fd[i])));
        }
      }
    }

    // (h) The dense Hessian: symmetric, and its product with v is hv; N products, N sweeps.
    args = copy(x);
    t.resetTouches();
    double[][] hessian = (double[][]) t.call(t.hessian, args);
    expectTouches(
        t, "mHessian (" + hessianSweeps + " sweeps of mHessianVectors)", hessianSweeps * touches, problems);
    if (!sameArguments(args, x)) {
      problems.add(new Problem(MODIFIED, "mHessian modified its arguments: " + point(t, args)));
    }
    balanced("mHessian", tapeBefore, workspaceBefore, problems);
    if (hessian.length != n || Arrays.stream(hessian).anyMatch(row -> row.length != n)) {
      problems.add(
          new Problem(
              WRONG_HESSIAN, "mHessian is not " + n + " x " + n + ": " + Arrays.deepToString(hessian)));
      return smooth;
    }
    // (i) Every entry of the Hessian that is not zero lies in the pattern mSparsity traces.
    dev.adjoint.runtime.SparsityTracer tracer = new dev.adjoint.runtime.SparsityTracer(n);
    t.trace(tracer, copy(x));
    dev.adjoint.runtime.SparseHessian pattern = tracer.hessian(0L);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        if (hessian[i][j] != 0.0
            && Arrays.binarySearch(
                    pattern.rowIndices(), pattern.columnStarts()[j], pattern.columnStarts()[j + 1], i)
                < 0) {
          problems.add(
              new Problem(
                  WRONG_PATTERN,
                  String.format(
                      Locale.ROOT, "H[%d][%d] = %.17g is outside mSparsity's pattern", i, j, hessian[i][j])));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (Double.compare(hessian[i][j], hessian[j][i]) != 0) {
          problems.add(
              new Problem(
                  WRONG_HESSIAN,
                  String.format(
                      Locale.ROOT,
                      "mHessian is not symmetric: H[%d][%d] = %.17g, H[%d][%d] = %.17g",
                      i,
                      j,
                      hessian[i][j],
                      j,
                      i,
                      hessian[j][i])));
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
            new Problem(
                WRONG_HESSIAN,
                String.format(
                    Locale.ROOT,
                    "%srow %d of mHessian times v is %.17g but mHessianVector gives %.17g (row %s)",
                    along,
                    i,
                    product,
                    hv[i],
                    Arrays.toString(hessian[i]))));
      }
    }

    // (h') The sparse Hessian, made at x and refilled there: mHessian's entries to rounding.
    SparseHessian sparse = (SparseHessian) t.call(t.newSparse, copy(x));
    sameSparse("mHessianSparse(P...)", hessian, sparse.toDense(), problems);
    double[] sparseGrad = new double[n];
    double refilled = (Double) t.call(t.refillSparse, copy(x), sparseGrad, sparse);
    // Colouring's gradient is mGradient's, bit for bit; edge pushing's sums in its own order (a
    // call's partials through the callee's statements), so to rounding, as in (h'').
    boolean sameGradient =
        sparse.route() == dev.adjoint.HessianRoute.EDGE_PUSHING
            ? closeGradient(sparseGrad, gradient)
            : Arrays.equals(sparseGrad, gradient);
    if (!sameValue(refilled, value) || !sameGradient) {
      problems.add(
          new Problem(
              WRONG_VALUE,
              "mHessianSparse returned " + refilled + " and " + Arrays.toString(sparseGrad)
                  + ", not " + value + " and mGradient's " + Arrays.toString(gradient)));
    }
    sameSparse("mHessianSparse(P..., grad, h)", hessian, sparse.toDense(), problems);
    balanced("mHessianSparse", tapeBefore, workspaceBefore, problems);
    checkEdges(t, x, hessian, value, gradient, touches, problems);
    return smooth;
  }

  /**
   * (h'') Where the method has {@code mHessianEdges}: its recording, pushed into the pattern of
   * {@code mHessianSparse}, gives mHessian's entries to rounding, mGradient's gradient and the
   * value, running the calls made as statements once.
   */
  private static void checkEdges(
      Target t, Object[] x, double[][] hessian, double value, double[] gradient, int touches,
      List<Problem> problems) throws ReflectiveOperationException {
    if (t.edges == null) {
      return;
    }
    int n = gradient.length;
    SparseHessian h = (SparseHessian) t.call(t.newSparse, copy(x));
    Arrays.fill(h.values(), Double.NaN);
    dev.adjoint.runtime.EdgePushing edges = new dev.adjoint.runtime.EdgePushing();
    edges.begin(n);
    List<Object> all = new ArrayList<>();
    all.add(edges);
    if (t.spec.instance()) {
      all.add(t.receiver);
    }
    all.addAll(Arrays.asList(copy(x)));
    t.resetTouches();
    double recorded = (Double) t.edges.invoke(null, all.toArray());
    expectTouches(t, "mHessianEdges", touches, problems);
    double[] grad = new double[n];
    try {
      edges.finish(grad, h);
    } catch (IllegalStateException e) {
      problems.add(new Problem(WRONG_HESSIAN, "edge pushing: " + e.getMessage()));
      return;
    }
    if (!closeGradient(grad, gradient)) {
      problems.add(
          new Problem(
              WRONG_GRADIENT,
              "edge pushing's gradient " + Arrays.toString(grad) + ", mGradient's " + Arrays.toString(gradient)));
    }
    if (!sameValue(recorded, value)) {
      problems.add(new Problem(WRONG_VALUE, "mHessianEdges returned " + recorded + ", not " + value));
    }
    sameSparse("mHessianEdges pushed into mHessianSparse's pattern", hessian, h.toDense(), problems);
  }

  /** Edge pushing's gradient against mGradient's: equal, or to rounding of the largest entry. */
  private static boolean closeGradient(double[] grad, double[] gradient) {
    double scale = 1;
    for (double g : gradient) {
      scale = Double.isFinite(g) ? Math.max(scale, Math.abs(g)) : scale;
    }
    for (int i = 0; i < gradient.length; i++) {
      if (!(sameValue(grad[i], gradient[i]) || Math.abs(grad[i] - gradient[i]) <= 1e-10 * scale)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameValue(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  /** Each entry of a sparse matrix against the dense one, to rounding of the largest entry. */
  private static void sameSparse(String what, double[][] dense, double[][] sparse, List<Problem> problems) {
    double scale = 1;
    for (double[] row : dense) {
      for (double e : row) {
        if (Double.isFinite(e)) {
          scale = Math.max(scale, Math.abs(e));
        }
      }
    }
    for (int i = 0; i < dense.length; i++) {
      for (int j = 0; j < dense[i].length; j++) {
        double d = dense[i][j];
        double e = sparse[i][j];
        if (!(sameValue(d, e) || Math.abs(d - e) <= 1e-10 * scale)) {
          problems.add(
              new Problem(
                  what.startsWith("mHessian") ? WRONG_HESSIAN : WRONG_JACOBIAN,
                  String.format(
                      Locale.ROOT, "%s (%d, %d) is %.17g but the dense matrix's is %.17g", what, i, j, e, d)));
          return;
        }
      }
    }
  }

  /**
   * (j) to (m), for a method returning {@code double[]}, f from N inputs to M outputs: its
   * Jacobian products and Jacobian at {@code x}; false if the comparison with differences was
   * skipped at a kink (the other checks are still made).
   */
  private boolean checkVectorPoint(
      Target t, Object[] x, Random random, List<Problem> problems, Stats stats)
      throws ReflectiveOperationException {
    int n = t.slots.size();
    t.resetTouches();
    double[] f = t.vectorValue(x);
    int touches = t.touches();
    stats.discardedCalls += touches;
    int m = f.length;
    for (double fi : f) {
      if (!Double.isFinite(fi)) {
        problems.add(
            new Problem(
                GENERATOR,
                "the original returns "
                    + Arrays.toString(f)
                    + ": a generator bug, values must stay finite"));
        return true;
      }
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(t.coordinate(x, t.slots.get(i))));
    }
    double[] u = new double[m];
    for (int i = 0; i < m; i++) {
      u[i] = 2 * random.nextDouble() - 1;
    }
    double[] vCopy = v.clone();
    double[] uCopy = u.clone();

    // (j) mJacobianVector: f exactly, J·v into jv[0..M) and nothing beyond, arguments untouched.
    double[] jv = new double[m + 2];
    Arrays.fill(jv, 12345.0);
    Object[] args = copy(x);
    t.resetTouches();
    int tapeBefore = Tape.get().size();
    int workspaceBefore = workspaceLevel();
    double[] value = (double[]) t.call(t.jacobianVector, args, v, jv);
    expectTouches(t, "mJacobianVector", touches, problems);
    checkProduct(
        "mJacobianVector", value, f, sameArguments(args, x) && Arrays.equals(v, vCopy), "v", jv, m,
        problems);
    if (!balanced("mJacobianVector", tapeBefore, workspaceBefore, problems)) {
      return true;
    }

    // (j') All directions in one sweep: v between two others gives what v alone gives, with
    // their own generator so the other checks' points and directions stay as they were.
    java.util.Random others = new java.util.Random(31L * n + 7);
    double[][] vs = new double[3][n];
    for (int i = 0; i < n; i++) {
      vs[0][i] = 2 * others.nextDouble() - 1;
      vs[1][i] = vCopy[i];
      vs[2][i] = 2 * others.nextDouble() - 1;
    }
    double[][] jvs = new double[3][m];
    args = copy(x);
    t.resetTouches();
    value = (double[]) t.call(t.jacobianVectors, args, vs, jvs);
    // One sweep runs the calls made as statements once; the fallback once per direction.
    int lanesTouches = t.touches();
    boolean inLanes = lanesTouches == touches;
    if (!inLanes && lanesTouches != 3 * touches) {
      problems.add(
          new Problem(
              CALLS,
              "mJacobianVectors with 3 directions ran the calls made as statements " + lanesTouches
                  + " times, the original " + touches));
    }
    if (!Arrays.equals(value, f) || !sameArguments(args, x)) {
      problems.add(
          new Problem(
              WRONG_JACOBIAN_VECTOR,
              "mJacobianVectors returned " + Arrays.toString(value) + " or changed its arguments;"
                  + " the original returns " + Arrays.toString(f)));
    }
    for (int i = 0; i < m; i++) {
      if (!(Math.abs(jvs[1][i] - jv[i]) <= 1e-12 * Math.max(1, Math.abs(jv[i])))) {
        problems.add(
            new Problem(
                WRONG_JACOBIAN_VECTOR,
                String.format(
                    Locale.ROOT,
                    "mJacobianVectors' jvs[1][%d] is %.17g but mJacobianVector's jv[%d] is %.17g",
                    i,
                    jvs[1][i],
                    i,
                    jv[i])));
      }
    }

    // (k) mVectorJacobian: f exactly, uᵀJ into vj[0..N); and forward against reverse.
    double[] vj = new double[n + 2];
    Arrays.fill(vj, 12345.0);
    args = copy(x);
    t.resetTouches();
    tapeBefore = Tape.get().size();
    workspaceBefore = workspaceLevel();
    value = (double[]) t.call(t.vectorJacobian, args, u, vj);
    expectTouches(t, "mVectorJacobian", touches, problems);
    checkProduct(
        "mVectorJacobian", value, f, sameArguments(args, x) && Arrays.equals(u, uCopy), "u", vj, n,
        problems);
    if (!balanced("mVectorJacobian", tapeBefore, workspaceBefore, problems)) {
      return true;
    }
    double forward = 0;
    double reverse = 0;
    double scale = 0;
    for (int i = 0; i < m; i++) {
      forward += u[i] * jv[i];
      scale += Math.abs(u[i] * jv[i]);
    }
    for (int i = 0; i < n; i++) {
      reverse += vj[i] * v[i];
      scale += Math.abs(vj[i] * v[i]);
    }
    double forwardError = Math.abs(forward - reverse) / Math.max(1, scale);
    if (forwardError < Double.POSITIVE_INFINITY) {
      stats.worstForwardReverse = Math.max(stats.worstForwardReverse, forwardError);
    }
    if (!(forwardError <= DOT_TOLERANCE)) {
      problems.add(
          new Problem(
              FORWARD_REVERSE,
              String.format(
                  Locale.ROOT,
                  "u · (J v) = %.17g by forward mode but (uᵀJ) · v = %.17g by reverse mode (u %s,"
                      + " v %s, J v %s, uᵀJ %s)",
                  forward,
                  reverse,
                  Arrays.toString(u),
                  Arrays.toString(v),
                  Arrays.toString(Arrays.copyOf(jv, m)),
                  Arrays.toString(Arrays.copyOf(vj, n)))));
    }

    // (l) Against differences of the original: J·v along v, uᵀJ coordinate by coordinate.
    boolean smooth = true;
    double[] fd = t.vectorDifference(x, v, STEP, m);
    double[] fdHalf = t.vectorDifference(x, v, STEP / 2, m);
    if (fd == null || fdHalf == null) {
      smooth = false;
    } else {
      for (int i = 0; i < m; i++) {
        if (!(Math.abs(fd[i] - fdHalf[i]) <= SMOOTHNESS * Math.max(1, Math.abs(fd[i])))) {
          smooth = false;
        }
      }
    }
    double[] fdU = new double[n];
    double[] fdUHalf = new double[n];
    for (int i = 0; i < n && smooth; i++) {
      int[] slot = t.slots.get(i);
      double h = STEP * Math.max(1, Math.abs(t.coordinate(x, slot)));
      fdU[i] = t.weightedDifference(x, u, slot, h);
      fdUHalf[i] = t.weightedDifference(x, u, slot, h / 2);
      if (!(Math.abs(fdU[i] - fdUHalf[i]) <= SMOOTHNESS * Math.max(1, Math.abs(fdU[i])))) {
        smooth = false;
      }
    }
    if (smooth) {
      for (int i = 0; i < m; i++) {
        double error = Math.abs(jv[i] - fd[i]) / Math.max(1, Math.abs(fd[i]));
        if (error < Double.POSITIVE_INFINITY) {
          stats.worstJacobian = Math.max(stats.worstJacobian, error);
        }
        if (!(error <= TOLERANCE)) {
          problems.add(
              new Problem(
                  WRONG_JACOBIAN_VECTOR,
                  String.format(
                      Locale.ROOT,
                      "along v = %s: (J v)[%d]: AD %.17g, FD %.17g (at h/2 %.17g), difference %.3g",
                      Arrays.toString(v),
                      i,
                      jv[i],
                      fd[i],
                      fdHalf[i],
                      jv[i] - fd[i])));
        }
      }
      for (int i = 0; i < n; i++) {
        double error = Math.abs(vj[i] - fdU[i]) / Math.max(1, Math.abs(fdU[i]));
        if (error < Double.POSITIVE_INFINITY) {
          stats.worstJacobian = Math.max(stats.worstJacobian, error);
        }
        if (!(error <= TOLERANCE)) {
          problems.add(
              new Problem(
                  WRONG_VECTOR_JACOBIAN,
                  String.format(
                      Locale.ROOT,
                      "u = %s: (uᵀJ)[%d] (%s): AD %.17g, FD of u · f %.17g (at h/2 %.17g),"
                          + " difference %.3g",
                      Arrays.toString(u),
                      i,
                      slotName(t, i),
                      vj[i],
                      fdU[i],
                      fdUHalf[i],
                      vj[i] - fdU[i])));
        }
      }
    }

    // (m) mJacobian: M x N, J v = jv and uᵀJ = vj; one call of the original, then products or sweeps.
    args = copy(x);
    t.resetTouches();
    tapeBefore = Tape.get().size();
    workspaceBefore = workspaceLevel();
    double[][] jacobian = (double[][]) t.call(t.jacobian, args);
    // One reverse product per row, or sweeps of 16 unit directions (JacobianMethods.JACOBIAN_CHUNK),
    // each one product per direction where the sweep is not in lanes.
    long products =
        dev.adjoint.runtime.DenseDerivatives.byRows(m, n, 16) ? m : inLanes ? (n + 15) / 16 : n;
    expectTouches(
        t,
        "mJacobian (the original once, then " + products + " Jacobian products or sweeps)",
        (long) touches * (1 + products),
        problems);
    if (!sameArguments(args, x)) {
      problems.add(new Problem(MODIFIED, "mJacobian modified its arguments: " + point(t, args)));
    }
    balanced("mJacobian", tapeBefore, workspaceBefore, problems);
    if (jacobian.length != m || Arrays.stream(jacobian).anyMatch(row -> row.length != n)) {
      problems.add(
          new Problem(
              WRONG_JACOBIAN,
              "mJacobian is not " + m + " x " + n + ": " + Arrays.deepToString(jacobian)));
      return smooth;
    }
    // (n) Every entry of the Jacobian that is not zero lies in its output's traced set.
    dev.adjoint.runtime.SparsityTracer tracer = new dev.adjoint.runtime.SparsityTracer(n);
    int[] outputs = (int[]) t.trace(tracer, copy(x));
    for (int i = 0; i < m; i++) {
      int[] deps = i < outputs.length ? tracer.dependencies(outputs[i]) : new int[0];
      for (int j = 0; j < n; j++) {
        if (jacobian[i][j] != 0.0 && Arrays.binarySearch(deps, j) < 0) {
          problems.add(
              new Problem(
                  WRONG_PATTERN,
                  String.format(
                      Locale.ROOT, "J[%d][%d] = %.17g is outside mSparsity's pattern", i, j, jacobian[i][j])));
        }
      }
    }
    for (int i = 0; i < m; i++) {
      double product = 0;
      double rowScale = 0;
      for (int j = 0; j < n; j++) {
        product += jacobian[i][j] * vCopy[j];
        rowScale += Math.abs(jacobian[i][j] * vCopy[j]);
      }
      if (!(Math.abs(product - jv[i]) <= DOT_TOLERANCE * Math.max(1, rowScale))) {
        problems.add(
            new Problem(
                WRONG_JACOBIAN,
                String.format(
                    Locale.ROOT,
                    "row %d of mJacobian times v is %.17g but mJacobianVector gives %.17g (row %s)",
                    i,
                    product,
                    jv[i],
                    Arrays.toString(jacobian[i]))));
      }
    }
    for (int j = 0; j < n; j++) {
      double product = 0;
      double columnScale = 0;
      for (int i = 0; i < m; i++) {
        product += uCopy[i] * jacobian[i][j];
        columnScale += Math.abs(uCopy[i] * jacobian[i][j]);
      }
      if (!(Math.abs(product - vj[j]) <= DOT_TOLERANCE * Math.max(1, columnScale))) {
        problems.add(
            new Problem(
                WRONG_JACOBIAN,
                String.format(
                    Locale.ROOT,
                    "u times column %d of mJacobian is %.17g but mVectorJacobian gives %.17g",
                    j,
                    product,
                    vj[j])));
      }
    }

    // (m') The sparse Jacobian, made at x and refilled there: mJacobian's entries to rounding.
    SparseJacobian sparse = (SparseJacobian) t.call(t.newSparse, copy(x));
    sameSparse("mJacobianSparse(P...)", jacobian, sparse.toDense(), problems);
    double[] refilled = (double[]) t.call(t.refillSparse, copy(x), sparse);
    if (!Arrays.equals(refilled, f)) {
      problems.add(
          new Problem(WRONG_VALUE, "mJacobianSparse returned " + Arrays.toString(refilled)
              + " but the original returns " + Arrays.toString(f)));
    }
    sameSparse("mJacobianSparse(P..., j)", jacobian, sparse.toDense(), problems);
    balanced("mJacobianSparse", tapeBefore, workspaceBefore, problems);
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

  private String report(Target t, Object[] x, List<Problem> problems) {
    StringBuilder out = new StringBuilder();
    out.append("=== ")
        .append(t.spec.id())
        .append(", wrt ")
        .append(t.spec.wrt())
        .append(", at ")
        .append(point(t, x))
        .append(" ===\n")
        .append(t.spec.text());
    for (Problem p : problems) {
      out.append("  ").append(p.kind()).append(": ").append(p.text()).append('\n');
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
              + "(Gradient|Derivative|HessianVector|Hessian|JacobianVector|VectorJacobian"
              + "|Jacobian)\\(.*")) {
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
