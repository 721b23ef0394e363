package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mHessianEdges} on the cases edge pushing is easy to get wrong (design19-research.md,
 * "Risks and pitfalls"), each run into the pattern of the method's own {@code mHessianSparse} and
 * compared with the dense {@code mHessian} (to rounding) and {@code mGradient}: keys equal only at
 * run time ({@code x[i] * x[j]} with i == j, products with repeated indices), a statement reading
 * what it writes ({@code v = v * y}), a local reused in every iteration of a loop, local arrays
 * (made once and made in a loop), loops on values, {@code break}, early returns, {@code ?:} on
 * elements, {@code pow(x, x)}, {@code atan2(x, x)}, and a partial that is infinite where its
 * weight is zero ({@code sqrt} at 0).
 */
class HessianEdgesTargetedTest {
  private static final String SOURCE =
      """
      package edges;

      import dev.adjoint.Differentiable;

      public final class Cases {
        private Cases() {}

        @Differentiable
        static double square(double x) {
          return x * x;
        }

        @Differentiable(wrt = "x")
        static double pair(double[] x, int i, int j) {
          return x[i] * x[j] + x[i] * x[i] * x[j];
        }

        @Differentiable(wrt = "x")
        static double productOfIndexed(double[] x, int[] idx) {
          double p = 1;
          for (int k = 0; k < idx.length; k++) {
            p *= x[idx[k]];
          }
          return p + x[idx[0]] * x[idx[1]] * x[idx[2]];
        }

        @Differentiable
        static double selfUpdate(double v, double y) {
          v = v * y;
          v = v * v + Math.sin(v * y);
          return v;
        }

        @Differentiable(wrt = "x")
        static double reusedLocal(double[] x) {
          int n = x.length;
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = x[i] * x[(i + 1) % n];
            t = t * t - x[i];
            s += Math.exp(0.1 * t);
          }
          return s * s;
        }

        @Differentiable(wrt = "x")
        static double localArrays(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * x[i];
          }
          for (int i = 1; i < n; i++) {
            a[i] = a[i] * a[i - 1] + Math.sin(a[i]);
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            double[] b = new double[2];
            b[0] = a[i];
            b[1] = b[0] * x[(i + 2) % n];
            s += b[0] * b[1];
          }
          return s;
        }

        @Differentiable
        static double whileOnValue(double x) {
          double y = x;
          int steps = 0;
          while (y < 8 && steps < 50) {
            y = y * x + 0.5;
            steps++;
          }
          return y * Math.log(x);
        }

        @Differentiable(wrt = "x")
        static double breakOnValue(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i] * x[(i + 1) % x.length];
            if (s > 1.5) {
              break;
            }
          }
          return s * s;
        }

        @Differentiable(wrt = "x")
        static double earlyReturn(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * s + x[i];
            if (s > 2) {
              return s * x[0];
            }
          }
          return -s * s;
        }

        @Differentiable(wrt = "x")
        static double conditionalElements(double[] x, int order) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += i > 0 ? x[i - 1] * x[i] : x[i] * x[i] * x[i];
            s += order == 1 ? Math.abs(x[i]) * x[0] : x[i] * x[i];
            s += x[i] > 0 ? x[i] * x[i] : -x[i] * s;
          }
          return s;
        }

        @Differentiable
        static double powAndAtan2(double x, double y) {
          return Math.pow(x, x) + Math.atan2(x, x) + Math.atan2(y, x) * Math.hypot(x, y)
              + Math.pow(y, 3) + Math.pow(2, x * y);
        }

        @Differentiable(wrt = "x")
        static double sqrtWithZeroWeight(double[] x, double w) {
          double s = Math.sqrt(x[0]);
          double t = w * s + x[1] * x[1];
          return t + w * Math.sqrt(x[0] * x[1]);
        }

        @Differentiable
        static double writtenParameter(double a, double b) {
          if (a > 0) {
            a = a * b;
          }
          b = Math.exp(a) - b;
          return a * b;
        }

        @Differentiable(wrt = "x")
        static double accumulatedElements(double[] x) {
          double[] a = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            a[i] += x[i];
            a[(i + 1) % x.length] += x[i] * x[i];
            a[i] *= x[(i + 2) % x.length];
          }
          double s = 0;
          for (double v : a) {
            s += v * v;
          }
          return s;
        }

        @Differentiable
        static double localMatrix(double x) {
          double[][] m = new double[2][2];
          m[0][1] = x * x;
          return m[0][1] * x;
        }

        // Refused (no mHessianEdges, the other kinds made): each a reason of EdgeTaping.Refusal.

        @Differentiable
        static double loopHeaderWritesValue(double x) {
          double s = 0;
          for (double t = x; t < 4; t = t * 2 + 1) {
            s += t * t;
          }
          return s;
        }

        @Differentiable
        static double callsDifferentiable(double x) {
          return square(x) * x;
        }

        @Differentiable
        static double[] vectorValued(double x) {
          double[] out = new double[2];
          out[0] = x * x;
          out[1] = x;
          return out;
        }
      }
      """;

