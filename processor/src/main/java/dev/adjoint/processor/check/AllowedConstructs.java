package dev.adjoint.processor.check;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.Tree.Kind;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of tree a method body may contain at all, and the error for any other. It is an
 * allow-list, not a block-list, so that a construct from a newer Java is refused, never silently
 * differentiated wrong. Whether an allowed construct is used in a supported way is for the other
 * checks of the fence.
 */
final class AllowedConstructs {
  private static final Set<Kind> STATEMENTS =
      EnumSet.of(
          Kind.BLOCK,
          Kind.EMPTY_STATEMENT,
          Kind.VARIABLE,
          Kind.EXPRESSION_STATEMENT,
          Kind.IF,
          Kind.RETURN,
          Kind.FOR_LOOP,
          Kind.WHILE_LOOP,
          Kind.DO_WHILE_LOOP,
          Kind.ENHANCED_FOR_LOOP,
          Kind.BREAK,
          Kind.CONTINUE,
          // A switch becomes a chain of ifs; SwitchChecks decides which shapes can.
          Kind.SWITCH,
          Kind.CASE,
          Kind.YIELD,
          // Only of a new exception with a message: ThrowChecks.
          Kind.THROW,
          // Kept as it is, in every generated method: ThrowChecks.
          Kind.ASSERT,
          // A label names a loop for @Checkpointed; StatementChecks refuses one on anything else.
          Kind.LABELED_STATEMENT);

  private static final Set<Kind> EXPRESSIONS =
      EnumSet.of(
          Kind.PARENTHESIZED,
          Kind.CONDITIONAL_EXPRESSION,
          Kind.SWITCH_EXPRESSION,
          Kind.TYPE_CAST,
          Kind.METHOD_INVOCATION,
          Kind.ARRAY_ACCESS,
          Kind.IDENTIFIER,
          Kind.MEMBER_SELECT,
          Kind.INT_LITERAL,
          Kind.LONG_LITERAL,
          Kind.DOUBLE_LITERAL,
          Kind.FLOAT_LITERAL,
          Kind.BOOLEAN_LITERAL,
          Kind.CHAR_LITERAL,
          Kind.STRING_LITERAL,
          Kind.NULL_LITERAL,
          Kind.UNARY_MINUS,
          Kind.UNARY_PLUS,
          Kind.LOGICAL_COMPLEMENT,
          Kind.BITWISE_COMPLEMENT,
          Kind.PREFIX_INCREMENT,
          Kind.PREFIX_DECREMENT,
          Kind.POSTFIX_INCREMENT,
          Kind.POSTFIX_DECREMENT,
          Kind.MULTIPLY,
          Kind.DIVIDE,
          Kind.REMAINDER,
          Kind.PLUS,
          Kind.MINUS,
          Kind.LEFT_SHIFT,
          Kind.RIGHT_SHIFT,
          Kind.UNSIGNED_RIGHT_SHIFT,
          Kind.LESS_THAN,
          Kind.GREATER_THAN,
          Kind.LESS_THAN_EQUAL,
          Kind.GREATER_THAN_EQUAL,
          Kind.EQUAL_TO,
          Kind.NOT_EQUAL_TO,
          Kind.AND,
          Kind.XOR,
          Kind.OR,
          Kind.CONDITIONAL_AND,
          Kind.CONDITIONAL_OR,
          Kind.ASSIGNMENT,
          Kind.PLUS_ASSIGNMENT,
          Kind.MINUS_ASSIGNMENT,
          Kind.MULTIPLY_ASSIGNMENT,
          Kind.DIVIDE_ASSIGNMENT,
          Kind.REMAINDER_ASSIGNMENT,
          Kind.AND_ASSIGNMENT,
          Kind.OR_ASSIGNMENT,
          Kind.XOR_ASSIGNMENT,
          Kind.LEFT_SHIFT_ASSIGNMENT,
          Kind.RIGHT_SHIFT_ASSIGNMENT,
          Kind.UNSIGNED_RIGHT_SHIFT_ASSIGNMENT);

  private AllowedConstructs() {}

  /** Whether a tree of this kind may appear in a method body at all. */
  static boolean allows(Kind kind) {
    return STATEMENTS.contains(kind) || EXPRESSIONS.contains(kind);
  }

  /** Reports {@code tree}, a kind not allowed, naming the construct as the user wrote it. */
  static void refuse(Tree tree, Reporter reporter) {
    switch (tree.getKind().name()) {
      case "TRY" -> reporter.error(tree, Message.TRY, "try/catch");
      case "NEW_CLASS" ->
          reporter.error(tree, Message.NEW_OBJECT, "new " + ((NewClassTree) tree).getIdentifier());
      case "NEW_ARRAY" -> reporter.error(tree, Message.ARRAY, FenceWalk.oneLine(tree));
      case "LAMBDA_EXPRESSION", "MEMBER_REFERENCE" -> reporter.error(tree, Message.LAMBDA);
      case "INSTANCE_OF" -> reporter.error(tree, Message.UNSUPPORTED_EXPRESSION, "instanceof");
      case "CLASS" -> reporter.error(tree, Message.UNSUPPORTED_STATEMENT, "A local class");
      default ->
          reporter.error(
              tree,
              tree instanceof ExpressionTree
                  ? Message.UNSUPPORTED_EXPRESSION
                  : Message.UNSUPPORTED_STATEMENT,
              describe(tree));
    }
  }

  private static String describe(Tree tree) {
    String kind = tree.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return switch (tree.getKind().name()) {
      case "BREAK" -> "break";
      case "CONTINUE" -> "continue";
      case "ASSERT" -> "assert";
      case "SYNCHRONIZED" -> "synchronized";
      case "LABELED_STATEMENT" -> "A labeled statement";
      case "YIELD" -> "yield";
      default -> Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    };
  }
}
