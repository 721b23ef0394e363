package dev.adjoint.processor.check;

import dev.adjoint.processor.diag.Message;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;

/**
 * Checks a user's custom derivative ({@code @GradientOf} or {@code @HessianVectorOf}) against the
 * method it names, at its declaration.
 */
public final class GradientOfChecks {
  private GradientOfChecks() {}

  /** Reports what is wrong with {@code gradient}, if anything; true if it is sound. */
  public static boolean check(ExecutableElement gradient, Messager messager) {
    return check(gradient, Support.GRADIENT_OF, 1, "double[] grad", Message.GRADIENT_OF, messager);
  }

  /** Reports what is wrong with a {@code @HessianVectorOf} method; true if it is sound. */
  public static boolean checkHessianVector(ExecutableElement hessianVector, Messager messager) {
    return check(
        hessianVector,
        Support.HESSIAN_VECTOR_OF,
        3,
        "double[] v, double[] grad, double[] hv",
        Message.HESSIAN_VECTOR_OF,
        messager);
  }

  private static boolean check(
      ExecutableElement gradient,
      String annotation,
      int arrays,
      String arrayParameters,
      Message message,
      Messager messager) {
    String target = Support.customTarget(gradient, annotation);
    String here = gradient.getSimpleName().toString();
    List<ExecutableElement> named = new ArrayList<>();
    for (Element e : gradient.getEnclosingElement().getEnclosedElements()) {
      if (e instanceof ExecutableElement m && m.getSimpleName().contentEquals(target) && m != gradient) {
        named.add(m);
      }
    }
    String problem = null;
    if (named.isEmpty()) {
      problem = "this class has no method named \"" + target + "\"";
    } else if (!gradient.getModifiers().contains(Modifier.STATIC)) {
      problem = "it must be static";
    } else if (named.stream().noneMatch(m -> Support.matchesCustomShape(gradient, m, arrays))) {
      problem =
          "its parameters or return type do not match "
              + target
              + named.get(0).getParameters().stream()
                  .map(p -> p.asType().toString())
                  .reduce((a, b) -> a + ", " + b)
                  .map(list -> "(" + list + ")")
                  .orElse("()")
              + " followed by "
              + arrayParameters;
    } else if (named.stream()
        .filter(m -> Support.matchesCustomShape(gradient, m, arrays))
        .anyMatch(m -> !m.getModifiers().contains(Modifier.STATIC))) {
      problem = target + " must be static";
    } else if (named.stream()
        .filter(m -> Support.matchesCustomShape(gradient, m, arrays))
        .anyMatch(Support::isDifferentiable)) {
      problem = target + " is @Differentiable already, so Adjoint writes its derivatives itself";
    } else if (arrays == 3
        && named.stream()
            .filter(m -> Support.matchesCustomShape(gradient, m, arrays))
            .allMatch(m -> Support.customGradient(m) == null)) {
      problem = target + " has no @GradientOf method, which first derivatives need";
    }
    if (problem != null) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, message.format(target, here, problem), gradient);
      return false;
    }
    return true;
  }
}
