package dev.adjoint.catalogue;

import static dev.adjoint.catalogue.SparseHessianTest.call;
import static dev.adjoint.catalogue.SparseHessianTest.find;
import static dev.adjoint.catalogue.SparseKindsCheck.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.runtime.SparseJacobian;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mJacobianSparse} of every function of {@link VectorCatalogue}, against the dense {@code
 * mJacobian}: made at a point A, equal to it entry for entry (to rounding) in compressed sparse
 * columns; refilled at a point B of the same shapes and data, equal to it at B and returning
 * exactly the function's value; and a refill whose arguments differ from A's in one shape or datum
 * is an {@code IllegalArgumentException} naming the method.
 */
class SparseJacobianTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.adjoint.catalogue.JacobianTest#cases")
  void sparseEqualsDenseAtTwoPointsWithRefill(String name, Method method) throws Exception {
    LoopSampling.Spec spec = new LoopSampling.Spec(method);
    Class<?> companion = JacobianTest.companion();
    Class<?>[] types = method.getParameterTypes();
    Method jacobian = find(companion, method.getName() + "Jacobian", types);
    Method make = find(companion, method.getName() + "JacobianSparse", types);
    Method refill = find(companion, method.getName() + "JacobianSparse", append(types, SparseJacobian.class));
    assertEquals(SparseJacobian.class, make.getReturnType(), make.getName());
    method.setAccessible(true);
    Random random = LoopSampling.random("sparse " + name);

    Object[] a = spec.sample(0, random);
    String atA = name + " at A = " + spec.describe(a);
    SparseJacobian j = (SparseJacobian) call(make, a, atA);
    assertEquals(spec.n(a), j.columns(), atA + ": columns");
    SparseKindsCheck.sameEntries((double[][]) call(jacobian, a, atA), j, atA);

    double[] xa = spec.flatten(a);
    double[] xb = spec.flatten(spec.sample(0, random));
    double[] step = new double[xa.length];
    for (int i = 0; i < step.length; i++) {
      step[i] = xb[i] - xa[i];
    }
    Object[] b = spec.shift(a, step, 1);
    String atB = name + " at B = " + spec.describe(b);
    double[] value = (double[]) call(refill, append(b, j), atB);
    SparseKindsCheck.sameEntries((double[][]) call(jacobian, b, atB), j, atB + ", refilled");
    double[] expected = (double[]) method.invoke(null, b);
    assertEquals(expected.length, value.length, atB + ": length of the value");
    for (int i = 0; i < expected.length; i++) {
      assertTrue(LoopSampling.sameValue(expected[i], value[i]),
          atB + ": the refill's value " + Arrays.toString(value) + " is not " + Arrays.toString(expected));
    }

    for (Object[] other : SparseKindsCheck.otherShapesOrData(a)) {
      SparseKindsCheck.refused(refill, append(other, j), name + " at " + spec.describe(other));
    }
  }
}
