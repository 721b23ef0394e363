package dev.adjoint.processor.read;

import dev.adjoint.processor.check.Differentiables;
import dev.adjoint.processor.check.FieldWrites;
import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.Access;
import dev.adjoint.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Decides, once and from javac's element for the method called, what a call in a differentiable
 * method is: another differentiable method, a method with a custom derivative, a {@code Math}
 * function with a derivative rule, or a method computing data. A user's method named like a
 * {@code Math} function is the user's method: the decision is made from the element's owner, never
 * from its name alone, and every later stage reads it from the IR.
 */
final class CallResolver {
  private final Elements elements;
  private final CalleeEffects effects;
  private final Differentiables differentiables;
  /** The package of the companion the calls are generated in. */
  private final String companionPackage;

  CallResolver(
      Elements elements,
      CalleeEffects effects,
      Differentiables differentiables,
      String companionPackage) {
    this.elements = elements;
    this.effects = effects;
    this.differentiables = differentiables;
    this.companionPackage = companionPackage;
  }

  CallResolver(Elements elements, CalleeEffects effects) {
    this(elements, effects, Differentiables.annotatedOnly(), "");
  }

  /**
   * The call {@code tree} of {@code method} with {@code args} (already read), whose value has
   * type {@code type}.
   */
  Expr call(ExecutableElement method, com.sun.source.tree.Tree tree, List<Expr> args, Type type) {
    Callee callee = differentiables.isDifferentiableCall(method, tree) ? callee(method) : null;
    if (callee == null && !differentiables.isImplicit(method)) {
      callee = customCallee(method);
    }
    if (callee != null) {
      return new Expr.DiffCall(callee, args);
    }
    ClassRef owner = Support.classRef((TypeElement) method.getEnclosingElement());
    Optional<MathFunction> primitive = primitive(method);
    if (primitive.isPresent()) {
      return new Expr.Call(new CallTarget.Primitive(primitive.get(), owner), args, type);
    }
    CallTarget.Data data =
        new CallTarget.Data(
            owner,
            method.getSimpleName().toString(),
            effects.ofData(method),
            Support.isMathLibrary(method),
            isInstance(method),
            MemberAccess.ofMethod(method, companionPackage));
    return new Expr.Call(data, args, type);
  }

  private static boolean isInstance(ExecutableElement method) {
    return !method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
  }

  /**
   * The parameter names and wrt mask of a callee as its companion's methods take them: an
   * instance method's receiver first, never differentiated.
   */
  private static List<String> withReceiver(ExecutableElement method, List<String> names) {
    if (!isInstance(method)) {
      return names;
    }
    List<String> out = new java.util.ArrayList<>();
    out.add("this");
    out.addAll(names);
    return out;
  }

  private static List<Boolean> withReceiverMask(ExecutableElement method, List<Boolean> mask) {
    if (!isInstance(method)) {
      return mask;
    }
    List<Boolean> out = new java.util.ArrayList<>();
    out.add(false);
    out.addAll(mask);
    return out;
  }

  /**
   * A call made as a statement, its value (if any) discarded: no derivative can flow through it,
   * whatever it calls, so it is a data call, run where the original runs it.
   */
  Expr discarded(ExecutableElement method, List<Expr> args) {
    ClassRef owner = Support.classRef((TypeElement) method.getEnclosingElement());
    CallTarget.Data data =
        new CallTarget.Data(
            owner,
            method.getSimpleName().toString(),
            Effects.NONE,
            false,
            isInstance(method),
            MemberAccess.ofMethod(method, companionPackage));
    return new Expr.Call(data, args, Type.VOID);
  }

  /**
   * A question asked of strings ({@code mode.equals("sq")}, {@code Objects.equals(a, b)}), its
   * operands the receiver first: data, without effects, so generated code may ask it again.
   */
  Expr stringQuery(dev.adjoint.processor.check.StringQuery query, List<Expr> operands, Type type) {
    ClassRef owner =
        query.onReceiver()
            ? new ClassRef("java.lang", List.of("String"))
            : new ClassRef("java.util", List.of("Objects"));
    return new Expr.Call(
        new CallTarget.Data(owner, query.javaName(), Effects.NONE, true, query.onReceiver()),
        operands,
        type);
  }

  /** The fields a call of {@code method} may change ({@link FieldWrites}). */
  FieldWrites.Writes writesOf(ExecutableElement method) {
    return effects.writesOf(method);
  }

  /** Whether calling the differentiable {@code method} may do more than compute its value. */
  dev.adjoint.processor.ir.Effects effectsOf(ExecutableElement method) {
    return effects.of(method);
  }

  /** The {@code @Differentiable} method returning {@code double[]} called through its companion. */
  Callee vectorCallee(ExecutableElement method) {
    return callee(method);
  }

  /** The differentiable method or custom derivative {@code method} is, or null. */
  private Callee callee(ExecutableElement method) {
    TypeElement ownerType = (TypeElement) method.getEnclosingElement();
    ClassRef owner = Support.classRef(ownerType);
    String name = method.getSimpleName().toString();
    List<String> parameters =
        method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
    if (differentiables.isDifferentiable(method)) {
      return new Callee(
          owner,
          name,
          withReceiver(method, parameters),
          withReceiverMask(method, differentiables.wrt(method, elements)),
          new Callee.Generated(
              Support.companionOf(ownerType),
              differentiables.order(method) >= 2,
              absentKinds(method),
              effects.patternInputsOf(method)),
          effects.of(method),
          isInstance(method) ? Callee.PlainCall.ON_RECEIVER : Callee.PlainCall.STATIC,
          MemberAccess.ofMethod(method, companionPackage));
    }
    return customCallee(method);
  }

  /**
   * The kinds the companion of {@code method} lacks: those of an earlier Adjoint's, and the
   * tracing sweep of an overload whose sweep would collide with another's.
   */
  private java.util.Set<dev.adjoint.processor.ir.Kind> absentKinds(ExecutableElement method) {
    java.util.Set<dev.adjoint.processor.ir.Kind> absent =
        new java.util.HashSet<>(Support.absentKinds(method, differentiables.order(method), elements));
    if (differentiables.sparsityCollides(method, elements)) {
      absent.add(dev.adjoint.processor.ir.Kind.SPARSITY);
    }
    return absent;
  }

  /** The method with a custom derivative {@code method} is, or null. */
  private Callee customCallee(ExecutableElement method) {
    TypeElement ownerType = (TypeElement) method.getEnclosingElement();
    ClassRef owner = Support.classRef(ownerType);
    String name = method.getSimpleName().toString();
    List<String> parameters =
        method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
    ExecutableElement custom = Support.customGradient(method);
    if (custom == null) {
      return null;
    }
    ExecutableElement hessianVector = Support.customHessianVector(method);
    return new Callee(
        owner,
        name,
        parameters,
        Support.wrtMask(method, elements),
        new Callee.Custom(
            custom.getSimpleName().toString(),
            hessianVector == null ? null : hessianVector.getSimpleName().toString()));
  }

  /**
   * The {@code Math} or {@code StrictMath} function {@code method} is, if it has a derivative rule
   * and takes doubles (so {@code Math.abs(int)} is data, as it computes an int).
   */
  static Optional<MathFunction> primitive(ExecutableElement method) {
    if (!Support.isMathLibrary(method)
        || method.getParameters().stream().anyMatch(p -> p.asType().getKind() != TypeKind.DOUBLE)) {
      return Optional.empty();
    }
    return MathFunction.of(method.getSimpleName().toString(), method.getParameters().size());
  }
}
