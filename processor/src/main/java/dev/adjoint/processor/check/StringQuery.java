package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The questions a method may ask of {@code String} data, as model code selects its link function
 * or loss by name ({@code mode.equals("sq")}): each is a function of its strings, without effects,
 * whose {@code boolean} or {@code int} value is data to the derivative. Decided once, from javac's
 * element for the method called, for the fence and the reader alike. Its operands (the receiver
 * first, then the arguments) must be string data: a literal, or a name of a {@code String}
 * parameter, field, constant or a local naming one ({@link LocalAliases}); generated code then
 * makes the same call on the same strings.
 */
public enum StringQuery {
  /** {@code s.equals(t)}: {@code String.equals(Object)}. */
  EQUALS("java.lang.String", "equals", 1),
  /** {@code s.isEmpty()}. */
  IS_EMPTY("java.lang.String", "isEmpty", 0),
  /** {@code s.length()}. */
  LENGTH("java.lang.String", "length", 0),
  /** {@code Objects.equals(a, b)}, both strings. */
  OBJECTS_EQUALS("java.util.Objects", "equals", 2);

  private final String owner;
  private final String method;
  private final int parameters;

  StringQuery(String owner, String method, int parameters) {
    this.owner = owner;
    this.method = method;
    this.parameters = parameters;
  }

  /** The method's name, for the generated call. */
  public String javaName() {
    return method;
  }

  /** Whether it is called on its first operand (an instance method of {@code String}). */
  public boolean onReceiver() {
    return this != OBJECTS_EQUALS;
  }

  /** The query {@code method} is, or null: the method's owner, name and arity decide. */
  public static StringQuery of(ExecutableElement method) {
    if (method.getKind() != ElementKind.METHOD
        || !(method.getEnclosingElement() instanceof TypeElement type)) {
      return null;
    }
    for (StringQuery q : values()) {
      if (type.getQualifiedName().contentEquals(q.owner)
          && method.getSimpleName().contentEquals(q.method)
          && method.getParameters().size() == q.parameters) {
        return q;
      }
    }
    return null;
  }

  /** The operands of {@code call} at {@code path}: the receiver of an instance method first. */
  public List<TreePath> operands(TreePath path) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    List<TreePath> out = new ArrayList<>();
    if (onReceiver()) {
      ExpressionTree select = call.getMethodSelect();
      TreePath selectPath = new TreePath(path, select);
      if (!(select instanceof MemberSelectTree m)) {
        return null;
      }
      out.add(new TreePath(selectPath, m.getExpression()));
    }
    for (ExpressionTree arg : call.getArguments()) {
      out.add(new TreePath(path, arg));
    }
    return out;
  }

  /**
   * Whether the operand at {@code path} is string data: a string literal, or the name of a
   * {@code String} variable or field (through parentheses).
   */
  public static boolean isStringData(TreePath path, Trees trees) {
    Tree leaf = path.getLeaf();
    if (leaf instanceof com.sun.source.tree.ParenthesizedTree p) {
      return isStringData(new TreePath(path, p.getExpression()), trees);
    }
    if (leaf.getKind() == Tree.Kind.STRING_LITERAL) {
      return true;
    }
    if (leaf.getKind() != Tree.Kind.IDENTIFIER && leaf.getKind() != Tree.Kind.MEMBER_SELECT) {
      return false;
    }
    Element e = trees.getElement(path);
    return e != null
        && (e.getKind() == ElementKind.PARAMETER
            || e.getKind() == ElementKind.FIELD
            || e.getKind() == ElementKind.LOCAL_VARIABLE)
        && ThrowMessages.isStringType(e.asType());
  }
}
