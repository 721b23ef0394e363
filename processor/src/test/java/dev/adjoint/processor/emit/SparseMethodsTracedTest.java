package dev.adjoint.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.adjoint.processor.diag.DiagnosticSources;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.MethodInfo;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Visibility;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The route of {@code mHessianSparse} and {@code mJacobianSparse} for a method that has {@code
 * mSparsity}, which no kind
 * generates yet: the emitted code is compiled beside a hand-written {@code fSparsity} (the
 * signature design18 fixes: a handle per differentiated {@code double}, {@code int[]} per {@code
 * double[]}, data unchanged) and a hand-written {@code fHessianVectors}, and the matrix it makes
 * has exactly the traced pattern and the hand-computed Hessian, made and refilled.
 *
 * <p>f(x, idx, s) = s² · Σ_k x[idx[k]]²: H[x_i][x_i] = 2 s² c_i, H[x_i][s] = 4 s x_i c_i, H[s][s] =
 * 2 Σ_k x[idx[k]]², with c_i the number of times i occurs in idx.
 */
class SparseMethodsTracedTest {
  private final Variable x = new Variable("x", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
  private final Variable idx = new Variable("idx", Type.INT_ARRAY, Variable.Role.PARAMETER);
  private final Variable s = new Variable("s", Type.DOUBLE, Variable.Role.PARAMETER);

  private static final String HAND_WRITTEN =
      """
      static int fSparsity(SparsityTracer t, int[] x, int[] idx, int s) {
          int sum = SparsityTracer.NONE;
          for (int k = 0; k < idx.length; k++) {
              sum = t.union(sum, t.nonlinear(x[idx[k]]));
          }
          return t.product(t.nonlinear(s), sum);
      }

      static double fHessianVectors(double[] x, int[] idx, double s, double[][] vs, double[] grad,
              double[][] hvs) {
          int n = x.length + 1;
          double sum = 0;
          java.util.Arrays.fill(grad, 0, n, 0.0);
          for (int k = 0; k < idx.length; k++) {
              sum += x[idx[k]] * x[idx[k]];
              grad[idx[k]] += 2 * s * s * x[idx[k]];
          }
          grad[n - 1] = 2 * s * sum;
          for (int l = 0; l < vs.length; l++) {
              double[] v = vs[l];
              double[] hv = hvs[l];
              java.util.Arrays.fill(hv, 0, n, 0.0);
              for (int k = 0; k < idx.length; k++) {
                  int i = idx[k];
                  hv[i] += 2 * s * s * v[i] + 4 * s * x[i] * v[n - 1];
                  hv[n - 1] += 4 * s * x[i] * v[i];
              }
              hv[n - 1] += 2 * sum * v[n - 1];
          }
          return s * s * sum;
      }
      """;

  @Test
  void theTracedPatternAndItsValuesMadeAndRefilled() throws Exception {
    MethodInfo m =
        new MethodInfo(
            new ClassRef("traced", List.of("Foo")),
            "f",
            List.of(x, idx, s),
            List.of(x, s),
            "f(double[], int[], double)",
            Visibility.PUBLIC,
            Set.of(),
            null,
            Effects.NONE,
            List.of());
    List<Variable> product =
        List.of(
            x,
            idx,
            s,
            new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER),
            new Variable("grad", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER),
            new Variable("hv", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER));
    Map<Kind, Function> made =
        Map.of(Kind.HESSIAN_VECTOR, new Function("fHessianVector", product, Type.DOUBLE, List.of(), Map.of()));
    ClassName owner = ClassName.get("traced", "Foo");
    MethodSpec newSparse = SparseMethods.newHessianSparse(m, made, owner, true);
    MethodSpec refill = SparseMethods.hessianSparse(m, made, owner);
    String text = newSparse.toString();
    assertTrue(text.contains("int[] xSet = t.inputs(0, x.length);"), text);
    assertTrue(text.contains("int sSet = t.input(x.length);"), text);
    assertTrue(text.contains("fSparsity(t, xSet, idx, sSet);"), text);
    assertTrue(text.contains("SparseHessian h = t.hessian(key);"), text);
    assertTrue(text.contains("traced by {@link #fSparsity}"), text);

    String companion =
        JavaFile.builder(
                "traced",
                TypeSpec.classBuilder("FooDerivatives")
                    .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .addMethod(newSparse)
                    .addMethod(refill)
                    .build())
            .build()
            .toString();
    int end = companion.lastIndexOf('}');
    companion =
        companion.substring(0, end)
            + HAND_WRITTEN
            + "}\n";
    Compilation compilation =
        Compiler.javac().compile(JavaFileObjects.forSourceString("traced.FooDerivatives", companion));
    assertThat(compilation).succeeded();
    Class<?> type = DiagnosticSources.classes(compilation).loadClass("traced.FooDerivatives");
    Method make = type.getMethod("fHessianSparse", double[].class, int[].class, double.class);
    Method again =
        type.getMethod(
            "fHessianSparse", double[].class, int[].class, double.class, double[].class, SparseHessian.class);

    int[] indices = {4, 1, 4};
    double[] point = {0.3, -0.7, 1.1, 0.5, 0.9};
    SparseHessian h = (SparseHessian) make.invoke(null, point, indices, 1.5);
    // The diagonal, (s, x1), (s, x4), and nothing else: x1 and x4 never meet.
    assertArrayEquals(new int[] {0, 1, 3, 4, 5, 7, 8}, h.columnStarts(), "column starts");
    assertArrayEquals(new int[] {0, 1, 5, 2, 3, 4, 5, 5}, h.rowIndices(), "rows");
    expectHessian(h, point, indices, 1.5);
    double[] other = {-0.2, 0.4, 2.0, -1.0, 0.6};
    double[] grad = new double[6];
    double value = (double) again.invoke(null, other, indices, -0.8, grad, h);
    assertEquals(0.64 * (0.6 * 0.6 * 2 + 0.4 * 0.4), value, 1e-12);
    expectHessian(h, other, indices, -0.8);
  }

