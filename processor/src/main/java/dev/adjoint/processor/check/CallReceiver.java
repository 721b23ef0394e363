package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/**
 * What an instance method is called on, as the generated code reaches it through the companion's
 * {@code self} and parameters: the method's own receiver ({@code f(x)}, {@code this.f(x)}), an
 * object one of its fields holds ({@code model.f(x)}, {@code this.model.f(x)}), or an object
 * parameter ({@code link.f(x)}), also through a local that names one of these ({@code Link l =
 * link; l.f(x)}, see {@link LocalAliases}). Other receivers (other locals, an enclosing instance,
 * the result of a call) are not reachable yet.
 *
 * @param holder the field of the receiver, or the parameter, holding the object called on; null
 *     for the receiver itself
 */
public record CallReceiver(VariableElement holder) {
  /** The method's own receiver. */
  public static final CallReceiver THIS = new CallReceiver(null);

  /**
   * The receiver of the instance-method call at {@code call}, in a method whose receiver has class
   * {@code receiverClass} (null for a static method); null if the generated code cannot reach it.
   */
  public static CallReceiver of(TreePath call, Trees trees, TypeElement receiverClass) {
    if (!(call.getLeaf() instanceof MethodInvocationTree node)) {
      return null;
    }
    Element method = trees.getElement(call);
    ExpressionTree select = node.getMethodSelect();
    if (select instanceof IdentifierTree) {
      return receiverClass != null
              && method != null
              && declaredBy(receiverClass, method.getEnclosingElement())
          ? THIS
          : null;
    }
    if (!(select instanceof MemberSelectTree member)) {
      return null;
    }
    TreePath targetPath = new TreePath(new TreePath(call, select), member.getExpression());
    // A local that names a parameter or a field (Bond b = bond;) is called on what it names.
    for (TreePath named = LocalAliases.aliasedAt(targetPath, trees);
        named != null;
        named = LocalAliases.aliasedAt(targetPath, trees)) {
      targetPath = named;
      while (targetPath.getLeaf() instanceof com.sun.source.tree.ParenthesizedTree p) {
        targetPath = new TreePath(targetPath, p.getExpression());
      }
    }
    ExpressionTree target = (ExpressionTree) targetPath.getLeaf();
    Element e = trees.getElement(targetPath);
    if (target instanceof IdentifierTree
        && e instanceof VariableElement parameter
        && parameter.getKind() == ElementKind.PARAMETER
        && parameter.asType().getKind() == TypeKind.DECLARED) {
      return new CallReceiver(parameter);
    }
    if (receiverClass == null) {
      return null;
    }
    if (isThis(target)) {
      return THIS;
    }
    boolean onThis =
        target instanceof IdentifierTree
            || target instanceof MemberSelectTree m && isThis(m.getExpression());
    if (onThis
        && e instanceof VariableElement field
        && e.getKind() == ElementKind.FIELD
        && !field.getModifiers().contains(Modifier.STATIC)
        && field.asType().getKind() == TypeKind.DECLARED
        && declaredBy(receiverClass, field.getEnclosingElement())) {
      return new CallReceiver(field);
    }
    return null;
  }

  private static boolean isThis(ExpressionTree e) {
    return e instanceof IdentifierTree id && id.getName().contentEquals("this");
  }

  /** Whether {@code owner} is {@code receiverClass} or one of its superclasses. */
  static boolean declaredBy(TypeElement receiverClass, Element owner) {
    for (TypeElement t = receiverClass; t != null; ) {
      if (t.equals(owner)) {
        return true;
      }
      Element superclass =
          t.getSuperclass().getKind() == TypeKind.DECLARED
              ? ((DeclaredType) t.getSuperclass()).asElement()
              : null;
      t = superclass instanceof TypeElement st ? st : null;
    }
    return false;
  }
}
