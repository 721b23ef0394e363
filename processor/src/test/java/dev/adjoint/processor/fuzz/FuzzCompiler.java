package dev.adjoint.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.fuzz.ProgramGenerator.Method;
import dev.adjoint.processor.fuzz.ProgramGenerator.Unit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles generated classes with Adjoint in memory (as {@code DiagnosticSources} does), loads what
 * it wrote, and traces each diagnostic back to the generated method it concerns.
 */
final class FuzzCompiler {
  /**
   * A generated method of a companion: {@code static double mGradient(}, {@code mDerivative(}, {@code
   * static double[] mJacobianVector(}, ...
   */
  private static final Pattern GENERATED_METHOD =
      Pattern.compile(
          "\\bstatic\\s+[\\w\\[\\]]+\\s+(\\w+?)"
              + "(Gradient|Derivative|HessianVector|Hessian|JacobianVector|VectorJacobian|Jacobian)\\(");

  private FuzzCompiler() {}

  /** Compiles {@code units} with Adjoint under {@code -Xlint:all}; a javac crash is an error. */
  static Compilation compile(List<Unit> units) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Unit u : units) {
      files.add(JavaFileObjects.forSourceString(u.qualifiedName(), u.text()));
    }
    try {
      return Compiler.javac()
          .withProcessors(new AdjointProcessor())
          .withOptions(List.of("-Xlint:all"))
          .compile(files);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("javac crashed: " + e, e);
    }
  }

  /**
   * The diagnostics of a compilation (errors and warnings, and notes of no source), grouped by the
   * generated method they concern; those of no generated method are under the key {@code null}.
   */
  static Map<Method, List<String>> diagnosticsByMethod(Compilation compilation, List<Unit> units) {
    Map<Method, List<String>> out = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE) {
        continue;
      }
      Method method = null;
      String where = "-";
      String generatedExcerpt = "";
      if (d.getSource() != null) {
        String file = d.getSource().getName();
        where = file + ":" + d.getLineNumber();
        for (Unit u : units) {
          if (file.endsWith("/" + u.className() + ".java")) {
            method = u.methodAt(d.getLineNumber());
            if (method != null) {
              // Lines move when failing methods are dropped and the rest compiled again.
              int first = u.lineRanges().get(u.methods().indexOf(method))[0];
              where += " (line " + (d.getLineNumber() - first + 1) + " of " + method.name() + ")";
            }
          } else if (file.endsWith("/" + u.className() + "Derivatives.java")) {
            String text = sourceText(d.getSource());
            String name = enclosingGeneratedMethod(text, d.getLineNumber());
            for (Method m : u.methods()) {
              if (m.name().equals(name)) {
                method = m;
              }
            }
            generatedExcerpt = "\n    generated code:\n" + excerpt(text, d.getLineNumber());
          }
        }
      }
      out.computeIfAbsent(method, k -> new ArrayList<>())
          .add(
              "  "
                  + d.getKind()
                  + " "
                  + where
                  + ": "
                  + d.getMessage(Locale.ROOT)
                  + generatedExcerpt);
    }
    return out;
  }

  private static String sourceText(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The original name of the generated method around {@code line} (1-based), or null. */
  static String enclosingGeneratedMethod(String text, long line) {
    String[] lines = text.split("\n", -1);
    for (int i = (int) Math.min(line - 1, lines.length - 1); i >= 0; i--) {
      Matcher m = GENERATED_METHOD.matcher(lines[i]);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** Lines {@code line - 12 .. line + 3} of {@code text}, numbered, the line marked. */
  private static String excerpt(String text, long line) {
    String[] lines = text.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = (int) Math.max(1, line - 12); i <= Math.min(lines.length, line + 3); i++) {
      out.append(i == line ? "  >> " : "     ")
          .append(String.format(Locale.ROOT, "%4d ", i))
          .append(lines[i - 1])
          .append('\n');
    }
    return out.toString();
  }

  /** The generated source of {@code className}'s companion, or null. */
  static String companionSource(Compilation compilation, String qualifiedClassName) {
    String path = "/" + qualifiedClassName.replace('.', '/') + "Derivatives.java";
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      if (f.toUri().getPath().endsWith(path)) {
        return sourceText(f);
      }
    }
    return null;
  }
}
