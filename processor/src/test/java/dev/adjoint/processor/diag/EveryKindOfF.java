package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Checks every kind generated for {@code static double f(double x)} of {@code p.Foo} against the
 * original: each returns f's value, the gradient and the forward derivative match central
 * differences of f, and the Hessian-vector product matches second differences. Each call of f or
 * of a generated method must start from the same state (f resets the fields it uses).
 */
final class EveryKindOfF {
  private final Method f;
  private final Method gradient;
  private final Method derivative;
  private final Method hessianVector;

  private EveryKindOfF(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> foo = loader.loadClass("p.Foo");
    Class<?> companion = loader.loadClass("p.FooDerivatives");
    f = accessible(foo.getDeclaredMethod("f", double.class));
    gradient = accessible(companion.getDeclaredMethod("fGradient", double.class, double[].class));
    derivative =
        accessible(companion.getDeclaredMethod("fDerivative", double.class, double[].class));
    hessianVector =
        accessible(
            companion.getDeclaredMethod(
                "fHessianVector", double.class, double[].class, double[].class, double[].class));
  }

  /** Checks each kind at two points. */
  static void check(Compilation c) throws ReflectiveOperationException {
    EveryKindOfF kinds = new EveryKindOfF(DiagnosticSources.classes(c));
    for (double x : new double[] {0.71, 1.29}) {
      kinds.checkAt(x);
    }
  }

  private void checkAt(double x) {
    double value = invoke(f, x);
    double h = 1e-5;
    double slope = (invoke(f, x + h) - invoke(f, x - h)) / (2 * h);
    double k = 1e-3;
    double curvature = (invoke(f, x + k) - 2 * value + invoke(f, x - k)) / (k * k);
    double tolerance = 1e-6 * Math.max(1, Math.abs(slope));

    double[] grad = new double[1];
    assertEquals(value, invoke(gradient, x, grad), 0.0, "fGradient returns f's value at " + x);
    assertEquals(slope, grad[0], tolerance, "fGradient at " + x);

    assertEquals(slope, invoke(derivative, x, new double[] {1}), tolerance, "fDerivative at " + x);

    double[] grad2 = new double[1];
    double[] hv = new double[1];
    assertEquals(
        value, invoke(hessianVector, x, new double[] {1}, grad2, hv), 0.0, "fHessianVector's value");
    assertEquals(slope, grad2[0], tolerance, "fHessianVector's gradient at " + x);
    assertEquals(
        curvature, hv[0], 1e-4 * Math.max(1, Math.abs(curvature)), "fHessianVector at " + x);
  }

  private static Method accessible(Method m) {
    m.setAccessible(true);
    return m;
  }

  private static double invoke(Method m, Object... args) {
    try {
      return (Double) m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
