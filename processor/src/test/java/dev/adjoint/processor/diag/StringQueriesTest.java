package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.classes;
import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Questions asked of {@code String} data, as model code selects a link or a loss by name: {@code
 * s.equals("sq")}, {@code "sq".equals(s)}, {@code s.isEmpty()}, {@code s.length()} and {@code
 * Objects.equals(a, b)}, on a parameter, a local naming it, a constant, a private final field, a
 * final field and a static field that is not final; refused (ADJ081, ADJ080) on main at 48031bd.
 * Every generated kind is checked against finite differences of the original for strings that
 * take every branch.
 */
class StringQueriesTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.Differentiable;
      import java.util.Objects;
      public class Models {
        static final String SQUARED = "squared";
        private static final String CUBE = "cube";
        static String fallback = "abs";
        private final String link;
        final String loss;

        public Models(String link, String loss) {
          this.link = link;
          this.loss = loss;
        }

        @Differentiable
        public static double select(double x, double y, String kind) {
          String k = kind;
          double s;
          if (kind.equals(SQUARED)) {
            s = x * x * y;
          } else if ("log".equals(k)) {
            s = Math.log(x * x + y * y);
          } else if (Objects.equals(kind, CUBE)) {
            s = x * x * x + y;
          } else if (k.isEmpty()) {
            s = Math.sin(x) * y;
          } else {
            s = kind.length() * x * y + (fallback.equals(kind) ? Math.abs(y) : y * y);
          }
          return s + (kind.length() > 3 ? x : y) + ("abc".length() + SQUARED.length()) * x;
        }

        @Differentiable
        public double predict(double x, double y) {
          double eta = x * y + 0.5 * x;
          double mu =
              link.equals("log") ? Math.exp(eta) : Objects.equals("logit", link) ? 1 / (1 + Math.exp(-eta)) : eta;
          double r = mu - y;
          if (loss.isEmpty() || loss.equals(SQUARED)) {
            return r * r;
          }
          return loss.length() * Math.abs(r) + x * link.length();
        }
      }
      """;

  @Test
  void everyKindMatchesFiniteDifferencesOnEveryBranch() throws Exception {
    Compilation c = expectClean("p.Models", SOURCE);
    ClassLoader loader = classes(c);
    Class<?> models = loader.loadClass("p.Models");
    Class<?> companion = loader.loadClass("p.ModelsDerivatives");
    for (String kind : new String[] {"squared", "log", "cube", "", "abs", "other"}) {
      for (double[] at : new double[][] {{0.8, 1.3}, {-0.6, 0.9}}) {
        check(models, companion, "select", null, List.of(kind), at);
      }
    }
    var make = models.getConstructor(String.class, String.class);
    for (String link : new String[] {"log", "logit", "identity"}) {
      for (String loss : new String[] {"", "squared", "abs"}) {
        Object model = make.newInstance(link, loss);
        for (double[] at : new double[][] {{0.8, 1.3}, {-0.6, 0.4}}) {
          check(models, companion, "predict", model, List.of(), at);
        }
      }
    }
  }

  /**
   * Checks {@code name(x, y, data...)}, called on {@code self} (null for a static method), whose
   * generated kinds take {@code self} first.
   */
  private static void check(
      Class<?> models, Class<?> companion, String name, Object self, List<Object> data, double[] at)
      throws Exception {
    String where = name + "(" + Arrays.toString(at) + ", " + data + ") on " + self;
    Method f = find(models, name, 2 + data.size());
    int lead = self == null ? 0 : 1;
    int arity = lead + 2 + data.size();
    Method gradient = find(companion, name + "Gradient", arity + 1);
    Method derivative = find(companion, name + "Derivative", arity + 1);
    Method hessianVector = find(companion, name + "HessianVector", arity + 3);
    Method hessian = find(companion, name + "Hessian", arity);
    double h = 1e-5;
    double[] grad = new double[2];
    double value = (double) gradient.invoke(null, args(self, at, data, grad));
    assertEquals((double) f.invoke(self, args(null, at, data)), value, 0.0, where);
    double[] v = {0.6, -0.8};
    for (int i = 0; i < 2; i++) {
      double[] plus = at.clone();
      double[] minus = at.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd =
          ((double) f.invoke(self, args(null, plus, data))
                  - (double) f.invoke(self, args(null, minus, data)))
              / (2 * h);
      assertClose(fd, grad[i], where + ": gradient " + i);
    }
    double dir = (double) derivative.invoke(null, args(self, at, data, v));
    assertClose(grad[0] * v[0] + grad[1] * v[1], dir, where + ": directional derivative");
    double[] hv = new double[2];
    hessianVector.invoke(null, args(self, at, data, v, new double[2], hv));
    double[] gPlus = new double[2];
    double[] gMinus = new double[2];
    gradient.invoke(null, args(self, new double[] {at[0] + h * v[0], at[1] + h * v[1]}, data, gPlus));
    gradient.invoke(null, args(self, new double[] {at[0] - h * v[0], at[1] - h * v[1]}, data, gMinus));
    double[][] hess = (double[][]) hessian.invoke(null, args(self, at, data));
    for (int i = 0; i < 2; i++) {
      assertClose((gPlus[i] - gMinus[i]) / (2 * h), hv[i], where + ": Hessian-vector " + i);
      assertClose(hess[i][0] * v[0] + hess[i][1] * v[1], hv[i], where + ": Hessian row " + i);
    }
  }

  /** {@code self} (if not null), the point's coordinates, the data, then {@code rest}. */
  private static Object[] args(Object self, double[] at, List<Object> data, Object... rest) {
    List<Object> out = new ArrayList<>();
    if (self != null) {
      out.add(self);
    }
    out.add(at[0]);
    out.add(at[1]);
    out.addAll(data);
    out.addAll(Arrays.asList(rest));
    return out.toArray();
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
