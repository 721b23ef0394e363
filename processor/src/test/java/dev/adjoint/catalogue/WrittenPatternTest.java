package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Checks every pattern written at compile time ({@code mHessianPattern}) of {@link Catalogue} and
 * {@link LoopCatalogue} at seeded random points of different shapes and data: it holds every entry
 * of the traced pattern ({@code mSparsity}) and every entry of the dense Hessian that is not zero.
 * The sparse Hessian made from it is checked against the dense one by {@link SparseHessianTest}
 * (its first call records the written pattern).
 */
class WrittenPatternTest {
  static final int POINTS = 2;

  static Stream<Arguments> scalarFunctions() {
    return SecondOrderTest.functions();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalarFunctions")
  void writtenPatternHoldsTheTracedOneAndTheDenseHessian(String name, SecondOrderTest.Subject s)
      throws Exception {
    Method m = s.method();
    Class<?> companion = companionOf(m);
    Method written = written(m, companion);
    if (written == null) {
      return;
    }
    SparsityPatternTest.Traced traced = SparsityPatternTest.Traced.of(m, companion);
    Method hessian = companion.getDeclaredMethod(m.getName() + "Hessian", m.getParameterTypes());
    hessian.setAccessible(true);
    Random random = new Random(0x3217EL * 31 + name.hashCode());
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
      SparsityTracer writtenTracer = new SparsityTracer(n);
      invoke(written, writtenTracer, args);
      SparsityTracer.LowerTriangle ours = writtenTracer.lowerTriangle();
      SparsityTracer tracedTracer = new SparsityTracer(n);
      traced.invoke(tracedTracer, args);
      SparsityTracer.LowerTriangle theirs = tracedTracer.lowerTriangle();
      for (int j = 0; j < n; j++) {
        for (int k = theirs.columnStarts()[j]; k < theirs.columnStarts()[j + 1]; k++) {
          int i = theirs.rowIndices()[k];
          assertTrue(contains(ours, i, j),
              name + ": traced entry (" + i + ", " + j + ") is outside the written pattern at " + s.describe(args));
        }
        for (int i = j; i < n; i++) {
          if (h[i][j] != 0.0 && !Double.isNaN(h[i][j])) {
            assertTrue(contains(ours, i, j),
                name + ": H[" + i + "][" + j + "] = " + h[i][j] + " is outside the written pattern at "
                    + s.describe(args));
          }
        }
      }
      checked++;
    }
    assertTrue(checked > 0, name + ": no point where the dense Hessian could be computed");
  }

  /** How many catalogue methods have a written pattern: they must not fall below what was measured. */
  @Test
  void mostCatalogueMethodsHaveAWrittenPattern() {
    List<String> without = new ArrayList<>();
    int with = 0;
    for (Method m : allScalar()) {
      if (written(m, companionOf(m)) != null) {
        with++;
      } else {
        without.add(m.getDeclaringClass().getSimpleName() + "." + m.getName());
      }
    }
    System.out.println("written patterns: " + with + " of " + (with + without.size()) + "; without: " + without);
    assertTrue(with >= 100, "written patterns for only " + with + " methods; without: " + without);
  }

  private static List<Method> allScalar() {
    List<Method> all = new ArrayList<>();
    SecondOrderTest.functions().forEach(a -> all.add(((SecondOrderTest.Subject) a.get()[1]).method()));
    return all;
  }

  private static Class<?> companionOf(Method m) {
    return m.getDeclaringClass() == Catalogue.class
        ? CatalogueTest.derivativesClass()
        : LoopCatalogueTest.derivativesClass();
  }

  /** {@code m}'s written pattern, or null where it has none. */
  static Method written(Method m, Class<?> companion) {
    Class<?>[] types = m.getParameterTypes();
    Class<?>[] withTracer = new Class<?>[types.length + 1];
    withTracer[0] = SparsityTracer.class;
    System.arraycopy(types, 0, withTracer, 1, types.length);
    try {
      Method w = companion.getDeclaredMethod(m.getName() + "HessianPattern", withTracer);
      w.setAccessible(true);
      return w;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static void invoke(Method written, SparsityTracer t, Object[] args) throws Exception {
    Object[] all = new Object[args.length + 1];
    all[0] = t;
    System.arraycopy(args, 0, all, 1, args.length);
    try {
      written.invoke(null, all);
    } catch (InvocationTargetException e) {
      throw new AssertionError(written.getName() + " threw", e.getCause());
    }
  }

  static boolean contains(SparsityTracer.LowerTriangle p, int i, int j) {
    int column = Math.min(i, j);
    int row = Math.max(i, j);
    return Arrays.binarySearch(p.rowIndices(), p.columnStarts()[column], p.columnStarts()[column + 1], row) >= 0;
  }
}
