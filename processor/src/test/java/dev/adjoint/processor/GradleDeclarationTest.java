package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The processor's declaration for Gradle's incremental annotation processing, read as Gradle reads
 * it ({@code name,category} a line, {@code #} starts a comment), against what the processor says
 * at run time. Adjoint is deliberately undeclared (non-incremental; the file says why): a line
 * naming it, or a Gradle category among its options (how a "dynamic" processor answers), would
 * make Gradle wrap its environment and recompile too little.
 */
class GradleDeclarationTest {
  private static final String FILE = "META-INF/gradle/incremental.annotation.processors";

  @Test
  void theProcessorIsNotDeclaredIncrementalAndTheFileSaysWhy() throws Exception {
    Path file = processorOutput().resolve(FILE);
    assertTrue(Files.isRegularFile(file), "no " + file);
    Map<String, String> declared = declarations(Files.readString(file));
    assertFalse(
        declared.containsKey(AdjointProcessor.class.getName()),
        "declared " + declared.get(AdjointProcessor.class.getName()) + ": " + declared);
    assertEquals(Map.of(), declared);
    String text = Files.readString(file);
    assertTrue(text.contains(AdjointProcessor.class.getName()) && text.contains("isolating")
        && text.contains("aggregating"), text);
  }

  @Test
  void theOptionsDeclareNoGradleCategory() {
    Set<String> options = new AdjointProcessor().getSupportedOptions();
    assertTrue(
        options.stream().noneMatch(o -> o.startsWith("org.gradle.annotation.processing.")),
        options.toString());
    assertEquals(Set.of(AdjointProcessor.STAGES_OPTION), options);
  }

  /** Processor name to category, as Gradle's {@code AnnotationProcessorDetector} parses them. */
  private static Map<String, String> declarations(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      int comment = line.indexOf('#');
      String content = (comment >= 0 ? line.substring(0, comment) : line).trim();
      if (!content.isEmpty()) {
        String[] parts = content.split(",", -1);
        out.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    return out;
  }

  /** The folder (or jar) the processor's classes and resources are built into. */
  private static Path processorOutput() throws URISyntaxException, IOException {
    Path where =
        Path.of(AdjointProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(where)) {
      return where;
    }
    return java.nio.file.FileSystems.newFileSystem(where).getPath("/");
  }
}
