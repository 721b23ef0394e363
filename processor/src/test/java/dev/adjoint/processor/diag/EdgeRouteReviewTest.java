package dev.adjoint.processor.diag;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.HessianRoute;
import dev.adjoint.catalogue.SparseKindsCheck;
import dev.adjoint.runtime.SparseHessian;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review R11 of issue 19: the edge-pushing route of the sparse Hessian (forced with {@code
 * useRoute} or {@code @Differentiable(hessian = EDGE_PUSHING)}) against the dense {@code mHessian}
 * and {@code mGradient} at several points, on what the key scheme and the live-variable argument
 * could get wrong: locals carried across iterations, locals of one name in two scopes, generated
 * names clashing with the method's, local arrays made per iteration, compound writes, nested and
 * split {@code ?:}, short-circuit conditions, {@code continue}, switch, early returns, written
 * parameters (differentiated or not), wrt subsets, instance fields, constant right-hand sides,
 * equal keys at run time, data calls guarded by {@code ?:}, long and hashed edge rows (dense
 * blocks, band columns, churned keys), and a refill after a throw with the route switched. Two
 * matrices of each method are refilled alternately, each refill checked, the make-time values too.
 */
class EdgeRouteReviewTest {
  private static final String SOURCE =
      """
      package probe;

      import dev.adjoint.Differentiable;

      public final class P {
        private double w = 1.5;
        private double cache;

        @Differentiable(wrt = "x")
        static double carried(double[] x) {
          double prev = 0;
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += prev * x[i];
            prev = x[i] * x[i];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double sameNameTwoScopes(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double t = x[i] * x[i];
            s += t * x[0];
          }
          for (int i = 0; i < x.length; i++) {
            double t = Math.sin(x[i]);
            s += t * s;
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double namesClash(double[] x) {
          double sKey = 0;
          double value = 1;
          int valueKey = 0;
          for (int i = 0; i < x.length; i++) {
            sKey += x[i] * value;
            value = sKey * x[i];
          }
          return sKey * value + valueKey;
        }

        @Differentiable(wrt = "x")
        static double arrayInLoopReassigned(double[] x) {
          double s = 0;
          for (int k = 0; k < 3; k++) {
            double[] a = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              a[i] = x[i] * (k + 1) + a[(i + x.length - 1) % x.length] * x[i];
            }
            s += a[x.length - 1] * a[0];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double compound(double[] x) {
          double[] a = new double[x.length];
          double p = 1;
          for (int i = 0; i < x.length; i++) {
            a[i] = 2;
            a[i] *= x[i];
            a[i] /= (1 + x[(i + 1) % x.length] * x[(i + 1) % x.length]);
            a[i] -= x[i] * a[i];
            p *= a[i] + 1;
            p /= (2 + x[i] * x[i]);
            p -= x[i];
          }
          return p;
        }

        @Differentiable(wrt = "x")
        static double postIncrement(double[] x) {
          int i = 0;
          double s = 0;
          while (i + 1 < x.length) {
            double u = x[i++];
            s += u * x[i];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double nestedConditional(double[] x, int k) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] > 0 ? (k > i ? x[i] * x[(i + 1) % x.length] : x[(i + 2) % x.length] * x[i]) : x[0] * x[i] * s;
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double shortCircuit(double[] x) {
          double s = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            if (x[i] > 0 && x[i + 1] * x[i] < 1 || x[i] < -1) {
              s += x[i] * x[i + 1];
            } else {
              continue;
            }
            s *= x[i];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double switched(double[] x, int mode) {
          double s = 0;
          switch (mode) {
            case 0:
              s = x[0] * x[1];
              break;
            case 1:
              s = Math.exp(x[1] * x[2]);
              break;
            default:
              s = x[2] * x[2] * x[0];
          }
          return s * x[1];
        }

        @Differentiable(wrt = "x")
        static double powInt(double[] x, int k) {
          return Math.pow(x[0], k) + Math.pow(x[1] * x[0], 2) + Math.pow(x[2], 3);
        }

        @Differentiable(wrt = "x")
        static double absMinMax(double[] x) {
          return Math.abs(x[0] * x[1]) * Math.min(x[1], x[2] * x[0]) + Math.max(x[0] * x[0], x[2]) * x[1];
        }

        @Differentiable(wrt = "x")
        static double intDivIndices(double[] x) {
          double s = 0;
          for (int i = 0; i < 2 * x.length; i++) {
            s += x[i / 2] * x[i % x.length] * x[(i / 3) % x.length];
          }
          return s;
        }

        @Differentiable(wrt = {"a", "x"})
        static double subset(double a, double b, double[] x) {
          double t = a * b * x[0];
          b = b * a;
          return t * x[1] + b * b + a;
        }

        @Differentiable
        double instanceFields(double[] x) {
          double c = x[0] * x[1];
          double s = c * w;
          c = c * x[2] * cache;
          return s * c + w * x[0];
        }

        @Differentiable(wrt = "x")
        static double constantRhs(double[] x) {
          double s = x[0] * x[1];
          s = 3.0;
          double t = x[2] * s;
          t = 2;
          t += x[0] * x[2];
          return t * s;
        }

        @Differentiable(wrt = "x")
        static double triple(double[] x, int i, int j, int k) {
          return x[i] * x[j] * x[k] + Math.sin(x[i] * x[j]) * x[k];
        }

        @Differentiable(wrt = "x")
        static double mayThrow(double[] x, int[] idx) {
          double s = 0;
          for (int k = 0; k < idx.length; k++) {
            double t = x[k % x.length] * x[(k + 1) % x.length];
            if (t > 10) {
              throw new IllegalArgumentException("big");
            }
            s += t * x[idx[k]];
          }
          return s;
        }

        @Differentiable(wrt = "x")
        static double earlyReturnInLoop(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double t = x[i] * s + x[i];
            if (t > 1) {
              return t * x[0];
            }
            s = t * t;
          }
          return s;
        }

        @Differentiable
        static double writtenScalar(double a, double b) {
          double c = a;
          a = a * a;
          a = a * b + c;
          b = a * b;
          return a * b + c;
        }

        @Differentiable(wrt = "x")
        static double returnsElement(double[] x, int k) {
          if (k > 0) {
            return x[k];
          }
          double[] a = new double[2];
          a[1] = x[0] * x[1];
          return a[1];
        }

        @Differentiable(wrt = "x")
        static double zeroElementRead(double[] x) {
          double[] a = new double[x.length];
          a[0] = x[0] * x[1];
          return a[1] * x[0] + a[0] * a[0] + a[2] * a[1];
        }

        @Differentiable(wrt = "x")
        static double whileOnValue(double[] x) {
          double y = x[0];
          int n = 0;
          while (y * y < 10 && n < 20) {
            y = y * x[1] + x[2];
            n++;
          }
          return y * x[0];
        }

      }
      """;

