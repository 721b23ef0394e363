package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diff.EdgeTaping;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mHessianEdges} over {@code double[][]} (issue 19, item 3): a differentiated matrix's
 * elements are keyed as the gradient lays them out (row after row, rows of any length, the
 * parameters after it offset by its size), a local matrix's get keys where it is made (again each
 * time it is made in a loop); each case's edge route compared with the dense {@code mHessian}
 * and {@code mGradient}. An index out of range throws what the method throws, and a replaced row
 * is refused.
 */
class MatrixEdgesTest {
  private static final String SOURCE =
      """
      package edges;

      import dev.adjoint.Differentiable;

      public final class Matrices {
        private Matrices() {}

        @Differentiable
        static double ragged(double[][] a, double[] x, double c) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
              s += a[i][j] * a[(i + 1) % a.length][0] * x[j % x.length] + c * a[i][j] * a[i][j];
            }
          }
          int last = a.length - 1;
          return s * c + Math.exp(x[0] * a[last][a[last].length - 1]);
        }

        @Differentiable
        static double twoMatrices(double[][] a, double c, double[][] b) {
          double s = 0;
          for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
              s += Math.sin(row[j] * b[j % b.length][j % b[0].length]) * c;
            }
          }
          for (double[] row : b) {
            for (double v : row) {
              s += v * v * a[0][0];
            }
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double localWrittenInLoops(double[] x, int rows) {
          int n = x.length;
          double[][] m = new double[rows][n];
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
              m[i][j] = x[j] * (i + 1);
              m[i][j] += x[(j + i) % n] * x[j];
              if (i > 0) {
                m[i][j] *= m[i - 1][j];
              }
              m[i][j] -= Math.sin(m[i][j]);
            }
          }
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v * v;
            }
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double madeInLoop(double[] x, int steps) {
          double carried = 1;
          for (int t = 0; t < steps; t++) {
            double[][] m = new double[t + 1][x.length - t % 2];
            for (int i = 0; i < m.length; i++) {
              for (int j = 0; j < m[i].length; j++) {
                m[i][j] = x[j] * carried + i;
              }
            }
            carried = 0;
            for (int i = 0; i < m.length; i++) {
              carried += m[i][m[i].length - 1] * m[0][i % m[0].length];
            }
            carried = Math.tanh(carried);
          }
          return carried;
        }

        @Differentiable(wrt = "a")
        static double atIndices(double[][] a, int i, int j) {
          double[][] m = new double[2][3];
          m[1][2] = a[0][0] * a[0][0];
          m[1][1] += a[i][j] * a[0][0];
          return m[1][2] * a[i][j] + m[1][1] * m[0][0];
        }

        @Differentiable
        static double writtenAfterMatrix(double[][] a, double c) {
          c = c * a[1][0] + a[0][a[0].length - 1];
          double[][] m = new double[1][1];
          m[0][0] = c * c;
          return m[0][0] * a[0][0] + c;
        }

        @Differentiable
        static double localAt(double x, int i, int j) {
          double[][] m = new double[2][3];
          m[i][j] = x * x;
          return m[1][2] * x;
        }
      }
      """;

