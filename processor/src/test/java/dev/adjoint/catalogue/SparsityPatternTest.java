package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparsityTracer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every generated tracing sweep {@code mSparsity} of {@link Catalogue}, {@link
 * LoopCatalogue} and {@link VectorCatalogue} against the dense derivatives, at seeded random points:
 * every entry of {@code mHessian} (of {@code mJacobian} for vector-valued methods) that is not zero
 * lies in the traced pattern, and every input the gradient depends on is in the value's set. The
 * pattern is traced once per point from that point's shapes and data, never its values.
 */
class SparsityPatternTest {
  static final int POINTS = 2;

  static Stream<Arguments> scalarFunctions() {
    return SecondOrderTest.functions();
  }

  static Stream<Arguments> vectorFunctions() {
    return JacobianTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalarFunctions")
  void denseHessianLiesInTheTracedPattern(String name, SecondOrderTest.Subject s) throws Exception {
    Method m = s.method();
    Class<?> companion =
        m.getDeclaringClass() == Catalogue.class
            ? CatalogueTest.derivativesClass()
            : LoopCatalogueTest.derivativesClass();
    Traced traced = Traced.of(m, companion);
    Method hessian = companion.getDeclaredMethod(m.getName() + "Hessian", m.getParameterTypes());
    hessian.setAccessible(true);
    Random random = new Random(0x5BA25EL * 31 + name.hashCode());
    int checked = 0;
    for (int p = 0; p < 10 && checked < POINTS; p++) {
      Object[] args = s.sample(p, random);
      double[][] h;
      try {
        h = (double[][]) hessian.invoke(null, args);
      } catch (InvocationTargetException e) {
        continue;
      }
      int n = s.n(args);
      SparsityTracer t = new SparsityTracer(n);
      Object handle = traced.invoke(t, args);
      SparseHessian pattern = t.hessian(0L);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          if (h[i][j] != 0.0 && !Double.isNaN(h[i][j])) {
            assertTrue(
                contains(pattern, i, j),
                name + ": H[" + i + "][" + j + "] = " + h[i][j] + " is outside the traced pattern at "
                    + s.describe(args));
          }
        }
      }
      assertNotNull(handle);
      checked++;
    }
    assertTrue(checked > 0, name + ": no point where the dense Hessian could be computed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFunctions")
  void denseJacobianLiesInTheTracedDependencies(String name, Method m) throws Exception {
    Class<?> companion = JacobianTest.companion();
    Traced traced = Traced.of(m, companion);
    Method jacobian = companion.getDeclaredMethod(m.getName() + "Jacobian", m.getParameterTypes());
    jacobian.setAccessible(true);
    LoopSampling.Spec spec = new LoopSampling.Spec(m);
    Random random = new Random(0x5BA25EL * 37 + name.hashCode());
    int checked = 0;
    for (int p = 0; p < 10 && checked < POINTS; p++) {
      Object[] args = spec.sample(p, random);
      double[][] jac;
      try {
        jac = (double[][]) jacobian.invoke(null, args);
      } catch (InvocationTargetException e) {
        continue;
      }
      int n = spec.n(args);
      SparsityTracer t = new SparsityTracer(n);
      int[] outputs = (int[]) traced.invoke(t, args);
      assertEquals(jac.length, outputs.length, name + ": outputs traced");
      for (int i = 0; i < jac.length; i++) {
        int[] deps = t.dependencies(outputs[i]);
        for (int j = 0; j < n; j++) {
          if (jac[i][j] != 0.0 && !Double.isNaN(jac[i][j])) {
            assertTrue(
                Arrays.binarySearch(deps, j) >= 0,
                name + ": J[" + i + "][" + j + "] = " + jac[i][j] + " is outside output " + i
                    + "'s traced set " + Arrays.toString(deps) + " at " + spec.describe(args));
          }
        }
      }
      checked++;
    }
    assertTrue(checked > 0, name + ": no point where the dense Jacobian could be computed");
  }

  /** Every method of the catalogues has a tracing sweep. */
  @Test
  void everyFunctionHasATracingSweep() throws Exception {
    List<Method> all = new ArrayList<>(CatalogueTest.catalogueMethods());
    all.addAll(LoopSampling.functions());
    for (Method m : all) {
      Traced.of(
          m,
          m.getDeclaringClass() == Catalogue.class
              ? CatalogueTest.derivativesClass()
              : LoopCatalogueTest.derivativesClass());
    }
    for (Method m : JacobianTest.functions()) {
      Traced.of(m, JacobianTest.companion());
    }
  }

  static boolean contains(SparseHessian h, int i, int j) {
    int column = Math.min(i, j);
    int row = Math.max(i, j);
    int[] starts = h.columnStarts();
    int[] rows = h.rowIndices();
    return Arrays.binarySearch(rows, starts[column], starts[column + 1], row) >= 0;
  }

  /** A method's {@code mSparsity}, and which of its parameters are handles. */
  record Traced(Method sparsity, boolean[] wrt) {
    static Traced of(Method m, Class<?> companion) {
      Class<?>[] types = m.getParameterTypes();
      for (Method c : companion.getDeclaredMethods()) {
        Class<?>[] cTypes = c.getParameterTypes();
        if (!c.getName().equals(m.getName() + "Sparsity")
            || cTypes.length != types.length + 1
            || cTypes[0] != SparsityTracer.class) {
          continue;
        }
        boolean[] wrt = new boolean[types.length];
        boolean matches = true;
        for (int k = 0; k < types.length && matches; k++) {
          Class<?> h = cTypes[k + 1];
          wrt[k] = h != types[k];
          matches =
              h == types[k]
                  || types[k] == double.class && h == int.class
                  || types[k] == double[].class && h == int[].class
                  || types[k] == double[][].class && h == int[][].class;
        }
        if (matches) {
          c.setAccessible(true);
          return new Traced(c, wrt);
        }
      }
      fail(m + " has no tracing sweep in " + companion.getSimpleName());
      return null;
    }

    /** Calls it with the handles of the inputs, numbered as the gradient numbers them. */
    Object invoke(SparsityTracer t, Object[] args) throws Exception {
      Object[] handles = new Object[args.length + 1];
      handles[0] = t;
      int offset = 0;
      for (int k = 0; k < args.length; k++) {
        Object a = args[k];
        if (!wrt[k]) {
          handles[k + 1] = a;
        } else if (a instanceof Double) {
          handles[k + 1] = t.input(offset++);
        } else if (a instanceof double[] v) {
          handles[k + 1] = t.inputs(offset, v.length);
          offset += v.length;
        } else {
          double[][] matrix = (double[][]) a;
          handles[k + 1] = t.inputs(offset, matrix);
          for (double[] row : matrix) {
            offset += row.length;
          }
        }
      }
      try {
        return sparsity.invoke(null, handles);
      } catch (InvocationTargetException e) {
        throw new AssertionError(sparsity.getName() + " threw", e.getCause());
      }
    }
  }
}