  /** The methods of {@link #SOURCE} that must have no {@code mHessianEdges}. */
  private static final java.util.List<String> REFUSED =
      java.util.List.of(
          "loopHeaderWritesValue", "vectorValued");

  private static Class<?> cases;
  private static Class<?> companion;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("edges.Cases", SOURCE));
    assertThat(compilation).succeeded();
    ClassLoader loader = DiagnosticSources.classes(compilation);
    cases = loader.loadClass("edges.Cases");
    companion = loader.loadClass("edges.CasesDerivatives");
  }

  @Test
  void square() throws Exception {
    check("square", 3.0);
    check("square", -0.5);
  }

  @Test
  void productOfTwoElementsWhoseIndicesMeetAtRunTime() throws Exception {
    double[] x = {0.7, -1.3, 2.1};
    check("pair", x, 1, 1);
    check("pair", x, 0, 2);
    check("pair", x, 2, 0);
  }

  @Test
  void productsWithRepeatedIndices() throws Exception {
    double[] x = {0.7, -1.3, 2.1, 1.1};
    check("productOfIndexed", x, new int[] {1, 1, 1});
    check("productOfIndexed", x, new int[] {0, 2, 0, 3, 2});
    check("productOfIndexed", x, new int[] {3, 3, 1, 3});
  }

  @Test
  void statementsReadingWhatTheyWrite() throws Exception {
    check("selfUpdate", 0.8, -1.2);
    check("writtenParameter", 0.6, 1.4);
    check("writtenParameter", -0.6, 1.4);
  }

  @Test
  void localsReusedInLoopsAndLocalArrays() throws Exception {
    check("reusedLocal", new double[] {0.5, -1.0, 1.5, 0.25});
    check("localArrays", new double[] {0.5, -1.0, 1.5, 0.25, 0.9});
    check("accumulatedElements", new double[] {0.5, -1.0, 1.5});
    check("localMatrix", 0.7);
  }

  @Test
  void loopsAndExitsOnValues() throws Exception {
    check("whileOnValue", 1.7);
    check("whileOnValue", 9.0);
    check("breakOnValue", new double[] {0.3, 0.9, 1.2, 0.4});
    check("breakOnValue", new double[] {0.1, 0.2, 0.1});
    check("earlyReturn", new double[] {0.5, 1.5, 0.2});
    check("earlyReturn", new double[] {0.1, 0.1, -0.3});
  }

  @Test
  void conditionalsOnElements() throws Exception {
    check("conditionalElements", new double[] {0.5, -1.0, 1.5}, 1);
    check("conditionalElements", new double[] {0.5, -1.0, 1.5}, 2);
  }

  @Test
  void powAndAtan2OfOneVariableTwice() throws Exception {
    check("powAndAtan2", 1.3, 0.4);
    check("powAndAtan2", 0.6, -2.0);
  }

  @Test
  void anInfinitePartialWithAZeroWeightAddsNothing() throws Exception {
    double[][] h = check("sqrtWithZeroWeight", new double[] {0.0, 1.5}, 0.0);
    assertEquals(0.0, h[0][0], "the zero weight of sqrt(x[0]) at 0");
    check("sqrtWithZeroWeight", new double[] {0.4, 1.5}, 2.0);
  }

  /**
   * The edge route of {@code name} at {@code args} against the dense Hessian and the gradient;
   * returns the dense Hessian.
   */
  private static double[][] check(String name, Object... args) throws Exception {
    return new EdgeRouteCheck(cases, companion).check(name, args);
  }

  private static Method find(Class<?> owner, String name, int parameters) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && (parameters < 0 || m.getParameterCount() == parameters)) {
        m.setAccessible(true);
        return m;
      }
    }
    fail(owner.getSimpleName() + " has no " + name + " of " + parameters + " parameters");
    return null;
  }

  @Test
  void everyCaseButTheRefusedHasTheKind() throws Exception {
    int made = 0;
    for (Method m : cases.getDeclaredMethods()) {
      boolean has =
          Arrays.stream(companion.getDeclaredMethods())
              .anyMatch(g -> g.getName().equals(m.getName() + "HessianEdges"));
      assertEquals(!REFUSED.contains(m.getName()), has, m.getName() + " has mHessianEdges");
      made += has ? 1 : 0;
      // Refused or not, the method keeps its other kinds: its sparse Hessian by colouring.
      if (m.getReturnType() == double.class) {
        assertNotNull(find(companion, m.getName() + "HessianSparse", m.getParameterCount()));
      }
    }
    assertEquals(16, made);
  }
}
