package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import dev.adjoint.processor.fuzz.ProgramGenerator.Method;
import dev.adjoint.processor.fuzz.ProgramGenerator.Unit;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random programs with {@code @Checkpointed} on every method whose own block has one {@code for}
 * loop: each method the processor accepts checkpointed (a counted loop, no break, a state
 * snapshots hold) must have the gradient of the same method without it, at random points; the
 * others must be refused with ADJ070 to ADJ072 only. Checkpointing runs the same iterations with the same values, so the
 * gradients agree to rounding (bit for bit but where the plain gradient fuses a loop's sweeps and
 * adds its terms in another order).
 */
class CheckpointedRandomProgramsTest {
  private static final Pattern ID = Pattern.compile("\\bADJ\\d{3}\\b");
  private static final Set<String> CHECKPOINT_REFUSALS = Set.of("ADJ070", "ADJ071", "ADJ072");

  /**
   * 12 classes of 3 methods with seed 4242 by default (about a minute); more with {@code
   * -Dadjoint.fuzz.checkpointedClasses=N} and another seed with {@code -Dadjoint.fuzz.seed=S}.
   */
  @Test
  void checkpointedGradientsAreThePlainOnes() throws Exception {
    long seed = Long.getLong("adjoint.fuzz.seed", 4242L);
    Compiled compiled = compilable(new ProgramGenerator(seed, 8).generate(Integer.getInteger("adjoint.fuzz.checkpointedClasses", 12), 3));
    List<Unit> plain = compiled.units();
    List<Unit> annotated = new ArrayList<>();
    for (Unit u : plain) {
      List<Method> methods = new ArrayList<>();
      for (int k = 0; k < u.methods().size(); k++) {
        Method m = u.methods().get(k);
        methods.add(oneTopLevelFor(m) ? checkpointed(m, 1 + k % 3) : m);
      }
      annotated.add(ProgramGenerator.assemble(u.className(), methods));
    }
    // Refused methods lose the annotation, then the rest compiles (in rounds: javac reports at
    // most 100 errors at a time).
    Set<String> refused = new HashSet<>();
    List<String> failures = new ArrayList<>();
    List<Unit> accepted = annotated;
    Compilation second = null;
    for (int round = 0; round < 8 && second == null; round++) {
      Compilation c = FuzzCompiler.compile(withHelpers(accepted));
      Map<Method, List<String>> diagnostics = FuzzCompiler.diagnosticsByMethod(c, accepted);
      if (diagnostics.isEmpty()) {
        second = c;
        break;
      }
      for (Map.Entry<Method, List<String>> e : diagnostics.entrySet()) {
        Set<String> ids = new HashSet<>();
        for (String d : e.getValue()) {
          Matcher m = ID.matcher(d);
          ids.add(m.find() ? m.group() : "javac: " + d);
        }
        if (e.getKey() != null && CHECKPOINT_REFUSALS.containsAll(ids)) {
          refused.add(e.getKey().id());
        } else if (e.getKey() == null
            || ids.contains("ADJ003")
            || !calleeRefused(e.getKey(), diagnostics.keySet())) {
          failures.add((e.getKey() == null ? "?" : e.getKey().id()) + ": " + e.getValue());
        }
      }
      assertTrue(failures.isEmpty(), "not clean refusals:\n" + String.join("\n", failures));
      List<Unit> next = new ArrayList<>();
      for (int i = 0; i < annotated.size(); i++) {
        List<Method> methods = new ArrayList<>();
        for (int k = 0; k < annotated.get(i).methods().size(); k++) {
          Method m = annotated.get(i).methods().get(k);
          methods.add(refused.contains(m.id()) ? plain.get(i).methods().get(k) : m);
        }
        next.add(ProgramGenerator.assemble(annotated.get(i).className(), methods));
      }
      accepted = next;
    }
    assertTrue(second != null, "checkpointed programs still do not compile after 8 rounds");
    ClassLoader plainLoader = DiagnosticSources.classes(compiled.compilation());
    ClassLoader checkpointedLoader = DiagnosticSources.classes(second);

    int compared = 0;
    int points = 0;
    for (Unit u : accepted) {
      for (Method m : u.methods()) {
        if (refused.contains(m.id()) || m.vector()) {
          continue;
        }
        RandomProgramsTest.Target p = new RandomProgramsTest.Target(m, plainLoader);
        RandomProgramsTest.Target c = new RandomProgramsTest.Target(m, checkpointedLoader);
        Random random = new Random(seed * 31 + m.id().hashCode());
        compared++;
        for (int k = 0; k < 4; k++) {
          Object[] x = p.sample(random);
          double[] expected;
          try {
            expected = p.gradientAt(RandomProgramsTest.copy(x));
          } catch (InvocationTargetException e) {
            continue; // outside the method's domain: the original throws too
          }
          double[] actual = c.gradientAt(RandomProgramsTest.copy(x));
          points++;
          for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * scale)
                && Double.compare(expected[i], actual[i]) != 0) {
              failures.add(
                  m.id() + " slot " + i + ": checkpointed " + actual[i] + ", plain " + expected[i]
                      + "\n" + m.text());
            }
          }
        }
      }
    }
    System.out.printf(
        "CheckpointedRandomProgramsTest seed %d: %d methods checkpointed and compared at %d points,"
            + " %d refused with ADJ070-ADJ072 (of those with one top-level for loop)%n",
        seed, compared, points, refused.size());
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(compared >= 20, "too few methods checkpointed to mean anything: " + compared);
    assertEquals(0, failures.size());
  }

  private static final Pattern TOP_LEVEL_LOOP = Pattern.compile("(?m)^    (for|while|do)\\b");

  /**
   * Whether {@code m}'s own block (its statements indented by four) has one loop, a {@code for}:
   * the others would be refused with ADJ070 or ADJ071 before anything is checkpointed.
   */
  private static boolean oneTopLevelFor(Method m) {
    Matcher loops = TOP_LEVEL_LOOP.matcher(m.text());
    int count = 0;
    boolean isFor = false;
    while (loops.find()) {
      count++;
      isFor = loops.group(1).equals("for");
    }
    return count == 1 && isFor;
  }

  /** {@code m} with {@code @Checkpointed(snapshots = s)}, on the same line as its annotation. */
  private static Method checkpointed(Method m, int snapshots) {
    return new Method(
        m.className(),
        m.name(),
        m.params(),
        m.wrt(),
        m.text()
            .replaceFirst(
                "@Differentiable",
                "@dev.adjoint.Checkpointed(snapshots = " + snapshots + ") @Differentiable"),
        m.callees(),
        m.instance(),
        m.cost());
  }

  /** Whether a callee of {@code m} in its class is among the methods with diagnostics. */
  private static boolean calleeRefused(Method m, Set<Method> withDiagnostics) {
    Set<String> failed = new HashSet<>();
    for (Method f : withDiagnostics) {
      if (f != null && f != m) {
        failed.add(f.id());
      }
    }
    return m.callees().stream().anyMatch(callee -> failed.contains(m.className() + "." + callee));
  }

  private record Compiled(List<Unit> units, Compilation compilation) {}

  /** The units whose methods compile without checkpointing (methods with diagnostics dropped). */
  private static Compiled compilable(List<Unit> units) {
    for (int round = 0; round < 6; round++) {
      Compilation c = FuzzCompiler.compile(withHelpers(units));
      Map<Method, List<String>> diagnostics = FuzzCompiler.diagnosticsByMethod(c, units);
      if (diagnostics.isEmpty()) {
        return new Compiled(units, c);
      }
      Set<String> dropped = new HashSet<>();
      diagnostics.keySet().forEach(m -> dropped.add(m == null ? "" : m.id()));
      List<Unit> kept = new ArrayList<>();
      for (Unit u : units) {
        List<Method> methods =
            u.methods().stream()
                .filter(m -> !dropped.contains(m.id()) && !callsAny(m, dropped))
                .toList();
        if (!methods.isEmpty()) {
          kept.add(ProgramGenerator.assemble(u.className(), methods));
        }
      }
      units = kept;
    }
    throw new AssertionError("generated programs do not compile even after dropping methods");
  }

  private static boolean callsAny(Method m, Set<String> ids) {
    return m.callees().stream().anyMatch(c -> ids.contains(m.className() + "." + c));
  }

  private static List<Unit> withHelpers(List<Unit> units) {
    List<Unit> all = new ArrayList<>();
    all.add(ProgramGenerator.helpers());
    all.addAll(units);
    return all;
  }
}
