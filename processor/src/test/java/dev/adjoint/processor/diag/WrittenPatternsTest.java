package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparsityTracer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Patterns written at compile time ({@code mHessianPattern}) for the problems the benchmarks time
 * and the sample app's grid model, as their authors wrote them: each equals the traced pattern
 * ({@code mSparsity}) at two shapes, the sparse Hessian made from it equals the dense one, and its
 * Javadoc names the structure (band, arrowhead, stencil, from the index data). Where the pattern
 * cannot be written for sure (a running product meets its factors) there is none and the sparse
 * Hessian traces; an index read on a side of a branch on a value that the point does not take is
 * skipped, never thrown.
 */
class WrittenPatternsTest {
  private static final String PROBLEMS =
      """
      package sparse;

      import dev.adjoint.Differentiable;

      public final class Problems {
        static final double INTERCEPT_PRECISION = 0.001;

        private Problems() {}

        @Differentiable
        public static double extendedRosenbrock(double[] x) {
          double sum = 0;
          for (int i = 0; i + 1 < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
          }
          return sum;
        }

        @Differentiable
        public static double broydenBanded(double[] x) {
          int n = x.length;
          double sum = 0;
          for (int i = 0; i < n; i++) {
            double r = x[i] * (2 + 5 * x[i] * x[i]) + 1;
            int last = Math.min(n - 1, i + 1);
            for (int j = Math.max(0, i - 5); j <= last; j++) {
              if (j != i) {
                r -= x[j] * (1 + x[j]);
              }
            }
            sum += r * r;
          }
          return sum;
        }

        @Differentiable
        public static double arrowhead(double[] x) {
          int n = x.length;
          double last = x[n - 1];
          double sum = 0;
          for (int i = 0; i + 1 < n; i++) {
            double s = x[i] * x[i] + last * last;
            sum += s * s - 4 * x[i] + 3;
          }
          return sum;
        }

        @Differentiable(wrt = "u")
        public static double gridField(double[] u, double[] y, double[] e, int rows, int cols, double tau) {
          double sum = 0;
          for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
              int k = r * cols + c;
              sum += e[k] * Math.exp(u[k]) - y[k] * u[k] + 0.5e-3 * u[k] * u[k];
              if (c + 1 < cols) {
                double d = u[k] - u[k + 1];
                sum += 0.5 * tau * d * d;
              }
              if (r + 1 < rows) {
                double d = u[k] - u[k + cols];
                sum += 0.5 * tau * d * d;
              }
            }
          }
          return sum;
        }

        @Differentiable(wrt = {"u", "mu"})
        public static double negativeLogJoint(
            double[] u, double mu, double tau, double ridge, int[] counts, double[] expected,
            int rows, int columns) {
          double poisson = 0;
          double smoothness = 0;
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
              int k = i * columns + j;
              double eta = mu + u[k];
              poisson += expected[k] * Math.exp(eta) - counts[k] * eta;
              if (j + 1 < columns) {
                double d = u[k] - u[k + 1];
                smoothness += d * d;
              }
              if (i + 1 < rows) {
                double d = u[k] - u[k + columns];
                smoothness += d * d;
              }
              smoothness += ridge * u[k] * u[k];
            }
          }
          return poisson + 0.5 * tau * smoothness + 0.5 * INTERCEPT_PRECISION * mu * mu;
        }

        @Differentiable(wrt = "x")
        public static double pairs(double[] x, int[] idx) {
          double s = 0;
          for (int k = 0; k + 1 < idx.length; k++) {
            s += Math.exp(x[idx[k]] * x[idx[k + 1]]);
          }
          return s;
        }

        /** A running product meets its factors: not written, traced. */
        @Differentiable
        public static double product(double[] x) {
          double p = 1;
          for (int i = 0; i < x.length; i++) {
            p *= x[i];
          }
          return p;
        }

        /** Past a return on a value, x[k] is read only where the method goes on. */
        @Differentiable(wrt = "x")
        public static double early(double[] x, int k) {
          if (x[0] > 5) {
            return x[0] * x[1];
          }
          return x[0] * x[k];
        }

        /** The else side reads past the end where it is not taken: skipped, not thrown. */
        @Differentiable
        public static double sideways(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
              s += x[i] * x[i];
            } else {
              s += x[i] * x[i + 1];
            }
          }
          return s;
        }
      }
      """;

