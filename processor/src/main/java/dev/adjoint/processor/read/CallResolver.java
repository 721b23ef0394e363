package dev.adjoint.processor.read;

import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
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
  /** The package of the companion, which decides what it may name. */
  private final String companionPackage;

  CallResolver(Elements elements, CalleeEffects effects, String companionPackage) {
    this.elements = elements;
    this.effects = effects;
    this.companionPackage = companionPackage;
  }

  /** The call of {@code method} with {@code args} (already read), whose value has type {@code type}. */
  Expr call(ExecutableElement method, List<Expr> args, Type type) {
    Callee callee = callee(method);
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
            Effects.NONE,
            Support.isMathLibrary(method),
            MemberAccess.ofMethod(method, companionPackage));
    return new Expr.Call(data, args, type);
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
            MemberAccess.ofMethod(method, companionPackage));
    return new Expr.Call(data, args, Type.VOID);
  }

  /** Whether calling the differentiable {@code method} may do more than compute its value. */
  dev.adjoint.processor.ir.Effects effectsOf(ExecutableElement method) {
    return effects.of(method);
  }

  /** The differentiable method or custom derivative {@code method} is, or null. */
  private Callee callee(ExecutableElement method) {
    TypeElement ownerType = (TypeElement) method.getEnclosingElement();
    ClassRef owner = Support.classRef(ownerType);
    String name = method.getSimpleName().toString();
    List<String> parameters =
        method.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
    if (Support.isDifferentiable(method)) {
      return new Callee(
          owner,
          name,
          parameters,
          Support.wrtMask(method, elements),
          new Callee.Generated(Support.companionOf(ownerType), Support.order(method) >= 2),
          effects.of(method));
    }
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
