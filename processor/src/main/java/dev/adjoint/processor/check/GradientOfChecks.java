package dev.adjoint.processor.check;

import dev.adjoint.processor.diag.Message;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;

/** Checks a user's {@code @GradientOf} method against the method it names, at its declaration. */
public final class GradientOfChecks {
  private GradientOfChecks() {}

  /** Reports what is wrong with {@code gradient}, if anything; true if it is sound. */
  public static boolean check(ExecutableElement gradient, Messager messager) {
    String target = Support.gradientOfTarget(gradient);
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
    } else if (named.stream().noneMatch(m -> Support.matchesGradientShape(gradient, m))) {
      problem =
          "its parameters or return type do not match "
              + target
              + named.get(0).getParameters().stream()
                  .map(p -> p.asType().toString())
                  .reduce((a, b) -> a + ", " + b)
                  .map(list -> "(" + list + ")")
                  .orElse("()")
              + " followed by double[] grad";
    } else if (named.stream()
        .filter(m -> Support.matchesGradientShape(gradient, m))
        .anyMatch(m -> !m.getModifiers().contains(Modifier.STATIC))) {
      problem = target + " must be static";
    } else if (named.stream()
        .filter(m -> Support.matchesGradientShape(gradient, m))
        .anyMatch(Support::isDifferentiable)) {
      problem = target + " is @Differentiable already, so Adjoint writes its gradient itself";
    }
    if (problem != null) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, Message.GRADIENT_OF.format(target, here, problem), gradient);
      return false;
    }
    return true;
  }
}
