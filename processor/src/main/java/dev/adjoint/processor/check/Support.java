package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.Type;
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

  /**
   * The IR type of a {@code String} ({@link Type#STRING}) or an enum ({@link Type#ENUM}): data a
   * method may switch on and compare; null for any other type.
   */
  public static Type dataObjectTypeOf(TypeMirror t) {
    if (t.getKind() != javax.lang.model.type.TypeKind.DECLARED) {
      return null;
    }
    Element e = ((javax.lang.model.type.DeclaredType) t).asElement();
    if (e.getKind() == ElementKind.ENUM) {
      return Type.ENUM;
    }
    return e instanceof TypeElement te && te.getQualifiedName().contentEquals("java.lang.String")
        ? Type.STRING
        : null;
  }

  /**
   * The IR type of a parameter: a value type, or a {@code double[]}, {@code double[][]}, {@code
   * int[]} or {@code boolean[]}; else null.
   */
  public static Type parameterTypeOf(TypeMirror t) {
    if (t.getKind() == javax.lang.model.type.TypeKind.ARRAY) {
      TypeMirror element = ((javax.lang.model.type.ArrayType) t).getComponentType();
      switch (element.getKind()) {
        case DOUBLE:
          return Type.DOUBLE_ARRAY;
        case INT:
          return Type.INT_ARRAY;
        case BOOLEAN:
          return Type.BOOLEAN_ARRAY;
        case ARRAY:
          return ((javax.lang.model.type.ArrayType) element).getComponentType().getKind()
                  == javax.lang.model.type.TypeKind.DOUBLE
              ? Type.DOUBLE_MATRIX
              : null;
        default:
          return null;
      }
    }
    return typeOf(t);
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
    return dev.adjoint.processor.ir.MathFunction.of(
            method.getSimpleName().toString(), method.getParameters().size())
        .isPresent();
  }

  public static boolean isDifferentiable(Element method) {
    return method.getAnnotationMirrors().stream()
        .anyMatch(
            a ->
                ((TypeElement) a.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals(DIFFERENTIABLE));
  }

  /**
   * Which parameters of a {@code @Differentiable} method are differentiated: those its {@code wrt}
   * names, or every {@code double} parameter. Read from the annotation, which class files keep, so
   * it works for methods of compiled libraries too.
   */
  public static List<Boolean> wrtMask(ExecutableElement method, javax.lang.model.util.Elements elements) {
    if (!isDifferentiable(method)) {
      // A @GradientOf method covers every double parameter.
      return wrtMaskFromNames(method, false);
    }
    List<Boolean> compiled = compiledWrtMask(method, elements);
    return compiled != null ? compiled : wrtMaskFromNames(method, true);
  }

  /**
   * The mask a compiled companion records on its gradient ({@code @WithRespectTo}), or null if the
   * companion is not compiled yet (the callee is in this compilation).
   */
  private static List<Boolean> compiledWrtMask(
      ExecutableElement method, javax.lang.model.util.Elements elements) {
    ExecutableElement g = compiledGradient(method, elements);
    javax.lang.model.element.AnnotationMirror a =
        g == null ? null : annotation(g, "dev.adjoint.runtime.WithRespectTo");
    if (a == null) {
      return null;
    }
    List<Boolean> mask = new ArrayList<>();
    method.getParameters().forEach(p -> mask.add(false));
    for (var value : a.getElementValues().values()) {
      for (Object item : (List<?>) value.getValue()) {
        int position = (Integer) ((javax.lang.model.element.AnnotationValue) item).getValue();
        mask.set(position, true);
      }
    }
    return mask;
  }

  /**
   * Whether the compiled companion's gradient of {@code method} says the method has effects
   * ({@code @HasEffects}); null if there is no compiled companion to ask.
   */
  public static Boolean compiledHasEffects(
      ExecutableElement method, javax.lang.model.util.Elements elements) {
    ExecutableElement g = compiledGradient(method, elements);
    if (g == null || annotation(g, "dev.adjoint.runtime.WithRespectTo") == null) {
      return null;
    }
    return annotation(g, "dev.adjoint.runtime.HasEffects") != null;
  }

  /**
   * The kinds {@code method}'s order allows that its compiled companion lacks: none when it has no
   * companion compiled yet (this compilation writes it, with every kind), else those of a
   * companion compiled by an earlier Adjoint that it does not declare.
   */
  public static java.util.Set<Kind> absentKinds(
      ExecutableElement method, int order, javax.lang.model.util.Elements elements) {
    TypeElement companion =
        elements.getTypeElement(companionOf((TypeElement) method.getEnclosingElement()).toString());
    java.util.Set<Kind> absent = java.util.EnumSet.noneOf(Kind.class);
    if (companion == null) {
      return absent;
    }
    boolean vector = method.getReturnType().toString().equals("double[]");
    int own = method.getParameters().size() + (method.getModifiers().contains(Modifier.STATIC) ? 0 : 1);
    for (Kind kind : Kind.values()) {
      if (!kind.appliesTo(vector, order)) {
        continue;
      }
      String name = kind.methodName(method.getSimpleName().toString());
      boolean declared = false;
      for (Element e : companion.getEnclosedElements()) {
        declared |=
            e instanceof ExecutableElement m
                && m.getSimpleName().contentEquals(name)
                && m.getParameters().size() == own + kind.extras().size();
      }
      if (!declared) {
        absent.add(kind);
      }
    }
    return absent;
  }

  /**
   * The gradient of {@code method} in its compiled companion (for a method returning {@code
   * double[]}, its vector-Jacobian product, which carries the same annotations), or null if there
   * is none.
   */
  private static ExecutableElement compiledGradient(
      ExecutableElement method, javax.lang.model.util.Elements elements) {
    TypeElement companion =
        elements.getTypeElement(companionOf((TypeElement) method.getEnclosingElement()).toString());
    if (companion == null) {
      return null;
    }
    boolean vector = method.getReturnType().toString().equals("double[]");
    Kind kind = vector ? Kind.VECTOR_JACOBIAN : Kind.GRADIENT;
    String gradientName = kind.methodName(method.getSimpleName().toString());
    for (Element e : companion.getEnclosedElements()) {
      if (!(e instanceof ExecutableElement g) || !g.getSimpleName().contentEquals(gradientName)) {
        continue;
      }
      List<? extends VariableElement> params = g.getParameters();
      int offset = method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC) ? 0 : 1;
      if (params.size() != offset + method.getParameters().size() + kind.extras().size()) {
        continue;
      }
      boolean same = true;
      for (int k = 0; k < method.getParameters().size(); k++) {
        same &=
            params.get(offset + k).asType().toString().equals(method.getParameters().get(k).asType().toString());
      }
      if (same) {
        return g;
      }
    }
    return null;
  }

  private static javax.lang.model.element.AnnotationMirror annotation(Element e, String name) {
    for (javax.lang.model.element.AnnotationMirror a : e.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(name)) {
        return a;
      }
    }
    return null;
  }

  private static List<Boolean> wrtMaskFromNames(ExecutableElement method, boolean arrays) {
    List<String> named = new ArrayList<>();
    for (javax.lang.model.element.AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(DIFFERENTIABLE)) {
        a.getElementValues()
            .forEach(
                (key, value) -> {
                  if (key.getSimpleName().contentEquals("wrt")) {
                    for (Object item : (List<?>) value.getValue()) {
                      named.add(
                          String.valueOf(((javax.lang.model.element.AnnotationValue) item).getValue()));
                    }
                  }
                });
      }
    }
    List<Boolean> mask = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      Type type = parameterTypeOf(p.asType());
      boolean differentiable =
          type == Type.DOUBLE
              || (arrays && (type == Type.DOUBLE_ARRAY || type == Type.DOUBLE_MATRIX));
      mask.add(differentiable && (named.isEmpty() || named.contains(p.getSimpleName().toString())));
    }
    return mask;
  }

  /**
   * The {@code order} of a {@code @Differentiable} method: 2 unless its annotation says otherwise.
   * Read from the annotation, which class files keep, so it works for compiled libraries too.
   */
  public static int order(ExecutableElement method) {
    for (javax.lang.model.element.AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(DIFFERENTIABLE)) {
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("order")
              && entry.getValue().getValue() instanceof Integer order) {
            return order;
          }
        }
      }
    }
    return 2;
  }

  /**
   * The {@code hessian} route of a {@code @Differentiable} method, and the annotation value that
   * set it (null for the default, {@link dev.adjoint.HessianRoute#AUTO}); read from the annotation,
   * which class files keep.
   */
  public record HessianRouteValue(
      dev.adjoint.HessianRoute route,
      javax.lang.model.element.AnnotationMirror annotation,
      javax.lang.model.element.AnnotationValue value) {}

  /** The {@code hessian} route {@code method}'s {@code @Differentiable} asks for. */
  public static HessianRouteValue hessianRoute(ExecutableElement method) {
    for (javax.lang.model.element.AnnotationMirror a : method.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(DIFFERENTIABLE)) {
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("hessian")
              && entry.getValue().getValue() instanceof VariableElement constant) {
            return new HessianRouteValue(
                dev.adjoint.HessianRoute.valueOf(constant.getSimpleName().toString()),
                a,
                entry.getValue());
          }
        }
      }
    }
    return new HessianRouteValue(dev.adjoint.HessianRoute.AUTO, null, null);
  }

  public static final String DERIVATIVE_OF = "dev.adjoint.DerivativeOf";

  /**
   * The kind a {@code @DerivativeOf} annotation on {@code hand} names ({@link Kind#GRADIENT} by
   * default).
   */
  public static Kind handKind(ExecutableElement hand) {
    for (javax.lang.model.element.AnnotationMirror a : hand.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(DERIVATIVE_OF)) {
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("kind")) {
            return Kind.handOptimised(String.valueOf(entry.getValue().getValue()));
          }
        }
      }
    }
    return Kind.GRADIENT;
  }

  /** The user's hand-optimised derivative of {@code method} of this kind, or null. */
  public static ExecutableElement handDerivative(ExecutableElement method, Kind kind) {
    for (Element e : method.getEnclosingElement().getEnclosedElements()) {
      if (e instanceof ExecutableElement h
          && method.getSimpleName().contentEquals(customTarget(h, DERIVATIVE_OF))
          && handKind(h) == kind
          && matchesCustomShape(h, method, kind.extras().size())) {
        return h;
      }
    }
    return null;
  }

  public static final String GRADIENT_OF = "dev.adjoint.GradientOf";
  public static final String HESSIAN_VECTOR_OF = "dev.adjoint.HessianVectorOf";

  /**
   * The user's {@code @GradientOf} method for {@code method}: in the same class, static, returning
   * double, taking {@code method}'s parameters and then a {@code double[]}. Null if there is none.
   */
  public static ExecutableElement customGradient(ExecutableElement method) {
    return custom(method, GRADIENT_OF, 1);
  }

  /**
   * The user's {@code @HessianVectorOf} method for {@code method}: {@code method}'s parameters and
   * then {@code double[] v, double[] grad, double[] hv}. Null if there is none.
   */
  public static ExecutableElement customHessianVector(ExecutableElement method) {
    return custom(method, HESSIAN_VECTOR_OF, 3);
  }

  private static ExecutableElement custom(ExecutableElement method, String annotation, int arrays) {
    for (Element e : method.getEnclosingElement().getEnclosedElements()) {
      if (e instanceof ExecutableElement g
          && method.getSimpleName().contentEquals(customTarget(g, annotation))
          && matchesCustomShape(g, method, arrays)) {
        return g;
      }
    }
    return null;
  }

  /** The method name {@code g}'s custom-derivative annotation names, or "" if it has none. */
  public static String customTarget(ExecutableElement g, String annotation) {
    for (javax.lang.model.element.AnnotationMirror a : g.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(annotation)) {
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("value")) {
            return String.valueOf(entry.getValue().getValue());
          }
        }
      }
    }
    return "";
  }

  /**
   * Whether {@code g} is {@code static double g(P..., double[]...)} for {@code f(P...)}, with
   * {@code arrays} arrays at the end.
   */
  public static boolean matchesCustomShape(ExecutableElement g, ExecutableElement f, int arrays) {
    List<? extends VariableElement> gp = g.getParameters();
    List<? extends VariableElement> fp = f.getParameters();
    if (!g.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
        || g.getReturnType().getKind() != javax.lang.model.type.TypeKind.DOUBLE
        || gp.size() != fp.size() + arrays) {
      return false;
    }
    for (int k = 0; k < arrays; k++) {
      if (!gp.get(fp.size() + k).asType().toString().equals("double[]")) {
        return false;
      }
    }
    for (int k = 0; k < fp.size(); k++) {
      if (!gp.get(k).asType().toString().equals(fp.get(k).asType().toString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The class of a parameter of type {@code t} that holds an object methods are called on: a
   * class of this compilation (so a {@code Double} or a {@code String} is never taken for one),
   * without type parameters, readable from the companion's package; else null.
   */
  public static ClassRef objectClassOf(
      TypeMirror t, String companionPackage, com.sun.source.util.Trees trees) {
    if (t.getKind() != javax.lang.model.type.TypeKind.DECLARED
        || !(((javax.lang.model.type.DeclaredType) t).asElement() instanceof TypeElement type)
        || !type.getTypeParameters().isEmpty()
        || trees.getTree(type) == null
        || !isReadableFrom(type, companionPackage)) {
      return null;
    }
    return classRef(type);
  }

  /** The companion of a class: {@code p.Outer_InnerDerivatives} for {@code p.Outer.Inner}. */
  public static ClassRef companionOf(TypeElement type) {
    ClassRef owner = classRef(type);
    return new ClassRef(
        owner.packageName(), List.of(String.join("_", owner.simpleNames()) + "Derivatives"));
  }

  /** A member (field or method) the companion can name, in package {@code companionPackage}. */
  public static boolean isReadableFrom(Element member, String companionPackage) {
    Element e = member;
    while (e != null && e.getKind() != ElementKind.PACKAGE) {
      if (!isVisibleFrom(e, companionPackage)) {
        return false;
      }
      e = e.getEnclosingElement();
    }
    return true;
  }

  /**
   * Whether the companion can reach {@code member} by name or through a handle: the member may be
   * private or protected, but every class around it must be one the companion can name (a
   * handle is made from {@code Owner.class}).
   */
  public static boolean isHandleReachable(Element member, String companionPackage) {
    return isReadableFrom(member.getEnclosingElement(), companionPackage);
  }

  /** The outermost private class that encloses {@code member}, or null if none does. */
  public static TypeElement privateClassAround(Element member) {
    TypeElement hidden = null;
    for (Element e = member.getEnclosingElement(); e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        hidden = t;
      }
    }
    return hidden;
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
