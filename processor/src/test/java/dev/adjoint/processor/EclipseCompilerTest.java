package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse's compiler (ECJ) runs annotation processors but has no {@code com.sun.source} trees, which
 * Adjoint needs to read method bodies: a compilation with it gets one clear error, on the method,
 * and neither a crash nor a stack trace.
 */
class EclipseCompilerTest {
  @Test
  void eclipsesCompilerGetsOneClearErrorAndNoStackTrace(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("src/p/Model.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        String.join(
            "\n",
            "package p;",
            "import dev.adjoint.Differentiable;",
            "public class Model {",
            "  @Differentiable",
            "  public static double f(double x, double y) {",
            "    return Math.sin(x) * y;",
            "  }",
            "  @Differentiable",
            "  public static double g(double x) {",
            "    return x * x;",
            "  }",
            "}",
            ""));
    Path out = Files.createDirectories(dir.resolve("out"));

    JavaCompiler ecj = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter printed = new StringWriter();
    boolean compiled;
    try (StandardJavaFileManager files =
        ecj.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task =
          ecj.getTask(
              printed,
              files,
              diagnostics,
              List.of(
                  "--release", "17",
                  "-classpath", System.getProperty("java.class.path"),
                  "-d", out.toString(),
                  "-s", out.toString()),
              null,
              files.getJavaFileObjects(source.toFile()));
      task.setProcessors(List.of(new AdjointProcessor()));
      compiled = task.call();
    }

    List<Diagnostic<? extends JavaFileObject>> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .toList();
    String all = describe(diagnostics) + printed;
    assertFalse(compiled, all);
    assertEquals(1, errors.size(), all);
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.startsWith("[ADJ001] "), all);
    assertTrue(
        message.contains(
            "Adjoint needs javac's compiler trees; compile with javac or Maven/Gradle's javac"),
        all);
    assertTrue(errors.get(0).getLineNumber() == 5 || errors.get(0).getLineNumber() == 4, all);
    assertFalse(all.contains("Exception") || all.contains("\tat "), all);
    try (var generated = Files.walk(out)) {
      assertTrue(generated.noneMatch(f -> f.toString().endsWith("Derivatives.java")), all);
    }
  }

  private static String describe(DiagnosticCollector<JavaFileObject> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      out.append(d.getKind())
          .append(" line ")
          .append(d.getLineNumber())
          .append(": ")
          .append(d.getMessage(Locale.ROOT))
          .append('\n');
    }
    return out.toString();
  }
}
