package dev.adjoint.processor.check;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Type;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * The type of an expression in a method body. During annotation processing javac has not yet
 * attributed method bodies, so {@code Trees.getTypeMirror} answers only for names; the types of
 * literals, operators and casts are worked out here by Java's promotion rules. Null means a type
 * Adjoint does not compute with (String, float, an object, ...).
 */
public final class ExpressionTypes {
  private final Trees trees;

  public ExpressionTypes(Trees trees) {
    this.trees = trees;
  }

  /** The type of an array-valued expression: a named array, or a row {@code m[i]}. */
  private Type arrayTypeOf(TreePath path) {
    Tree tree = path.getLeaf();
    if (tree instanceof com.sun.source.tree.ParenthesizedTree p) {
      return arrayTypeOf(child(path, p.getExpression()));
    }
    if (tree instanceof com.sun.source.tree.ArrayAccessTree a) {
      Type outer = arrayTypeOf(child(path, a.getExpression()));
      return outer == null ? null : outer.elementType();
    }
    Element array = trees.getElement(path);
    return array == null ? null : Support.parameterTypeOf(array.asType());
  }

  public Type typeOf(TreePath path) {
    Tree tree = path.getLeaf();
    switch (tree.getKind()) {
      case INT_LITERAL:
        return Type.INT;
      case LONG_LITERAL:
        return Type.LONG;
      case DOUBLE_LITERAL:
        return Type.DOUBLE;
      case BOOLEAN_LITERAL:
        return Type.BOOLEAN;
      case CHAR_LITERAL:
        // Read as the int it widens to: char values themselves are not computed with.
        return Type.INT;
      case PARENTHESIZED:
        return typeOf(child(path, ((ParenthesizedTree) tree).getExpression()));
      case TYPE_CAST:
        return castType(((TypeCastTree) tree).getType());
      case CONDITIONAL_EXPRESSION:
        {
          ConditionalExpressionTree c = (ConditionalExpressionTree) tree;
          Type a = typeOf(child(path, c.getTrueExpression()));
          Type b = typeOf(child(path, c.getFalseExpression()));
          if (a == null || b == null) {
            return null;
          }
          return a == b ? a : numericPromotion(a, b);
        }
      case SWITCH_EXPRESSION:
        return switchType(path, (com.sun.source.tree.SwitchExpressionTree) tree);
      case ARRAY_ACCESS:
        {
          Type arrayType =
              arrayTypeOf(child(path, ((com.sun.source.tree.ArrayAccessTree) tree).getExpression()));
          return arrayType == null ? null : arrayType.elementType();
        }
      case METHOD_INVOCATION:
        {
          Element e = trees.getElement(path);
          return e instanceof ExecutableElement m ? Support.typeOf(m.getReturnType()) : null;
        }
      case IDENTIFIER:
      case MEMBER_SELECT:
        {
          Element e = trees.getElement(path);
          if (e == null) {
            return null;
          }
          Type type = Support.typeOf(e.asType());
          // A String or enum parameter, field or constant: data to switch on and compare.
          return type != null ? type : Support.dataObjectTypeOf(e.asType());
        }
      default:
        break;
    }
    if (tree instanceof LiteralTree) {
      return null;
    }
    if (tree instanceof UnaryTree u) {
      Type operand = typeOf(child(path, u.getExpression()));
      if (operand == null) {
        return null;
      }
      return tree.getKind() == Tree.Kind.LOGICAL_COMPLEMENT ? Type.BOOLEAN : operand;
    }
    if (tree instanceof BinaryTree b) {
      Type l = typeOf(child(path, b.getLeftOperand()));
      Type r = typeOf(child(path, b.getRightOperand()));
      if (l == null || r == null) {
        return null;
      }
      switch (tree.getKind()) {
        case LESS_THAN:
        case LESS_THAN_EQUAL:
        case GREATER_THAN:
        case GREATER_THAN_EQUAL:
        case EQUAL_TO:
        case NOT_EQUAL_TO:
        case CONDITIONAL_AND:
        case CONDITIONAL_OR:
          return Type.BOOLEAN;
        case LEFT_SHIFT:
        case RIGHT_SHIFT:
        case UNSIGNED_RIGHT_SHIFT:
          return l;
        case AND:
        case OR:
        case XOR:
          return l == Type.BOOLEAN ? Type.BOOLEAN : numericPromotion(l, r);
        default:
          return numericPromotion(l, r);
      }
    }
    return null;
  }

  /** The type of a switch expression: that of its arms' values, promoted as Java does. */
  private Type switchType(TreePath path, com.sun.source.tree.SwitchExpressionTree tree) {
    Type type = null;
    for (com.sun.source.tree.CaseTree c : tree.getCases()) {
      TreePath casePath = new TreePath(path, c);
      TreePath value = null;
      if (c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE
          && c.getBody() instanceof ExpressionTree e) {
        value = child(casePath, e);
      } else {
        TreePath blockPath = casePath;
        java.util.List<? extends com.sun.source.tree.StatementTree> statements = c.getStatements();
        if (c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE
            && c.getBody() instanceof com.sun.source.tree.BlockTree b) {
          blockPath = new TreePath(casePath, b);
          statements = b.getStatements();
        }
        if (statements != null
            && !statements.isEmpty()
            && statements.get(statements.size() - 1) instanceof com.sun.source.tree.YieldTree y) {
          value = child(new TreePath(blockPath, y), y.getValue());
        }
      }
      if (value == null) {
        continue; // an arm that throws, or falls into the next: no value of its own
      }
      Type arm = typeOf(value);
      if (arm == null) {
        return null;
      }
      type = type == null || type == arm ? arm : numericPromotion(type, arm);
      if (type == null) {
        return null;
      }
    }
    return type;
  }

  private static boolean isNumber(Type t) {
    return t == Type.DOUBLE || t == Type.INT || t == Type.LONG;
  }

  private static TreePath child(TreePath parent, ExpressionTree e) {
    return new TreePath(parent, e);
  }

  /** The type a cast converts to, or null for a type Adjoint does not support. */
  public static Type castType(Tree typeTree) {
    if (typeTree instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
        case DOUBLE:
          return Type.DOUBLE;
        case INT:
          return Type.INT;
        case LONG:
          return Type.LONG;
        default:
          return null;
      }
    }
    return null;
  }

  static Type numericPromotion(Type a, Type b) {
    if (!isNumber(a) || !isNumber(b)) {
      return null;
    }
    if (a == Type.DOUBLE || b == Type.DOUBLE) {
      return Type.DOUBLE;
    }
    if (a == Type.LONG || b == Type.LONG) {
      return Type.LONG;
    }
    return Type.INT;
  }
}
