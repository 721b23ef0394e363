package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.GradientCheck;
import dev.adjoint.runtime.SparseHessian;
import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every generated kind of a corpus class's annotated methods against finite differences of
 * the original method, found and called by reflection: the gradient's partial derivatives one by
 * one ({@link GradientCheck#checkEachCoordinate}), the directional derivative against a central
 * difference, Hessian-vector products against differences of the gradient ({@link
 * GradientCheck#checkHessianVector}), the products along k = 0, 1, 2, 3, 8 and 40 directions in one
 * sweep against one Hessian-vector product each, the Hessian against Hessian-vector products; for a method
 * returning {@code double[]}, Jacobian-vector products against differences of the function,
 * vector-Jacobian products as the gradient of {@code u · f}, vector-Hessian-vector products
 * (where generated) against differences of the vector-Jacobian product, and the Jacobian against
 * both; the sparse Hessian or Jacobian made near the point and refilled at it, against the dense
 * one entry for entry; and that every entry of the Hessian (Jacobian) that is not zero lies in the
 * pattern the tracing sweep {@code mSparsity} records from the point's shapes and data.
 */
final class GeneratedKindsCheck {
  private static final List<String> SCALAR_KINDS =
      List.of("Gradient", "Derivative", "HessianVector", "HessianVectors", "Hessian", "HessianSparse",
          "Sparsity");
  private static final List<String> VECTOR_KINDS =
      List.of("JacobianVector", "JacobianVectors", "VectorJacobian", "Jacobian", "JacobianSparse",
          "Sparsity");
  /** Kinds the contract names that this check does not cover yet: generating one fails it. */
  private static final List<String> UNCHECKED_KINDS = List.of();

  private static final GradientCheck DIFFERENCES = GradientCheck.defaults();
  private static final double STEP = 1e-6;
  private static final double ABSOLUTE = 1e-8;
  private static final double RELATIVE = 1e-5;

  private final Method original;
  private final Object receiver;
  private final Class<?> companion;
  private final boolean[] differentiated;
  private final String where;

  private GeneratedKindsCheck(
      Method original, Object receiver, Class<?> companion, int[] wrt, String where) {
    this.original = original;
    this.receiver = receiver;
    this.companion = companion;
    this.where = where;
    Class<?>[] types = original.getParameterTypes();
    this.differentiated = new boolean[types.length];
    for (int i = 0; i < types.length; i++) {
      int position = i;
      differentiated[i] =
          wrt.length == 0
              ? types[i] == double.class || types[i] == double[].class || types[i] == double[][].class
              : Arrays.stream(wrt).anyMatch(w -> w == position);
    }
  }

  /** Checks every annotated method of {@code c} at both its points; names what it checked. */
  static Set<String> check(ModelCase c, ClassLoader loader) throws ReflectiveOperationException {
    Class<?> type = loader.loadClass(c.type());
    Class<?> companion = loader.loadClass(companionName(c.type()));
    Set<String> checked = new TreeSet<>();
    for (String name : c.methods()) {
      Method original = declared(type, name);
      Object receiver =
          Modifier.isStatic(original.getModifiers()) ? null : construct(type, c.constructorArguments());
      for (int p = 0; p < c.points().size(); p++) {
        String where = c.file() + ": " + name + " at point " + p;
        GeneratedKindsCheck check =
            new GeneratedKindsCheck(original, receiver, companion, c.wrt(), where);
        checked.addAll(check.atPoint(c.points().get(p), new Random(31L * p + name.hashCode())));
      }
    }
    return checked;
  }

  /**
   * Without the companion: each annotated method of {@code c}, compiled as plain Java, returns
   * finite values at both points, and central differences there with steps 1e-5 and 1e-6 agree,
   * so that the points lie inside one smooth piece of the function (not on a branch boundary)
   * and a class waiting in the findings is ready to be checked the day it compiles.
   */
  static void checkDomain(ModelCase c, ClassLoader loader) throws ReflectiveOperationException {
    Class<?> type = loader.loadClass(c.type());
    for (String name : c.methods()) {
      Method original = declared(type, name);
      Object receiver =
          Modifier.isStatic(original.getModifiers()) ? null : construct(type, c.constructorArguments());
      for (int p = 0; p < c.points().size(); p++) {
        String where = c.file() + ": " + name + " at point " + p;
        GeneratedKindsCheck check = new GeneratedKindsCheck(original, receiver, null, c.wrt(), where);
        check.smoothAt(c.points().get(p), new Random(p));
      }
    }
  }

  private void smoothAt(Object[] point, Random random) {
    double[] x = flatten(point);
    double[] d = gaussian(x.length, random);
    double[] value = values(callOriginal(point));
    double[] coarse = differences(point, x, d, 1e-5);
    double[] fine = differences(point, x, d, 1e-6);
    for (int i = 0; i < value.length; i++) {
      assertTrue(Double.isFinite(value[i]), where + ": value " + i + " is " + value[i]);
      double allowed = 1e-6 + 1e-4 * Math.max(Math.abs(coarse[i]), Math.abs(fine[i]));
      assertTrue(
          Math.abs(coarse[i] - fine[i]) <= allowed,
          where + ": differences at steps 1e-5 and 1e-6 disagree (" + coarse[i] + ", " + fine[i]
              + "): not a smooth point");
    }
  }

  private double[] differences(Object[] point, double[] x, double[] d, double step) {
    double h = step * Math.max(1, maxAbs(x));
    double[] plus = values(callOriginal(with(point, shifted(x, d, h))));
    double[] minus = values(callOriginal(with(point, shifted(x, d, -h))));
    double[] out = new double[plus.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * h);
    }
    return out;
  }

  private static double[] values(Object result) {
    return result instanceof double[] a ? a : new double[] {(Double) result};
  }

  /** {@code p.Outer$Inner} has its companion in {@code p.Outer_InnerDerivatives}. */
  static String companionName(String binaryName) {
    return binaryName.replace('$', '_') + "Derivatives";
  }

  private Set<String> atPoint(Object[] point, Random random) {
    boolean vector = original.getReturnType() == double[].class;
    List<String> kinds = vector ? VECTOR_KINDS : SCALAR_KINDS;
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().startsWith(original.getName()) && !Modifier.isPrivate(m.getModifiers())) {
        String kind = m.getName().substring(original.getName().length());
        assertTrue(
            !UNCHECKED_KINDS.contains(kind),
            where + ": " + m.getName() + " is generated, but this test does not check it yet");
      }
    }
    double[] x = flatten(point);
    double[] u = gaussian(vector ? ((double[]) callOriginal(point)).length : 1, random);
    double[] v = gaussian(x.length, random);
    Set<String> checked = new TreeSet<>();
    if (vector) {
      checkVector(point, x, u, v, checked);
    } else {
      checkScalar(point, x, v, checked);
    }
    for (String kind : kinds) {
      assertTrue(
          checked.contains(original.getName() + kind),
          where + ": " + original.getName() + kind + " was not generated");
    }
    return checked;
  }

  private void checkScalar(Object[] point, double[] x, double[] v, Set<String> checked) {
    String name = original.getName();
    int n = x.length;
    double value = (Double) callOriginal(point);
    GradientCheck.Function f = y -> (Double) callOriginal(with(point, y));
    GradientCheck.Gradient gradient =
        (y, g) -> (Double) callGenerated(name + "Gradient", with(point, y), g);

    double[] grad = new double[n];
    double returned = (Double) callGenerated(name + "Gradient", copy(point), grad);
    assertEquals(value, returned, 0.0, where + ": the gradient returns the original's value");
    passes(DIFFERENCES.checkEachCoordinate(f, gradient, x), "gradient");
    assertArrayEquals(grad, (double[]) callGenerated(name + "Gradient", copy(point)), 0.0, "gradient");
    checked.add(name + "Gradient");

    double derivative = (Double) callGenerated(name + "Derivative", copy(point), v.clone());
    agrees(difference(point, x, v), derivative, "directional derivative");
    checked.add(name + "Derivative");

    GradientCheck.HessianVector hessianVector =
        (y, w, g, hv) -> (Double) callGenerated(name + "HessianVector", with(point, y), w, g, hv);
    passes(DIFFERENCES.checkHessianVector(gradient, hessianVector, x, v), "Hessian-vector product");
    double[] hvGrad = new double[n];
    double[] hv = new double[n];
    returned = (Double) callGenerated(name + "HessianVector", copy(point), v.clone(), hvGrad, hv);
    assertEquals(value, returned, 0.0, where + ": the Hessian-vector product returns the value");
    assertArrayEquals(grad, hvGrad, 1e-12, "gradient of the Hessian-vector product");
    checked.add(name + "HessianVector");

    for (int k : new int[] {0, 1, 2, 3, 8, 40}) {
      double[][] vs = new double[k][];
      double[][] hvs = new double[k][n];
      for (int l = 0; l < k; l++) {
        vs[l] = gaussian(n, new Random(k * 131L + l));
      }
      double[] vsGrad = new double[n];
      returned = (Double) callGenerated(name + "HessianVectors", copy(point), vs, vsGrad, hvs);
      assertEquals(value, returned, 0.0, where + ": mHessianVectors returns the value, k = " + k);
      assertArrayEquals(grad, vsGrad, 1e-12, "gradient of mHessianVectors, k = " + k);
      for (int l = 0; l < k; l++) {
        double[] one = new double[n];
        callGenerated(name + "HessianVector", copy(point), vs[l].clone(), new double[n], one);
        assertArrayEquals(one, hvs[l], 1e-12, "mHessianVectors' product " + l + " of " + k);
      }
    }
    checked.add(name + "HessianVectors");

    double[][] hessian = (double[][]) callGenerated(name + "Hessian", copy(point));
    assertEquals(n, hessian.length, where + ": Hessian rows");
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(hessian[j][i], hessian[i][j], 0.0, where + ": Hessian symmetric at " + i + "," + j);
      }
    }
    assertArrayEquals(hv, times(hessian, v), 1e-9, "Hessian times v");
    checked.add(name + "Hessian");

    // Made near the point, refilled at it: the dense Hessian's entries both times.
    Object[] near = with(point, shifted(x, v, 1e-2));
    SparseHessian h = (SparseHessian) callGenerated(name + "HessianSparse", copy(near));
    SparseKindsCheck.sameEntries(
        (double[][]) callGenerated(name + "Hessian", copy(near)), h, where + ", near the point");
    double[] sparseGrad = new double[n];
    returned = (Double) callGenerated(name + "HessianSparse", copy(point), sparseGrad, h);
    assertEquals(value, returned, 0.0, where + ": mHessianSparse returns the value");
    assertArrayEquals(grad, sparseGrad, 1e-12, "gradient of mHessianSparse");
    SparseKindsCheck.sameEntries(hessian, h, where + ", refilled");
    checked.add(name + "HessianSparse");
    dev.adjoint.runtime.SparsityTracer t = new dev.adjoint.runtime.SparsityTracer(n);
    int valueSet = (Integer) callSparsity(name + "Sparsity", handles(t, point));
    dev.adjoint.runtime.SparseHessian pattern = t.hessian(0L);
    int[] starts = pattern.columnStarts();
    int[] rows = pattern.rowIndices();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        assertTrue(
            hessian[i][j] == 0.0 || Arrays.binarySearch(rows, starts[j], starts[j + 1], i) >= 0,
            where + ": H[" + i + "][" + j + "] = " + hessian[i][j] + " is outside the traced pattern");
      }
      assertTrue(
          grad[i] == 0.0 || Arrays.binarySearch(t.dependencies(valueSet), i) >= 0,
          where + ": the gradient's element " + i + " is outside the value's traced set");
    }
    checked.add(name + "Sparsity");
  }

  private void checkVector(Object[] point, double[] x, double[] u, double[] v, Set<String> checked) {
    String name = original.getName();
    double[] value = (double[]) callOriginal(point);
    int m = value.length;
    int n = x.length;

    double[] jv = new double[m];
    double[] returned = (double[]) callGenerated(name + "JacobianVector", copy(point), v.clone(), jv);
    assertArrayEquals(value, returned, 0.0, "value returned by the Jacobian-vector product");
    double h = STEP * Math.max(1, maxAbs(x));
    double[] plus = (double[]) callOriginal(with(point, shifted(x, v, h)));
    double[] minus = (double[]) callOriginal(with(point, shifted(x, v, -h)));
    for (int i = 0; i < m; i++) {
      agrees((plus[i] - minus[i]) / (2 * h), jv[i], "Jacobian-vector product, output " + i);
    }
    checked.add(name + "JacobianVector");

    for (int k : new int[] {0, 1, 2, 3, 8, 40}) {
      double[][] vs = new double[k][];
      double[][] jvs = new double[k][m];
      for (int l = 0; l < k; l++) {
        vs[l] = gaussian(n, new Random(k * 131L + l));
      }
      returned = (double[]) callGenerated(name + "JacobianVectors", copy(point), vs, jvs);
      assertArrayEquals(value, returned, 0.0, "value returned by mJacobianVectors, k = " + k);
      for (int l = 0; l < k; l++) {
        double[] one = new double[m];
        callGenerated(name + "JacobianVector", copy(point), vs[l].clone(), one);
        assertArrayEquals(one, jvs[l], 1e-12, "mJacobianVectors' product " + l + " of " + k);
      }
    }
    checked.add(name + "JacobianVectors");

    GradientCheck.Function uTimesF = y -> dot(u, (double[]) callOriginal(with(point, y)));
    GradientCheck.Gradient vectorJacobian =
        (y, g) -> {
          double[] f = (double[]) callGenerated(name + "VectorJacobian", with(point, y), u.clone(), g);
          return dot(u, f);
        };
    passes(DIFFERENCES.checkEachCoordinate(uTimesF, vectorJacobian, x), "vector-Jacobian product");
    double[] vj = new double[n];
    returned = (double[]) callGenerated(name + "VectorJacobian", copy(point), u.clone(), vj);
    assertArrayEquals(value, returned, 0.0, "value returned by the vector-Jacobian product");
    checked.add(name + "VectorJacobian");

    if (Arrays.stream(companion.getDeclaredMethods())
        .anyMatch(k -> k.getName().equals(name + "VectorHessianVector"))) {
      // Second order: the derivative of uᵀJ along v, against differences of uᵀJ.
      GradientCheck.HessianVector uHessiansV =
          (y, w, g, uhv) -> {
            double[] f =
                (double[]) callGenerated(name + "VectorHessianVector", with(point, y), u.clone(), w, g, uhv);
            return dot(u, f);
          };
      passes(
          DIFFERENCES.checkHessianVector(vectorJacobian, uHessiansV, x, v),
          "vector-Hessian-vector product");
      checked.add(name + "VectorHessianVector");
    }

    double[][] jacobian = (double[][]) callGenerated(name + "Jacobian", copy(point));
    assertEquals(m, jacobian.length, where + ": Jacobian rows");
    assertArrayEquals(jv, times(jacobian, v), 1e-9, "Jacobian times v");
    double[] uTimesJ = new double[n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        uTimesJ[j] += u[i] * jacobian[i][j];
      }
    }
    assertArrayEquals(vj, uTimesJ, 1e-9, "u times the Jacobian");
    checked.add(name + "Jacobian");

    // Made near the point, refilled at it: the dense Jacobian's entries both times.
    Object[] near = with(point, shifted(x, v, 1e-2));
    SparseJacobian sparse = (SparseJacobian) callGenerated(name + "JacobianSparse", copy(near));
    SparseKindsCheck.sameEntries(
        (double[][]) callGenerated(name + "Jacobian", copy(near)), sparse, where + ", near the point");
    returned = (double[]) callGenerated(name + "JacobianSparse", copy(point), sparse);
    assertArrayEquals(value, returned, 0.0, "value returned by mJacobianSparse");
    SparseKindsCheck.sameEntries(jacobian, sparse, where + ", refilled");
    checked.add(name + "JacobianSparse");
    dev.adjoint.runtime.SparsityTracer t = new dev.adjoint.runtime.SparsityTracer(n);
    int[] outputs = (int[]) callSparsity(name + "Sparsity", handles(t, point));
    assertEquals(m, outputs.length, where + ": outputs traced");
    for (int i = 0; i < m; i++) {
      int[] deps = t.dependencies(outputs[i]);
      for (int j = 0; j < n; j++) {
        assertTrue(
            jacobian[i][j] == 0.0 || Arrays.binarySearch(deps, j) >= 0,
            where + ": J[" + i + "][" + j + "] = " + jacobian[i][j] + " is outside the traced set");
      }
    }
    checked.add(name + "Sparsity");
  }

  // --- the original's differentiated inputs as one vector ---

  private double[] flatten(Object[] point) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < point.length; i++) {
      if (!differentiated[i]) {
        continue;
      }
      if (point[i] instanceof Double d) {
        out.add(d);
      } else if (point[i] instanceof double[] a) {
        for (double e : a) {
          out.add(e);
        }
      } else {
        for (double[] row : (double[][]) point[i]) {
          for (double e : row) {
            out.add(e);
          }
        }
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A copy of {@code point} with its differentiated inputs taken from {@code x}. */
  private Object[] with(Object[] point, double[] x) {
    Object[] out = copy(point);
    int k = 0;
    for (int i = 0; i < out.length; i++) {
      if (!differentiated[i]) {
        continue;
      }
      if (out[i] instanceof Double) {
        out[i] = x[k++];
      } else if (out[i] instanceof double[] a) {
        for (int j = 0; j < a.length; j++) {
          a[j] = x[k++];
        }
      } else {
        for (double[] row : (double[][]) out[i]) {
          for (int j = 0; j < row.length; j++) {
            row[j] = x[k++];
          }
        }
      }
    }
    return out;
  }

  private static Object[] copy(Object[] point) {
    Object[] out = point.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      } else if (out[i] instanceof double[][] m) {
        double[][] c = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          c[r] = m[r].clone();
        }
        out[i] = c;
      } else if (out[i] instanceof int[] a) {
        out[i] = a.clone();
      }
    }
    return out;
  }

  // --- calls ---

  private Object callOriginal(Object[] args) {
    return invoke(original, receiver, args);
  }

  /** Calls the companion's {@code method}: the receiver first for an instance method. */
  /**
   * The tracer, then the point with each differentiated argument replaced by the handles of its
   * inputs, numbered as the gradient numbers them: the arguments of {@code mSparsity}.
   */
  private List<Object> handles(dev.adjoint.runtime.SparsityTracer t, Object[] point) {
    List<Object> out = new ArrayList<>();
    out.add(t);
    if (receiver != null) {
      out.add(receiver);
    }
    int offset = 0;
    for (int k = 0; k < point.length; k++) {
      Object a = point[k];
      if (!differentiated[k]) {
        out.add(a);
      } else if (a instanceof Double) {
        out.add(t.input(offset++));
      } else if (a instanceof double[] vector) {
        out.add(t.inputs(offset, vector.length));
        offset += vector.length;
      } else {
        double[][] matrix = (double[][]) a;
        out.add(t.inputs(offset, matrix));
        for (double[] row : matrix) {
          offset += row.length;
        }
      }
    }
    return out;
  }

  /** Calls {@code mSparsity}, whose tracer comes before the receiver. */
  private Object callSparsity(String method, List<Object> args) {
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.size()) {
        return invoke(m, null, args.toArray());
      }
    }
    throw new AssertionError(where + ": " + companion.getSimpleName() + " has no " + method);
  }

  private Object callGenerated(String method, Object[] args, Object... extra) {
    List<Object> all = new ArrayList<>();
    if (receiver != null) {
      all.add(receiver);
    }
    all.addAll(Arrays.asList(args));
    all.addAll(Arrays.asList(extra));
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == all.size()) {
        return invoke(m, null, all.toArray());
      }
    }
    throw new AssertionError(where + ": " + companion.getSimpleName() + " has no " + method
        + " with " + all.size() + " parameters");
  }

  private Object invoke(Method m, Object target, Object[] args) {
    try {
      m.setAccessible(true);
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(where + ": " + m.getName() + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(where + ": cannot call " + m, e);
    }
  }

  private static Method declared(Class<?> type, String name) {
    Method found = null;
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        assertTrue(found == null, type.getName() + " has more than one method " + name);
        found = m;
      }
    }
    if (found == null) {
      throw new AssertionError(type.getName() + " has no method " + name);
    }
    return found;
  }

  /** The one constructor taking {@code args}; enum constants are resolved by name. */
  private static Object construct(Class<?> type, Object[] args) throws ReflectiveOperationException {
    for (Constructor<?> k : type.getDeclaredConstructors()) {
      if (k.getParameterCount() != args.length) {
        continue;
      }
      Object[] actual = args.clone();
      Class<?>[] types = k.getParameterTypes();
      for (int i = 0; i < actual.length; i++) {
        if (actual[i] instanceof ModelCase.EnumConstant e) {
          actual[i] = enumConstant(types[i], e.name());
        }
      }
      k.setAccessible(true);
      return k.newInstance(copy(actual));
    }
    throw new AssertionError(type.getName() + " has no constructor of " + args.length + " parameters");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumConstant(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  // --- comparisons ---

  private void passes(GradientCheck.Report report, String what) {
    if (!report.passed()) {
      fail(where + ": " + what + " disagrees with finite differences:\n" + report);
    }
  }

  /** As {@link GradientCheck} compares: {@code |a - b| ≤ 1e-8 + 1e-5 max(|a|, |b|)}. */
  private void agrees(double difference, double derivative, String what) {
    double allowed = ABSOLUTE + RELATIVE * Math.max(Math.abs(difference), Math.abs(derivative));
    if (!(Math.abs(difference - derivative) <= allowed)) {
      fail(where + ": " + what + " is " + derivative + ", finite difference " + difference);
    }
  }

  private void assertArrayEquals(double[] expected, double[] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, where + ": length of " + what);
    for (int i = 0; i < expected.length; i++) {
      double allowed = relative * Math.max(1, Math.abs(expected[i]));
      if (!(Math.abs(expected[i] - actual[i]) <= allowed)
          && Double.compare(expected[i], actual[i]) != 0) {
        fail(where + ": " + what + ", element " + i + ": expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  private double difference(Object[] point, double[] x, double[] d) {
    double h = STEP * Math.max(1, maxAbs(x));
    double plus = (Double) callOriginal(with(point, shifted(x, d, h)));
    double minus = (Double) callOriginal(with(point, shifted(x, d, -h)));
    return (plus - minus) / (2 * h);
  }

  private static double[] times(double[][] a, double[] v) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = dot(a[i], v);
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] shifted(double[] x, double[] d, double t) {
    double[] out = x.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += t * d[i];
    }
    return out;
  }

  private static double maxAbs(double[] x) {
    double m = 0;
    for (double e : x) {
      m = Math.max(m, Math.abs(e));
    }
    return m;
  }

  private static double[] gaussian(int n, Random random) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
    }
    return d;
  }
}
