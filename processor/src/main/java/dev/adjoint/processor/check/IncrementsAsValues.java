package dev.adjoint.processor.check;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * {@code ++} and {@code --} used as a value, as in {@code ser += c / ++y} or {@code a[n++] = v}:
 * the reader makes the step a statement of its own just before the statement that holds it
 * ({@code y = y + 1;}, or for {@code n++} first {@code int nBefore = n;}), and reads the value
 * as {@code y} or {@code nBefore}. That is what Java computes when the step runs exactly once,
 * whenever the statement runs, and nothing else in the statement names the variable, so that
 * nothing can tell whether it was read before or after the step. So the step must be of a local
 * variable or parameter, in the expression of an expression statement, a declaration's
 * initializer, a {@code return} or an {@code if}'s condition, reached only through operators that
 * always evaluate their operands (not the right of {@code &&} or {@code ||}, nor a branch of
 * {@code ?:}); everything else stays ADJ039.
 */
public final class IncrementsAsValues {
  private static final Set<Tree.Kind> STEPS =
      Set.of(
          Tree.Kind.PREFIX_INCREMENT,
          Tree.Kind.PREFIX_DECREMENT,
          Tree.Kind.POSTFIX_INCREMENT,
          Tree.Kind.POSTFIX_DECREMENT);

  private IncrementsAsValues() {}

  /** Whether {@code tree} is {@code ++} or {@code --}, prefix or postfix. */
  public static boolean isStep(Tree tree) {
    return STEPS.contains(tree.getKind());
  }

  /** Whether the step at {@code step} is a statement of its own ({@code k++;}). */
  public static boolean isStatement(TreePath step) {
    return step.getParentPath().getLeaf() instanceof ExpressionStatementTree;
  }

  /**
   * The expression of {@code s} in which steps may be used as values, evaluated once each time
   * {@code s} runs, before anything else of it: null if it has none.
   */
  public static ExpressionTree fullExpression(StatementTree s) {
    if (s instanceof ExpressionStatementTree e) {
      return e.getExpression();
    } else if (s instanceof VariableTree v) {
      return v.getInitializer();
    } else if (s instanceof ReturnTree r) {
      return r.getExpression();
    } else if (s instanceof IfTree i) {
      return i.getCondition();
    }
    return null;
  }

  /** Why the step at {@code step}, used as a value, cannot be read so; null if it can. */
  static String whyNot(TreePath step, Trees trees) {
    UnaryTree unary = (UnaryTree) step.getLeaf();
    Element variable = trees.getElement(new TreePath(step, unary.getExpression()));
    if (!(unary.getExpression() instanceof IdentifierTree)
        || variable == null
        || (variable.getKind() != ElementKind.LOCAL_VARIABLE
            && variable.getKind() != ElementKind.PARAMETER)) {
      return "only a local variable's step may be used as a value";
    }
    TreePath at = step;
    while (true) {
      TreePath parentPath = at.getParentPath();
      Tree parent = parentPath.getLeaf();
      Tree leaf = at.getLeaf();
      if (parent instanceof StatementTree s && fullExpression(s) == leaf) {
        return namedOnce(variable, new TreePath(parentPath, leaf), trees)
            ? null
            : variable.getSimpleName() + " is named elsewhere in the statement";
      }
      if (!alwaysEvaluates(parent, leaf)) {
        return "it would not run exactly once each time its statement runs";
      }
      at = parentPath;
    }
  }

  /** Whether evaluating {@code parent} always evaluates its operand {@code operand}, once. */
  private static boolean alwaysEvaluates(Tree parent, Tree operand) {
    if (parent instanceof BinaryTree b) {
      return !(b.getKind() == Tree.Kind.CONDITIONAL_AND || b.getKind() == Tree.Kind.CONDITIONAL_OR)
          || b.getLeftOperand() == operand;
    }
    if (parent instanceof ConditionalExpressionTree c) {
      return c.getCondition() == operand;
    }
    if (parent instanceof UnaryTree u) {
      return !isStep(u);
    }
    return parent instanceof ParenthesizedTree
        || parent instanceof TypeCastTree
        || parent instanceof ArrayAccessTree
        || (parent instanceof MethodInvocationTree call && call.getArguments().contains(operand))
        // (In the target, only the index of an element written, a[n++] = v, can hold a step.)
        || parent instanceof AssignmentTree
        || parent instanceof CompoundAssignmentTree;
  }

  /** Whether {@code variable} is named exactly once in the expression at {@code expression}. */
  private static boolean namedOnce(Element variable, TreePath expression, Trees trees) {
    int[] names = {0};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        if (variable.equals(trees.getElement(getCurrentPath()))) {
          names[0]++;
        }
        return null;
      }
    }.scan(expression, null);
    return names[0] == 1;
  }
}
