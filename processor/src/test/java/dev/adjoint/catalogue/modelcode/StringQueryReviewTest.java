package dev.adjoint.catalogue.modelcode;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review: string queries on operands the branch's tests do not show; refused or right. */
class StringQueryReviewTest {
  private static final String HEAD =
      """
        static final class Holder {
          String name = "a";
        }

        private final Holder holder = new Holder();
        private String mode = "a";

        Model self() {
          return this;
        }

        String tag() {
          return "a";
        }
      """;

  private static void check(Path dir, String methods) throws Exception {
    String src =
        "package rv;\n\nimport dev.adjoint.Differentiable;\nimport java.util.Objects;\n\n"
            + "public final class Model {\n" + HEAD + methods + "\n}\n";
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("rv.Model", src));
    if (c.status() == Compilation.Status.FAILURE) {
      System.out.println("REVIEW refused: " + c.errors());
      return;
    }
    System.out.println("REVIEW compiled");
    SeparateCompilationTest.writeClasses(c, dir);
    ModelCase m =
        new ModelCase(
            "Model.java", "rv.Model", new Object[0], List.of("f"), new int[0],
            List.<Object[]>of(new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2}),
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, StringQueryReviewTest.class.getClassLoader())) {
      GeneratedKindsCheck.check(m, loader);
    }
  }

  @Test
  void heldObjectsField(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            return holder.name.equals("a") ? x[0] * x[1] * t : x[2];
          }
        """);
  }

  @Test
  void callsResultsField(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            return self().mode.equals("a") ? x[0] * x[1] * t : x[2];
          }
        """);
  }

  @Test
  void callResult(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            return tag().equals("a") ? x[0] * x[1] * t : x[2];
          }
        """);
  }

  @Test
  void objectsEqualsNull(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            return Objects.equals(mode, null) ? x[2] : x[0] * x[1] * t;
          }
        """);
  }

  @Test
  void lengthInALoopBound(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            String m = mode;
            double s = 0;
            for (int i = 0; i < m.length() + 2; i++) {
              s += x[i] * t * m.length();
            }
            switch (m) {
              case "a" -> s *= x[0];
              default -> s += 1;
            }
            return s;
          }
        """);
  }
}
