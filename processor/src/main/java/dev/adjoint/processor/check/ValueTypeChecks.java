package dev.adjoint.processor.check;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Value types: every value a body computes must be a double, or an int, long or boolean used as
 * data. An unsupported type is reported at, and named after, the innermost part that has it
 * ({@code "a"} in {@code "a" == "b"}, not the comparison): that is what the user must change.
 */
final class ValueTypeChecks {
  private final FenceWalk walk;
  private final Reporter reporter;
  private final ExpressionTypes types;

  ValueTypeChecks(FenceWalk walk) {
    this.walk = walk;
    this.reporter = walk.reporter;
    this.types = walk.types;
  }

  void literal(LiteralTree node) {
    switch (node.getKind()) {
      case FLOAT_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "float");
      case CHAR_LITERAL -> {
        // An int to every use but joining a string, where it is a character.
        if (joinsAString()) {
          reporter.error(node, Message.VALUE_TYPE, "char");
        }
      }
      case STRING_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "String");
      case NULL_LITERAL -> reporter.error(node, Message.VALUE_TYPE, "null");
      default -> {}
    }
  }

  /** Whether the literal at the walk's path is an operand of {@code +} making a String. */
  private boolean joinsAString() {
    TreePath parent = walk.path().getParentPath();
    while (parent != null && parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    if (parent == null || parent.getLeaf().getKind() != Tree.Kind.PLUS) {
      return false;
    }
    TypeMirror type = walk.trees.getTypeMirror(parent);
    return type == null || type.getKind() == javax.lang.model.type.TypeKind.DECLARED;
  }

  void cast(TypeCastTree node) {
    if (ExpressionTypes.castType(node.getType()) == null) {
      reporter.error(node, Message.VALUE_TYPE, node.getType());
      return;
    }
    walk.scan(node.getExpression());
  }

  /**
   * Scans an operator's operands, which report an unsupported type where it arises (the string
   * literal in {@code "a" == "b"}) along with any other problem they have; the operator itself is
   * blamed only if none of them was.
   */
  void operator(Tree node) {
    boolean supported = types.typeOf(walk.path()) != null;
    int before = reporter.errorCount();
    for (Tree operand : operands(node)) {
      walk.scan(operand);
    }
    if (!supported && reporter.errorCount() == before) {
      reporter.error(node, Message.VALUE_TYPE, describeType(walk.path()));
    }
  }

  /** Reports the tree being checked, {@code node}, if its value has an unsupported type. */
  void checkValueType(Tree node) {
    if (types.typeOf(walk.path()) == null) {
      reporter.error(node, Message.VALUE_TYPE, describeType(walk.path()));
    }
  }

  /**
   * Names the unsupported type in an expression: that of the innermost part whose type Adjoint
   * cannot compute with ({@code "a"} in {@code "a" == "b"}, not the boolean comparison).
   */
  private String describeType(TreePath path) {
    Tree tree = path.getLeaf();
    for (Tree child : operands(tree)) {
      TreePath childPath = new TreePath(path, child);
      if (types.typeOf(childPath) == null) {
        return describeType(childPath);
      }
    }
    switch (tree.getKind()) {
      case STRING_LITERAL:
        return "String";
      case FLOAT_LITERAL:
        return "float";
      case CHAR_LITERAL:
        return "char";
      case NULL_LITERAL:
        return "null";
      case TYPE_CAST:
        return ((TypeCastTree) tree).getType().toString();
      default:
        Element e = walk.trees.getElement(path);
        if (e instanceof ExecutableElement m) {
          return m.getReturnType().toString();
        }
        if (e != null) {
          return e.asType().toString();
        }
        TypeMirror t = walk.trees.getTypeMirror(path);
        return t != null ? t.toString() : "non-numeric";
    }
  }

  private static List<? extends Tree> operands(Tree tree) {
    if (tree instanceof BinaryTree b) {
      return List.of(b.getLeftOperand(), b.getRightOperand());
    } else if (tree instanceof UnaryTree u) {
      return List.of(u.getExpression());
    } else if (tree instanceof ParenthesizedTree p) {
      return List.of(p.getExpression());
    } else if (tree instanceof ConditionalExpressionTree c) {
      return List.of(c.getTrueExpression(), c.getFalseExpression());
    }
    return List.of();
  }
}
