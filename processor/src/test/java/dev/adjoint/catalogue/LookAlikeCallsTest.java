package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.catalogue.LoopSampling.Point;
import dev.adjoint.catalogue.LoopSampling.Search;
import dev.adjoint.catalogue.LoopSampling.Spec;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Calls of methods that share a name (and arity) with a Math function, and calls whose value is
 * thrown away: every generated derivative of the methods that make them, against finite differences
 * of the original.
 *
 * <p>A call is the method it names, whatever that method is called: a user's {@code pow(a, b)} is
 * not {@code Math.pow}, nor is a user's class named {@code Math} java.lang's. The sources are under
 * {@code src/test/resources/lookalike}, one folder per group, and each group is compiled with
 * Adjoint in memory, on its own (with the helpers of {@code lookalike/common}), and loaded in a
 * class loader of its own. They are not test sources of their own because some of them do not
 * compile yet, which would stop the whole test compilation.
 *
 * <ul>
 *   <li>{@code data}: plain methods named pow, exp, sqrt, log, max, abs, hypot, with meanings of
 *       their own, called with arguments that carry no derivative (ints, longs, literals, a data
 *       array), their values then scaling differentiated arithmetic (in straight-line code, in
 *       loops fused with their backward sweep and in loops taped), picking an element, deciding a
 *       branch, bounding a loop; also in vector-valued methods. The literal arguments are those
 *       Math's laws would simplify ({@code pow(e, 1.0)}, {@code pow(e, 0.0)}, {@code exp(0.0)},
 *       {@code log(1.0)}, ...).
 *   <li>{@code diff}: the same names as {@code @Differentiable} methods, and as methods with a
 *       {@code @GradientOf} and {@code @HessianVectorOf}, called with arguments that carry
 *       derivatives, unqualified and qualified with the class name.
 *   <li>{@code usermath}, {@code userstrictmath}: a class of the user named {@code Math} (and
 *       {@code StrictMath}) in the package of the methods that call it, with differentiable and
 *       plain functions; java.lang's called by their full names beside it, and alone.
 *   <li>{@code discard*}: calls as statements, whose value (if any) is thrown away: of void
 *       helpers, of helpers returning a value, of Math functions, in branches, in loops (fused and
 *       taped), in a vector-valued method, of user methods named like the runtime's helpers; and
 *       ({@code discardactive}, {@code discardactivemath}) of calls whose arguments do carry a
 *       derivative, which cannot lose it either, since their value is thrown away; ({@code
 *       discardcallee}) of differentiable methods that make such calls, called where their value
 *       is never read, and taking arrays in loops. A helper of
 *       {@code lookalike.common.Util} counts its calls, and each generated method must call it
 *       exactly as often as the original does (once for each time the forward sweep runs the
 *       statement; never again in a backward sweep).
 * </ul>
 *
 * <p>For each method of a group carrying {@link LoopDomain} (sampled as {@link LoopCatalogueTest}
 * samples, from a seed fixed by its name), at {@value #POINTS} points where the differences are
 * reliable, every generated method is checked against finite differences of the original method
 * (never against the generated code), and the failures are reported by generated method:
 *
 * <ul>
 *   <li>a method returning {@code double}: {@code mGradient(P..., grad)} returns exactly {@code
 *       m(P...)} and writes exactly {@code grad[0..N)}, each element against a fourth-order central
 *       difference of {@code m}; {@code mGradient(P...)} likewise; {@code mDerivative(P...,
 *       direction)} against the difference along the direction; {@code mHessianVector(P..., v,
 *       grad, hv)} returns exactly {@code m(P...)}, its {@code grad} against the differences, and
 *       {@code hv} against differences along {@code v} of the differences of {@code m} along each
 *       input; {@code mHessian(P...)} is exactly symmetric, and times {@code v} matches the same;
 *   <li>a method returning {@code double[]}: {@code mJacobian(P...)} against differences of {@code
 *       m} along each input; {@code mJacobianVector} and {@code mVectorJacobian} against the
 *       difference Jacobian times {@code v}, and {@code u} times it, both returning exactly {@code
 *       m(P...)};
 *   <li>no generated method changes its inputs, and in the {@code discard*} groups each calls the
 *       counting helpers exactly as often as the original (the Hessian and the Jacobian as often as
 *       the sweeps they are documented to make: one per 32 unit vectors for the Hessian; the
 *       method once, then one reverse product per output or one forward sweep per 16 inputs, as
 *       {@code DenseDerivatives.byRows} decides).
 * </ul>
 *
 * <p>To see what Adjoint generated for a group, run with {@code
 * -Dadjoint.lookalike.stages=/some/dir}: each method's stages are written there ({@code
 * -Aadjoint.stages}), and the generated companions beside them.
 */
