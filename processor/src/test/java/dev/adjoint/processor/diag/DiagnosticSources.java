package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources with Adjoint and checks its diagnostics against markers in the source.
 *
 * <p>A line that should carry errors ends with a marker comment listing their ids, one per error:
 *
 * <pre>
 *     for (int i = 0; i &lt; 3; i++) { x = helper(x); }  //! ADJ021 ADJ033
 * </pre>
 *
 * <p>{@link #expectErrors} then asserts, with compile-testing, that each marked error is reported on
 * exactly that line, and that the compilation reported no other error: the multiset of {@code
 * (line, id)} pairs is compared as a whole, so a missing, extra, duplicated or moved diagnostic
 * fails the test. The id {@code javac} stands for an error of javac itself (one without an Adjoint
 * id).
 */
public final class DiagnosticSources {
  private static final Pattern MARKER = Pattern.compile("//!((?:\\s+(?:ADJ\\d{3}|javac))+)\\s*$");
  private static final Pattern ID = Pattern.compile("^\\[(ADJ\\d{3})\\] ");

  private DiagnosticSources() {}

  /** The source {@code text} of class {@code qualifiedName}. */
  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** Compiles with Adjoint; a javac crash (an exception out of compile) fails the test. */
  static Compilation compile(List<String> options, JavaFileObject... files) {
    try {
      return Compiler.javac()
          .withProcessors(new AdjointProcessor())
          .withOptions(options)
          .compile(files);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("javac crashed instead of reporting a diagnostic: " + e, e);
    }
  }

  static Compilation compile(JavaFileObject... files) {
    return compile(List.of(), files);
  }

  /**
   * Compiles {@code text} and asserts that the errors are exactly those marked in it, each on its
   * line. Returns the compilation for further checks.
   */
  static Compilation expectErrors(String qualifiedName, String text) {
    JavaFileObject file = source(qualifiedName, text);
    List<String> expected = markers(text);
    assertTrue(!expected.isEmpty(), "the test source marks no expected error");
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    for (String mark : expected) {
      long line = Long.parseLong(mark.substring(0, mark.indexOf(':')));
      String id = mark.substring(mark.indexOf(':') + 1);
      if (!id.equals("javac")) {
        assertThat(compilation).hadErrorContaining("[" + id + "]").inFile(file).onLine(line);
      }
    }
    assertEquals(expected, actual(compilation), "errors as (line:id); all of them:\n" + listing(compilation));
    assertThat(compilation).hadErrorCount(expected.size());
    return compilation;
  }

  /** Compiles {@code text} under {@code -Xlint:all} and asserts success without any warning. */
  static Compilation expectClean(String qualifiedName, String text) {
    Compilation compilation = compile(List.of("-Xlint:all"), source(qualifiedName, text));
    assertThat(compilation).succeeded();
    assertTrue(
        compilation.warnings().isEmpty(),
        () -> "expected no warnings, got:\n" + listing(compilation));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  /** The marked errors of {@code text} as sorted {@code line:id} strings. */
  static List<String> markers(String text) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARKER.matcher(lines[i]);
      if (m.find()) {
        for (String id : m.group(1).trim().split("\\s+")) {
          out.add((i + 1) + ":" + id);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** The line of the first line of {@code text} containing {@code fragment} (1-based). */
  static long lineOf(String text, String fragment) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(fragment)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + fragment);
  }

  /** The errors of a compilation as sorted {@code line:id} strings. */
  static List<String> actual(Compilation compilation) {
    List<String> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      Matcher m = ID.matcher(d.getMessage(Locale.ROOT));
      out.add(d.getLineNumber() + ":" + (m.find() ? m.group(1) : "javac"));
    }
    Collections.sort(out);
    return out;
  }

  /** Every diagnostic, one a line, for failure messages. */
  static String listing(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(
            d ->
                "  "
                    + d.getKind()
                    + " "
                    + (d.getSource() == null ? "-" : d.getSource().getName())
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  /** The text of the one error carrying {@code id}. */
  static String message(Compilation compilation, String id) {
    List<String> texts =
        compilation.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(t -> t.startsWith("[" + id + "] "))
            .collect(Collectors.toList());
    if (texts.size() != 1) {
      fail("expected one " + id + " error, got " + texts.size() + ":\n" + listing(compilation));
    }
    return texts.get(0);
  }

  /** Loads the classes a successful compilation wrote, in a class loader of their own. */
  public static ClassLoader classes(Compilation compilation) {
    Map<String, byte[]> bytes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
      name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        bytes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(DiagnosticSources.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = bytes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }
}
