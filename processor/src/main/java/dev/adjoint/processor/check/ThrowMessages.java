package dev.adjoint.processor.check;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What the arguments of a thrown exception's constructor may be: strings made of string literals,
 * {@code String} constants and values joined by {@code +}. Shared by the fence and the reader so
 * that both see the same string concatenations.
 */
public final class ThrowMessages {
  private ThrowMessages() {}

  /** Whether the expression at {@code path} is a string: a literal, a constant, a concatenation. */
  public static boolean isString(TreePath path, Trees trees) {
    Tree tree = path.getLeaf();
    if (tree.getKind() == Tree.Kind.STRING_LITERAL) {
      return true;
    }
    if (tree instanceof ParenthesizedTree p) {
      return isString(new TreePath(path, p.getExpression()), trees);
    }
    if (tree.getKind() == Tree.Kind.PLUS) {
      BinaryTree b = (BinaryTree) tree;
      return isString(new TreePath(path, b.getLeftOperand()), trees)
          || isString(new TreePath(path, b.getRightOperand()), trees);
    }
    if (tree.getKind() == Tree.Kind.IDENTIFIER || tree.getKind() == Tree.Kind.MEMBER_SELECT) {
      Element e = trees.getElement(path);
      return e != null && isStringType(e.asType());
    }
    return false;
  }

  /** A {@code String} compile-time constant named at {@code path}, or null. */
  public static String constant(TreePath path, Trees trees) {
    Element e = trees.getElement(path);
    if (e != null
        && e.getKind() == ElementKind.FIELD
        && ((VariableElement) e).getConstantValue() instanceof String s) {
      return s;
    }
    return null;
  }

  /** Whether {@code t} is {@code java.lang.String}. */
  public static boolean isStringType(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement())
            .getQualifiedName()
            .contentEquals("java.lang.String");
  }

  /** Whether {@code type} is {@code RuntimeException} or a subclass: unchecked. */
  public static boolean isUnchecked(TypeElement type) {
    for (TypeElement t = type; t != null; ) {
      if (t.getQualifiedName().contentEquals("java.lang.RuntimeException")) {
        return true;
      }
      TypeMirror superclass = t.getSuperclass();
      t =
          superclass.getKind() == TypeKind.DECLARED
              ? (TypeElement) ((DeclaredType) superclass).asElement()
              : null;
    }
    return false;
  }

  /** The expression inside any parentheses. */
  public static ExpressionTree unwrapped(ExpressionTree e) {
    return e instanceof ParenthesizedTree p ? unwrapped(p.getExpression()) : e;
  }
}
