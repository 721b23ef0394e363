package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor as javac sees it: discovery, determinism, and behaviour outside plain javac. */
class ProcessorTest {
  private static final JavaFileObject MODEL =
      JavaFileObjects.forSourceLines(
          "p.Model",
          "package p;",
          "import dev.adjoint.Differentiable;",
          "public class Model {",
          "  @Differentiable",
          "  public static double f(double x, double y) {",
          "    double s = Math.sin(x) * y;",
          "    if (s > 0) {",
          "      s = Math.sqrt(s);",
          "    }",
          "    return s + Math.exp(x - y);",
          "  }",
          "}");

  @Test
  void serviceFileNamesTheProcessor() throws IOException {
    List<URL> files =
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/services/javax.annotation.processing.Processor"));
    boolean listed = false;
    for (URL file : files) {
      try (InputStream in = file.openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        listed |= text.lines().anyMatch(l -> l.trim().equals(AdjointProcessor.class.getName()));
      }
    }
    assertTrue(listed, "no META-INF/services entry names " + AdjointProcessor.class.getName());
    boolean loaded = false;
    for (Processor p : ServiceLoader.load(Processor.class, getClass().getClassLoader())) {
      loaded |= p instanceof AdjointProcessor;
    }
    assertTrue(loaded, "ServiceLoader does not find AdjointProcessor");
  }

  @Test
  void twoCompilationsGiveIdenticalBytes() throws IOException {
    Compilation first = Compiler.javac().withProcessors(new AdjointProcessor()).compile(MODEL);
    Compilation second = Compiler.javac().withProcessors(new AdjointProcessor()).compile(MODEL);
    assertThat(first).succeededWithoutWarnings();
    assertThat(second).succeededWithoutWarnings();
    List<String> names = new ArrayList<>();
    for (JavaFileObject f : first.generatedFiles()) {
      names.add(f.toUri().toString());
      JavaFileObject g =
          second.generatedFiles().stream()
              .filter(o -> o.toUri().equals(f.toUri()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("second compilation lacks " + f.toUri()));
      assertArrayEquals(bytes(f), bytes(g), f.toUri() + " differs between compilations");
    }
    assertTrue(names.stream().anyMatch(n -> n.endsWith("p/ModelDerivatives.java")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.endsWith("p/ModelDerivatives.class")), names.toString());
  }

  @Test
  void generatedCodeCompilesWithoutWarningsUnderAllLints() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(MODEL);
    assertThat(c).succeededWithoutWarnings();
  }

  private static byte[] bytes(JavaFileObject f) throws IOException {
    try (InputStream in = f.openInputStream()) {
      return in.readAllBytes();
    }
  }

  /**
   * {@code -Aadjoint.stages=DIR} writes each method's IR as read, the plan of its reverse sweep,
   * its IR as differentiated and as generated; the option is declared, so {@code -Xlint:all} does
   * not warn about it.
   */
  @Test
  void stagesOptionWritesTheIntermediateForms(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withOptions("-Xlint:all", "-Werror", "-Aadjoint.stages=" + dir)
            .compile(MODEL);
    assertThat(c).succeededWithoutWarnings();
    java.nio.file.Path file = dir.resolve("p.Model.f.txt");
    assertTrue(java.nio.file.Files.exists(file), "no " + file);
    String text = java.nio.file.Files.readString(file);
    for (String expected :
        List.of(
            "// after validation: f, as read",
            "// reverse sweep plan: f",
            "line 8: s = Math.sqrt(s);  =>  saves s in a local: the assignment overwrites it",
            "saves the branch taken in a local: a branch changes s, which the condition reads",
            "// after differentiation: fGradient",
            "// after simplification: fGradient, as generated",
            "// after differentiation: fDerivative",
            "// after simplification: fHessianVector, as generated",
            "xBar",
            "xDot",
            "xBarDot")) {
      assertTrue(text.contains(expected), "missing \"" + expected + "\" in:\n" + text);
    }
  }
}
