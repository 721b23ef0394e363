package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of issue 16's helpers returning {@code double[]} read in place of their call and of
 * steps used as values, in shapes {@link InlinedHelpersTest} does not show: helper locals and
 * parameters named like the caller's and like generated names, steps in every place the reader
 * makes them statements, inlined calls in branches, arrow cases and loops, the same array given
 * twice, nested helpers, an implicit helper and a vector-valued caller inlining, a data helper
 * given a local array that changes later; every kind against finite differences. Three were
 * wrong before their fix: a row at a computed index ({@code h(m[(i + 1) % 3], ...)}, held in a
 * local array that lost its derivatives), an element of a field's array written by a call the
 * helper makes (read after the call), and a varargs helper (javac crashed).
 */
class InlinedHelperShapesTest {
  static final String HELPERS =
      """
        private static double[] h(double[] v, double s) {
          double[] out = new double[v.length];
          double t = s * s;
          for (int i = 0; i < v.length; i++) {
            out[i] = t * v[i] + s;
          }
          return out;
        }

        private static double[] g(double[] grad, double v) {
          double[] hv = new double[grad.length];
          double direction = v * 2;
          for (int i = 0; i < grad.length; i++) {
            hv[i] = grad[i] * direction + Math.sin(grad[i]);
          }
          return hv;
        }

        private static double[] pair(double[] a, double[] b) {
          double[] r = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * b[(i + 1) % b.length];
          }
          return r;
        }

        private static double[] nested(double[] v, double s) {
          double[] r = pair(v, v);
          double[] q = h(r, s);
          double[] out = new double[q.length];
          for (int i = 0; i < q.length; i++) {
            out[i] = q[i] + r[i];
          }
          double[] again = h(out, s * 2);
          double[] last = new double[again.length];
          for (int i = 0; i < last.length; i++) {
            last[i] = again[i] * 0.5;
          }
          return last;
        }

        private static int positives(double[] a) {
          int c = 0;
          for (double v : a) {
            if (v > 0) {
              c++;
            }
          }
          return c;
        }
      """;

  static void check(Path dir, String body, List<String> methods) throws Exception {
    String source =
        "package probes;\n\nimport dev.adjoint.Differentiable;\n\npublic class Probes {\n"
            + HELPERS
            + body
            + "}\n";
    Path file = dir.resolve("Probes.java");
    Files.writeString(file, source);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(
        Compilation.Status.SUCCESS, compilation.status(), () -> ModelCodeSources.listing(compilation));
    ModelCase c =
        new ModelCase(
            "Probes.java",
            "probes.Probes",
            new Object[0],
            methods,
            new int[0],
            List.of(
                new Object[] {new double[] {0.3, -0.4, 0.7}},
                new Object[] {new double[] {-0.5, 0.2, 0.9, 0.4}}),
            EnumSet.noneOf(Construct.class));
    GeneratedKindsCheck.check(c, DiagnosticSources.classes(compilation));
  }

  /** Compiles {@code body} in the class and expects one error, {@code id} on the line of {@code line}. */
  static void refused(Path dir, String body, String id, String line, String why) throws Exception {
    String source =
        "package probes;\n\nimport dev.adjoint.Differentiable;\n\npublic class Probes {\n"
            + HELPERS
            + body
            + "}\n";
    Path file = dir.resolve("Probes.java");
    Files.writeString(file, source);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(List.of(id), ModelCodeSources.errorIds(compilation), () -> ModelCodeSources.listing(compilation));
    long expectedLine = List.of(source.split("\n", -1)).stream().takeWhile(l -> !l.contains(line)).count() + 1;
    assertEquals(expectedLine, compilation.errors().get(0).getLineNumber());
    org.junit.jupiter.api.Assertions.assertTrue(
        compilation.errors().get(0).getMessage(java.util.Locale.ROOT).contains(why),
        () -> ModelCodeSources.listing(compilation));
  }

  static void refusedTwice(Path dir, String body) throws Exception {
    String source =
        "package probes;\n\nimport dev.adjoint.Differentiable;\n\npublic class Probes {\n"
            + HELPERS
            + body
            + "}\n";
    Path file = dir.resolve("Probes.java");
    Files.writeString(file, source);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(List.of("ADJ034", "ADJ034"), ModelCodeSources.errorIds(compilation));
  }

