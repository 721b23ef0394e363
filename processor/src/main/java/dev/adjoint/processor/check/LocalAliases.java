package dev.adjoint.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Locals that only give another name to data or to a model object: a {@code String}, enum or
 * object local initialised with a parameter, a final field, a constant, an enum constant, a string
 * literal or another such local ({@code String mode = loss;}, {@code Kind k = kind;}, {@code Bond b
 * = bond;}). What they name cannot change while the method runs (the fence refuses assignments to
 * such locals and to fields), so the generated code reads what a local names where the local is
 * read, and calls a method on the parameter or field an object local names. Shared by the fence,
 * the call graph and the reader, so that all three see the same aliases.
 */
public final class LocalAliases {
  private LocalAliases() {}

  /**
   * The initializer that the local named at {@code use} stands for, as a path; null if {@code use}
   * names no such local.
   */
  public static TreePath aliasedAt(TreePath use, Trees trees) {
    Element local = trees.getElement(use);
    if (local == null
        || local.getKind() != ElementKind.LOCAL_VARIABLE
        || !isNameable(local.asType(), trees)) {
      return null;
    }
    TreePath declaration = declarationOf(use, local, trees);
    if (declaration == null) {
      return null;
    }
    VariableTree v = (VariableTree) declaration.getLeaf();
    if (v.getInitializer() == null) {
      return null;
    }
    TreePath initializer = new TreePath(declaration, v.getInitializer());
    return isAliasInitializer(initializer, trees) ? initializer : null;
  }

  /**
   * Whether the initializer at {@code path} may be named by a local: a parameter, a final field,
   * an enum constant, a string literal, or a local that is itself such a name.
   */
  public static boolean isAliasInitializer(TreePath path, Trees trees) {
    Tree tree = path.getLeaf();
    if (tree.getKind() == Tree.Kind.STRING_LITERAL) {
      return true;
    }
    if (tree.getKind() == Tree.Kind.PARENTHESIZED) {
      return isAliasInitializer(
          new TreePath(path, ((com.sun.source.tree.ParenthesizedTree) tree).getExpression()), trees);
    }
    if (!(tree instanceof IdentifierTree) && !(tree instanceof MemberSelectTree)) {
      return false;
    }
    if (tree instanceof MemberSelectTree m && !isNameOrThis(m.getExpression())) {
      return false;
    }
    Element e = trees.getElement(path);
    if (e == null) {
      return false;
    }
    return switch (e.getKind()) {
      case PARAMETER, ENUM_CONSTANT -> true;
      case FIELD -> e.getModifiers().contains(Modifier.FINAL);
      case LOCAL_VARIABLE -> aliasedAt(path, trees) != null;
      default -> false;
    };
  }

  /**
   * Whether a local of {@code type} may name what it holds: a String, an enum, or an object of a
   * class with source in this compilation (a model object, whose methods the generated code calls
   * on what the local names).
   */
  public static boolean isNameable(TypeMirror type, Trees trees) {
    return type.getKind() == TypeKind.DECLARED
        && (Support.dataObjectTypeOf(type) != null
            || trees.getTree(((DeclaredType) type).asElement()) != null);
  }

  /** {@code this}, or a plain or qualified class name ({@code Kind}, {@code Outer.Kind}). */
  private static boolean isNameOrThis(ExpressionTree e) {
    return e instanceof IdentifierTree
        || (e instanceof MemberSelectTree m && isNameOrThis(m.getExpression()));
  }

  /** The declaration of {@code local} in a block or case around {@code use}, or null. */
  private static TreePath declarationOf(TreePath use, Element local, Trees trees) {
    for (TreePath p = use; p != null; p = p.getParentPath()) {
      List<? extends StatementTree> statements =
          p.getLeaf() instanceof BlockTree b
              ? b.getStatements()
              : p.getLeaf() instanceof CaseTree c && c.getStatements() != null
                  ? c.getStatements()
                  : List.of();
      for (StatementTree s : statements) {
        if (s instanceof VariableTree && local.equals(trees.getElement(new TreePath(p, s)))) {
          return new TreePath(p, s);
        }
      }
    }
    return null;
  }
}
