package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.Tree.Kind;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Writes: {@code =}, {@code op=}, {@code ++} and {@code --}. Each must be a statement of its own,
 * as the differentiators need (a step may be a value where the reader can make it one, see {@link
 * IncrementsAsValues}), and may write only a local variable or parameter of a type Adjoint
 * computes with, or an element of a local array ({@link ArrayChecks}): the generated methods must
 * not change fields or their inputs.
 */
final class AssignmentChecks {
  private final FenceWalk walk;
  private final Reporter reporter;

  AssignmentChecks(FenceWalk walk) {
    this.walk = walk;
    this.reporter = walk.reporter;
  }

  /** {@code target = value} or {@code target op= value}. */
  void assignment(ExpressionTree node, ExpressionTree target, ExpressionTree value) {
    checkStatementPosition(node);
    if (checkAssignable(node, target)) {
      walk.scan(value);
    }
  }

  /**
   * {@code ++} or {@code --}, prefix or postfix: a statement, or a value where {@link
   * IncrementsAsValues} can read it as one.
   */
  void increment(UnaryTree node) {
    if (!IncrementsAsValues.isStatement(walk.path())) {
      String why = IncrementsAsValues.whyNot(walk.path(), walk.trees);
      if (why != null) {
        reporter.error(
            node, Message.ASSIGNMENT_AS_VALUE, FenceWalk.oneLine(node) + " (" + why + ")");
      }
    }
    checkAssignable(node, node.getExpression());
  }

  private void checkStatementPosition(Tree node) {
    Tree parent = walk.path().getParentPath().getLeaf();
    if (parent.getKind() != Kind.EXPRESSION_STATEMENT) {
      reporter.error(node, Message.ASSIGNMENT_AS_VALUE, FenceWalk.oneLine(node));
    }
  }

  /** Whether the value assigned is worth checking: false where the target is refused as a name. */
  private boolean checkAssignable(Tree node, ExpressionTree target) {
    Element e = walk.trees.getElement(new TreePath(walk.path(), target));
    if (target instanceof ArrayAccessTree element) {
      walk.arrays.elementWrite(node, element);
    } else if (e != null && e.getKind() == ElementKind.FIELD) {
      reporter.error(node, Message.FIELD_WRITE, e.getSimpleName());
    } else if (e == null
        || (e.getKind() != ElementKind.PARAMETER && e.getKind() != ElementKind.LOCAL_VARIABLE)) {
      reporter.error(node, Message.NOT_ASSIGNABLE, FenceWalk.oneLine(target));
    } else if (e.getKind() == ElementKind.LOCAL_VARIABLE
        && LocalAliases.isNameable(e.asType(), walk.trees)) {
      reporter.error(node, Message.LOCAL_ALIAS, e.getSimpleName(), e.asType());
      return false;
    } else if (Support.typeOf(e.asType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, e.asType());
    }
    return true;
  }
}
