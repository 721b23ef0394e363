package dev.adjoint.processor.check;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/** Checks a {@code @Differentiable} method's signature: static, returns double, a sound {@code wrt}. */
public final class MethodChecks {
  private MethodChecks() {}

  /** The parameters to differentiate, in declaration order; errors go to {@code reporter}. */
  public static List<VariableElement> check(ExecutableElement method, Reporter reporter) {
    String name = method.getSimpleName().toString();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      for (Element e = method.getEnclosingElement(); e instanceof TypeElement t; e = e.getEnclosingElement()) {
        if (!t.getTypeParameters().isEmpty()) {
          reporter.error(method, Message.GENERIC_RECEIVER, name);
          break;
        }
        if (t.getModifiers().contains(Modifier.STATIC) || t.getNestingKind() == javax.lang.model.element.NestingKind.TOP_LEVEL) {
          break;
        }
      }
    }
    int order = Support.order(method);
    if (order != 1 && order != 2) {
      reporter.error(method, Message.ORDER, order, name);
    }
    boolean vector = method.getReturnType().toString().equals("double[]");
    if (method.getReturnType().getKind() != TypeKind.DOUBLE && !vector) {
      reporter.error(method, Message.RETURN_TYPE, name, method.getReturnType());
    }
    if (vector && method.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.error(method, Message.PRIVATE_VECTOR, name);
    }
    for (Element e = method.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.error(method, Message.PRIVATE_CLASS, name, e.getSimpleName(), e.getSimpleName());
      }
    }
    for (VariableElement p : method.getParameters()) {
      if (Support.parameterTypeOf(p.asType()) == null
          && Support.dataObjectTypeOf(p.asType()) == null
          && Support.objectClassOf(p.asType(), Support.packageOf(method), reporter.trees())
              == null) {
        reporter.error(p, Message.PARAMETER_TYPE, p.getSimpleName(), name, p.asType());
      }
    }
    List<VariableElement> wrt = wrt(method, reporter);
    if (wrt.isEmpty()) {
      reporter.error(method, Message.NO_DIFFERENTIABLE_PARAMETER, name);
    }
    return wrt;
  }

  private static List<VariableElement> wrt(ExecutableElement method, Reporter reporter) {
    AnnotationMirror annotation = null;
    AnnotationValue wrtValue = null;
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(Support.DIFFERENTIABLE)) {
        annotation = a;
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("wrt")) {
            wrtValue = entry.getValue();
          }
        }
      }
    }
    List<String> named = wrtNames(method);
    List<VariableElement> out = new ArrayList<>();
    if (named.isEmpty()) {
      for (VariableElement p : method.getParameters()) {
        if (isDifferentiable(p)) {
          out.add(p);
        }
      }
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (String n : named) {
      if (!seen.add(n)) {
        reporter.error(method, annotation, wrtValue, Message.WRT_DUPLICATE, n);
      }
      VariableElement match = null;
      for (VariableElement p : method.getParameters()) {
        if (p.getSimpleName().contentEquals(n)) {
          match = p;
        }
      }
      if (match == null) {
        String all =
            method.getParameters().stream()
                .map(p -> p.getSimpleName().toString())
                .collect(Collectors.joining(", "));
        reporter.error(
            method, annotation, wrtValue, Message.WRT_UNKNOWN, n, method.getSimpleName(), all);
      } else if (!isDifferentiable(match)) {
        reporter.error(
            method, annotation, wrtValue, Message.WRT_NOT_DOUBLE, n, match.asType());
      }
    }
    for (VariableElement p : method.getParameters()) {
      if (named.contains(p.getSimpleName().toString()) && isDifferentiable(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** A parameter Adjoint can differentiate with respect to: a {@code double} or {@code double[]}. */
  private static boolean isDifferentiable(VariableElement p) {
    Type t = Support.parameterTypeOf(p.asType());
    return t == Type.DOUBLE || t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX;
  }

  private static List<String> wrtNames(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (!((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(Support.DIFFERENTIABLE)) {
        continue;
      }
      a.getElementValues()
          .forEach(
              (key, value) -> {
                if (key.getSimpleName().contentEquals("wrt")) {
                  for (Object item : (List<?>) value.getValue()) {
                    names.add(String.valueOf(((AnnotationValue) item).getValue()));
                  }
                }
              });
    }
    return names;
  }
}
