package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code switch} on {@code String} and enum parameters (statement and expression, arrow and colon
 * forms, case groups, default) and enum constants compared with {@code ==}: every generated kind
 * against finite differences of the original, for every value of the selector.
 */
class SwitchOnStringsAndEnumsTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      public class Models {
        public enum Link { IDENTITY, LOG, LOGIT, PROBIT }

        static final String HUBER = "huber";

        @Differentiable
        public static double linked(double x, double y, Link link) {
          double eta = x * y + 0.5 * x;
          double mu = switch (link) {
            case IDENTITY -> eta;
            case LOG -> Math.exp(eta);
            case LOGIT, PROBIT -> {
              double e = Math.exp(-eta);
              yield 1 / (1 + e);
            }
          };
          if (link == Link.LOG || link != Link.IDENTITY && x > 0) {
            mu = mu * y;
          }
          return mu * mu + x;
        }

        @Differentiable
        public static double loss(double r, double scale, String kind) {
          double s = 0;
          switch (kind) {
            case "squared":
              s = r * r;
              break;
            case HUBER:
            case "smooth":
              s = scale * scale * (Math.sqrt(1 + r * r / (scale * scale)) - 1);
              break;
            default:
              s = Math.abs(r) * scale + r * 0.25 * switch (kind) { case "zero" -> 0.0; default -> r; };
          }
          return s;
        }
      }
      """;

  @Test
  void everyKindMatchesFiniteDifferencesForEveryCase() throws Exception {
    Compilation c = expectClean("p.Models", SOURCE);
    ClassLoader loader = classes(c);
    Class<?> models = loader.loadClass("p.Models");
    Class<?> companion = loader.loadClass("p.ModelsDerivatives");
    Class<?> link = loader.loadClass("p.Models$Link");
    for (Object value : link.getEnumConstants()) {
      check(models, companion, "linked", link, value, new double[] {0.4, 0.7});
      check(models, companion, "linked", link, value, new double[] {-0.3, 1.2});
    }
    for (String kind : new String[] {"squared", "huber", "smooth", "zero", "other"}) {
      check(models, companion, "loss", String.class, kind, new double[] {0.8, 1.3});
      check(models, companion, "loss", String.class, kind, new double[] {-0.6, 0.9});
    }
  }

  private static void check(
      Class<?> models, Class<?> companion, String name, Class<?> dataType, Object data, double[] at)
      throws Exception {
    String where = name + "(" + Arrays.toString(at) + ", " + data + ")";
    Method f = models.getMethod(name, double.class, double.class, dataType);
    Method gradient = find(companion, name + "Gradient", 4);
    Method derivative = find(companion, name + "Derivative", 4);
    Method hessianVector = find(companion, name + "HessianVector", 6);
    Method hessian = find(companion, name + "Hessian", 3);
    double h = 1e-5;
    double[] grad = new double[2];
    double value = (double) gradient.invoke(null, at[0], at[1], data, grad);
    assertEquals((double) f.invoke(null, at[0], at[1], data), value, 0.0, where);
    double[] v = {0.6, -0.8};
    for (int i = 0; i < 2; i++) {
      double[] plus = at.clone();
      double[] minus = at.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd =
          ((double) f.invoke(null, plus[0], plus[1], data)
                  - (double) f.invoke(null, minus[0], minus[1], data))
              / (2 * h);
      assertClose(fd, grad[i], where + ": gradient " + i);
    }
    double dir = (double) derivative.invoke(null, at[0], at[1], data, v);
    assertClose(grad[0] * v[0] + grad[1] * v[1], dir, where + ": directional derivative");
    double[] hv = new double[2];
    hessianVector.invoke(null, at[0], at[1], data, v, new double[2], hv);
    double[] gPlus = new double[2];
    double[] gMinus = new double[2];
    gradient.invoke(null, at[0] + h * v[0], at[1] + h * v[1], data, gPlus);
    gradient.invoke(null, at[0] - h * v[0], at[1] - h * v[1], data, gMinus);
    double[][] hess = (double[][]) hessian.invoke(null, at[0], at[1], data);
    for (int i = 0; i < 2; i++) {
      assertClose((gPlus[i] - gMinus[i]) / (2 * h), hv[i], where + ": Hessian-vector " + i);
      assertClose(hess[i][0] * v[0] + hess[i][1] * v[1], hv[i], where + ": Hessian row " + i);
    }
  }

  private static void assertClose(double expected, double actual, String where) {
    assertTrue(
        Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected)),
        where + ": expected " + expected + " but got " + actual);
  }

  private static Method find(Class<?> c, String name, int arity) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + arity + " parameters");
  }
}
