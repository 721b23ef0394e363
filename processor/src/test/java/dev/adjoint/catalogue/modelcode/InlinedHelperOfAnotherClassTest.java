package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static helper of another class of the compilation returning {@code double[]} ({@code double[]
 * s = Linalg.multiply(w, x);}), read in place of its call as a helper of the caller's class is:
 * its body reads a constant of its class, calls a helper of its class differentiated implicitly
 * and inlines another, called once and
 * per row in a loop, and a vector-valued method returns the array it made. Every generated kind
 * is checked against finite differences of the original ({@link GeneratedKindsCheck}); the
 * inlined statements' comments name the helper with its class and its own file's lines.
 */
class InlinedHelperOfAnotherClassTest {
  private static final String LINALG =
      """
      package othervector;

      public final class Linalg {
        static final double SCALE = 0.5;

        private Linalg() {}

        public static double[] multiply(double[][] w, double[] x) {
          double[] out = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
              s += w[i][j] * x[j];
            }
            out[i] = SCALE * s + dot(w[i], x);
          }
          double[] squashed = tanhAll(out);
          return squashed;
        }

        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * Math.sin(b[i]);
          }
          return s;
        }

        static double[] tanhAll(double[] v) {
          double[] r = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            r[i] = Math.tanh(v[i]);
          }
          return r;
        }
      }
      """;

  private static final String MODEL =
      """
      package othervector;

      import dev.adjoint.Differentiable;

      public class Model {
        @Differentiable
        public static double energy(double[][] w, double[] x) {
          double[] s = Linalg.multiply(w, x);
          double e = 0;
          for (int i = 0; i < s.length; i++) {
            e += s[i] * s[i] + x[i % x.length] * s[i];
          }
          return e;
        }

        @Differentiable
        public static double perRow(double[][] w, double[] x) {
          double total = 0;
          for (int i = 0; i < w.length; i++) {
            double[] r = Linalg.tanhAll(w[i]);
            total += r[0] * x[i % x.length] + r[r.length - 1];
          }
          return total;
        }

        @Differentiable
        public static double[] residuals(double[][] w, double[] x) {
          double[] r = Linalg.multiply(w, x);
          r[0] += x[1] * r[1];
          return r;
        }
      }
      """;

  @Test
  void everyKindIsRight(@TempDir Path dir) throws Exception {
    Path linalg = dir.resolve("Linalg.java");
    Path model = dir.resolve("Model.java");
    Files.writeString(linalg, LINALG);
    Files.writeString(model, MODEL);
    Compilation compilation = ModelCodeSources.compileTogether(model, linalg);
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> ModelCodeSources.listing(compilation));
    String generated =
        compilation
            .generatedFile(
                StandardLocation.SOURCE_OUTPUT, "othervector", "ModelDerivatives.java")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    long line = LINALG.lines().takeWhile(l -> !l.contains("out[i] = SCALE * s + dot(w[i], x);")).count() + 1;
    assertTrue(
        generated.contains("// Linalg.multiply, line " + line + ": out[i] = SCALE * s + dot(w[i], x);"),
        generated);
    ModelCase c =
        new ModelCase(
            "Model.java",
            "othervector.Model",
            new Object[0],
            List.of("energy", "perRow", "residuals"),
            new int[0],
            List.of(
                new Object[] {
                  new double[][] {{0.3, -0.4, 0.2}, {0.5, 0.1, -0.6}, {-0.2, 0.7, 0.4}},
                  new double[] {0.4, -0.2, 0.9}
                },
                new Object[] {
                  new double[][] {{-0.7, 0.6, 0.1}, {0.2, -0.3, 0.8}, {0.6, 0.5, -0.1}},
                  new double[] {-0.5, 0.3, 0.2}
                }),
            EnumSet.noneOf(Construct.class));
    Set<String> checked = GeneratedKindsCheck.check(c, DiagnosticSources.classes(compilation));
    for (String kind : List.of("Gradient", "Derivative", "HessianVector", "Hessian")) {
      assertTrue(checked.contains("energy" + kind), checked.toString());
      assertTrue(checked.contains("perRow" + kind), checked.toString());
    }
    for (String kind : List.of("JacobianVector", "VectorJacobian", "Jacobian")) {
      assertTrue(checked.contains("residuals" + kind), checked.toString());
    }
  }
}
