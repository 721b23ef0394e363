package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.catalogue.SteadyStateAllocationTest;
import dev.adjoint.runtime.SparseHessian;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sparse Hessian of methods whose parameters mix data and differentiated arrays: the matrix is
 * made for the data ({@code int[]} indices, an {@code int}, the lengths of data arrays, the
 * receiver), refilled for any values of the differentiated inputs, and refused, naming the method,
 * for other data or by another method; and a refill where {@code mHessianVectors} is one product
 * per direction (a vector callee: no lanes) allocates nothing beyond what those products do.
 */
class SparseKindsDataTest {
  private static final String GATHERED =
      """
      package sparse;

      import dev.adjoint.Differentiable;

      public final class Gathered {
        private Gathered() {}

        /** Pairs of elements chosen by idx meet in exp: a pattern from idx and shift. */
        @Differentiable(wrt = "x")
        public static double pairs(double[] x, int[] idx, double[] weights, int shift) {
          double s = 0;
          for (int k = 0; k < idx.length; k++) {
            double d = x[idx[k]] - x[(idx[k] + shift) % x.length];
            s += weights[k] * Math.exp(d) * x[idx[k]];
          }
          return s;
        }

        /** The same parameters, another function. */
        @Differentiable(wrt = "x")
        public static double spread(double[] x, int[] idx, double[] weights, int shift) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += weights[0] * x[i] * x[i] * x[(i + shift) % x.length];
          }
          return s;
        }
      }
      """;

  private static final String CALLS =
      """
      package sparse;

      import dev.adjoint.Differentiable;

      public final class Calls {
        public static final class Softmax {
          @Differentiable(wrt = "z")
          public double[] of(double[] z, double temperature) {
            double[] p = new double[z.length];
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
              p[i] = Math.exp(z[i] / temperature);
              sum += p[i];
            }
            for (int i = 0; i < z.length; i++) {
              p[i] /= sum;
            }
            return p;
          }
        }

        private final Softmax softmax;

        public Calls(Softmax softmax) {
          this.softmax = softmax;
        }

        @Differentiable(wrt = "logits")
        public double crossEntropy(double[] logits, double[] target, double temperature) {
          double[] p = softmax.of(logits, temperature);
          double sum = 0;
          for (int i = 0; i < p.length; i++) {
            sum -= target[i] * Math.log(p[i]);
          }
          return sum;
        }
      }
      """;

  private final Random random = new Random(18);

  private double[] vector(int n) {
    return random.doubles(n, -1, 1).toArray();
  }

