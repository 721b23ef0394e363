package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's named module: {@code requires dev.adjoint}, a {@code @Differentiable} method reading a
 * private field, a main that checks the companion's gradient against finite differences. It is
 * compiled by the running JDK's javac with the annotations module on the module path and run on
 * the module path. {@code @Generated} is in {@code java.compiler}, which such a module does not
 * read unless it says so: the companion carries it only then.
 */
class ModularProjectTest {
  private static final String MODEL =
      """
      package app;

      import dev.adjoint.Differentiable;

      public class Model {
        private static double scale = 3.0;

        @Differentiable
        public static double f(double x, double y) {
          return scale * Math.sin(x) * y + x * x;
        }
      }
      """;

  private static final String MAIN =
      """
      package app;

      public class Main {
        public static void main(String[] args) {
          double x = 0.7;
          double y = -1.3;
          double[] grad = new double[2];
          double value = ModelDerivatives.fGradient(x, y, grad);
          double h = 1e-6;
          double dx = (Model.f(x + h, y) - Model.f(x - h, y)) / (2 * h);
          double dy = (Model.f(x, y + h) - Model.f(x, y - h)) / (2 * h);
          if (value != Model.f(x, y)
              || Math.abs(grad[0] - dx) > 1e-6
              || Math.abs(grad[1] - dy) > 1e-6) {
            System.out.println("wrong: " + value + " " + grad[0] + " " + grad[1]
                + ", finite differences " + dx + " " + dy);
            System.exit(1);
          }
          System.out.println("gradient matches finite differences in module "
              + ModelDerivatives.class.getModule().getName() + ", runtime in module "
              + dev.adjoint.runtime.Checks.class.getModule().getName());
        }
      }
      """;

  @Test
  void aModuleThatDoesNotReadJavaCompilerGetsNoGeneratedAnnotationAndRuns(@TempDir Path dir)
      throws Exception {
    Path out = compile(dir, "module app {\n  requires dev.adjoint;\n}\n");
    String companion = Files.readString(dir.resolve("generated/app/ModelDerivatives.java"));
    assertFalse(companion.contains("@Generated"), companion);

    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                out + File.pathSeparator + annotationsModule(),
                "--module",
                "app/app.Main")
            .redirectErrorStream(true)
            .start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the modular app did not finish");
    String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, run.exitValue(), printed);
    assertEquals(
        "gradient matches finite differences in module app, runtime in module dev.adjoint",
        printed.strip());
  }

  @Test
  void aModuleThatReadsJavaCompilerGetsTheGeneratedAnnotation(@TempDir Path dir)
      throws Exception {
    compile(dir, "module app {\n  requires dev.adjoint;\n  requires static java.compiler;\n}\n");
    String companion = Files.readString(dir.resolve("generated/app/ModelDerivatives.java"));
    assertTrue(
        companion.contains("@Generated(\"dev.adjoint.processor.AdjointProcessor\")"), companion);
  }

  /** Compiles module {@code app} with the processor, under all lints; returns its classes. */
  private static Path compile(Path dir, String moduleInfo) throws IOException, URISyntaxException {
    Path src = dir.resolve("src");
    write(src.resolve("module-info.java"), moduleInfo);
    write(src.resolve("app/Model.java"), MODEL);
    write(src.resolve("app/Main.java"), MAIN);
    Path out = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> sources = new ArrayList<>();
      try (var walk = Files.walk(src)) {
        walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toFile()));
      }
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              List.of(
                  "--release", "17",
                  "-Xlint:all",
                  "--module-path", annotationsModule().toString(),
                  "-d", out.toString(),
                  "-s", generated.toString()),
              null,
              files.getJavaFileObjectsFromFiles(sources));
      task.setProcessors(List.of(new AdjointProcessor()));
      ok = task.call();
    }
    StringBuilder report = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      report.append(d).append('\n');
    }
    assertTrue(ok, report.toString());
    assertTrue(diagnostics.getDiagnostics().isEmpty(), report.toString());
    return out;
  }

  /** Where the annotations module is on this test's class path: a jar or a classes folder. */
  private static Path annotationsModule() throws URISyntaxException {
    Path where =
        Path.of(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(
        Files.isDirectory(where)
            ? Files.exists(where.resolve("module-info.class"))
            : where.toString().endsWith(".jar"),
        where + " holds no module-info.class");
    return where;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
