package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.diff.EdgeTaping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why catalogue methods get no {@code mHessianEdges}: the catalogue compiled again with {@code
 * -Aadjoint.stages}, whose stages say, for each method refused, its {@link EdgeTaping.Refusal}.
 * Prints the count by reason (what the route's coverage is measured by), and checks that each
 * refusal is one this version means to make: calls of methods with a custom derivative (a call
 * of a {@code @Differentiable} method records through the callee's own recording), and no
 * construct it fails to follow.
 */
class EdgeRefusalsTest {
  private static final Pattern REFUSED = Pattern.compile("not made: ([A-Z_]+): (.*)");

  @Test
  void catalogueRefusalsByReason(@TempDir Path stages) throws IOException {
    Compilation c =
        DiagnosticSources.compile(
            List.of("-Aadjoint.stages=" + stages),
            JavaFileObjects.forResource(Path.of("src/test/java/dev/adjoint/catalogue/Catalogue.java").toUri().toURL()),
            JavaFileObjects.forResource(
                Path.of("src/test/java/dev/adjoint/catalogue/LoopCatalogue.java").toUri().toURL()));
    assertThat(c).succeeded();
    Map<String, List<String>> byReason = new TreeMap<>();
    int methods = 0;
    try (Stream<Path> files = Files.list(stages)) {
      for (Path f : files.toList()) {
        methods++;
        String text = Files.readString(f);
        Matcher m = REFUSED.matcher(text);
        while (m.find()) {
          String method = f.getFileName().toString().replaceAll("^dev\\.adjoint\\.catalogue\\.|\\.txt$", "");
          byReason.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(method + " (" + m.group(2) + ")");
        }
      }
    }
    StringBuilder report = new StringBuilder("mHessianEdges refused, of " + methods + " methods:\n");
    byReason.forEach(
        (reason, list) -> report.append("  ").append(reason).append(": ").append(list.size()).append(' ').append(list).append('\n'));
    System.out.println(report);
    assertTrue(methods > 150, "stages of only " + methods + " methods");
    assertEquals(
        List.of(),
        byReason.keySet().stream()
            .filter(r -> !List.of("DIFFERENTIABLE_CALL").contains(r))
            .toList(),
        "refusals other than calls:\n" + report);
    for (String call : byReason.getOrDefault("DIFFERENTIABLE_CALL", List.of())) {
      assertTrue(call.contains("has a custom derivative"), "a call refused: " + call);
    }
  }
}