  @Test
  void names(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double names(double[] x) {
            double t = x[0];
            double s = x[1] * 2;
            int i = 1;
            double[] out = new double[2];
            out[0] = t;
            double[] r = h(x, s + t);
            double[] hv = g(r, x[2]);
            double v = hv[0] + hv[i];
            double[] grad = g(x, t);
            return r[0] * t + s + out[0] + i + r[1] + v * grad[2];
          }
        """,
        List.of("names"));
  }

  @Test
  void steps(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double steps(double[] x) {
            double s = 0;
            int n = 0;
            int k = 0;
            double[] a = new double[3];
            for (int j = 0; j < 3; j++) {
              a[n++] = x[j] * x[j];
            }
            double y = 0.5;
            while (k < 3) {
              s += a[k] / ++y;
              k++;
            }
            int m = 2;
            if (m-- > 1) {
              s += x[0] * m;
            }
            double w = x[1];
            double u = w++ * 3;
            int idx = 0;
            for (int j = 0; j < 2; j++) {
              double[] r = h(x, idx++);
              s += r[j] * r[2] + idx;
            }
            return s + u * w + n;
          }
        """,
        List.of("steps"));
  }

  @Test
  void branches(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double branches(double[] x) {
            int mode = x.length - 2;
            double s = 0;
            if (x[0] > 0) {
              double[] r = h(x, x[1]);
              s += r[0];
            } else {
              double[] r = h(x, 2);
              s += r[1] * r[0];
            }
            switch (mode) {
              case 1 -> {
                double[] r = g(x, x[0]);
                s += r[2];
              }
              default -> {
                double[] q = h(x, 1.5);
                s += q[1];
              }
            }
            for (int i = 0; i < 2; i++) {
              if (x[i] < 5) {
                double[] r = h(x, x[i]);
                s += r[i] * x[2];
              }
            }
            return s;
          }
        """,
        List.of("branches"));
  }

  @Test
  void aliasing(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double aliasing(double[] x) {
            double[] w = new double[3];
            double s = 0;
            for (int i = 0; i < 3; i++) {
              w[i] = x[i] * x[i];
              double[] r = pair(w, x);
              s += r[0] + r[i];
            }
            double[] n = nested(x, x[0]);
            return s + n[0] * n[1];
          }
        """,
        List.of("aliasing"));
  }

  @Test
  void dataFromLocalArrays(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double counts(double[] x) {
            double[] w = new double[3];
            double s = 0;
            for (int i = 0; i < 3; i++) {
              int c = positives(w);
              s += c * x[i] * x[i];
              w[i] = x[i] + 10;
            }
            int d = positives(w);
            w[0] = -100;
            return s + d * x[0];
          }
        """,
        List.of("counts"));
  }

  @Test
  void stepPositions(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double forInit(double[] x) {
            double s = 0;
            int k = 0;
            for (int j = k++; j < 3; j++) {
              s += x[j] * x[j] * k;
            }
            return s;
          }

          @Differentiable
          public static double forUpdate(double[] x) {
            double s = 0;
            int n = 0;
            for (int j = 0; j < 3; j++, s += x[n++] * x[0]) {
              s += j;
            }
            return s + n;
          }

          @Differentiable
          public static double elseIf(double[] x) {
            double s = x[0];
            int m = 0;
            if (x[0] > 10) {
              s = 1;
            } else if (m++ < 5) {
              s = s * x[1] + m;
            }
            return s * m;
          }

          @Differentiable
          public static double noBraces(double[] x) {
            double s = 0;
            int k = 0;
            double[] a = new double[3];
            while (k < 3) a[k++] = x[1] * 2;
            int n = 0;
            if (x[0] < 100) s += a[n++] * x[1];
            return s + a[2] * x[2] + n;
          }

          @Differentiable
          public static double arrowCase(double[] x) {
            double[] a = new double[3];
            int n = 0;
            int mode = x.length;
            switch (mode) {
              case 3 -> a[n++] = x[0] * x[1];
              default -> a[n++] = x[1] * x[2];
            }
            return a[0] * x[0] + n;
          }
        """,
        List.of("forInit", "forUpdate", "elseIf", "noBraces", "arrowCase"));
  }

  @Test
  void finalFieldArrayElementAsArgument(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          private static final double[] W = {1.0, 2.0};

          private static void reset() {
            W[0] = 1.0;
          }

          private static void bump() {
            W[0] = 5.0;
          }

          private static double[] k(double[] v, double p) {
            double[] out = new double[v.length];
            bump();
            for (int i = 0; i < v.length; i++) {
              out[i] = p * v[i] * v[i];
            }
            return out;
          }

          @Differentiable
          public static double fieldElement(double[] x) {
            reset();
            double[] r = k(x, W[0]);
            return r[0] + r[1];
          }
        """,
        List.of("fieldElement"));
  }

  /** Was a javac crash (IndexOutOfBoundsException in InlinedCalls.activeParameters). */
  @Test
  void varargsHelperIsRefusedAtItsCall(@TempDir Path dir) throws Exception {
    refused(
        dir,
        """
          private static double[] vec(double... v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              r[i] = v[i] * v[i];
            }
            return r;
          }

          @Differentiable
          public static double varargs(double[] x) {
            double[] r = vec(x[0], x[1] * 2, 3);
            return r[0] + r[1] * r[2];
          }
        """,
        "ADJ038",
        "double[] r = vec(x[0], x[1] * 2, 3);",
        "variable number of arguments");
  }

  @Test
  void writesThroughCallsForEffect(@TempDir Path dir) throws Exception {
    refusedTwice(
        dir,
        """
          private static int touch(double[] a) {
            a[0] = 5;
            return 0;
          }

          private static void fill(double[] a) {
            a[0] = 2;
          }

          @Differentiable
          public static double writes(double[] x) {
            double[] w = new double[2];
            fill(w);
            touch(x);
            return w[0] * x[0] * x[1];
          }
        """);
  }

  @Test
  void implicitAndVectorCallers(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          private static double[] guarded(double[] v, double s) {
            if (s > 100) {
              throw new IllegalArgumentException("too large " + s);
            }
            assert v.length > 0 : "empty";
            double[] out = new double[v.length];
            double r = 2;
            for (int i = 0; i < v.length; i++) {
              out[i] = Math.exp(-s * v[i]) * r;
            }
            return out;
          }

          private static double norm(double[] v, double s) {
            double[] r = guarded(v, s);
            double t = 0;
            for (int i = 0; i < r.length; i++) {
              t += r[i] * r[i];
            }
            return Math.sqrt(t);
          }

          @Differentiable
          public static double implicitCaller(double[] x) {
            long k = 3;
            double total = norm(x, x[0]);
            for (int i = 0; i < 2; i++) {
              double[] r = guarded(x, x[i] * total);
              total += r[i] * norm(x, r[0]);
            }
            return total * --k;
          }

          @Differentiable
          public static double[] vectorCaller(double[] x) {
            double[] out = new double[3];
            for (int i = 0; i < 3; i++) {
              double[] r = guarded(x, x[i]);
              double[] q = h(x, r[2]);
              out[i] = r[i] * q[(i + 1) % 3];
            }
            double[] last = pair(out, x);
            return last;
          }
        """,
        List.of("implicitCaller", "vectorCaller"));
  }

  @Test
  void rowWithComputedIndex(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          @Differentiable
          public static double rows(double[] x) {
            double[][] m = new double[3][2];
            for (int i = 0; i < 3; i++) {
              m[i][0] = x[i] * x[i];
              m[i][1] = Math.sin(x[i]);
            }
            double s = 0;
            for (int i = 0; i < 3; i++) {
              double[] r = h(m[(i + 1) % 3], x[i]);
              s += r[0] * r[1];
            }
            return s;
          }
        """,
        List.of("rows"));
  }

  @Test
  void fieldArraysInALoop(@TempDir Path dir) throws Exception {
    check(
        dir,
        """
          private static final double[] offsets = {0.5, -0.25, 1.0, 2.0};
          private static final double[][] TABLE = {{1.0, 2.0, 3.0}, {0.5, 0.25, 4.0}};

          @Differentiable
          public static double fields(double[] x) {
            double s = 0;
            for (int i = 0; i < 2; i++) {
              double[] r = pair(offsets, x);
              double[] q = pair(TABLE[i], x);
              double[] p = pair(TABLE[(i + 1) % 2], x);
              s += r[i] * q[1] + p[2] * x[i];
            }
            return s;
          }
        """,
        List.of("fields"));
  }

  /** Was a wrong gradient: the row, held in a local array, was not restored per iteration. */
  @Test
  void rowOfANonFinalFieldInALoopIsRefused(@TempDir Path dir) throws Exception {
    refused(
        dir,
        """
          private static double[][] rows = {{1.0, 2.0, 3.0}, {0.5, 0.25, 4.0}};
          private static final double[][] FINAL_ROWS = {{1.0, 2.0, 3.0}, {0.5, 0.25, 4.0}};

          @Differentiable
          public static double changeableRows(double[] x) {
            double s = 0;
            for (int i = 0; i < 2; i++) {
              double[] q = pair(rows[i], x);
              s += q[1] * x[i] + q[0];
            }
            return s;
          }

          @Differentiable
          public static double finalRows(double[] x) {
            double s = 0;
            for (int i = 0; i < 2; i++) {
              double[] q = pair(FINAL_ROWS[i], x);
              s += q[1] * x[i] + q[0];
            }
            return s;
          }
        """,
        "ADJ038",
        "double[] q = pair(rows[i], x);",
        "make the field final");
  }
}
