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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helpers returning {@code double[]}, read in place of their call ({@code double[] s =
 * helper(...)}), in the shapes the model-code corpus does not show: an instance helper on {@code
 * this} reading a field, arguments that are expressions (held in a local, evaluated once), a
 * helper called twice, one given a field that is not final (read once, into a local), a helper
 * inlined into another, one calling a helper differentiated
 * implicitly, one inlined in a loop with a matrix row and an element as arguments, one inlined in
 * a loop whose array goes whole to a differentiated helper and to a data helper, and a
 * vector-valued method returning the array a helper made. Every generated kind is checked against
 * finite differences of the original ({@link GeneratedKindsCheck}).
 */
class InlinedHelpersTest {
  private static final String SOURCE =
      """
      package inlined;

      import dev.adjoint.Differentiable;

      public class Inlined {
        private final double[] weights;
        private double[] offsets;

        public Inlined(double[] weights) {
          this.weights = weights;
          this.offsets = new double[] {0.25, -0.5, 1.5};
        }

        private double[] scaled(double[] v, double factor) {
          double[] out = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            out[i] = weights[i % weights.length] * factor * v[i];
          }
          return out;
        }

        private static double[] squashed(double[] v, double shift) {
          double[] s = twice(v);
          double[] out = new double[s.length];
          for (int i = 0; i < s.length; i++) {
            out[i] = softplus(s[i] + shift);
          }
          return out;
        }

        private static double[] twice(double[] v) {
          double[] r = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            r[i] = 2 * v[i] * v[i];
          }
          return r;
        }

        private static double softplus(double t) {
          return Math.log1p(Math.exp(t));
        }

        @Differentiable
        public double energy(double[][] m, double[] x) {
          double a = m[0][1];
          double[] s = scaled(x, a * a);
          double[] q = squashed(s, Math.sin(a));
          double e = 0;
          for (int i = 0; i < q.length; i++) {
            e += q[i] * s[i];
          }
          double[] again = scaled(q, 0.5);
          double[] shifted = scaled(offsets, a);
          return e + again[0] * again[again.length - 1] + shifted[2] * a;
        }

        @Differentiable
        public double perRow(double[][] m, double[] x) {
          double total = 0;
          for (int i = 0; i < m.length; i++) {
            double[] r = squashed(m[i], x[i % x.length]);
            total += r[0] * r[r.length - 1] + r.length;
          }
          return total;
        }

        private static double[] withTotal(double[] v) {
          double[] r = new double[v.length + 1];
          for (int i = 0; i < v.length; i++) {
            r[i] = v[i] * v[i];
          }
          r[v.length] = total(r);
          return r;
        }

        private static double total(double[] v) {
          double s = 0;
          for (double t : v) {
            s += Math.sin(t);
          }
          return s;
        }

        private static int count(double[] v) {
          return v.length;
        }

        @Differentiable
        public double totals(double[][] m, double[] x) {
          double e = 0;
          for (int i = 0; i < m.length; i++) {
            double[] r = withTotal(m[i]);
            e += r[r.length - 1] * x[i % x.length] + count(r) * r[0];
          }
          return e;
        }

        @Differentiable
        public double[] residuals(double[][] m, double[] x) {
          double[] r = twice(x);
          r[0] += m[1][0] * r[1];
          return r;
        }
      }
      """;

  @Test
  void everyKindIsRight(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Inlined.java");
    Files.writeString(file, SOURCE);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> ModelCodeSources.listing(compilation));
    ModelCase c =
        new ModelCase(
            "Inlined.java",
            "inlined.Inlined",
            new Object[] {new double[] {0.7, -1.2}},
            List.of("energy", "perRow", "totals", "residuals"),
            new int[0],
            List.of(
                new Object[] {
                  new double[][] {{0.3, -0.4, 0.2}, {0.5, 0.1, -0.6}}, new double[] {0.4, -0.2, 0.9}
                },
                new Object[] {
                  new double[][] {{-0.7, 0.6, 0.1}, {0.2, -0.3, 0.8}}, new double[] {-0.5, 0.3, 0.2}
                }),
            EnumSet.noneOf(Construct.class));
    Set<String> checked = GeneratedKindsCheck.check(c, DiagnosticSources.classes(compilation));
    for (String kind : List.of("Gradient", "Derivative", "HessianVector", "Hessian")) {
      assertTrue(checked.contains("energy" + kind), checked.toString());
      assertTrue(checked.contains("perRow" + kind), checked.toString());
      assertTrue(checked.contains("totals" + kind), checked.toString());
    }
    for (String kind : List.of("JacobianVector", "VectorJacobian", "Jacobian")) {
      assertTrue(checked.contains("residuals" + kind), checked.toString());
    }
  }
}
