package dev.adjoint.catalogue;

import static dev.adjoint.catalogue.SparseKindsCheck.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.EdgePushing;
import dev.adjoint.runtime.SparseHessian;
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
 * {@code mHessianEdges} of every function of {@link Catalogue} and {@link LoopCatalogue} that has
 * one, run by hand as the sparse Hessian's edge route runs it ({@code begin(n)}, the recording,
 * {@code finish(grad, h)}) into the pattern of the method's own {@code mHessianSparse}, at two
 * points, one {@code EdgePushing} reused: the values equal the dense {@code mHessian}'s (to
 * rounding, as the colouring route's are), the gradient {@code mGradient}'s, and the value
 * returned the method's own. Every value of the matrix is NaN before {@code finish}, so one it does
 * not write fails.
 */
class HessianEdgesTest {
  static final int POINTS = 2;

  /**
   * Catalogue methods with {@code mHessianEdges}, as measured (200 once calls and matrices were
   * recorded; the 2 others call methods with a custom derivative): no fewer, so that a refusal made wider by mistake
   * shows.
   */
  static final int MIN_WITH_EDGES = 200;

  static Stream<Arguments> functions() {
    return SecondOrderTest.functions();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void edgePushingEqualsDenseAtTwoPoints(String name, SecondOrderTest.Subject s) throws Exception {
    Method m = s.method();
    Class<?> companion = companionOf(m);
    Method edges = edges(m, companion);
    if (edges == null) {
      return;
    }
    Class<?>[] types = m.getParameterTypes();
    Method hessian = SparseHessianTest.find(companion, m.getName() + "Hessian", types);
    Method gradient =
        SparseHessianTest.find(companion, m.getName() + "Gradient", append(types, double[].class));
    Method make = SparseHessianTest.find(companion, m.getName() + "HessianSparse", types);
    m.setAccessible(true);
    Random random = new Random(0xED9E5L * 31 + name.hashCode());
    EdgePushing recording = new EdgePushing();
    int checked = 0;
    for (int p = 0; p < 10 && checked < POINTS; p++) {
      Object[] args = s.sample(p, random);
      String at = name + " at " + s.describe(args);
      double[][] dense;
      double expectedValue;
      try {
        dense = (double[][]) hessian.invoke(null, args);
        expectedValue = (double) m.invoke(null, args);
      } catch (InvocationTargetException e) {
        continue;
      }
      int n = s.n(args);
      SparseHessian h = (SparseHessian) SparseHessianTest.call(make, args, at);
      Arrays.fill(h.values(), Double.NaN);
      recording.begin(n);
      double value = (double) SparseHessianTest.call(edges, prepend(recording, args), at);
      double[] grad = new double[n];
      try {
        recording.finish(grad, h);
      } catch (RuntimeException e) {
        throw new AssertionError(at + ": finish threw " + e, e);
      }
      assertTrue(LoopSampling.sameValue(expectedValue, value),
          at + ": mHessianEdges returned " + value + ", not the function's value " + expectedValue);
      SparseKindsCheck.sameEntries(dense, h, at + ", by edge pushing");
      double[] expected = new double[n];
      SparseHessianTest.call(gradient, append(args, expected), at);
      double scale = 1;
      for (double g : expected) {
        scale = Double.isFinite(g) ? Math.max(scale, Math.abs(g)) : scale;
      }
      for (int i = 0; i < n; i++) {
        assertTrue(
            LoopSampling.sameValue(expected[i], grad[i])
                || Math.abs(expected[i] - grad[i]) <= SparseKindsCheck.TOLERANCE * scale,
            at + ": gradient entry " + i + " is " + grad[i] + " not " + expected[i]);
      }
      checked++;
    }
    assertTrue(checked > 0, name + ": no point where the dense Hessian could be computed");
  }

  /** How many catalogue methods have {@code mHessianEdges}: not below what was measured. */
  @Test
  void mostCatalogueMethodsHaveHessianEdges() {
    List<String> without = new ArrayList<>();
    int with = 0;
    for (Arguments a : functions().toList()) {
      Method m = ((SecondOrderTest.Subject) a.get()[1]).method();
      if (edges(m, companionOf(m)) != null) {
        with++;
      } else {
        without.add(m.getDeclaringClass().getSimpleName() + "." + m.getName());
      }
    }
    System.out.println("mHessianEdges: " + with + " of " + (with + without.size()) + "; without: " + without);
    assertTrue(with >= MIN_WITH_EDGES, "mHessianEdges for only " + with + " methods; without: " + without);
  }

  @Test
  void theRecordingIsPackageVisibleWhereThePatternIs() throws Exception {
    Method m = Catalogue.class.getDeclaredMethod("polynomial", double.class, double.class);
    Method edges = edges(m, companionOf(m));
    Method pattern = WrittenPatternTest.written(m, companionOf(m));
    assertEquals(pattern.getModifiers() & 7, edges.getModifiers() & 7, "access");
  }

  static Class<?> companionOf(Method m) {
    return m.getDeclaringClass() == Catalogue.class
        ? CatalogueTest.derivativesClass()
        : LoopCatalogueTest.derivativesClass();
  }

  /** {@code m}'s {@code mHessianEdges(EdgePushing, P...)}, or null where it has none. */
  static Method edges(Method m, Class<?> companion) {
    Class<?>[] types = m.getParameterTypes();
    Class<?>[] withEdges = new Class<?>[types.length + 1];
    withEdges[0] = EdgePushing.class;
    System.arraycopy(types, 0, withEdges, 1, types.length);
    try {
      Method e = companion.getDeclaredMethod(m.getName() + "HessianEdges", withEdges);
      e.setAccessible(true);
      return e;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  static Object[] prepend(Object first, Object[] args) {
    Object[] all = new Object[args.length + 1];
    all[0] = first;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }
}
