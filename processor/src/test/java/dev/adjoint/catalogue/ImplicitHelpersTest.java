package dev.adjoint.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Helpers without annotations, differentiated implicitly ({@link ImplicitHelpers}): every
 * generated kind of each {@code @Differentiable} method that calls them against central
 * differences of the original, which runs the helpers as written.
 */
class ImplicitHelpersTest {
  private static final double H = 1e-5;
  private static final Class<?> COMPANION = ImplicitHelpersDerivatives.class;

  @Test
  void privateStaticHelper() throws Exception {
    for (double w : new double[] {-1.3, 0.2, 0.9}) {
      check("loss", null, w, 0.7);
    }
  }

  @Test
  void chainOfHelpers() throws Exception {
    check("chain", null, 0.4, -1.1);
    check("chain", null, -0.8, 2.3);
  }

  @Test
  void recursionBetweenHelpers() throws Exception {
    for (int n = 0; n < 5; n++) {
      check("recursive", null, 0.9, n);
    }
  }

  @Test
  void instanceHelpersOnThisWithGettersAsData() throws Exception {
    check("energy", new ImplicitHelpers(1.5, new double[] {0.3, -0.7, 1.1}), new double[] {0.2, 0.5, -0.4});
    // scale 1: isScaled() is false, the other branch.
    check("energy", new ImplicitHelpers(1.0, new double[] {0.3, -0.7}), new double[] {0.6, -0.5});
  }

  @Test
  void helperOnAnObjectHeldInAField() throws Exception {
    ImplicitHelpers model =
        new ImplicitHelpers(1.5, new double[] {0.3}, new ImplicitHelpers.Link(0.4));
    check("linked", model, 0.8, -0.3);
    check("linked", model, -1.2, 2.1);
  }

  @Test
  void helperOnAnObjectPassedAsAParameter() throws Exception {
    check("viaParameter", null, new ImplicitHelpers.Link(0.4), 0.8);
    check("viaParameter", null, new ImplicitHelpers.Link(1.3), -0.6);
  }

  @Test
  void helpersWhoseValueIsDataWhereUsed() throws Exception {
    ImplicitHelpers model = new ImplicitHelpers(1.5, new double[] {0.3, -0.7});
    check("clipped", model, new double[] {0.2, 0.5});
    check("clipped", model, new double[] {0.4, 1.5});
    check("clipped", model, new double[] {0.9, -0.3});
  }

  @Test
  void privateDataHelpersAndAPrivatelyHeldObject() throws Exception {
    // softplus(0.3) < 0.8 < softplus(1.1): both branches.
    check("privateData", new ImplicitHelpers(1.5, new double[] {0.3, -0.7, 1.1}), new double[] {0.2, 0.5, -0.4});
    check("privateData", new ImplicitHelpers(0.5, new double[] {2.0, 1.2}), new double[] {-0.6, 0.9});
  }

  @Test
  void helperCalledWithDataOnlyStaysAPlainCall() throws Exception {
    check("withData", null, 0.3, 4);
    // Only the helpers called with values that carry derivatives get derivatives.
    assertEquals(
        List.of(),
        Arrays.stream(COMPANION.getDeclaredMethods())
            .filter(m -> m.getName().startsWith("dataOnly"))
            .toList());
  }

  /**
   * Checks the gradient, directional derivative, Hessian-vector product and Hessian of {@code
   * name} at {@code args} (after the receiver, if any) against central differences.
   */
  private static void check(String name, Object self, Object... args) throws Exception {
    Method original = find(ImplicitHelpers.class, name);
    original.setAccessible(true);
    int n = slots(args);
    Random random = new Random(name.hashCode());
    double[] grad = new double[n];
    double value = (double) call("Gradient", name, self, args, grad);
    assertEquals((double) original.invoke(self, args), value, 0.0, name + " value");
    for (int k = 0; k < n; k++) {
      double[] unit = new double[n];
      unit[k] = 1;
      double d = difference(original, self, args, unit);
      assertEquals(d, grad[k], 1e-6 * Math.max(1, Math.abs(d)), name + " gradient " + k);
    }
    double[] direction = new double[n];
    for (int k = 0; k < n; k++) {
      direction[k] = random.nextGaussian();
    }
    double dot = 0;
    for (int k = 0; k < n; k++) {
      dot += grad[k] * direction[k];
    }
    double derivative = (double) call("Derivative", name, self, args, direction);
    assertEquals(dot, derivative, 1e-9 * Math.max(1, Math.abs(dot)), name + " derivative");
    double[] grad2 = new double[n];
    double[] hv = new double[n];
    call("HessianVector", name, self, args, direction, grad2, hv);
    for (int k = 0; k < n; k++) {
      final int slot = k;
      double[] up = gradientAt(name, self, shifted(args, direction, H));
      double[] down = gradientAt(name, self, shifted(args, direction, -H));
      double d = (up[slot] - down[slot]) / (2 * H);
      assertEquals(d, hv[k], 1e-5 * Math.max(1, Math.abs(d)), name + " Hessian-vector " + k);
      assertEquals(grad[k], grad2[k], 1e-12 * Math.max(1, Math.abs(grad[k])), name + " grad " + k);
    }
    double[][] hessian = (double[][]) call("Hessian", name, self, args);
    for (int k = 0; k < n; k++) {
      double row = 0;
      for (int j = 0; j < n; j++) {
        row += hessian[k][j] * direction[j];
      }
      assertEquals(hv[k], row, 1e-9 * Math.max(1, Math.abs(hv[k])), name + " Hessian row " + k);
    }
  }

  private static double[] gradientAt(String name, Object self, Object[] args) throws Exception {
    double[] grad = new double[slots(args)];
    call("Gradient", name, self, args, grad);
    return grad;
  }

  private static double difference(Method original, Object self, Object[] args, double[] v)
      throws Exception {
    double up = (double) original.invoke(self, shifted(args, v, H));
    double down = (double) original.invoke(self, shifted(args, v, -H));
    return (up - down) / (2 * H);
  }

  /** The arguments with their differentiated slots moved by {@code h} times {@code v}. */
  private static Object[] shifted(Object[] args, double[] v, double h) {
    Object[] out = args.clone();
    int slot = 0;
    for (int k = 0; k < args.length; k++) {
      if (args[k] instanceof Double d) {
        out[k] = d + h * v[slot++];
      } else if (args[k] instanceof double[] a) {
        double[] moved = a.clone();
        for (int j = 0; j < a.length; j++) {
          moved[j] += h * v[slot++];
        }
        out[k] = moved;
      }
    }
    return out;
  }

  private static int slots(Object[] args) {
    int n = 0;
    for (Object a : args) {
      n += a instanceof Double ? 1 : a instanceof double[] d ? d.length : 0;
    }
    return n;
  }

  private static Object call(String kind, String name, Object self, Object[] args, Object... extra)
      throws Exception {
    List<Object> all = new ArrayList<>();
    if (self != null) {
      all.add(self);
    }
    all.addAll(Arrays.asList(args));
    all.addAll(Arrays.asList(extra));
    Method m = find(COMPANION, name + kind, all.size());
    m.setAccessible(true);
    return m.invoke(null, all.toArray());
  }

  private static Method find(Class<?> owner, String name) {
    return Arrays.stream(owner.getDeclaredMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(owner.getSimpleName() + " has no " + name));
  }

  private static Method find(Class<?> owner, String name, int parameters) {
    return Arrays.stream(owner.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
        .findFirst()
        .orElseThrow(() -> new AssertionError(owner.getSimpleName() + " has no " + name));
  }
}
