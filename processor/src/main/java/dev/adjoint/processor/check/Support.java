package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.rules.RuleTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/** What the language fence and the reader agree on: which types, fields and calls are supported. */
public final class Support {
  public static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";

  private Support() {}

  /** The IR type of a Java type, or null if Adjoint does not compute with it. */
  public static Type typeOf(TypeMirror t) {
    switch (t.getKind()) {
      case DOUBLE:
        return Type.DOUBLE;
      case INT:
        return Type.INT;
      case LONG:
        return Type.LONG;
      case BOOLEAN:
        return Type.BOOLEAN;
      default:
        return null;
    }
  }

  /** Whether a method belongs to {@code java.lang.Math} or {@code java.lang.StrictMath}. */
  public static boolean isMathLibrary(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    if (!(owner instanceof TypeElement type)) {
      return false;
    }
    String name = type.getQualifiedName().toString();
    return name.equals("java.lang.Math") || name.equals("java.lang.StrictMath");
  }

  /** Whether Adjoint has a derivative rule for this library function. */
  public static boolean hasRule(ExecutableElement method) {
    return RuleTable.forFunction(method.getSimpleName().toString(), method.getParameters().size())
        != null;
  }

  public static boolean isDifferentiable(Element method) {
    return method.getAnnotationMirrors().stream()
        .anyMatch(
            a ->
                ((TypeElement) a.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(DIFFERENTIABLE));
  }

  /** A static field the companion can name, in package {@code companionPackage}. */
  public static boolean isReadableFrom(VariableElement field, String companionPackage) {
    Element e = field;
    while (e != null && e.getKind() != ElementKind.PACKAGE) {
      if (!isVisibleFrom(e, companionPackage)) {
        return false;
      }
      e = e.getEnclosingElement();
    }
    return true;
  }

  private static boolean isVisibleFrom(Element e, String companionPackage) {
    if (e.getModifiers().contains(Modifier.PUBLIC)) {
      return true;
    }
    if (e.getModifiers().contains(Modifier.PRIVATE)) {
      return false;
    }
    return packageOf(e).equals(companionPackage);
  }

  public static String packageOf(Element e) {
    Element p = e;
    while (p.getKind() != ElementKind.PACKAGE) {
      p = p.getEnclosingElement();
    }
    return ((PackageElement) p).getQualifiedName().toString();
  }

  /** The reference to a class, with its enclosing classes. */
  public static ClassRef classRef(TypeElement type) {
    List<String> names = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement t) {
      names.add(t.getSimpleName().toString());
      e = e.getEnclosingElement();
    }
    Collections.reverse(names);
    return new ClassRef(packageOf(type), names);
  }
}