class LookAlikeCallsTest {
  static final Path SOURCES = Paths.get("src/test/resources/lookalike");

  /** The helpers every group is compiled with. */
  static final String COMMON = "common";

  /** The groups, each a folder of {@link #SOURCES} and a package {@code lookalike.<group>}. */
  static final List<String> GROUPS =
      List.of(
          "data",
          "diff",
          "usermath",
          "userstrictmath",
          "discardvoid",
          "discardvalue",
          "discardmath",
          "discardbranch",
          "discardloop",
          "discardrecurrence",
          "discardvector",
          "discardnames",
          "discardactive",
          "discardactivemath",
          "discardcallee");

  static final int POINTS = 4;

  /** |AD - FD| must be at most {@code TOLERANCE * max(1, scale)}, as in the catalogue tests. */
  static final double TOLERANCE = 1e-6;

  /** Relative step of the differences of first derivatives: {@code h = STEP * max(1, |x|)}. */
  static final double STEP = 1e-3;

  /** Step of the outer differences (along {@code v}) of H·v's differences of differences. */
  static final double SECOND_STEP = 1e-2;

  static final int MAX_ATTEMPTS = 30;

  /**
   * A method carrying {@code @LoopDomain} (among other annotations, none with parentheses inside
   * its arguments): group 1 its return type, group 2 its name.
   */
  private static final Pattern CASE =
      Pattern.compile(
          "@LoopDomain(?:\\([^)]*\\))?\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*"
              + "(?:public\\s+)?static\\s+(double(?:\\[\\])?)\\s+(\\w+)\\s*\\(");