  private static void expectHessian(SparseHessian h, double[] x, int[] idx, double s) {
    int n = x.length + 1;
    double[][] expected = new double[n][n];
    double sum = 0;
    for (int i : idx) {
      sum += x[i] * x[i];
      expected[i][i] += 2 * s * s;
      expected[i][n - 1] += 4 * s * x[i];
      expected[n - 1][i] += 4 * s * x[i];
    }
    expected[n - 1][n - 1] = 2 * sum;
    double[][] actual = h.toDense();
    for (int i = 0; i < n; i++) {
      assertArrayEquals(expected[i], actual[i], 1e-12, "row " + i);
    }
  }

  private static final String JACOBIAN_HAND_WRITTEN =
      """
      static int[] gSparsity(SparsityTracer t, int[] x, int[] idx) {
          int[] out = new int[idx.length];
          for (int k = 0; k < idx.length; k++) {
              out[k] = t.nonlinear(x[idx[k]]);
          }
          return out;
      }

      static double[] gJacobianVectors(double[] x, int[] idx, double[][] vs, double[][] jvs) {
          for (int l = 0; l < vs.length; l++) {
              for (int k = 0; k < idx.length; k++) {
                  jvs[l][k] = 2 * x[idx[k]] * vs[l][idx[k]];
              }
          }
          return Foo.g(x, idx);
      }

      static double[] gVectorJacobian(double[] x, int[] idx, double[] u, double[] vj) {
          java.util.Arrays.fill(vj, 0, x.length, 0.0);
          for (int k = 0; k < idx.length; k++) {
              vj[idx[k]] += 2 * x[idx[k]] * u[k];
          }
          return Foo.g(x, idx);
      }
      """;

  private static final String FOO =
      """
      package traced;

      public final class Foo {
          public static double[] g(double[] x, int[] idx) {
              double[] out = new double[idx.length];
              for (int k = 0; k < idx.length; k++) {
                  out[k] = x[idx[k]] * x[idx[k]];
              }
              return out;
          }
      }
      """;

  /** g(x, idx)[k] = x[idx[k]]²: row k's one entry is column idx[k]. */
  @Test
  void theTracedJacobianPatternAndItsValuesMadeAndRefilled() throws Exception {
    MethodInfo m =
        new MethodInfo(
            new ClassRef("traced", List.of("Foo")),
            "g",
            List.of(x, idx),
            List.of(x),
            "g(double[], int[])",
            Visibility.PUBLIC,
            Set.of(),
            null,
            Effects.NONE,
            List.of());
    List<Variable> product =
        List.of(
            x,
            idx,
            new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER),
            new Variable("jv", Type.DOUBLE_ARRAY, Variable.Role.GENERATED_PARAMETER));
    Map<Kind, Function> made =
        Map.of(Kind.JACOBIAN_VECTOR, new Function("gJacobianVector", product, Type.DOUBLE_ARRAY, List.of(), Map.of()));
    ClassName owner = ClassName.get("traced", "Foo");
    MethodSpec newSparse = SparseMethods.newJacobianSparse(m, made, owner, true);
    String text = newSparse.toString();
    assertTrue(text.contains("int[] outputs = gSparsity(t, xSet, idx);"), text);
    assertTrue(text.contains("SparseJacobian j = t.jacobian(outputs, key);"), text);
    String companion =
        JavaFile.builder(
                "traced",
                TypeSpec.classBuilder("FooDerivatives")
                    .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .addMethod(newSparse)
                    .addMethod(SparseMethods.jacobianSparse(m, made, owner))
                    .build())
            .build()
            .toString();
    companion = companion.substring(0, companion.lastIndexOf('}')) + JACOBIAN_HAND_WRITTEN + "}\n";
    Compilation compilation =
        Compiler.javac()
            .compile(
                JavaFileObjects.forSourceString("traced.Foo", FOO),
                JavaFileObjects.forSourceString("traced.FooDerivatives", companion));
    assertThat(compilation).succeeded();
    Class<?> type = DiagnosticSources.classes(compilation).loadClass("traced.FooDerivatives");
    Method make = type.getMethod("gJacobianSparse", double[].class, int[].class);
    Method again = type.getMethod("gJacobianSparse", double[].class, int[].class, SparseJacobian.class);
    int[] indices = {4, 1, 4};
    SparseJacobian j = (SparseJacobian) make.invoke(null, new double[] {0.3, -0.7, 1.1, 0.5, 0.9}, indices);
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 3}, j.columnStarts(), "column starts");
    assertArrayEquals(new int[] {1, 0, 2}, j.rowIndices(), "rows");
    double[] other = {-0.2, 0.4, 2.0, -1.0, 0.6};
    double[] value = (double[]) again.invoke(null, other, indices, j);
    assertArrayEquals(new double[] {0.36, 0.16, 0.36}, value, 1e-12, "value");
    double[][] expected = new double[3][5];
    for (int k = 0; k < 3; k++) {
      expected[k][indices[k]] = 2 * other[indices[k]];
    }
    double[][] actual = j.toDense();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(expected[k], actual[k], 1e-12, "row " + k);
    }
  }
}
