package dev.adjoint.processor.read;

import dev.adjoint.processor.check.Support;
import dev.adjoint.processor.ir.Access;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Type;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Decides, once per field read or method call, how the companion reaches the member: by name
 * where Java lets a top-level class of the same package name it, else through a handle (or, for a
 * compile-time constant, a named copy). The fence has already refused members of classes the
 * companion cannot name at all.
 */
final class MemberAccess {
  private MemberAccess() {}

  /** How the companion reads {@code field}, whose value has type {@code type}. */
  static Access ofField(VariableElement field, Type type, String companionPackage) {
    if (Support.isReadableFrom(field, companionPackage)) {
      return Access.DIRECT;
    }
    Object constant = field.getConstantValue();
    if (constant != null) {
      return new Access.Copied(literal(constant, type));
    }
    if (type == Type.ENUM || type == Type.STRING) {
      // The handle's exact type is the field's class, not the IR's kind of value.
      ClassRef objectClass =
          Support.classRef(
              (javax.lang.model.element.TypeElement)
                  ((javax.lang.model.type.DeclaredType) field.asType()).asElement());
      return new Access.Handle(type, List.of(), changeOf(field), objectClass);
    }
    return Access.Handle.field(type, changeOf(field));
  }

  /**
   * How the companion reads {@code field}, which holds an object of class {@code objectClass}
   * whose methods are called.
   */
  static Access ofObjectField(VariableElement field, ClassRef objectClass, String companionPackage) {
    if (Support.isReadableFrom(field, companionPackage)) {
      return Access.DIRECT;
    }
    return Access.Handle.objectField(objectClass, changeOf(field));
  }

  private static Access.Change changeOf(VariableElement field) {
    return field.getModifiers().contains(Modifier.FINAL)
        ? Access.Change.NEVER
        : field.getModifiers().contains(Modifier.VOLATILE)
            ? Access.Change.ANY_TIME
            : Access.Change.BY_CALLS;
  }

  /**
   * How the companion calls {@code method}. A handle has the method's own type: the companion
   * calls it in a small method of the same signature, whose result a statement call discards.
   */
  static Access ofMethod(ExecutableElement method, String companionPackage) {
    if (Support.isReadableFrom(method, companionPackage)) {
      return Access.DIRECT;
    }
    Type returns =
        method.getReturnType().getKind() == TypeKind.VOID
            ? Type.VOID
            : Support.parameterTypeOf(method.getReturnType());
    List<Type> parameters =
        method.getParameters().stream().map(p -> Support.parameterTypeOf(p.asType())).toList();
    return new Access.Handle(returns, parameters, Access.Change.BY_CALLS);
  }

  private static Expr literal(Object constant, Type type) {
    return switch (type) {
      case DOUBLE -> new Expr.DoubleLit(((Number) constant).doubleValue());
      case INT, LONG -> new Expr.IntLit(((Number) constant).longValue(), type);
      case BOOLEAN -> new Expr.BoolLit((Boolean) constant);
      default -> throw new IllegalStateException("constant of type " + type);
    };
  }
}
