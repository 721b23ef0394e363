package dev.adjoint.catalogue.modelcode;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The corpus of model code: one class per file, each compiled on its own so that one refusal does
 * not hide another. Files in {@link #SUITE} compile and are checked in CI; files in {@link
 * #FINDINGS} do not compile yet, and join the suite by being moved there.
 */
final class ModelCodeSources {
  /** Relative to the processor module, where Maven runs the tests. */
  static final Path SUITE = Path.of("src/test/resources/model-code");

  static final Path FINDINGS = Path.of("src/test/findings/model-code");

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern ID = Pattern.compile("^\\[(ADJ\\d{3})\\] ");

  private ModelCodeSources() {}

  /** The names of the {@code .java} files in {@code folder}, sorted; none if it does not exist. */
  static List<String> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.list(folder)) {
      return paths
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles the one class in {@code file} with Adjoint, under {@code -Xlint:all}. */
  static Compilation compile(Path file) {
    return compile(file, true);
  }

  /** Compiles the classes in {@code files} together with Adjoint, under {@code -Xlint:all}. */
  static Compilation compileTogether(Path... files) {
    List<JavaFileObject> sources = new java.util.ArrayList<>();
    for (Path file : files) {
      String text = text(file);
      Matcher m = PACKAGE.matcher(text);
      if (!m.find()) {
        throw new AssertionError(file + " declares no package");
      }
      String simpleName = file.getFileName().toString().replace(".java", "");
      sources.add(JavaFileObjects.forSourceString(m.group(1) + "." + simpleName, text));
    }
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withOptions("-Xlint:all")
        .compile(sources);
  }

  /** Compiles the one class in {@code file} as plain Java, without Adjoint. */
  static Compilation compileWithoutAdjoint(Path file) {
    return compile(file, false);
  }

  private static Compilation compile(Path file, boolean withAdjoint) {
    String text = text(file);
    Matcher m = PACKAGE.matcher(text);
    if (!m.find()) {
      throw new AssertionError(file + " declares no package");
    }
    String simpleName = file.getFileName().toString().replace(".java", "");
    JavaFileObject source = JavaFileObjects.forSourceString(m.group(1) + "." + simpleName, text);
    try {
      Compiler javac =
          withAdjoint
              ? Compiler.javac().withProcessors(new AdjointProcessor()).withOptions("-Xlint:all")
              : Compiler.javac().withOptions("-Xlint:all", "-proc:none");
      return javac.compile(source);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("javac crashed on " + file + ": " + e, e);
    }
  }

  /** The Adjoint ids of a compilation's errors ({@code javac} for javac's own), in line order. */
  static List<String> errorIds(Compilation compilation) {
    return compilation.errors().stream()
        .map(
            d -> {
              Matcher m = ID.matcher(d.getMessage(Locale.ROOT));
              return m.find() ? m.group(1) : "javac";
            })
        .collect(Collectors.toList());
  }

  /** Every diagnostic but notes, one a line, with its line number: for failure messages. */
  static String listing(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(
            d ->
                "  "
                    + d.getKind()
                    + " line "
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
