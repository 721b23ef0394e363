package dev.adjoint.catalogue;

import static dev.adjoint.catalogue.SparseKindsCheck.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mHessianSparse} of every function of {@link Catalogue} and {@link LoopCatalogue}, against
 * the dense {@code mHessian}:
 *
 * <ol type="a">
 *   <li>made at a point A: a lower triangle in compressed sparse columns, every diagonal entry
 *       present, equal to {@code mHessian} at A entry for entry (to rounding): the pattern misses
 *       no entry that is not zero;
 *   <li>refilled at a point B of the same shapes and data (other values of the differentiated
 *       inputs): equal to {@code mHessian} at B, returning the function's
 *       value and writing {@code mGradient}'s gradient;
 *   <li>a refill whose arguments differ from A's in one shape or datum (an array one longer, an
 *       {@code int[]} element, an {@code int}, a {@code boolean}) is an {@code
 *       IllegalArgumentException} naming the method.
 * </ol>
 */
class SparseHessianTest {
  static Stream<Arguments> functions() {
    return SecondOrderTest.functions();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void sparseEqualsDenseAtTwoPointsWithRefill(String name, SecondOrderTest.Subject s)
      throws Exception {
    Method m = s.method();
    Class<?> companion =
        m.getDeclaringClass() == Catalogue.class
            ? CatalogueTest.derivativesClass()
            : LoopCatalogueTest.derivativesClass();
    Class<?>[] types = m.getParameterTypes();
    Method hessian = find(companion, m.getName() + "Hessian", types);
    Method gradient = find(companion, m.getName() + "Gradient", append(types, double[].class));
    Method make = find(companion, m.getName() + "HessianSparse", types);
    Method refill =
        find(companion, m.getName() + "HessianSparse", append(types, double[].class, SparseHessian.class));
    assertEquals(SparseHessian.class, make.getReturnType(), make.getName());
    m.setAccessible(true);
    Random random = new Random(0x5BA25EL * 31 + name.hashCode());

    Object[] a = s.sample(0, random);
    String atA = name + " at A = " + s.describe(a);
    SparseHessian h = (SparseHessian) call(make, a, atA);
    SparseKindsCheck.sameEntries((double[][]) call(hessian, a, atA), h, atA);
    assertTrue(h.colors() >= 0 && h.colors() <= Math.max(1, h.size()), atA + ": colors " + h.colors());

    // B: A's shapes and data, the differentiated values of another sample.
    double[] xa = s.flatten(a);
    double[] xb = s.flatten(s.sample(0, random));
    double[] step = new double[xa.length];
    for (int i = 0; i < step.length; i++) {
      step[i] = xb[i] - xa[i];
    }
    Object[] b = s.shift(a, step, 1);
    String atB = name + " at B = " + s.describe(b);
    int n = s.n(b);
    double[] grad = new double[n];
    double value = (double) call(refill, append(b, grad, h), atB);
    SparseKindsCheck.sameEntries((double[][]) call(hessian, b, atB), h, atB + ", refilled");
    assertTrue(LoopSampling.sameValue((double) m.invoke(null, b), value),
        atB + ": the refill returned " + value + ", not the function's value");
    double[] expected = new double[n];
    call(gradient, append(b, expected), atB);
    for (int i = 0; i < n; i++) {
      assertTrue(LoopSampling.sameValue(expected[i], grad[i]),
          atB + ": gradient entry " + i + " is " + grad[i] + " not " + expected[i]);
    }

    for (Object[] other : SparseKindsCheck.otherShapesOrData(a)) {
      String at = name + " at " + s.describe(other);
      if (!SparseKindsCheck.otherElementsOnly(a, other)) {
        SparseKindsCheck.refused(refill, append(other, new double[n + 1], h), at);
        continue;
      }
      // An int[] of other elements, its length the same: refused where the pattern reads them,
      // else (counts, labels that only scale values) the refill is right there.
      double[][] dense;
      try {
        dense = (double[][]) hessian.invoke(null, other);
      } catch (InvocationTargetException e) {
        continue;
      }
      try {
        refill.invoke(null, append(other, new double[n + 1], h));
      } catch (InvocationTargetException e) {
        assertEquals(IllegalArgumentException.class, e.getCause().getClass(), at);
        continue;
      }
      SparseKindsCheck.sameEntries(dense, h, at + ", refilled with other int[] elements");
    }
  }

  static Object call(Method method, Object[] args, String where) {
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method.getName() + " threw " + e.getCause() + " for " + where, e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  static Method find(Class<?> owner, String name, Class<?>[] types) {
    try {
      Method m = owner.getDeclaredMethod(name, types);
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(owner.getSimpleName() + " has no " + name + java.util.Arrays.toString(types), e);
    }
  }
}
