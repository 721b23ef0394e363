package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * ADJ050: {@code @Differentiable(hessian = ...)} forcing a route the method's sparse Hessian does
 * not have, on the line of the annotation's value: edge pushing where the method's statements
 * cannot all be recorded (here a call of a method whose own recording is refused, directly, through
 * another method, or through an overload of the name called; a call of a method with a custom
 * derivative), either route where there is no sparse Hessian (order 1, a vector-valued method).
 * COLORING, which every sparse Hessian has, compiles cleanly.
 */
class HessianRouteDiagnosticsTest {

  @Test
  void adj050AForcedRouteTheMethodDoesNotHave() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            import dev.adjoint.GradientOf;
            import dev.adjoint.HessianRoute;
            import dev.adjoint.HessianVectorOf;
            class Foo {
              @Differentiable
              static double inner(double[] x) {
                double s = 0;
                for (double t = x[0] * x[1]; t < 4; t = t * 2 + 1) {  // its header writes a value: no recording
                  s += t * t;
                }
                return s;
              }

              @Differentiable(hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double outer(double[] x) {
                return inner(x) * x[2];
              }

              @Differentiable
              static double middle(double[] x) {
                return inner(x) + x[0];
              }

              @Differentiable(hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double top(double[] x) {
                return middle(x) * x[1];
              }

              @Differentiable
              static double over(double[] x) {
                return x[0] * x[1];
              }

              @Differentiable
              static double over(double x) {
                double s = 0;
                for (double t = x * x; t < 4; t = t * 2 + 1) {  // its header writes a value: no recording
                  s += t * t;
                }
                return s;
              }

              @Differentiable(hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double callsOverload(double[] x) {
                return over(x) * x[0];
              }

              static double smooth(double x) {
                return Math.log1p(Math.exp(x));
              }

              @GradientOf("smooth")
              static double smoothGradient(double x, double[] grad) {
                grad[0] = 1 / (1 + Math.exp(-x));
                return smooth(x);
              }

              @HessianVectorOf("smooth")
              static double smoothHessianVector(double x, double[] v, double[] grad, double[] hv) {
                double value = smoothGradient(x, grad);
                hv[0] = grad[0] * (1 - grad[0]) * v[0];
                return value;
              }

              @Differentiable(hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double callsCustom(double x) {
                return smooth(x) * x;
              }

              @Differentiable(order = 1, hessian = HessianRoute.COLORING)  //! ADJ050
              static double firstOnly(double x) {
                return x * x;
              }

              @Differentiable(
                  hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double[] vector(double[] x) {
                double[] r = new double[1];
                r[0] = x[0] * x[1];
                return r;
              }
            }
            """);
    String messages =
        c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList().toString();
    String innerRefused =
        "it calls inner, whose own recording is not made: a loop's header writes an active value: t"
            + " (line 10: for (double t = x[0] * x[1]; t < 4; t = t * 2 + 1))";
    assertTrue(
        messages.contains(
            "@Differentiable(hessian = EDGE_PUSHING) on outer: its sparse Hessian cannot be"
                + " refilled by edge pushing: " + innerRefused),
        messages);
    assertTrue(
        messages.contains(
            "on top: its sparse Hessian cannot be refilled by edge pushing: it calls middle, whose"
                + " own recording is not made: " + innerRefused),
        messages);
    assertTrue(
        messages.contains(
            "on callsOverload: its sparse Hessian cannot be refilled by edge pushing: it calls"
                + " over, whose own recording is not made: a loop's header writes an active value: t"
                + " (line 39: for (double t = x * x; t < 4; t = t * 2 + 1))"),
        messages);
    assertTrue(
        messages.contains(
            "on callsCustom: its sparse Hessian cannot be refilled by edge pushing: it calls a"
                + " method with a custom derivative, one returning a vector, or one without a"
                + " recording of its own: smooth has a custom derivative"),
        messages);
    assertTrue(messages.contains("or set it to COLORING"), messages);
    assertTrue(
        messages.contains(
            "@Differentiable(hessian = COLORING) on firstOnly: it has no sparse Hessian, as its"
                + " order is 1"),
        messages);
    assertTrue(messages.contains("on vector: it returns double[]"), messages);
  }

  @Test
  void eitherRouteForcedWhereTheMethodHasItCompilesCleanly() {
    expectClean(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        import dev.adjoint.HessianRoute;
        class Foo {
          @Differentiable(hessian = HessianRoute.COLORING)
          static double f(double[] x) {
            return x[0] * x[1];
          }

          @Differentiable(hessian = HessianRoute.EDGE_PUSHING)
          static double g(double[] x) {
            return x[0] * x[1];
          }
        }
        """);
  }
}
