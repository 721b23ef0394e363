package dev.adjoint.catalogue.modelcode;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found in review: a helper given a value that carries a derivative kept it in a library object a
 * field holds ({@code seen.add(v)}, {@code adder.add(v)}), and a helper returning {@code double}
 * read it back through the library as data: the gradient of {@code x * t + 2 x} was t, not t + 2.
 * FieldWrites took a library method to change nothing unless given an array; a library object's
 * method given a number may now keep it, so the call is ADJ034. An object of the compilation
 * passed to a static helper that keeps the value in it is refused (ADJ033).
 */
class KeptInALibraryObjectReviewTest {
  private static String check(Path dir, String members) throws Exception {
    String src =
        "package rv;\n\nimport dev.adjoint.Differentiable;\n\n"
            + "public final class Model {\n" + members + "\n}\n";
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("rv.Model", src));
    if (c.status() == Compilation.Status.FAILURE) {
      return c.errors().toString();
    }
    SeparateCompilationTest.writeClasses(c, dir);
    ModelCase m =
        new ModelCase(
            "Model.java", "rv.Model", new Object[0], List.of("f"), new int[0],
            List.<Object[]>of(new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2}),
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, KeptInALibraryObjectReviewTest.class.getClassLoader())) {
      GeneratedKindsCheck.check(m, loader);
    }
    return "";
  }

  @Test
  void keptInAList(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          private final java.util.ArrayList<Double> seen = new java.util.ArrayList<>();

          void remember(double v) {
            seen.clear();
            seen.add(v);
          }

          double last() {
            return seen.get(0);
          }

          @Differentiable
          public double f(double[] x, double t) {
            remember(x[0] * 2);
            return x[0] * t + last();
          }
        """);
    assertTrue(errors.contains("ADJ034"), errors);
  }

  @Test
  void keptInADoubleAdder(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          private final java.util.concurrent.atomic.DoubleAdder acc =
              new java.util.concurrent.atomic.DoubleAdder();

          void remember(double v) {
            acc.reset();
            acc.add(v);
          }

          double last() {
            return acc.sum();
          }

          @Differentiable
          public double f(double[] x, double t) {
            remember(x[0] * 2);
            return x[0] * t + last();
          }
        """);
    assertTrue(errors.contains("ADJ034"), errors);
  }

  /** A library object given only integers keeps no derivative: the helper runs as a statement. */
  @Test
  void integersGivenToALibraryObject(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          private final java.util.ArrayList<Integer> seen = new java.util.ArrayList<>();

          void remember(int k) {
            seen.add(k);
          }

          @Differentiable
          public double f(double[] x, double t) {
            remember(x.length);
            return x[0] * t * x[1];
          }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("", errors);
  }

  @Test
  void keptInAHolderArray(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          static final class Box {
            final double[] v = new double[1];
          }

          private final Box box = new Box();

          static void put(Box b, double v) {
            b.v[0] = v;
          }

          double last() {
            return box.v[0];
          }

          @Differentiable
          public double f(double[] x, double t) {
            put(box, x[0] * 2);
            return x[0] * t + last();
          }
        """);
    assertTrue(errors.contains("ADJ033"), errors);
  }
}
