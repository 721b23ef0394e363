package dev.adjoint.processor.check;

import dev.adjoint.HessianRoute;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the route {@code @Differentiable(hessian = ...)} forces against the routes the method's
 * sparse Hessian has, once its kinds are made: a route it does not have is an error on the
 * annotation's value, never a silent fallback to the other.
 */
public final class HessianRouteChecks {
  private HessianRouteChecks() {}

  /**
   * Whether the forced route (if any) exists; else reports why not.
   *
   * @param sparseHessian whether the method gets a sparse Hessian at all (order 2, returning
   *     double)
   * @param edgeRefusal why the method has no edge-pushing route, or null where it has one
   */
  public static boolean check(
      ExecutableElement method,
      Support.HessianRouteValue asked,
      boolean sparseHessian,
      String edgeRefusal,
      Reporter reporter) {
    HessianRoute route = asked.route();
    if (route == HessianRoute.AUTO) {
      return true;
    }
    String why;
    if (!sparseHessian) {
      why =
          method.getReturnType().toString().equals("double[]")
              ? "it returns double[], so it has no sparse Hessian (its second derivatives are"
                  + " vector-Hessian-vector products)"
              : "it has no sparse Hessian, as its order is 1";
    } else if (route == HessianRoute.EDGE_PUSHING && edgeRefusal != null) {
      why = "its sparse Hessian cannot be refilled by edge pushing: " + edgeRefusal;
    } else {
      return true;
    }
    reporter.error(
        method,
        asked.annotation(),
        asked.value(),
        Message.HESSIAN_ROUTE,
        route,
        method.getSimpleName(),
        why,
        sparseHessian ? " (colouring here), or set it to COLORING" : "");
    return false;
  }
}
