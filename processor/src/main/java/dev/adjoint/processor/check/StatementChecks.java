package dev.adjoint.processor.check;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Statements: the exits a method may take, what it may declare, and which expressions may stand
 * as statements. Refused: a return inside a loop of a vector-valued method and a labeled break or
 * continue (exits the differentiators do not handle), a local variable of a type Adjoint does not
 * compute with (local arrays are {@link ArrayChecks}'), and as a statement any expression but an
 * assignment, {@code ++}, {@code --} or a call.
 */
final class StatementChecks {
  private final FenceWalk walk;
  private final Reporter reporter;
  /** Whether the method returns {@code double[]}: a vector-valued method. */
  private final boolean returnsArray;

  StatementChecks(FenceWalk walk, boolean returnsArray) {
    this.walk = walk;
    this.reporter = walk.reporter;
    this.returnsArray = returnsArray;
  }

  void returnStatement(ReturnTree node) {
    if (walk.inLoop() && returnsArray) {
      // The reader rewrites a return inside a loop into a result variable, a number's only.
      reporter.error(node, Message.LOOP);
    }
    if (returnsArray) {
      walk.arrays.returnedArray(node.getExpression());
    } else {
      walk.scan(node.getExpression());
    }
  }

  /** A label is allowed on a loop only, to name it for {@code @Checkpointed}; true if allowed. */
  boolean labeledStatement(com.sun.source.tree.LabeledStatementTree node) {
    if (isLoop(node.getStatement())) {
      return true;
    }
    reporter.error(node, Message.UNSUPPORTED_STATEMENT, "A labeled statement");
    return false;
  }

  static boolean isLoop(com.sun.source.tree.StatementTree s) {
    return s instanceof com.sun.source.tree.ForLoopTree
        || s instanceof com.sun.source.tree.WhileLoopTree
        || s instanceof com.sun.source.tree.DoWhileLoopTree
        || s instanceof com.sun.source.tree.EnhancedForLoopTree;
  }

  void breakStatement(BreakTree node) {
    if (node.getLabel() != null) {
      reporter.error(node, Message.UNSUPPORTED_STATEMENT, "A labeled break");
    } else if (walk.breakLeavesSwitch()) {
      walk.switches.breakInCase(node);
    }
  }

  void continueStatement(ContinueTree node) {
    if (node.getLabel() != null) {
      reporter.error(node, Message.UNSUPPORTED_STATEMENT, "A labeled continue");
    }
  }

  void forLoop(ForLoopTree node) {
    walk.scan(node.getInitializer());
    walk.scan(node.getCondition());
    walk.scan(node.getUpdate());
    walk.scanLoopBody(node.getStatement());
  }

  void whileLoop(WhileLoopTree node) {
    walk.scan(node.getCondition());
    walk.scanLoopBody(node.getStatement());
  }

  void doWhileLoop(DoWhileLoopTree node) {
    walk.scan(node.getCondition());
    walk.scanLoopBody(node.getStatement());
  }

  void enhancedForLoop(EnhancedForLoopTree node) {
    walk.arrays.loopedOver(node);
    walk.scanLoopBody(node.getStatement());
  }

  void localVariable(VariableTree node) {
    Element variable = walk.trees.getElement(walk.path());
    TypeMirror type = variable == null ? null : variable.asType();
    if (type != null && type.getKind() == TypeKind.ARRAY) {
      walk.arrays.localArray(node, variable);
      return;
    }
    boolean nameable = type != null && LocalAliases.isNameable(type, walk.trees);
    if (nameable
        && node.getInitializer() != null
        && LocalAliases.isAliasInitializer(
            new TreePath(walk.path(), node.getInitializer()), walk.trees)) {
      // Another name for data or a model object: read (or called on) where it is used. A named
      // String or enum field is checked as a read of it; an object where a method is called on it.
      Tree.Kind kind = ThrowMessages.unwrapped(node.getInitializer()).getKind();
      if (Support.dataObjectTypeOf(type) != null
          && (kind == Tree.Kind.IDENTIFIER || kind == Tree.Kind.MEMBER_SELECT)) {
        walk.scan(node.getInitializer());
      }
      return;
    }
    if (nameable) {
      reporter.error(node, Message.LOCAL_ALIAS, node.getName(), type);
    } else if (type == null || Support.typeOf(type) == null) {
      reporter.error(node, Message.VALUE_TYPE, type);
    }
    walk.scan(node.getInitializer());
  }

  void expressionStatement(ExpressionStatementTree node) {
    switch (node.getExpression().getKind()) {
      case ASSIGNMENT,
          PLUS_ASSIGNMENT,
          MINUS_ASSIGNMENT,
          MULTIPLY_ASSIGNMENT,
          DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT,
          AND_ASSIGNMENT,
          OR_ASSIGNMENT,
          XOR_ASSIGNMENT,
          LEFT_SHIFT_ASSIGNMENT,
          RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT,
          PREFIX_INCREMENT,
          PREFIX_DECREMENT,
          POSTFIX_INCREMENT,
          POSTFIX_DECREMENT -> walk.scan(node.getExpression());
      // A call for its effect: accepted or refused for what it calls, as anywhere else.
      case METHOD_INVOCATION -> walk.scan(node.getExpression());
      default ->
          reporter.error(
              node, Message.UNSUPPORTED_STATEMENT, "An expression whose value is unused");
    }
  }
}
