package dev.adjoint.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The processor artifact this app was built with (the jar, under {@code mvn verify}) names its
 * processor in {@code META-INF/services}: that entry is how javac finds Adjoint on a processor path.
 */
class ProcessorJarTest {
  private static final String SERVICE = "META-INF/services/javax.annotation.processing.Processor";

  @Test
  void processorArtifactHasItsServiceEntry() throws IOException {
    List<String> seen = new ArrayList<>();
    boolean found = false;
    for (URL url : Collections.list(getClass().getClassLoader().getResources(SERVICE))) {
      String where = url.toString();
      seen.add(where);
      if (where.contains("adjoint-processor") || where.contains("/processor/target/")) {
        try (InputStream in = url.openStream()) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          found |= text.lines().anyMatch(l -> l.trim().equals("dev.adjoint.processor.AdjointProcessor"));
        }
      }
    }
    assertTrue(found, "no processor artifact with a service entry for AdjointProcessor among " + seen);
  }
}