  // ---------------------------------------------------------------------------------------------
  // The cases
  // ---------------------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicNode> lookAlikeAndDiscardedCalls() {
    return GROUPS.stream()
        .map(
            group ->
                dynamicContainer(
                    group,
                    casesOf(group).stream()
                        .map(
                            c ->
                                dynamicTest(
                                    c.className() + "." + c.method(), () -> check(group, c)))));
  }

  /**
   * Each group has the cases it was written with (none is skipped by a mistake in the pattern), and
   * every folder of sources is a group.
   */
  @Test
  void everyGroupHasItsCases() {
    Map<String, Integer> expected = new HashMap<>();
    expected.put("data", 22);
    expected.put("diff", 16);
    expected.put("usermath", 11);
    expected.put("userstrictmath", 4);
    expected.put("discardloop", 2);
    expected.put("discardrecurrence", 2);
    expected.put("discardactivemath", 2);
    expected.put("discardcallee", 5);
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      List<String> folders =
          dirs.map(d -> d.getFileName().toString())
              .filter(d -> !d.equals(COMMON))
              .sorted()
              .toList();
      assertEquals(
          GROUPS.stream().sorted().toList(),
          folders,
          "the folders of " + SOURCES + " are the groups");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String group : GROUPS) {
      List<Case> cases = casesOf(group);
      int want = expected.getOrDefault(group, 1);
      assertEquals(want, cases.size(), group + ": " + cases);
    }
  }

  /** A {@code @LoopDomain} method of a group: its class, name and whether it returns a vector. */
  record Case(String className, String method, boolean vector) {}

  static List<Case> casesOf(String group) {
    List<Case> out = new ArrayList<>();
    for (Path file : sourceFiles(group)) {
      String text = read(file);
      String className = file.getFileName().toString().replace(".java", "");
      Matcher m = CASE.matcher(text);
      while (m.find()) {
        out.add(new Case(className, m.group(2), m.group(1).endsWith("]")));
      }
    }
    return out;
  }

  private static List<Path> sourceFiles(String group) {
    try (Stream<Path> files = Files.list(SOURCES.resolve(group))) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Compiling a group
  // ---------------------------------------------------------------------------------------------

  /** A group compiled and loaded, or the reason it was not. */
  record Compiled(ClassLoader loader, String problem) {}

  private static final Map<String, Compiled> COMPILED = new HashMap<>();

  static synchronized Compiled compiled(String group) {
    return COMPILED.computeIfAbsent(group, LookAlikeCallsTest::compile);
  }

  private static Compiled compile(String group) {
    List<JavaFileObject> files = new ArrayList<>();
    for (String folder : List.of(group, COMMON)) {
      for (Path file : sourceFiles(folder)) {
        String name =
            "lookalike." + folder + "." + file.getFileName().toString().replace(".java", "");
        files.add(JavaFileObjects.forSourceString(name, read(file)));
      }
    }
    List<String> options = new ArrayList<>(List.of("-parameters"));
    String stages = System.getProperty("adjoint.lookalike.stages");
    if (stages != null) {
      options.add("-Aadjoint.stages=" + Paths.get(stages).resolve(group).toAbsolutePath());
    }
    Compilation compilation;
    try {
      compilation =
          Compiler.javac()
              .withProcessors(new AdjointProcessor())
              .withOptions(options)
              .compile(files);
    } catch (RuntimeException | Error e) {
      return new Compiled(null, "javac crashed: " + e);
    }
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return new Compiled(null, "the group does not compile:\n" + listing(compilation));
    }
    if (stages != null) {
      writeGenerated(compilation, Paths.get(stages).resolve(group));
    }
    return new Compiled(DiagnosticSources.classes(compilation), null);
  }

  private static void writeGenerated(Compilation compilation, Path dir) {
    try {
      Files.createDirectories(dir);
      for (JavaFileObject f : compilation.generatedSourceFiles()) {
        String path = f.toUri().getPath();
        Files.writeString(
            dir.resolve(path.substring(path.lastIndexOf('/') + 1)),
            f.getCharContent(true),
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String listing(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(
            d ->
                "  "
                    + d.getKind()
                    + " "
                    + (d.getSource() == null ? "-" : d.getSource().getName().replaceAll(".*/", ""))
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  // ---------------------------------------------------------------------------------------------
  // One case
  // ---------------------------------------------------------------------------------------------

  private static void check(String group, Case c) throws Exception {
    Compiled compiled = compiled(group);
    if (compiled.problem() != null) {
      fail(group + ": " + compiled.problem());
    }
    String pkg = "lookalike." + group + ".";
    Class<?> owner = compiled.loader().loadClass(pkg + c.className());
    Class<?> companion;
    try {
      companion = compiled.loader().loadClass(pkg + c.className() + "Derivatives");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no companion " + c.className() + "Derivatives was generated", e);
    }
    List<Method> found =
        Arrays.stream(owner.getDeclaredMethods())
            .filter(m -> m.getName().equals(c.method()) && m.isAnnotationPresent(LoopDomain.class))
            .toList();
    assertEquals(1, found.size(), "one @LoopDomain method " + c.method());
    Method method = found.get(0);
    Counts counts = group.startsWith("discard") ? new Counts(compiled.loader()) : null;
    Subject s = new Subject(group, method, companion, counts);
    if (c.vector()) {
      s.checkVector();
    } else {
      s.checkScalar();
    }
  }

  /** The counter of {@code lookalike.common.Util}'s calls, in a group's class loader. */
  static final class Counts {
    final Field calls;

    Counts(ClassLoader loader) throws ReflectiveOperationException {
      calls = loader.loadClass("lookalike.common.Counter").getField("calls");
    }

    void reset() {
      try {
        calls.setInt(null, 0);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }

    int get() {
      try {
        return calls.getInt(null);
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** One method and its generated derivatives. */
  static final class Subject {
    final String name;
    final Method method;
    final Class<?> companion;
    final Counts counts;
    final Spec spec;
    final Random random;

    Subject(String group, Method method, Class<?> companion, Counts counts) {
      this.method = method;
      this.companion = companion;
      this.counts = counts;
      this.spec = new Spec(method);
      this.name = group + "." + method.getDeclaringClass().getSimpleName() + "." + spec.name;
      this.random = LoopSampling.random(name);
    }

    // ---- scalar --------------------------------------------------------------------------------

    void checkScalar() {
      Class<?>[] types = method.getParameterTypes();
      Method gradient = find(method.getName() + "Gradient", with(types, 1));
      Method allocating = find(method.getName() + "Gradient", types);
      Method derivative = find(method.getName() + "Derivative", with(types, 1));
      Method hessianVector = find(method.getName() + "HessianVector", with(types, 3));
      Method hessian = find(method.getName() + "Hessian", types);
      for (int p = 0; p < POINTS; p++) {
        checkScalarPoint(p, gradient, allocating, derivative, hessianVector, hessian);
      }
      report();
    }

    private void checkScalarPoint(
        int p,
        Method gradient,
        Method allocating,
        Method derivative,
        Method hessianVector,
        Method hessian) {
      Point point = null;
      double[] hvDifference = null;
      String lastRejection = "";
      for (int attempt = 0; attempt < MAX_ATTEMPTS && point == null; attempt++) {
        Search search = spec.find(p, random);
        if (search.point == null) {
          fail(search.problem);
        }
        double[] atH =
            hessianVectorDifference(search.point.args, search.point.direction, SECOND_STEP);
        double[] atHalf =
            hessianVectorDifference(search.point.args, search.point.direction, SECOND_STEP / 2);
        boolean smooth = true;
        for (int i = 0; i < atH.length && smooth; i++) {
          smooth = close(atH[i], atHalf[i], TOLERANCE / 10, Math.abs(atH[i]));
        }
        if (smooth) {
          point = search.point;
          hvDifference = atH;
        } else {
          lastRejection = spec.describe(search.point.args);
        }
      }
      if (point == null) {
        fail(name + ": no point where the second differences are reliable; last " + lastRejection);
      }
      Point at = point;
      double[] hvFd = hvDifference;
      Object[] args = at.args;
      int n = at.n;
      double[] v = at.direction;
      String where = name + " at " + spec.describe(args) + " (point " + p + ")";
      Object[] before = LoopSampling.deepCopy(args);
      int calls = countedCalls(() -> spec.call(args));

      double[] grad = nanFilled(n + 1);
      kind(
          "mGradient",
          () -> {
            double value = (Double) counted(gradient, append(args, grad), where, calls, 1);
            assertSame(at.value, value, where + ": mGradient's value is not exactly the method's");
            assertTrue(Double.isNaN(grad[n]), where + ": mGradient wrote past grad[N)");
            assertGradient(where + ": mGradient", args, grad, at.fdGradient);
          });
      kind(
          "mGradient(P...)",
          () -> {
            double[] allocated = (double[]) counted(allocating, args, where, calls, 1);
            assertEquals(n, allocated.length, where + ": length of mGradient(P...)");
            assertGradient(where + ": mGradient(P...)", args, allocated, at.fdGradient);
          });
      kind(
          "mDerivative",
          () -> {
            double[] direction = v.clone();
            double d = (Double) counted(derivative, append(args, direction), where, calls, 1);
            assertTrue(Arrays.equals(direction, v), where + ": mDerivative changed direction");
            double size = 0;
            for (int k = 0; k < n; k++) {
              size += Math.abs(at.fdGradient[k] * v[k]);
            }
            assertTrue(
                close(d, at.fdDirectional, TOLERANCE, Math.max(Math.abs(at.fdDirectional), size)),
                where
                    + ": mDerivative gives "
                    + d
                    + " along "
                    + Arrays.toString(v)
                    + ", the finite difference "
                    + at.fdDirectional);
          });
      double[] hv = nanFilled(n + 1);
      kind(
          "mHessianVector",
          () -> {
            double[] vCopy = v.clone();
            double[] grad2 = nanFilled(n + 1);
            double value =
                (Double) counted(hessianVector, append(args, vCopy, grad2, hv), where, calls, 1);
            assertSame(
                at.value, value, where + ": mHessianVector's value is not exactly the method's");
            assertTrue(Arrays.equals(v, vCopy), where + ": mHessianVector changed v");
            assertTrue(
                Double.isNaN(grad2[n]) && Double.isNaN(hv[n]),
                where + ": mHessianVector wrote past N");
            assertGradient(where + ": mHessianVector's gradient", args, grad2, at.fdGradient);
            assertHessianVector(where + ": mHessianVector", v, hv, hvFd);
          });
      kind(
          "mHessian",
          () -> {
            // One sweep of mHessianVectors per 32 unit vectors, each running the method once.
            double[][] h = (double[][]) counted(hessian, args, where, calls, (n + 31) / 32);
            assertEquals(n, h.length, where + ": Hessian rows");
            double[] product = new double[n];
            for (int i = 0; i < n; i++) {
              assertEquals(n, h[i].length, where + ": Hessian columns");
              for (int j = 0; j < n; j++) {
                assertSame(
                    h[i][j],
                    h[j][i],
                    where + ": the Hessian is not exactly symmetric at " + i + ", " + j);
                product[i] += h[i][j] * v[j];
              }
            }
            assertHessianVector(where + ": mHessian times v", v, product, hvFd);
          });
      kind(
          "inputs",
          () ->
              assertTrue(
                  LoopSampling.changedArguments(before, args).isEmpty(),
                  where
                      + ": a generated method changed its inputs "
                      + LoopSampling.changedArguments(before, args)));
    }

    private void assertGradient(String where, Object[] args, double[] grad, double[] fd) {
      List<String> wrong = new ArrayList<>();
      for (int k = 0; k < fd.length; k++) {
        if (!close(grad[k], fd[k], TOLERANCE, Math.abs(fd[k]))) {
          wrong.add(
              spec.coordinate(args, k) + ": generated " + grad[k] + ", finite difference " + fd[k]);
        }
      }
      if (!wrong.isEmpty()) {
        fail(where + " disagrees with finite differences:\n    " + String.join("\n    ", wrong));
      }
    }

    private static void assertHessianVector(String where, double[] v, double[] hv, double[] fd) {
      List<String> wrong = new ArrayList<>();
      for (int k = 0; k < fd.length; k++) {
        if (!close(hv[k], fd[k], TOLERANCE, Math.abs(fd[k]))) {
          wrong.add("(H·v)[" + k + "]: generated " + hv[k] + ", finite difference " + fd[k]);
        }
      }
      if (!wrong.isEmpty()) {
        fail(
            where
                + ", v = "
                + Arrays.toString(v)
                + ", disagrees with second differences of the method:\n    "
                + String.join("\n    ", wrong));
      }
    }

    /**
     * H·v of the method itself, by differences alone: a fourth-order difference along v (step
     * {@code h}) of the fourth-order differences along each input (step {@link #STEP}).
     */
    private double[] hessianVectorDifference(Object[] args, double[] v, double h) {
      int n = spec.n(args);
      double[] x = spec.flatten(args);
      double[] out = new double[n];
      double[] weights = {1, -8, 8, -1};
      double[] steps = {-2 * h, -h, h, 2 * h};
      for (int k = 0; k < n; k++) {
        double[] unit = new double[n];
        unit[k] = 1;
        double inner = STEP * Math.max(1, Math.abs(x[k]));
        double sum = 0;
        for (int s = 0; s < 4; s++) {
          sum += weights[s] * spec.finiteDifference(spec.shift(args, v, steps[s]), unit, inner);
        }
        out[k] = sum / (12 * h);
      }
      return out;
    }

    // ---- failures, by generated method ---------------------------------------------------------

    /** The first failure of each generated method (over all points), in the order checked. */
    private final Map<String, String> failures = new java.util.LinkedHashMap<>();

    /** Runs the checks of one generated method unless it has failed already. */
    private void kind(String kind, Runnable check) {
      if (failures.containsKey(kind)) {
        return;
      }
      try {
        check.run();
      } catch (AssertionError | RuntimeException e) {
        failures.put(kind, e.getMessage());
      }
    }

    /** Fails, naming every generated method that went wrong, with its first failure. */
    private void report() {
      if (!failures.isEmpty()) {
        fail(
            name
                + ": wrong: "
                + String.join(", ", failures.keySet())
                + "\n"
                + failures.entrySet().stream()
                    .map(e -> "  " + e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n")));
      }
    }

    // ---- vector-valued -------------------------------------------------------------------------

    void checkVector() {
      Class<?>[] types = method.getParameterTypes();
      Method jacobianVector = find(method.getName() + "JacobianVector", with(types, 2));
      Method vectorJacobian = find(method.getName() + "VectorJacobian", with(types, 2));
      Method jacobian = find(method.getName() + "Jacobian", types);
      for (int p = 0; p < POINTS; p++) {
        Object[] args = null;
        double[][] fd = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && args == null; attempt++) {
          Object[] candidate = spec.sample(p, random);
          fd = differenceJacobian(candidate);
          if (fd != null) {
            args = candidate;
          }
        }
        if (args == null) {
          fail(name + ": no point where finite differences are reliable");
        }
        checkVectorPoint(p, args, fd, jacobianVector, vectorJacobian, jacobian);
      }
      report();
    }

    private void checkVectorPoint(
        int p,
        Object[] args,
        double[][] fd,
        Method jacobianVector,
        Method vectorJacobian,
        Method jacobian) {
      String where = name + " at " + spec.describe(args) + " (point " + p + ")";
      Object[] before = LoopSampling.deepCopy(args);
      double[][] value = new double[1][];
      int calls = countedCalls(() -> value[0] = (double[]) spec.invoke(method, args));
      int m = value[0].length;
      int n = spec.n(args);
      double[] x = spec.flatten(args);
      double[] v = new double[n];
      for (int k = 0; k < n; k++) {
        v[k] = (2 * random.nextDouble() - 1) * Math.max(1, Math.abs(x[k]));
      }
      double[] u = new double[m];
      for (int i = 0; i < m; i++) {
        u[i] = 2 * random.nextDouble() - 1;
      }

      kind(
          "mJacobian",
          () -> {
            // m once, for M; then one reverse product per output, or one forward sweep per 16
            // inputs (emit.JacobianMethods.JACOBIAN_CHUNK), as DenseDerivatives.byRows decides.
            int products = dev.adjoint.runtime.DenseDerivatives.byRows(m, n, 16) ? m : (n + 15) / 16;
            double[][] j = (double[][]) counted(jacobian, args, where, calls, 1 + products);
            assertEquals(m, j.length, where + ": Jacobian rows");
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < m; i++) {
              assertEquals(n, j[i].length, where + ": Jacobian columns");
              for (int k = 0; k < n; k++) {
                if (!close(j[i][k], fd[i][k], TOLERANCE, Math.abs(fd[i][k]))) {
                  wrong.add(
                      "J["
                          + i
                          + "]["
                          + k
                          + "]: generated "
                          + j[i][k]
                          + ", finite difference "
                          + fd[i][k]);
                }
              }
            }
            if (!wrong.isEmpty()) {
              fail(
                  where
                      + ": mJacobian disagrees with finite differences:\n    "
                      + String.join("\n    ", wrong));
            }
          });
      kind(
          "mJacobianVector",
          () -> {
            double[] jv = nanFilled(m + 1);
            double[] vCopy = v.clone();
            double[] result =
                (double[]) counted(jacobianVector, append(args, vCopy, jv), where, calls, 1);
            assertTrue(
                Arrays.equals(value[0], result),
                where + ": mJacobianVector's value is not exactly the method's");
            assertTrue(
                Double.isNaN(jv[m]) && Arrays.equals(v, vCopy),
                where + ": wrote past jv[M), or changed v");
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < m; i++) {
              double expected = 0;
              double size = 0;
              for (int k = 0; k < n; k++) {
                expected += fd[i][k] * v[k];
                size += Math.abs(fd[i][k] * v[k]);
              }
              if (!close(jv[i], expected, TOLERANCE, size)) {
                wrong.add(
                    "(J·v)[" + i + "]: generated " + jv[i] + ", finite differences " + expected);
              }
            }
            if (!wrong.isEmpty()) {
              fail(
                  where
                      + ", v = "
                      + Arrays.toString(v)
                      + ": mJacobianVector disagrees with finite differences:\n    "
                      + String.join("\n    ", wrong));
            }
          });
      kind(
          "mVectorJacobian",
          () -> {
            double[] vj = nanFilled(n + 1);
            double[] uCopy = u.clone();
            double[] result =
                (double[]) counted(vectorJacobian, append(args, uCopy, vj), where, calls, 1);
            assertTrue(
                Arrays.equals(value[0], result),
                where + ": mVectorJacobian's value is not exactly the method's");
            assertTrue(
                Double.isNaN(vj[n]) && Arrays.equals(u, uCopy),
                where + ": wrote past vj[N), or changed u");
            List<String> wrong = new ArrayList<>();
            for (int k = 0; k < n; k++) {
              double expected = 0;
              double size = 0;
              for (int i = 0; i < m; i++) {
                expected += u[i] * fd[i][k];
                size += Math.abs(u[i] * fd[i][k]);
              }
              if (!close(vj[k], expected, TOLERANCE, size)) {
                wrong.add(
                    "(uᵀJ)[" + k + "]: generated " + vj[k] + ", finite differences " + expected);
              }
            }
            if (!wrong.isEmpty()) {
              fail(
                  where
                      + ", u = "
                      + Arrays.toString(u)
                      + ": mVectorJacobian disagrees with finite differences:\n    "
                      + String.join("\n    ", wrong));
            }
          });
      kind(
          "inputs",
          () ->
              assertTrue(
                  LoopSampling.changedArguments(before, args).isEmpty(),
                  where
                      + ": a generated method changed its inputs "
                      + LoopSampling.changedArguments(before, args)));
    }

    /** Fourth-order differences along each input, or null where h and h/2 disagree (a kink). */
    private double[][] differenceJacobian(Object[] args) {
      int n = spec.n(args);
      double[] x = spec.flatten(args);
      int m = ((double[]) spec.invoke(method, args)).length;
      double[][] j = new double[m][n];
      for (int k = 0; k < n; k++) {
        double[] unit = new double[n];
        unit[k] = 1;
        double h = STEP * Math.max(1, Math.abs(x[k]));
        double[] atH = vectorDifference(args, unit, h);
        double[] atHalf = vectorDifference(args, unit, h / 2);
        for (int i = 0; i < m; i++) {
          if (!close(atH[i], atHalf[i], TOLERANCE / 10, 1)) {
            return null;
          }
          j[i][k] = atH[i];
        }
      }
      return j;
    }

    private double[] vectorDifference(Object[] args, double[] v, double h) {
      double[] m2 = (double[]) spec.invoke(method, spec.shift(args, v, -2 * h));
      double[] m1 = (double[]) spec.invoke(method, spec.shift(args, v, -h));
      double[] p1 = (double[]) spec.invoke(method, spec.shift(args, v, h));
      double[] p2 = (double[]) spec.invoke(method, spec.shift(args, v, 2 * h));
      double[] out = new double[p2.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * h);
      }
      return out;
    }

    // ---- calls, counted ------------------------------------------------------------------------

    /** How many counted helper calls {@code r} makes (0 outside the discard groups). */
    private int countedCalls(Runnable r) {
      if (counts == null) {
        r.run();
        return 0;
      }
      counts.reset();
      r.run();
      return counts.get();
    }

    /**
     * Invokes a generated method, and in the discard groups checks that it called the counting
     * helpers {@code sweeps} times as often as the original did.
     */
    private Object counted(
        Method generated, Object[] args, String where, int original, int sweeps) {
      Object[] result = new Object[1];
      int calls = countedCalls(() -> result[0] = spec.invoke(generated, args));
      if (counts != null) {
        assertEquals(
            original * sweeps,
            calls,
            where
                + ": "
                + generated.getName()
                + " ran the discarded calls "
                + calls
                + " times; the method ran them "
                + original
                + " times"
                + (sweeps == 1
                    ? ""
                    : ", and "
                        + generated.getName()
                        + " is documented to"
                        + " run its forward sweep "
                        + sweeps
                        + " times"));
      }
      return result[0];
    }

    private Method find(String generated, Class<?>[] types) {
      try {
        Method m = companion.getDeclaredMethod(generated, types);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException e) {
        throw new AssertionError(
            companion.getSimpleName() + " has no " + generated + Arrays.toString(types), e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics: what must still be refused, and what must be refused for the right reason.
  // ---------------------------------------------------------------------------------------------

  /**
   * A plain method named pow, given a value that carries a derivative, is the user's method:
   * differentiated implicitly from its own body. Taken for Math.pow, it would be differentiated
   * by Math.pow's rule, and the gradient would disagree with differences of the original.
   */
  @Test
  void aPlainPowGivenADerivativeIsDifferentiatedAsTheUsersMethod() throws Exception {
    Compilation c =
        compileStrings(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static double pow(double a, double b) {
                return a * b + 2;
              }
              static double exp(double a) {
                return 2 * a;
              }
              @Differentiable
              static double f(double x, double y) {
                double a = pow(x, 2.0);
                double b = Foo.exp(y) + Math.exp(y);
                return a + b;
              }
            }
            """);
    assertGradientMatchesDifferences(c, 0.7, -0.4);
  }

  /** A class of the user named Math, without annotations, given a derivative: the user's too. */
  @Test
  void aUsersMathClassGivenADerivativeIsDifferentiatedAsTheUsersMethod() throws Exception {
    Compilation c =
        compileStrings(
            "p.Math",
            """
            package p;
            public final class Math {
              public static double sin(double a) {
                return 3 * a;
              }
              public static double sqrt(double a) {
                return a + 3;
              }
            }
            """,
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double x, double y) {
                double a = Math.sin(x) * Math.sqrt(y);
                return a + java.lang.Math.sin(x);
              }
            }
            """);
    assertGradientMatchesDifferences(c, 0.7, 1.3);
  }

  /** {@code p.Foo.f(x, y)}'s generated gradient against central differences of the original. */
  private static void assertGradientMatchesDifferences(Compilation c, double x, double y)
      throws Exception {
    assertEquals(Compilation.Status.SUCCESS, c.status(), listing(c));
    ClassLoader loader = dev.adjoint.processor.diag.DiagnosticSources.classes(c);
    java.lang.reflect.Method f =
        loader.loadClass("p.Foo").getDeclaredMethod("f", double.class, double.class);
    java.lang.reflect.Method gradient =
        loader
            .loadClass("p.FooDerivatives")
            .getDeclaredMethod("fGradient", double.class, double.class, double[].class);
    f.setAccessible(true);
    gradient.setAccessible(true);
    double[] grad = new double[2];
    double value = (double) gradient.invoke(null, x, y, grad);
    assertEquals((double) f.invoke(null, x, y), value, 0.0);
    double h = 1e-6;
    double dx = ((double) f.invoke(null, x + h, y) - (double) f.invoke(null, x - h, y)) / (2 * h);
    double dy = ((double) f.invoke(null, x, y + h) - (double) f.invoke(null, x, y - h)) / (2 * h);
    assertEquals(dx, grad[0], 1e-6 * java.lang.Math.max(1, java.lang.Math.abs(dx)));
    assertEquals(dy, grad[1], 1e-6 * java.lang.Math.max(1, java.lang.Math.abs(dy)));
  }

  /**
   * A discarded call that could change what the derivative reads must still be refused, on its
   * line: one passing an array to a plain method (which may write it, while the backward sweep
   * reads it as it was). Which id is not pinned; that there is one error on each such line, and no
   * other, is: the discarded data calls {@code prepare(k)} and {@code secret(k)} beside them are
   * accepted (a private method is called through the companion's handle).
   */
  @Test
  void discardedCallsThatTheCompanionCannotRepeatFaithfullyAreStillRefused() {
    String text =
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          static void fill(double[] a) {
            a[0] = 1;
          }
          private static void secret(int k) {
          }
          static void prepare(int k) {
          }
          @Differentiable(wrt = "x")
          static double f(double x, double[] data, int k) {
            double[] local = new double[2];
            prepare(k);
            fill(data);
            fill(local);
            secret(k);
            return x * data[0] + local[0] * x;
          }
        }
        """;
    Compilation c = compileStrings("p.Foo", text);
    assertEquals(Compilation.Status.FAILURE, c.status(), listing(c));
    List<Long> lines = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      assertTrue(d.getMessage(Locale.ROOT).matches("(?s)\\[ADJ\\d{3}\\] .*"), listing(c));
      lines.add(d.getLineNumber());
    }
    lines.sort(null);
    assertEquals(
        List.of(lineOf(text, "fill(data);"), lineOf(text, "fill(local);")),
        lines,
        "the lines of the errors; all of them:\n" + listing(c));
  }

  private static Compilation refused(String... namesAndTexts) {
    Compilation c = compileStrings(namesAndTexts);
    assertEquals(Compilation.Status.FAILURE, c.status(), listing(c));
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      String[] lines = namesAndTexts[i + 1].split("\n", -1);
      for (int l = 0; l < lines.length; l++) {
        Matcher m = Pattern.compile("//!((?:\\s+ADJ\\d{3})+)\\s*$").matcher(lines[l]);
        if (m.find()) {
          for (String id : m.group(1).trim().split("\\s+")) {
            expected.add(namesAndTexts[i] + ":" + (l + 1) + ":" + id);
          }
        }
      }
    }
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      Matcher m = Pattern.compile("^\\[(ADJ\\d{3})\\] ").matcher(d.getMessage(Locale.ROOT));
      String file = d.getSource() == null ? "-" : d.getSource().getName();
      String name = file.replaceAll("^/", "").replace(".java", "").replace('/', '.');
      actual.add(name + ":" + d.getLineNumber() + ":" + (m.find() ? m.group(1) : "javac"));
    }
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual, "errors as file:line:id; all of them:\n" + listing(c));
    return c;
  }

  private static Compilation compileStrings(String... namesAndTexts) {
    List<JavaFileObject> files = new ArrayList<>();
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      files.add(JavaFileObjects.forSourceString(namesAndTexts[i], namesAndTexts[i + 1]));
    }
    return Compiler.javac().withProcessors(new AdjointProcessor()).compile(files);
  }

  private static long lineOf(String text, String fragment) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + fragment);
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers
  // ---------------------------------------------------------------------------------------------

  static boolean close(double actual, double expected, double tolerance, double scale) {
    return Math.abs(actual - expected) <= tolerance * Math.max(1, scale);
  }

  static void assertSame(double expected, double actual, String message) {
    assertTrue(
        Double.compare(expected, actual) == 0,
        message + ": expected " + expected + ", got " + actual);
  }

  static double[] nanFilled(int length) {
    double[] a = new double[length];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  static Class<?>[] with(Class<?>[] types, int arrays) {
    Class<?>[] out = Arrays.copyOf(types, types.length + arrays);
    Arrays.fill(out, types.length, out.length, double[].class);
    return out;
  }

  static Object[] append(Object[] args, Object... more) {
    Object[] out = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }
}
