package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.AdjointProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library compiled earlier, of which only class files remain: its {@code @Differentiable}
 * methods are differentiated through the companions compiled with it.
 */
public class SeparateCompilationTest {
  private static final JavaFileObject LIBRARY =
      JavaFileObjects.forSourceString(
          "lib.Special",
          """
          package lib;
          import dev.adjoint.Differentiable;
          public final class Special {
            private Special() {}
            @Differentiable(wrt = "x")
            public static double logCosh(double x, double scale) {
              return scale * Math.log(Math.cosh(x / scale));
            }
          }
          """);

  private static final JavaFileObject CALLER =
      JavaFileObjects.forSourceString(
          "app.Model",
          """
          package app;
          import dev.adjoint.Differentiable;
          import lib.Special;
          public final class Model {
            private Model() {}
            @Differentiable(wrt = "x")
            public static double loss(double x, double scale) {
              return Special.logCosh(x * x - 1, scale) + x;
            }
          }
          """);

  @Test
  void aCompiledLibraryComposesThroughItsCompanion(@TempDir Path dir) throws Exception {
    Compilation library = Compiler.javac().withProcessors(new AdjointProcessor()).compile(LIBRARY);
    assertThat(library).succeededWithoutWarnings();
    writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), annotationsJar()))
            .compile(CALLER);
    assertThat(caller).succeededWithoutWarnings();
    writeClasses(caller, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Method loss = loader.loadClass("app.Model").getMethod("loss", double.class, double.class);
      Method gradient =
          loader
              .loadClass("app.ModelDerivatives")
              .getMethod("lossGradient", double.class, double.class, double[].class);
      for (double x : new double[] {-1.3, 0.2, 0.9}) {
        double[] grad = new double[1];
        assertEquals((double) loss.invoke(null, x, 0.7), (double) gradient.invoke(null, x, 0.7, grad), 0.0);
        double h = 1e-6;
        double fd = ((double) loss.invoke(null, x + h, 0.7) - (double) loss.invoke(null, x - h, 0.7)) / (2 * h);
        assertEquals(fd, grad[0], 1e-6 * Math.max(1, Math.abs(fd)), "at x = " + x);
      }
    }
  }

  private static final JavaFileObject DENSITIES =
      JavaFileObjects.forSourceString(
          "lib.Densities",
          """
          package lib;
          import dev.adjoint.Differentiable;
          public final class Densities {
            private Densities() {}
            public static int runs;
            static void count() {
              runs++;
            }
            @Differentiable(wrt = "w")
            public static double quiet(double[] w, double x) {
              return -0.5 * (x - w[0]) * (x - w[0]) * w[1];
            }
            @Differentiable(wrt = "w")
            public static double counted(double[] w, double x) {
              count();
              return quiet(w, x) + w[1] * x;
            }
          }
          """);

  private static final JavaFileObject FIT =
      JavaFileObjects.forSourceString(
          "app.Fit",
          """
          package app;
          import dev.adjoint.Differentiable;
          import lib.Densities;
          public final class Fit {
            private Fit() {}
            @Differentiable(wrt = "w")
            public static double logLikelihood(double[] w, double[] data) {
              double sum = 0;
              for (int i = 0; i < data.length; i++) {
                sum += Densities.quiet(w, data[i]) * Densities.counted(w, data[i]);
              }
              return Math.log(1 + sum * sum);
            }
          }
          """);

  /**
   * A compiled callee's effects come from its companion ({@code @HasEffects}, on the gradient of a
   * method that makes calls as statements): taking arrays in a loop, the counted one runs once per
   * iteration (its partials taped); so are the partials of the one without effects, as the
   * compiled callee with effects may change the elements of the array both take.
   */
  @Test
  void aCompiledCalleeWithEffectsRunsOncePerIteration(@TempDir Path dir) throws Exception {
    Compilation library = Compiler.javac().withProcessors(new AdjointProcessor()).compile(DENSITIES);
    assertThat(library).succeededWithoutWarnings();
    assertThat(library)
        .generatedSourceFile("lib.DensitiesDerivatives")
        .contentsAsUtf8String()
        .containsMatch("@HasEffects\\s+public static double countedGradient\\(");
    writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), annotationsJar()))
            .compile(FIT);
    assertThat(caller).succeededWithoutWarnings();
    String generated =
        caller.generatedSourceFile("app.FitDerivatives").orElseThrow().getCharContent(true).toString();
    int start = generated.indexOf("double logLikelihoodGradient(");
    // The gradient's code, without the comments that quote the source.
    String gradientSource =
        generated
            .substring(start, generated.indexOf("\n    }\n", start))
            .replaceAll("//[^\n]*", "");
    // Counted: once per iteration, for its value and partials. Quiet: once too, its partials
    // taped: counted's effects are not known, so it may change the elements of w, which may be a
    // field's array (FieldArrayPassedToCalleeThatChangesItTest), and quiet called again in the
    // backward sweep would read them changed.
    assertEquals(
        List.of(1, 0, 1, 0),
        List.of(
            occurrences(gradientSource, "DensitiesDerivatives.countedGradient("),
            occurrences(gradientSource, "Densities.counted("),
            occurrences(gradientSource, "DensitiesDerivatives.quietGradient("),
            occurrences(gradientSource, "Densities.quiet(")),
        gradientSource);
    writeClasses(caller, dir);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> densities = loader.loadClass("lib.Densities");
      java.lang.reflect.Field runs = densities.getField("runs");
      Method f = loader.loadClass("app.Fit").getMethod("logLikelihood", double[].class, double[].class);
      Method gradient =
          loader
              .loadClass("app.FitDerivatives")
              .getMethod("logLikelihoodGradient", double[].class, double[].class, double[].class);
      double[] w = {0.3, 1.7};
      double[] data = {0.1, -0.4, 0.9, 1.3};
      runs.setInt(null, 0);
      double value = (double) f.invoke(null, w, data);
      assertEquals(data.length, runs.getInt(null), "the original");
      double[] grad = new double[2];
      runs.setInt(null, 0);
      assertEquals(value, (double) gradient.invoke(null, w, data, grad), 0.0);
      assertEquals(data.length, runs.getInt(null), "the gradient");
      double h = 1e-6;
      for (int k = 0; k < 2; k++) {
        double[] up = w.clone();
        double[] down = w.clone();
        up[k] += h;
        down[k] -= h;
        double fd = ((double) f.invoke(null, up, data) - (double) f.invoke(null, down, data)) / (2 * h);
        assertEquals(fd, grad[k], 1e-6 * Math.max(1, Math.abs(fd)), "element " + k);
      }
    }
  }

  private static int occurrences(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aLibraryCompiledWithoutAdjointIsAClearError(@TempDir Path dir) throws IOException {
    Compilation library = Compiler.javac().withOptions("-proc:none").compile(LIBRARY);
    assertThat(library).succeeded();
    writeClasses(library, dir);
    Compilation caller =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .withClasspath(List.of(dir.toFile(), annotationsJar()))
            .compile(CALLER);
    assertThat(caller).hadErrorCount(1);
    assertThat(caller)
        .hadErrorContaining("[ADJ034] The call to Special.logCosh(...) cannot be differentiated")
        .inFile(CALLER)
        .onLine(8);
    assertThat(caller).hadErrorContaining("compile Special with the Adjoint processor");
  }

  /** The jar (or folder) of the annotations and runtime, for a caller's classpath. */
  public static File annotationsJar() {
    try {
      return new File(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes the class files {@code compilation} made under {@code dir}, as a library's jar holds them. */
  public static void writeClasses(Compilation compilation, Path dir) throws IOException {
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String relative = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
      Path target = dir.resolve(relative);
      Files.createDirectories(target.getParent());
      try (InputStream in = f.openInputStream()) {
        Files.write(target, in.readAllBytes());
      }
    }
  }
}
