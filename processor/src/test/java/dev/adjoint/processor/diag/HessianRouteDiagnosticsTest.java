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
 * cannot all be recorded (here a call of another differentiable method, which the recording does
 * not follow yet), either route where there is no sparse Hessian (order 1, a vector-valued
 * method). COLORING, which every sparse Hessian has, compiles cleanly.
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
            import dev.adjoint.HessianRoute;
            class Foo {
              @Differentiable
              static double inner(double[] x) {
                return x[0] * x[1];
              }

              @Differentiable(hessian = HessianRoute.EDGE_PUSHING)  //! ADJ050
              static double outer(double[] x) {
                return inner(x) * x[2];
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
    assertTrue(
        messages.contains(
            "@Differentiable(hessian = EDGE_PUSHING) on outer: its sparse Hessian cannot be"
                + " refilled by edge pushing: it calls a differentiable method or one with a custom"
                + " derivative: inner (line 12: return inner(x) * x[2];)"),
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