  private static final String SOURCE2 =
      """
      package probe2;

      import dev.adjoint.Differentiable;
      import dev.adjoint.HessianRoute;

      public final class Q {
        private final double w;

        public Q(double w) {
          this.w = w;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double math(double[] x) {
          return Math.tanh(x[0] * x[1]) + Math.log1p(x[2] * x[2]) * Math.expm1(x[0]) + Math.cbrt(x[1] + 3)
              * Math.atan(x[2] * x[0]) + Math.sinh(x[1]) * Math.cosh(x[2]) + Math.log10(2 + x[0] * x[1])
              + Math.asin(0.3 * x[2]) * Math.acos(0.2 * x[1]) + Math.tan(x[0]) / (2 + x[2] * x[2])
              + Math.hypot(x[0], x[1] * x[2]) + Math.exp(x[2]) * Math.sqrt(4 + x[0] * x[1]);
        }

        @Differentiable(wrt = {"x", "a", "y"}, hessian = HessianRoute.EDGE_PUSHING)
        static double layout(double[] x, double a, double[] y) {
          double s = a * a;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i % y.length] * a;
          }
          a = s * y[0];
          return a * x[x.length - 1] + s;
        }

        @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
        double instance(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += w * x[i] * x[(i + 1) % x.length];
          }
          return s * w;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double switchExpr(double[] x, int mode) {
          double t = switch (mode) {
            case 0 -> x[0] * x[1];
            case 1 -> Math.exp(x[1] * x[2]);
            default -> x[2] * x[2];
          };
          return t * x[0];
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double conditionalInit(double[] x) {
          double t = x[0] > 0 ? x[1] * x[2] : x[2] * x[0];
          double u = t > 0.1 ? t * x[1] : (t < -0.5 ? t * t : x[0]);
          return t * u;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double strided(double[] x) {
          int n = x.length;
          double s = 0;
          for (int i = 0; 2 * i < n; i++) {
            s += x[0] * x[2 * i] * x[1] + Math.sin(x[3] * x[(5 * i + 3) % n]);
          }
          for (int i = 0; i < n; i++) {
            double t = x[i] * x[(i * 7 + 1) % n];
            s += t * t * x[(i * 13 + 2) % n];
          }
          return s;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double wideLocals(double[] x) {
          int n = x.length;
          double[] a = new double[n];
          double hub = 0;
          for (int i = 0; i < n; i++) {
            hub += x[i] * x[(i + 1) % n];
          }
          for (int i = 0; i < n; i++) {
            a[i] = hub * x[i];
          }
          double s = 0;
          for (int k = 0; k < 4; k++) {
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
              b[i] = a[i] * a[(i + k) % n] + b[(i + n - 1) % n] * 0.1;
            }
            s += b[n - 1] * b[k] + hub * b[(k * 11) % n];
          }
          return s;
        }

        @Differentiable(wrt = {"x", "value"}, hessian = HessianRoute.EDGE_PUSHING)
        static double clash(double[] x, double edges, double value) {
          double valueKey = value * x[0];
          value = value * valueKey + edges;
          double[] h = new double[2];
          h[0] = value * x[1];
          int hKey = 3;
          return h[0] * edges * value + x[2] * hKey;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double clash2(double[] x) {
          double edges = x[0] * x[1];
          double grad = edges * x[2];
          return edges * grad;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double churn(double[] x, int[] idx) {
          int n = x.length;
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = x[i] * x[idx[i]];
          }
          double s = 0;
          for (int r = 0; r < 4; r++) {
            double t = 0;
            for (int i = 0; i < n; i++) {
              t += a[i] * a[idx[(i + r) % n]];
            }
            double u = 0;
            for (int i = 0; i < n; i += 2) {
              u += t * a[i] + x[idx[i]] * a[(i + 1) % n];
            }
            for (int i = 0; i < n; i++) {
              a[idx[i]] = a[idx[i]] * 0.5 + a[i] * t * 0.01 + x[(i + r) % n] * u * 0.01;
            }
            s += t * u;
          }
          for (int i = 0; i < n; i++) {
            s += a[i] * a[idx[i]];
          }
          return s;
        }

        static int weight(int[] d, int i) {
          return d[i] * 2;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double guardedDataCall(double[] x, int[] d) {
          int n = x.length;
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += i + 1 < d.length ? x[i] * x[(i + 1) % n] * weight(d, i + 1) : x[i] * s;
            if (x[i] > 0.5 && weight(d, i % d.length) > 0) {
              s *= x[i] * weight(d, i % d.length);
            }
          }
          double t = s > 1 ? s * weight(d, 0) : (n > 100 ? weight(d, 200) * s : s * s);
          return t * s;
        }

        @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
        static double constantOnOnePath(double a, double b) {
          if (a > 1) {
            return 2.0;
          }
          if (b > 1) {
            return a;
          }
          double c = a * b;
          a = c * a;
          if (a > 0.5) {
            return b;
          }
          return a * b;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double dataParamWritten(double[] x, double c) {
          double s = c * x[0];
          c = 3.0;
          s += c * x[1] * x[0];
          c = s * x[2];
          s += c * c;
          c = 1.5;
          return s * c;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double band(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = Math.max(0, i - 3); j <= i; j++) {
              s += Math.sin(x[i] * x[j]) * (1 + 0.01 * i);
            }
          }
          return s;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double arrow(double[] x) {
          double s = 0;
          double t = 0;
          for (int i = 1; i < x.length; i++) {
            t += x[i] * x[0];
            s += Math.cos(x[i] * x[0]) + x[i] * x[i - 1] * t;
          }
          return s * t;
        }

        @Differentiable(wrt = "x", hessian = HessianRoute.EDGE_PUSHING)
        static double denseLocals(double[] x) {
          int n = x.length;
          double s = 0;
          for (int k = 0; k < 3; k++) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
              a[i] = x[i] * x[(i + k + 1) % n] + (i > 0 ? a[i - 1] * 0.5 : 0);
            }
            double m = 0;
            for (int i = 0; i < n; i++) {
              m += a[i] * a[(i * 7 + k) % n];
            }
            s += m * a[k];
          }
          return s;
        }
      }
      """;

