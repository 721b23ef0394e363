package dev.adjoint.processor.check;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePathScanner;

/**
 * A scanner told of every target a body writes: the left of an assignment or a compound
 * assignment, and the operand of {@code ++} or {@code --}, so that the passes asking what a body
 * changes agree on what a write is.
 */
public abstract class WriteScanner extends TreePathScanner<Void, Void> {
  /** {@code target} is written by the tree at the current path. */
  protected abstract void written(ExpressionTree target);

  @Override
  public Void visitAssignment(AssignmentTree a, Void unused) {
    written(a.getVariable());
    return super.visitAssignment(a, unused);
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree a, Void unused) {
    written(a.getVariable());
    return super.visitCompoundAssignment(a, unused);
  }

  @Override
  public Void visitUnary(UnaryTree u, Void unused) {
    switch (u.getKind()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
          written(u.getExpression());
      default -> {}
    }
    return super.visitUnary(u, unused);
  }
}
