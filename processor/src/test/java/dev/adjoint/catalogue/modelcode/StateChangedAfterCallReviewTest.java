package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Review: state a derivative reads, changed by a call after the point that reads it. Either the
 * method is refused or every kind is right.
 */
class StateChangedAfterCallReviewTest {
  private static final String HELD =
      """
        static final class H {
          double k = 1;

          @Differentiable(wrt = "u")
          double[] scaled(double[] u) {
            double[] p = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              p[i] = k * u[i] * u[i];
            }
            return p;
          }

          @Differentiable(wrt = "u")
          double one(double[] u) {
            return k * u[0] * u[0];
          }

          void setK(double v) {
            k = v;
          }
        }

        private final H h = new H();
        private String mode = "a";

        void use(int m) {
          mode = m == 0 ? "a" : "bb";
        }
      """;

  private static String check(Path dir, String methods, String name) throws Exception {
    String src =
        "package rv;\n\nimport dev.adjoint.Differentiable;\n\npublic final class Model {\n"
            + HELD + methods + "\n}\n";
    Compilation c =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("rv.Model", src));
    if (c.status() == Compilation.Status.FAILURE) {
      System.out.println(name + " refused: " + c.errors());
      return c.errors().toString();
    }
    SeparateCompilationTest.writeClasses(c, dir);
    ModelCase m =
        new ModelCase(
            "Model.java", "rv.Model", new Object[0], List.of(name), new int[0],
            List.<Object[]>of(new Object[] {new double[] {0.4, -0.3, 0.8}, 1.2}),
            EnumSet.noneOf(Construct.class));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, StateChangedAfterCallReviewTest.class.getClassLoader())) {
      GeneratedKindsCheck.check(m, loader);
    }
    return "";
  }

  /**
   * Found in review: the backward sweep called the vector-Jacobian product on the object after
   * {@code h.setK(5.0)} changed it, a gradient 5/2 of the right one. Now ADJ089.
   */
  @Test
  void vectorCalleeReceiverChanged(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            h.setK(2.0);
            double[] y = h.scaled(x);
            h.setK(5.0);
            return y[0] * y[1] * t;
          }
        """, "f");
    org.junit.jupiter.api.Assertions.assertTrue(errors.contains("ADJ089"), errors);
  }

  /** The same calls for effect, all before the vector call: nothing changes the object after it. */
  @Test
  void vectorCalleeReceiverChangedBefore(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            h.setK(5.0);
            h.setK(2.0);
            double[] y = h.scaled(x);
            return y[0] * y[1] * t;
          }
        """, "f");
    assertEquals("", errors);
  }

  /** In a loop, a call for effect before the vector call runs after the last iteration's call. */
  @Test
  void vectorCalleeReceiverChangedInALoop(@TempDir Path dir) throws Exception {
    String errors = check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
              h.setK(i + 1.0);
              double[] y = h.scaled(x);
              s += y[0] * y[1] * t;
            }
            return s;
          }
        """, "f");
    org.junit.jupiter.api.Assertions.assertTrue(errors.contains("ADJ089"), errors);
  }

  @Test
  void scalarCalleeReceiverChanged(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            h.setK(2.0);
            double y = h.one(x);
            h.setK(5.0);
            return y * t;
          }
        """, "f");
  }

  @Test
  void scalarCalleeOfLocalArrayReceiverChanged(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double[] a = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              a[i] = x[i] * t;
            }
            h.setK(2.0);
            double y = h.one(a);
            h.setK(5.0);
            return y * t;
          }
        """, "f");
  }

  @Test
  void stringFieldChangedAfterItsQuery(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            use(0);
            double y;
            if (mode.equals("a")) {
              y = x[0] * x[0] * t;
            } else {
              y = x[1] * 3;
            }
            use(1);
            return y * x[2];
          }
        """, "f");
  }

  @Test
  void stringFieldChangedInALoop(@TempDir Path dir) throws Exception {
    check(dir, """
          @Differentiable
          public double f(double[] x, double t) {
            double y = 0;
            use(0);
            for (int i = 0; i < x.length; i++) {
              if (mode.length() == 1) {
                y += x[i] * x[i] * t;
                use(1);
              } else {
                y += Math.sin(x[i]) * y;
                use(0);
              }
            }
            return y;
          }
        """, "f");
  }
}
