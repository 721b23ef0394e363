package dev.adjoint.processor.check;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Names: what a name ({@code x}, {@code f}, {@code this.f}, {@code Owner.f}) may refer to. A
 * parameter or local variable of a type Adjoint computes with, an array's {@code length}, or a
 * field the generated companion can read: a static field or one of the method's own receiver
 * (the companion gets only the receiver). Private and protected fields are read too (the reader
 * decides how, {@code read.MemberAccess}), except those of a class the companion cannot name: it is
 * a top-level class, and a private class is invisible to it.
 */
final class NameChecks {
  private final FenceWalk walk;
  private final Reporter reporter;
  /** The class of an instance method, whose fields it may read; null if static. */
  private final TypeElement receiverClass;

  NameChecks(FenceWalk walk, TypeElement receiverClass) {
    this.walk = walk;
    this.reporter = walk.reporter;
    this.receiverClass = receiverClass;
  }

  void identifier(IdentifierTree node) {
    Element e = walk.trees.getElement(walk.path());
    if (e == null) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, node.getName());
    } else if (e.getKind() == ElementKind.ENUM_CONSTANT) {
      enumConstant(node, e);
    } else if (e.getKind() == ElementKind.FIELD && !node.getName().contentEquals("this")) {
      checkField(node, (VariableElement) e);
    } else if ((e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE)
        && e.asType().getKind() == TypeKind.ARRAY) {
      // Reached only where a whole array is used as a value: its elements and length are read
      // through arrayAccess and memberSelect.
      reporter.error(node, Message.ARRAY, "using the whole array " + node.getName() + " as a value");
    } else if (e.getKind() == ElementKind.PARAMETER || e.getKind() == ElementKind.LOCAL_VARIABLE) {
      walk.values.checkValueType(node);
    } else if (node.getName().contentEquals("this") || node.getName().contentEquals("super")) {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, node.getName());
    } else {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, "\"" + node.getName() + "\"");
    }
  }

  void memberSelect(MemberSelectTree node) {
    Element e = walk.trees.getElement(walk.path());
    if (e != null && e.getKind() == ElementKind.ENUM_CONSTANT) {
      enumConstant(node, e);
    } else if (e != null && e.getKind() == ElementKind.FIELD) {
      if (node.getIdentifier().contentEquals("length")
          && walk.trees.getTypeMirror(new TreePath(walk.path(), node.getExpression())) != null
          && walk.trees.getTypeMirror(new TreePath(walk.path(), node.getExpression())).getKind()
              == TypeKind.ARRAY) {
        walk.arrays.checkArray(node.getExpression());
      } else {
        checkField(node, (VariableElement) e);
      }
    } else {
      reporter.error(node, Message.UNSUPPORTED_EXPRESSION, FenceWalk.oneLine(node));
    }
  }

  /** An enum constant ({@code Kind.A}, or {@code A} as a case label): data the companion names. */
  private void enumConstant(Tree node, Element constant) {
    if (!Support.isReadableFrom(constant, walk.companionPackage)) {
      TypeElement hidden = Support.privateClassAround(constant);
      if (hidden == null) {
        hidden = (TypeElement) constant.getEnclosingElement();
      }
      reporter.error(
          node,
          Message.PRIVATE_FIELD,
          constant.getEnclosingElement().getSimpleName() + "." + constant.getSimpleName(),
          hidden.getSimpleName(),
          hidden.getSimpleName());
    }
  }

  /** An array field read or passed on as data; true if it may be. */
  boolean checkArrayField(Tree node, VariableElement field) {
    String name = field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) && !isReceiverField(node, field)) {
      reporter.error(node, Message.INSTANCE_FIELD, name);
      return false;
    } else if (!Support.isHandleReachable(field, walk.companionPackage)) {
      privateClass(node, field);
      return false;
    }
    return true;
  }

  private void checkField(Tree node, VariableElement field) {
    String name = field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName();
    if (!field.getModifiers().contains(Modifier.STATIC) && !isReceiverField(node, field)) {
      reporter.error(node, Message.INSTANCE_FIELD, name);
    } else if (field.getConstantValue() == null
        && !Support.isHandleReachable(field, walk.companionPackage)) {
      privateClass(node, field);
    } else if (Support.typeOf(field.asType()) == null
        && Support.dataObjectTypeOf(field.asType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, field.asType());
    }
  }

  /** A field of a private class: the companion cannot name the class to reach the field. */
  private void privateClass(Tree node, VariableElement field) {
    TypeElement hidden = Support.privateClassAround(field);
    if (hidden == null) {
      hidden = (TypeElement) field.getEnclosingElement();
    }
    reporter.error(
        node,
        Message.PRIVATE_FIELD,
        field.getEnclosingElement().getSimpleName() + "." + field.getSimpleName(),
        hidden.getSimpleName(),
        hidden.getSimpleName());
  }

  /**
   * Whether {@code node} reads a field of the method's own receiver: written {@code f} or
   * {@code this.f}, and declared by the receiver's class or a superclass (not by an enclosing
   * instance, which the companion cannot reach).
   */
  private boolean isReceiverField(Tree node, VariableElement field) {
    if (receiverClass == null) {
      return false;
    }
    if (node instanceof MemberSelectTree select
        && !(select.getExpression() instanceof IdentifierTree id
            && id.getName().contentEquals("this"))) {
      return false;
    }
    return CallReceiver.declaredBy(receiverClass, field.getEnclosingElement());
  }
}