  private static Class<?> cases;
  private static Class<?> companion;
  private static Class<?> cases2;
  private static Class<?> companion2;
  private static final List<String> noRoute = new ArrayList<>();

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation = DiagnosticSources.compile(DiagnosticSources.source("probe.P", SOURCE));
    assertThat(compilation).succeeded();
    ClassLoader loader = DiagnosticSources.classes(compilation);
    cases = loader.loadClass("probe.P");
    companion = loader.loadClass("probe.PDerivatives");
    Compilation c2 = DiagnosticSources.compile(DiagnosticSources.source("probe2.Q", SOURCE2));
    assertThat(c2).succeeded();
    ClassLoader l2 = DiagnosticSources.classes(c2);
    cases2 = l2.loadClass("probe2.Q");
    companion2 = l2.loadClass("probe2.QDerivatives");
  }

  static final double[] X6 = {0.3, 0.8, -0.6, 0.5, 0.1, -0.2};
  static final double[] Y6 = {-0.9, 0.2, 0.7, -0.4, 0.6, 0.35};

  @Test void q() throws Exception {
    StringBuilder failures = new StringBuilder();
    Object[][] calls = {
      {"math", a(X3), a(Y3)},
      {"layout", new Object[] {X3, 0.7, new double[] {0.2, -0.5}}, new Object[] {Y3, -1.1, new double[] {0.9, 0.4}}},
      {"switchExpr", a(X3, 0), a(Y3, 0)},
      {"switchExpr", a(X3, 1), a(Y3, 1)},
      {"switchExpr", a(X3, 2), a(Y3, 2)},
      {"conditionalInit", a(X3), a(Y3), a(new double[] {-0.5, 0.3, 0.9}), a(new double[] {0.5, 2, 0.9})},
      {"band", a(X6), a(Y6)},
      {"constantOnOnePath", new Object[] {0.5, 0.4}, new Object[] {1.5, 0.4}, new Object[] {0.5, 1.4}, new Object[] {0.9, 0.9}, new Object[] {-0.9, 0.7}},
      {"dataParamWritten", a(X3, 0.7), a(Y3, -1.1)},
      {"guardedDataCall", a(X6, new int[] {1, 2, 3}), a(Y6, new int[] {1, 2, 3})},
      {"guardedDataCall", a(X3, new int[] {3, 2, 1}), a(Y3, new int[] {3, 2, 1})},
      {"guardedDataCall", a(big(9, 21), new int[] {3, 2, 1, 0, 5}), a(big(9, 22), new int[] {3, 2, 1, 0, 5})},
      {"churn", a(big(40, 11), perm(40, 1)), a(big(40, 12), perm(40, 1))},
      {"churn", a(big(97, 13), perm(97, 2)), a(big(97, 14), perm(97, 2))},
      {"churn", a(big(64, 15), randomIdx(64, 3)), a(big(64, 16), randomIdx(64, 3))},
      {"clash", new Object[] {X3, 0.7, 1.2}, new Object[] {Y3, -0.3, 0.4}},
      {"clash2", a(X3), a(Y3)},
      {"band", a(big(90, 1)), a(big(90, 2))},
      {"arrow", a(big(90, 3)), a(big(90, 4))},
      {"strided", a(big(100, 5)), a(big(100, 6))},
      {"wideLocals", a(big(70, 7)), a(big(70, 8))},
      {"denseLocals", a(big(50, 9)), a(big(50, 10))},
      {"arrow", a(X6), a(Y6)},
      {"denseLocals", a(X6), a(Y6)},
    };
    for (Object[] call : calls) {
      Object[][] points = new Object[call.length - 1][];
      for (int i = 1; i < call.length; i++) {
        points[i - 1] = (Object[]) call[i];
      }
      try {
        checkIn(cases2, companion2, null, (String) call[0], points);
      } catch (Throwable e) {
        failures.append(call[0]).append(": ").append(e).append(e.getCause() == null ? "" : " cause " + e.getCause()).append('\n');
        Throwable c = e.getCause() != null ? e.getCause() : e;
        for (StackTraceElement el : c.getStackTrace()) {
          failures.append("    at ").append(el).append('\n');
          if (el.getClassName().startsWith("dev.adjoint.processor")) {
            break;
          }
        }
      }
    }
    try {
      Object o = cases2.getConstructor(double.class).newInstance(1.7);
      checkIn(cases2, companion2, o, "instance", new Object[] {X6}, new Object[] {Y6});
    } catch (Throwable e) {
      failures.append("instance: ").append(e).append('\n');
    }
    if (failures.length() > 0) {
      throw new AssertionError(failures.toString());
    }
  }

  static final double[] X3 = {0.7, -1.3, 0.4};
  static final double[] Y3 = {-0.2, 0.9, 1.1};
  static final double[] X4 = {0.3, 0.8, -0.6, 0.5};
  static final double[] Y4 = {-0.9, 0.2, 0.7, -0.4};

  @Test void carried() throws Exception { check("carried", a(X4), a(Y4)); }
  @Test void sameNameTwoScopes() throws Exception { check("sameNameTwoScopes", a(X4), a(Y4)); }
  @Test void namesClash() throws Exception { check("namesClash", a(X4), a(Y4)); }
  @Test void arrayInLoopReassigned() throws Exception { check("arrayInLoopReassigned", a(X4), a(Y4)); }
  @Test void compound() throws Exception { check("compound", a(X4), a(Y4)); }
  @Test void postIncrement() throws Exception { check("postIncrement", a(X4), a(Y4)); }
  @Test void nestedConditional() throws Exception {
    check("nestedConditional", a(X4, 2), a(Y4, 2), a(new double[] {0.5, 0.6, 0.7, 0.8}, 2));
  }
  @Test void shortCircuit() throws Exception {
    check("shortCircuit", a(X4), a(Y4), a(new double[] {0.5, 0.6, 0.7, 0.8}), a(new double[] {-1.5, 0.6, -1.7, 0.8}));
  }
  @Test void switched() throws Exception {
    check("switched", a(X3, 0), a(Y3, 0));
    check("switched", a(X3, 1), a(Y3, 1));
    check("switched", a(X3, 2), a(Y3, 2));
  }
  @Test void powInt() throws Exception {
    check("powInt", a(X3, 1), a(Y3, 1), a(new double[] {0, 0, 0}, 1));
    check("powInt", a(X3, 2), a(new double[] {0, 1, 0}, 2));
    check("powInt", a(X3, 0), a(new double[] {0, 1, 0}, 0));
    check("powInt", a(X3, -1), a(Y3, -1));
  }
  @Test void absMinMax() throws Exception { check("absMinMax", a(X3), a(Y3)); }
  @Test void intDivIndices() throws Exception { check("intDivIndices", a(X4), a(Y4)); }
  @Test void subset() throws Exception { check("subset", new Object[] {0.7, 1.3, X3}, new Object[] {-0.4, 2.0, Y3}); }
  @Test void constantRhs() throws Exception { check("constantRhs", a(X3), a(Y3)); }
  @Test void triple() throws Exception {
    check("triple", a(X3, 1, 1, 1), a(Y3, 1, 1, 1));
    check("triple", a(X3, 0, 2, 0), a(Y3, 0, 2, 0));
  }
  @Test void mayThrow() throws Exception {
    check("mayThrow", a(X3, new int[] {0, 1, 2}), a(Y3, new int[] {0, 1, 2}));
  }
  @Test void refillAfterThrowAndRouteSwitching() throws Exception {
    Method make = find(companion, "mayThrowHessianSparse", 2);
    Method refill = find(companion, "mayThrowHessianSparse", 4);
    Method dense = find(companion, "mayThrowHessian", 2);
    int[] idx = {0, 1, 2, 0, 1};
    SparseHessian h = (SparseHessian) make.invoke(null, X3.clone(), idx);
    h.useRoute(HessianRoute.EDGE_PUSHING);
    double[] bad = {4.0, 5.0, 0.1};
    for (int round = 0; round < 6; round++) {
      try {
        refill.invoke(null, bad, idx, new double[3], h);
        throw new AssertionError("no throw");
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) {
          throw new AssertionError("other throw", e.getCause());
        }
      }
      double[] p = round % 2 == 0 ? Y3.clone() : X3.clone();
      double[] g = new double[3];
      refill.invoke(null, p, idx, g, h);
      SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, p, idx), h, "after throw, round " + round);
      h.useRoute(round % 3 == 0 ? HessianRoute.COLORING : HessianRoute.EDGE_PUSHING);
      refill.invoke(null, p, idx, g, h);
      SparseKindsCheck.sameEntries((double[][]) dense.invoke(null, p, idx), h, "switched, round " + round);
    }
  }

  @Test void earlyReturnInLoop() throws Exception {
    check("earlyReturnInLoop", a(X3), a(Y3), a(new double[] {0.1, 0.2, 0.3}));
  }
  @Test void writtenScalar() throws Exception { check("writtenScalar", new Object[] {0.7, 1.3}, new Object[] {-0.4, 2.0}); }
  @Test void returnsElement() throws Exception {
    check("returnsElement", a(X3, 1), a(Y3, 1));
    check("returnsElement", a(X3, 0), a(Y3, 0));
  }
  @Test void zeroElementRead() throws Exception { check("zeroElementRead", a(X3), a(Y3)); }
  @Test void whileOnValue() throws Exception { check("whileOnValue", a(X3), a(Y3), a(new double[] {1.2, 1.1, 0.3})); }

  @Test void instanceFields() throws Exception {
    Object o = cases.getDeclaredConstructor().newInstance();
    checkOn(o, "instanceFields", new Object[] {X3}, new Object[] {Y3});
  }

  static double[] big(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.2 * r.nextGaussian();
    }
    return x;
  }

  static int[] perm(int n, long seed) {
    java.util.List<Integer> l = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    java.util.Collections.shuffle(l, new java.util.Random(seed));
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] randomIdx(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(Math.max(1, n / 4));
    }
    return out;
  }

  static Object[] a(Object... args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] d) {
        out[i] = d.clone();
      }
    }
    return out;
  }

  static void check(String name, Object[]... points) throws Exception {
    checkOn(null, name, points);
  }

  static void checkOn(Object self, String name, Object[]... points) throws Exception {
    checkIn(cases, companion, self, name, points);
  }

  static Object[] with(Object self, Object[] p) {
    if (self == null) {
      return p;
    }
    Object[] out = new Object[p.length + 1];
    out[0] = self;
    System.arraycopy(p, 0, out, 1, p.length);
    return out;
  }

  static void checkIn(Class<?> cases, Class<?> companion, Object self0, String name, Object[]... points0)
      throws Exception {
    Method m = find(cases, name, -1);
    int k = m.getParameterCount() + (self0 == null ? 0 : 1);
    Object[][] points = new Object[points0.length][];
    for (int i = 0; i < points0.length; i++) {
      points[i] = with(self0, points0[i]);
    }
    Object self = null;
    Method dense = find(companion, name + "Hessian", k);
    Method make = find(companion, name + "HessianSparse", k);
    Method refill = find(companion, name + "HessianSparse", k + 2);
    Method gradient = find(companion, name + "Gradient", k + 1);
    SparseHessian h = (SparseHessian) make.invoke(self, points[0]);
    SparseKindsCheck.sameEntries((double[][]) dense.invoke(self, points[0]), h, name + " as made, " + h);
    if (!h.hasEdgeRoute()) {
      throw new AssertionError(name + " has no edge route: " + h.routeReason());
    }
    h.useRoute(HessianRoute.EDGE_PUSHING);
    SparseHessian h2 = (SparseHessian) make.invoke(self, points[0]);
    h2.useRoute(HessianRoute.EDGE_PUSHING);
    for (int round = 0; round < 2; round++) {
      for (Object[] p : points) {
        for (SparseHessian hh : new SparseHessian[] {h, h2}) {
          String at = name + Arrays.deepToString(p) + " round " + round;
          double[][] expected = (double[][]) dense.invoke(self, p);
          int n = expected.length;
          double[] grad = new double[n];
          Arrays.fill(hh.values(), Double.NaN);
          Object[] withH = Arrays.copyOf(p, k + 2);
          withH[k] = grad;
          withH[k + 1] = hh;
          double value;
          try {
            value = (double) refill.invoke(self, withH);
          } catch (InvocationTargetException e) {
            throw new AssertionError(at + ": refill threw", e.getCause());
          }
          assertEquals((double) m.invoke(self0, points0[java.util.Arrays.asList(points).indexOf(p)]), value, 0.0, at + ": value");
          SparseKindsCheck.sameEntries(expected, hh, at);
          double[] g = new double[n];
          Object[] withGrad = Arrays.copyOf(p, k + 1);
          withGrad[k] = g;
          gradient.invoke(self, withGrad);
          for (int i = 0; i < n; i++) {
            assertEquals(g[i], grad[i], 1e-12 * Math.max(1, Math.abs(g[i])), at + ": gradient " + i);
          }
        }
      }
    }
  }

  static Method find(Class<?> owner, String name, int parameters) {
    for (Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && (parameters < 0 || m.getParameterCount() == parameters)) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError(owner.getSimpleName() + " has no " + name + " of " + parameters);
  }
}