  private static Class<?> companion;
  private static String generated;
  private final Random random = new Random(1818);

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("sparse.Problems", PROBLEMS));
    assertThat(compilation).succeeded();
    companion = DiagnosticSources.classes(compilation).loadClass("sparse.ProblemsDerivatives");
    JavaFileObject source = compilation.generatedSourceFile("sparse.ProblemsDerivatives").orElseThrow();
    try {
      generated = source.getCharContent(true).toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private double[] vector(int n) {
    return random.doubles(n, -1, 1).toArray();
  }

  @Test
  void bandsAreWrittenAndNamed() throws Exception {
    for (int n : new int[] {6, 11}) {
      sameAsTraced("extendedRosenbrock", true, vector(n));
      sameAsTraced("broydenBanded", true, vector(n));
    }
    javadocSays("extendedRosenbrockHessianPattern", "tridiagonal, a band of half-width 1");
    // The inner loop runs from Math.max(0, i - 5) to Math.min(n - 1, i + 1): pairs up to 6 apart.
    javadocSays("broydenBandedHessianPattern", "a band of half-width 6");
  }

  @Test
  void arrowheadIsWrittenAndNamed() throws Exception {
    for (int n : new int[] {5, 12}) {
      sameAsTraced("arrowhead", true, vector(n));
    }
    javadocSays("arrowheadHessianPattern", "an arrowhead: {@code x[n - 1]} with every {@code x[i]}");
  }

  @Test
  void gridsAreWrittenAsFivePointStencils() throws Exception {
    for (int[] shape : new int[][] {{3, 4}, {5, 2}}) {
      int n = shape[0] * shape[1];
      sameAsTraced("gridField", true, vector(n), vector(n), vector(n), shape[0], shape[1], 2.0);
      int[] counts = random.ints(n, 0, 9).toArray();
      sameAsTraced(
          "negativeLogJoint", true, vector(n), 0.3, 2.0, 0.01, counts, vector(n), shape[0], shape[1]);
    }
    javadocSays("gridFieldHessianPattern", "a 5-point stencil: each element with those at offsets 1 and {@code cols}");
    javadocSays("negativeLogJointHessianPattern", "a 5-point stencil");
    javadocSays("negativeLogJointHessianPattern", "an arrowhead: {@code mu} with every {@code u[k]}");
  }

  @Test
  void indicesFromDataAreWalked() throws Exception {
    sameAsTraced("pairs", true, vector(6), new int[] {0, 4, 2, 5, 4});
    sameAsTraced("pairs", true, vector(9), new int[] {8, 1});
    javadocSays("pairsHessianPattern", "from {@code idx}");
  }

  @Test
  void aRunningProductMeetingItsFactorsIsTracedInstead() throws Exception {
    assertThrows(
        NoSuchMethodException.class,
        () -> companion.getDeclaredMethod("productHessianPattern", SparsityTracer.class, double[].class));
    sameAsTraced("product", false, vector(5));
  }

  @Test
  void anIndexOnAnUntakenSideIsSkippedNotThrown() throws Exception {
    double[] x = random.doubles(6, 0.5, 1).toArray();
    // x[5] > 0: the else side, which would read x[6], is not taken.
    Method make = companion.getMethod("sidewaysHessianSparse", double[].class);
    Method hessian = companion.getMethod("sidewaysHessian", double[].class);
    SparseHessian h = (SparseHessian) make.invoke(null, (Object) x);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, (Object) x), h, "sideways");
  }

  @Test
  void anIndexPastAReturnOnAValueIsSkippedWhereTheMethodReturned() throws Exception {
    double[] x = {6, 0.5, -0.25};
    Class<?>[] types = {double[].class, int.class};
    companion.getDeclaredMethod("earlyHessianPattern", SparseKindsCheck.append(new Class<?>[] {SparsityTracer.class}, types));
    SparseHessian h = (SparseHessian) companion.getMethod("earlyHessianSparse", types).invoke(null, x, 3);
    SparseKindsCheck.sameEntries(
        (double[][]) companion.getMethod("earlyHessian", types).invoke(null, x, 3), h, "early, k = x.length");
    x[0] = 1;
    h = (SparseHessian) companion.getMethod("earlyHessianSparse", types).invoke(null, x, 2);
    SparseKindsCheck.sameEntries(
        (double[][]) companion.getMethod("earlyHessian", types).invoke(null, x, 2), h, "early, k = 2");
  }

  /**
   * The written pattern equals (or, where {@code equal} is false, there is none and) the traced
   * one, and the sparse Hessian equals the dense one.
   */
  private void sameAsTraced(String name, boolean equal, Object... args) throws Exception {
    Method original = null;
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(name + "Hessian")) {
        original = m;
      }
    }
    Class<?>[] types = original.getParameterTypes();
    // Every method here differentiates its first array; the grid model its intercept too.
    boolean withMu = name.equals("negativeLogJoint");
    int length = ((double[]) args[0]).length;
    int n = length + (withMu ? 1 : 0);
    if (equal) {
      SparsityTracer written = new SparsityTracer(n);
      companion.getDeclaredMethod(name + "HessianPattern", SparseKindsCheck.append(new Class<?>[] {SparsityTracer.class}, types))
          .invoke(null, SparseKindsCheck.append(new Object[] {written}, args));
      SparsityTracer traced = new SparsityTracer(n);
      Object[] handles = args.clone();
      handles[0] = traced.inputs(0, length);
      Class<?>[] handleTypes = types.clone();
      handleTypes[0] = int[].class;
      if (withMu) {
        handles[1] = traced.input(length);
        handleTypes[1] = int.class;
      }
      companion.getDeclaredMethod(name + "Sparsity", SparseKindsCheck.append(new Class<?>[] {SparsityTracer.class}, handleTypes))
          .invoke(null, SparseKindsCheck.append(new Object[] {traced}, handles));
      SparsityTracer.LowerTriangle w = written.lowerTriangle();
      SparsityTracer.LowerTriangle t = traced.lowerTriangle();
      assertArrayEquals(t.columnStarts(), w.columnStarts(), name + ": column starts, n = " + n);
      assertArrayEquals(t.rowIndices(), w.rowIndices(), name + ": rows, n = " + n);
    }
    SparseHessian h = (SparseHessian) companion.getMethod(name + "HessianSparse", types).invoke(null, args);
    SparseKindsCheck.sameEntries((double[][]) original.invoke(null, args), h, name + ", n = " + n);
  }

  private static void javadocSays(String method, String text) {
    int at = generated.indexOf(" void " + method + "(");
    assertTrue(at > 0, method + " not generated");
    int doc = generated.lastIndexOf("/**", at);
    String javadoc = generated.substring(doc, at).replaceAll("\\s*\\n\\s*\\*\\s?", " ");
    assertTrue(javadoc.contains(text), method + "'s Javadoc does not say \"" + text + "\": " + javadoc);
  }
}
