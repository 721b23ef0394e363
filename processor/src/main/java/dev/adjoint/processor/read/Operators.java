package dev.adjoint.processor.read;

import com.sun.source.tree.Tree.Kind;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Type;

/** javac's operator kinds as IR operators, and Java's binary numeric promotion. */
final class Operators {
  private Operators() {}

  static BinaryOp binary(Kind kind) {
    switch (kind) {
      case MULTIPLY:
        return BinaryOp.MUL;
      case DIVIDE:
        return BinaryOp.DIV;
      case REMAINDER:
        return BinaryOp.REM;
      case PLUS:
        return BinaryOp.ADD;
      case MINUS:
        return BinaryOp.SUB;
      case LEFT_SHIFT:
        return BinaryOp.SHL;
      case RIGHT_SHIFT:
        return BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT:
        return BinaryOp.USHR;
      case LESS_THAN:
        return BinaryOp.LT;
      case LESS_THAN_EQUAL:
        return BinaryOp.LE;
      case GREATER_THAN:
        return BinaryOp.GT;
      case GREATER_THAN_EQUAL:
        return BinaryOp.GE;
      case EQUAL_TO:
        return BinaryOp.EQ;
      case NOT_EQUAL_TO:
        return BinaryOp.NE;
      case AND:
        return BinaryOp.BIT_AND;
      case XOR:
        return BinaryOp.XOR;
      case OR:
        return BinaryOp.BIT_OR;
      case CONDITIONAL_AND:
        return BinaryOp.AND;
      case CONDITIONAL_OR:
        return BinaryOp.OR;
      default:
        throw new IllegalArgumentException("not a binary operator: " + kind);
    }
  }

  static BinaryOp compound(Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT:
        return BinaryOp.ADD;
      case MINUS_ASSIGNMENT:
        return BinaryOp.SUB;
      case MULTIPLY_ASSIGNMENT:
        return BinaryOp.MUL;
      case DIVIDE_ASSIGNMENT:
        return BinaryOp.DIV;
      case REMAINDER_ASSIGNMENT:
        return BinaryOp.REM;
      case AND_ASSIGNMENT:
        return BinaryOp.BIT_AND;
      case OR_ASSIGNMENT:
        return BinaryOp.BIT_OR;
      case XOR_ASSIGNMENT:
        return BinaryOp.XOR;
      case LEFT_SHIFT_ASSIGNMENT:
        return BinaryOp.SHL;
      case RIGHT_SHIFT_ASSIGNMENT:
        return BinaryOp.SHR;
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        return BinaryOp.USHR;
      default:
        throw new IllegalArgumentException("not a compound assignment: " + kind);
    }
  }

  /** The type {@code a op b} has in Java. */
  static Type promote(BinaryOp op, Type a, Type b) {
    if (a == Type.BOOLEAN || b == Type.BOOLEAN) {
      return Type.BOOLEAN;
    }
    if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
      return a;
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
