package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.fuzz.Repro.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FIXED (found while testing branch {@code access}): a field read before a call made as a
 * statement that assigns it was read again by derivative code after the call, so it used the new
 * value. In {@code f(x) = factor·x (factor = 1) + factor·x² (factor = 2)}, {@code f'(0.7) = 3.8},
 * but {@code fGradient} gave 4.8: the backward sweep read {@code factor}, the partial of {@code a =
 * factor * x}, as 2. {@code read/FieldSnapshots} now reads, in a method that makes a call with
 * effects, each field that is not final into a local where the original reads it; derivative code
 * reads the local (saved and restored in loops like any local).
 *
 * <p>Each method here is checked in every kind it has (gradient, forward derivative, Hessian-vector
 * product, both Jacobian products) against finite differences of the original, the fields reset
 * before each run: static, private static (read through a handle), instance and private instance
 * fields, in a loop, around a differentiable call with effects and after one in the same statement
 * (read once before the call and once after it), and in a vector method.
 */
class FieldChangedByStatementCallReadAgainInBackwardSweepTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static double factor = 1;
        private static double hidden = 1;
        public double scale = 1;
        private double inner = 1;

        static void bump() {
          factor += 1;
          hidden += 1;
        }

        public static void reset() {
          factor = 1;
          hidden = 1;
        }

        void grow() {
          scale += 1;
          inner += 1;
        }

        @Differentiable
        static double f(double x) {
          double a = factor * x;
          bump();
          return a + factor * x * x;
        }

        @Differentiable
        static double hiddenField(double x) {
          double a = hidden * x * x;
          bump();
          return a * hidden + Math.sin(hidden * x);
        }

        @Differentiable
        static double loop(double x) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += factor * Math.sin(x) * x;
            bump();
          }
          return s;
        }

        @Differentiable
        static double step(double x) {
          bump();
          return x * x;
        }

        @Differentiable
        static double aroundCall(double x) {
          double a = factor * x * x;
          double b = step(x);
          return a * factor + b * hidden;
        }

        @Differentiable
        static double readAfterCall(double x) {
          double a = factor * x + step(x) * factor * x;
          bump();
          return a;
        }

        @Differentiable
        double instance(double x) {
          double a = scale * x * x + inner * Math.exp(x);
          grow();
          return a * scale + inner * x * x;
        }

        @Differentiable
        static double[] vector(double x) {
          double[] out = new double[2];
          out[0] = factor * x * x;
          bump();
          out[1] = factor * out[0] + hidden * x;
          return out;
        }
      }
      """;

  private static Class<?> c;
  private static Class<?> d;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    c = loader.loadClass("repro.C");
    d = loader.loadClass("repro.CDerivatives");
  }

  private static final double X = 0.7;

  @ParameterizedTest
  @ValueSource(strings = {"f", "hiddenField", "loop", "aroundCall", "readAfterCall", "instance"})
  void everyKindUsesTheValuesTheOriginalRead(String name) throws Exception {
    boolean instance = name.equals("instance");
    double h = 1e-5;
    double slope = (original(name, X + h) - original(name, X - h)) / (2 * h);
    double k = 1e-3;
    double curvature =
        (original(name, X + k) - 2 * original(name, X) + original(name, X - k)) / (k * k);

    double[] grad = new double[1];
    invoke(name + "Gradient", instance, X, grad);
    assertEquals(slope, grad[0], 1e-6, name + "Gradient");

    double tangent = (double) invoke(name + "Derivative", instance, X, new double[] {1});
    assertEquals(slope, tangent, 1e-6, name + "Derivative");

    double[] grad2 = new double[1];
    double[] hv = new double[1];
    invoke(name + "HessianVector", instance, X, new double[] {1}, grad2, hv);
    assertEquals(slope, grad2[0], 1e-6, name + "HessianVector gradient");
    assertEquals(curvature, hv[0], 1e-4, name + "HessianVector");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void bothJacobianProductsOfAVectorMethod(int output) throws Exception {
    double h = 1e-5;
    double slope = (vector(X + h)[output] - vector(X - h)[output]) / (2 * h);

    reset();
    double[] jv = new double[2];
    method(d, "vectorJacobianVector", 3).invoke(null, X, new double[] {1}, jv);
    assertEquals(slope, jv[output], 1e-6, "vectorJacobianVector");

    reset();
    double[] u = new double[2];
    u[output] = 1;
    double[] vj = new double[1];
    method(d, "vectorVectorJacobian", 3).invoke(null, X, u, vj);
    assertEquals(slope, vj[0], 1e-6, "vectorVectorJacobian");
  }

  private static double[] vector(double x) throws Exception {
    reset();
    return (double[]) method(c, "vector", 1).invoke(null, x);
  }

  private static double original(String name, double x) throws Exception {
    reset();
    if (name.equals("instance")) {
      return (double) method(c, name, 1).invoke(fresh(), x);
    }
    return (double) method(c, name, 1).invoke(null, x);
  }

  /** Calls a companion method on fresh fields, with a fresh receiver for the instance method. */
  private static Object invoke(String name, boolean instance, Object... args) throws Exception {
    reset();
    Object[] all = args;
    if (instance) {
      all = new Object[args.length + 1];
      all[0] = fresh();
      System.arraycopy(args, 0, all, 1, args.length);
    }
    Method m = method(d, name, all.length);
    return m.invoke(null, all);
  }

  private static void reset() throws Exception {
    c.getMethod("reset").invoke(null);
  }

  private static Object fresh() throws Exception {
    var constructor = c.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }
}
