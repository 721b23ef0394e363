package dev.adjoint.processor.check;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.Kind;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.tools.Diagnostic;

/** Checks a hand-optimised derivative ({@code @DerivativeOf}) against the method it names. */
public final class DerivativeOfChecks {
  private DerivativeOfChecks() {}

  /** Reports what is wrong with {@code hand}, if anything; true if it is sound. */
  public static boolean check(ExecutableElement hand, Messager messager) {
    String target = Support.customTarget(hand, Support.DERIVATIVE_OF);
    Kind kind = Support.handKind(hand);
    List<ExecutableElement> named = new ArrayList<>();
    for (Element e : hand.getEnclosingElement().getEnclosedElements()) {
      if (e instanceof ExecutableElement m
          && m.getSimpleName().contentEquals(target)
          && Support.isDifferentiable(m)) {
        named.add(m);
      }
    }
    List<ExecutableElement> matching =
        named.stream().filter(m -> Support.matchesCustomShape(hand, m, kind.extras().size())).toList();
    String problem = null;
    if (named.isEmpty()) {
      problem = "this class has no @Differentiable method named \"" + target + "\"";
    } else if (!hand.getModifiers().contains(Modifier.STATIC)) {
      problem = "it must be static";
    } else if (hand.getModifiers().contains(Modifier.PRIVATE)) {
      problem = "it must not be private: the generated companion calls it";
    } else if (matching.isEmpty()) {
      ExecutableElement m = named.get(0);
      problem =
          "its parameters or return type do not match "
              + target
              + m.getParameters().stream()
                  .map(p -> p.asType().toString())
                  .reduce((a, b) -> a + ", " + b)
                  .map(list -> "(" + list + ")")
                  .orElse("()")
              + " followed by "
              + kind.extras().stream()
                  .map(e -> e.type().javaName() + " " + e.name())
                  .collect(java.util.stream.Collectors.joining(", "))
              + ", returning double";
    } else if (!matching.get(0).getModifiers().contains(Modifier.STATIC)) {
      problem = target + " is an instance method, which hand-optimised derivatives do not support yet";
    } else if (matching.get(0).getReturnType().getKind() != TypeKind.DOUBLE) {
      problem = target + " returns an array, which hand-optimised derivatives do not support yet";
    } else if (kind == Kind.HESSIAN_VECTOR && Support.order(matching.get(0)) < 2) {
      problem = target + " is @Differentiable(order = 1), so it has no Hessian-vector product";
    } else if (Support.handDerivative(matching.get(0), kind) != hand) {
      problem = "another method is already the hand-optimised " + kind.name().toLowerCase() + " of " + target;
    }
    if (problem != null) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, Message.DERIVATIVE_OF.format(target, hand.getSimpleName(), problem), hand);
      return false;
    }
    return true;
  }
}