  private static EdgeRouteCheck edges;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation =
        DiagnosticSources.compile(DiagnosticSources.source("edges.Matrices", SOURCE));
    assertThat(compilation).succeeded();
    ClassLoader loader = DiagnosticSources.classes(compilation);
    edges =
        new EdgeRouteCheck(
            loader.loadClass("edges.Matrices"), loader.loadClass("edges.MatricesDerivatives"));
  }

  @Test
  void everyCaseHasTheKind() {
    for (String name :
        List.of(
            "ragged", "twoMatrices", "localWrittenInLoops", "madeInLoop", "atIndices",
            "writtenAfterMatrix", "localAt")) {
      assertTrue(edges.hasEdges(name), name + " has mHessianEdges");
    }
  }

  @Test
  void raggedMatrixParameterThenTheParametersAfterIt() throws Exception {
    double[][] a = {{0.3, -0.7, 1.1}, {0.5}, {-0.2, 0.9}, {1.3, 0.4, -0.6, 0.8}};
    double[][] h = edges.check("ragged", a, new double[] {0.6, -1.2}, 0.7);
    assertEquals(10 + 2 + 1, h.length, "the gradient's layout: a's 10 elements, then x, then c");
    edges.check("ragged", new double[][] {{0.4}, {-0.3, 0.2}}, new double[] {1.5, 0.1, -0.4}, -1.1);
  }

  @Test
  void twoMatricesAndRowsOfForEach() throws Exception {
    edges.check(
        "twoMatrices", new double[][] {{0.3, -0.7, 1.1}, {0.5, 0.2}}, 0.8, new double[][] {{0.4, 0.6}, {-0.9, 1.2}});
    edges.check(
        "twoMatrices", new double[][] {{-1.3}, {0.5, 0.2, 0.1}}, -0.4, new double[][] {{0.7}, {0.3}, {-0.5}});
  }

  @Test
  void localMatrixWrittenInLoopsWithCompoundStores() throws Exception {
    edges.check("localWrittenInLoops", new double[] {0.5, -1.0, 1.5}, 3);
    edges.check("localWrittenInLoops", new double[] {0.2, 0.9}, 4);
  }

  @Test
  void matrixMadeInEachIterationItsShapeChanging() throws Exception {
    edges.check("madeInLoop", new double[] {0.5, -1.0, 1.5, 0.3}, 4);
    edges.check("madeInLoop", new double[] {0.2, 0.9, -0.4}, 1);
  }

  @Test
  void elementsAtDataIndices() throws Exception {
    double[][] a = {{0.3, -0.7, 1.1}, {0.5, 0.2}};
    edges.check("atIndices", a, 0, 0);
    edges.check("atIndices", a, 1, 1);
    edges.check("atIndices", a, 0, 2);
    edges.check("localAt", 0.7, 1, 2);
    edges.check("writtenAfterMatrix", new double[][] {{0.3, -0.7, 1.1}, {0.5}}, 0.8);
    edges.check("writtenAfterMatrix", new double[][] {{-1.2}, {0.4, 0.6}}, -0.3);
    edges.check("localAt", 0.7, 0, 1);
  }

  @Test
  void anIndexOutOfRangeThrowsWhatTheMethodThrows() throws Exception {
    double[][] a = {{0.3, -0.7, 1.1}, {0.5, 0.2}};
    // Rows out of range, and columns past a row's end whose key would fall in the next row.
    for (int[] at : new int[][] {{2, 0}, {-1, 0}, {0, 3}, {0, -1}, {1, 2}}) {
      sameThrown(edges.thrown("atIndices", a, at[0], at[1]), at);
    }
    for (int[] at : new int[][] {{2, 0}, {-1, 0}, {0, 3}, {0, -1}, {1, 3}}) {
      sameThrown(edges.thrown("localAt", 0.7, at[0], at[1]), at);
    }
  }

  private static void sameThrown(String[] thrown, int[] at) {
    assertNotNull(thrown[0], "the method throws at " + at[0] + ", " + at[1]);
    assertArrayEquals(new String[] {thrown[0], thrown[0]}, thrown, "at " + at[0] + ", " + at[1]);
  }

  /**
   * {@code m[0] = r} with r active: refused (the reader refuses the construct today, so the IR is
   * made by hand), as the row's keys would no longer be the matrix's.
   */
  @Test
  void aReplacedRowIsRefused() {
    Variable x = new Variable("x", Type.DOUBLE, Variable.Role.PARAMETER);
    Variable m = new Variable("m", Type.DOUBLE_MATRIX, Variable.Role.LOCAL);
    Variable r = new Variable("r", Type.DOUBLE_ARRAY, Variable.Role.LOCAL);
    Expr zero = new Expr.IntLit(0, Type.INT);
    Expr two = new Expr.IntLit(2, Type.INT);
    List<Stmt> body =
        List.of(
            new Stmt.Assign(m, new Expr.NewDoubleArray(two, two), true),
            new Stmt.Assign(r, new Expr.NewDoubleArray(two), true),
            new Stmt.ArrayStore(r, zero, mul(ref(x), ref(x))),
            new Stmt.ArrayStore(m, zero, ref(r)),
            new Stmt.Return(
                mul(new Expr.ArrayRead(new Expr.ArrayRead(ref(m), zero), zero), mul(ref(x), lit(1.0)))));
    Function f = new Function("replaced", List.of(x), Type.DOUBLE, body, Map.of());
    EdgeTaping.Refused refused = EdgeTaping.refusal(f, List.of(x));
    assertNotNull(refused, "a replaced row is refused");
    assertEquals(EdgeTaping.Refusal.MATRIX_ROW_REPLACED, refused.refusal(), refused.getMessage());
  }
}
