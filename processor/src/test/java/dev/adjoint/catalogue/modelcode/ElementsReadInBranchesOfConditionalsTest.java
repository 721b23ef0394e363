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
 * Elements read in one branch of {@code ?:} at an index that is outside the array on the other
 * side ({@code i > 0 ? x[i - 1] : z}): derivative code must index them only where the original
 * does. Found as {@code fuzz/ElementOfLocalArrayInBranchOfConditionalAddedToUnconditionallyTest}
 * (an {@code ArrayIndexOutOfBoundsException} in the gradient); here for a local array, a
 * parameter array, a matrix, the other branch, nested {@code ?:}, an element read in both
 * branches or also in the condition, and a vector-valued method. Every generated kind is checked
 * against finite differences of the original ({@link GeneratedKindsCheck}) at points where every
 * index is taken both ways.
 */
class ElementsReadInBranchesOfConditionalsTest {
  private static final String SOURCE =
      """
      package branches;

      import dev.adjoint.Differentiable;

      public final class Neighbours {
        private Neighbours() {}

        /** The finding: a local array's element read where i > 0 only. */
        @Differentiable
        public static double local(double[] x, double z) {
          double[] r = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            r[i] = x[i] * x[i] + z;
          }
          double s = 0;
          for (int i = 0; i < r.length; i++) {
            s += r[i] * (i > 0 ? r[i - 1] : z);
          }
          return s;
        }

        /** A parameter's element, read on the false side, squared, with a next neighbour too. */
        @Differentiable
        public static double parameter(double[] x, double z) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * (i == 0 ? z * z : x[i - 1] * x[i - 1])
                + (i + 1 < x.length ? Math.sin(x[i + 1]) : z);
          }
          return s;
        }

        /** A matrix element, in nested ?:, and one read in both branches or in the condition. */
        @Differentiable
        public static double matrix(double[][] m, double z) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              s += m[i][j] * (i > 0 ? (j > 0 ? m[i - 1][j - 1] : m[i - 1][j] * z) : z)
                  + (j > 0 ? m[i][j - 1] : 2 * m[i][j - j])
                  + (m[i][j] > 0 ? m[i][j] * m[i][j] : z * m[i][j]);
            }
          }
          return s;
        }

        /** A vector-valued method: Jacobian products and Jacobians. */
        @Differentiable
        public static double[] differences(double[] x, double z) {
          double[] d = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            d[i] = x[i] * x[i] - (i > 0 ? x[i - 1] * z : z);
          }
          return d;
        }
      }
      """;

  @Test
  void everyKindIndexesOnlyWhatTheOriginalReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Neighbours.java");
    Files.writeString(file, SOURCE);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(
        Compilation.Status.SUCCESS,
        compilation.status(),
        () -> ModelCodeSources.listing(compilation));
    ModelCase vectors =
        new ModelCase(
            "Neighbours.java",
            "branches.Neighbours",
            new Object[0],
            List.of("local", "parameter", "differences"),
            new int[0],
            List.of(
                new Object[] {new double[] {0.4, -0.3, 1.1, 0.6}, 0.7},
                new Object[] {new double[] {-0.5, 0.8, 0.2}, -1.3}),
            EnumSet.noneOf(Construct.class));
    ModelCase matrix =
        new ModelCase(
            "Neighbours.java",
            "branches.Neighbours",
            new Object[0],
            List.of("matrix"),
            new int[0],
            List.of(
                new Object[] {new double[][] {{0.4, -0.3, 1.1}, {0.6, 0.9, -0.2}}, 0.7},
                new Object[] {new double[][] {{-0.5, 0.8}, {0.2, -0.7}, {1.2, 0.3}}, -1.3}),
            EnumSet.noneOf(Construct.class));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Set<String> checked = GeneratedKindsCheck.check(vectors, loader);
    checked.addAll(GeneratedKindsCheck.check(matrix, loader));
    for (String method : List.of("local", "parameter", "matrix")) {
      for (String kind :
          List.of("Gradient", "Derivative", "HessianVector", "HessianVectors", "Hessian")) {
        assertTrue(checked.contains(method + kind), checked.toString());
      }
    }
    for (String kind : List.of("JacobianVector", "JacobianVectors", "VectorJacobian", "Jacobian")) {
      assertTrue(checked.contains("differences" + kind), checked.toString());
    }
  }
}
