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
class SeparateCompilationTest {
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

  private static File annotationsJar() {
    try {
      return new File(Differentiable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static void writeClasses(Compilation compilation, Path dir) throws IOException {
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