  @Test
  void indicesAndIntsAreTheDataTheMatrixIsMadeFor() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("sparse.Gathered", GATHERED));
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> companion = DiagnosticSources.classes(compilation).loadClass("sparse.GatheredDerivatives");
    Class<?>[] types = {double[].class, int[].class, double[].class, int.class};
    Method hessian = companion.getMethod("pairsHessian", types);
    Method make = companion.getMethod("pairsHessianSparse", types);
    Method refill =
        companion.getMethod("pairsHessianSparse", SparseKindsCheck.append(types, double[].class, SparseHessian.class));
    Method otherRefill =
        companion.getMethod("spreadHessianSparse", SparseKindsCheck.append(types, double[].class, SparseHessian.class));
    int[] idx = {0, 3, 5, 2, 5};
    double[] weights = vector(idx.length);
    double[] x = vector(7);
    SparseHessian h = (SparseHessian) make.invoke(null, x, idx, weights, 2);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, x, idx, weights, 2), h, "pairs at x");
    double[] y = vector(7);
    double[] grad = new double[7];
    refill.invoke(null, y, idx, weights.clone(), 2, grad, h);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, y, idx, weights, 2), h, "pairs refilled at y");

    int[] otherIdx = idx.clone();
    otherIdx[1] = 4;
    SparseKindsCheck.refused(refill, new Object[] {y, otherIdx, weights, 2, grad, h}, "another index");
    SparseKindsCheck.refused(refill, new Object[] {y, idx, weights, 3, grad, h}, "another shift");
    SparseKindsCheck.refused(refill, new Object[] {y, idx, vector(6), 2, grad, h}, "more weights");
    SparseKindsCheck.refused(refill, new Object[] {vector(8), idx, weights, 2, new double[8], h}, "a longer x");
    SparseKindsCheck.refused(otherRefill, new Object[] {y, idx, weights, 2, grad, h}, "pairs' matrix in spread");
    // Another array holding the same indices is the same data.
    refill.invoke(null, x, idx.clone(), weights, 2, grad, h);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, x, idx, weights, 2), h, "pairs refilled at x");
  }

  @Test
  void refillThroughOneProductPerDirectionAllocatesNothingMore() throws Throwable {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("sparse.Calls", CALLS));
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation.generatedSourceFile("sparse.CallsDerivatives").orElseThrow().getCharContent(true).toString();
    assertTrue(generated.contains("this method's product is not computed in lanes"),
        "crossEntropyHessianVectors was expected to be one product per direction");
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> type = loader.loadClass("sparse.Calls");
    Class<?> softmax = loader.loadClass("sparse.Calls$Softmax");
    Constructor<?> make = type.getConstructor(softmax);
    Object self = make.newInstance(softmax.getConstructor().newInstance());
    Object other = make.newInstance(softmax.getConstructor().newInstance());
    Class<?> companion = loader.loadClass("sparse.CallsDerivatives");
    Class<?>[] types = {type, double[].class, double[].class, double.class};
    Method hessian = companion.getMethod("crossEntropyHessian", types);
    Method newSparse = companion.getMethod("crossEntropyHessianSparse", types);
    Method refill =
        companion.getMethod("crossEntropyHessianSparse", SparseKindsCheck.append(types, double[].class, SparseHessian.class));
    double[] logits = vector(6);
    double[] target = random.doubles(6, 0, 1).toArray();
    SparseHessian h = (SparseHessian) newSparse.invoke(null, self, logits, target, 1.5);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, self, logits, target, 1.5), h, "crossEntropy");
    double[] at = vector(6);
    double[] grad = new double[6];
    refill.invoke(null, self, at, target, 1.5, grad, h);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, self, at, target, 1.5), h, "crossEntropy refilled");
    // Another receiver: the pattern depends on no field of it (Softmax.of reads none), so the
    // matrix is accepted, and right.
    refill.invoke(null, other, at, target, 1.5, grad, h);
    SparseKindsCheck.sameEntries((double[][]) hessian.invoke(null, other, at, target, 1.5), h, "another receiver");

    MethodHandle call =
        MethodHandles.publicLookup()
            .unreflect(refill)
            .asType(MethodType.methodType(
                double.class, Object.class, double[].class, double[].class, double.class, double[].class,
                SparseHessian.class));
    long bytes =
        SteadyStateAllocationTest.bytesPerCall(
            () -> {
              try {
                double unused = (double) call.invokeExact(self, at, target, 1.5, grad, h);
              } catch (Throwable e) {
                throw new AssertionError(e);
              }
            });
    // The product itself allocates what the callee's value does (a new array): the refill adds
    // nothing to what its six products allocate.
    MethodHandle product =
        MethodHandles.publicLookup()
            .unreflect(companion.getMethod(
                "crossEntropyHessianVector",
                SparseKindsCheck.append(types, double[].class, double[].class, double[].class)))
            .asType(MethodType.methodType(
                double.class, Object.class, double[].class, double[].class, double.class, double[].class,
                double[].class, double[].class));
    double[] direction = vector(6);
    double[] hv = new double[6];
    long perProduct =
        SteadyStateAllocationTest.bytesPerCall(
            () -> {
              try {
                double unused = (double) product.invokeExact(self, at, target, 1.5, direction, grad, hv);
              } catch (Throwable e) {
                throw new AssertionError(e);
              }
            });
    long overhead = SteadyStateAllocationTest.bytesPerCall(() -> {});
    assertEquals(6, h.colors(), "colours of a dense 6x6 pattern");
    assertTrue(bytes - overhead <= h.colors() * (perProduct - overhead) + 64,
        "crossEntropyHessianSparse allocates " + (bytes - overhead) + " bytes per refill, its "
            + h.colors() + " products " + (perProduct - overhead) + " bytes each");
  }
}
