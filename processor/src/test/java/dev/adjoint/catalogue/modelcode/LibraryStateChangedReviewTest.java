package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.SeparateCompilationTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review: a static vector callee of a library, called through its companion, reading a static
 * field of its class that the caller changes after the call.
 */
class LibraryStateChangedReviewTest {
  static final JavaFileObject SCALER =
      JavaFileObjects.forSourceString(
          "lib.Scaler",
          """
          package lib;

          import dev.adjoint.Differentiable;

          public final class Scaler {
            private static double k = 1;

            private Scaler() {}

            public static void setK(double v) {
              k = v;
            }

            @Differentiable
            public static double one(double[] u) {
              return k * u[0] * u[0] + u[1];
            }

            @Differentiable
            public static double[] scaled(double[] u) {
              double[] p = new double[u.length];
              for (int i = 0; i < u.length; i++) {
                p[i] = k * u[i] * u[i];
              }
              return p;
            }
          }
          """);

  /** {@code f} when {@code vector}, the vector callee; else its scalar sibling. */
  private static JavaFileObject model(boolean vector) {
    String call =
        vector
            ? "double[] y = Scaler.scaled(a);\n    Scaler.setK(5.0);\n    return y[0] * y[1];"
            : "double y = Scaler.one(a);\n    Scaler.setK(5.0);\n    return y * t;";
    return JavaFileObjects.forSourceString(
        "app.Model",
        "package app;\n\nimport dev.adjoint.Differentiable;\nimport lib.Scaler;\n\n"
            + "public final class Model {\n  @Differentiable\n  public double f(double[] x, double t) {\n"
            + "    double[] a = new double[x.length];\n"
            + "    for (int i = 0; i < x.length; i++) {\n      a[i] = x[i] * t;\n    }\n"
            + "    Scaler.setK(2.0);\n    "
            + call
            + "\n  }\n}\n");
  }

  private static Compilation compile(Path dir, boolean vector) throws Exception {
    Compilation library = Compiler.javac().withProcessors(new AdjointProcessor()).compile(SCALER);
    assertEquals(Compilation.Status.SUCCESS, library.status(), () -> library.diagnostics().toString());
    SeparateCompilationTest.writeClasses(library, dir);
    return Compiler.javac()
        .withProcessors(new AdjointProcessor())
        .withClasspath(List.of(dir.toFile(), SeparateCompilationTest.annotationsJar()))
        .compile(model(vector));
  }

  /**
   * Found in review: the gradient was 5/2 of the right one, as the backward sweep's
   * vector-Jacobian product read {@code k} after {@code Scaler.setK(5.0)}. Now ADJ089 at the call.
   */
  @Test
  void vectorCalleeReadingAStaticFieldChangedAfterTheCallIsRefused(@TempDir Path dir)
      throws Exception {
    Compilation c = compile(dir, true);
    assertEquals(1, c.errors().size(), () -> c.errors().toString());
    assertTrue(c.errors().get(0).getMessage(null).contains("ADJ089"), () -> c.errors().toString());
    assertEquals(14L, c.errors().get(0).getLineNumber());
  }

  /** A scalar callee in the same place takes its partials before the change: right. */
  @Test
  void scalarCalleeReadingAStaticFieldChangedAfterTheCallIsRight(@TempDir Path dir)
      throws Exception {
    Compilation c = compile(dir, false);
    assertEquals(Compilation.Status.SUCCESS, c.status(), () -> c.diagnostics().toString());
    SeparateCompilationTest.writeClasses(c, dir);
    ModelCase m =
        new ModelCase(
            "Model.java", "app.Model", new Object[0], List.of("f"), new int[0],
            List.<Object[]>of(new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2}),
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      GeneratedKindsCheck.check(m, loader);
    }
  }
}
