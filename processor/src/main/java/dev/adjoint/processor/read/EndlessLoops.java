package dev.adjoint.processor.read;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;

/**
 * Loops that end only by a {@code return} (or a {@code throw}): {@code for (;;)}, {@code while
 * (true)}, {@code do ... while (true)} without a {@code break} of their own, as model code iterates
 * until a series or a Newton step converges. Java knows that nothing runs after such a loop; the
 * reader, which turns the returns inside it into a flag and {@code break}s, must say so too: after
 * it the method returns the value unconditionally, where after another loop it tests the flag.
 */
final class EndlessLoops {
  private EndlessLoops() {}

  /** Whether {@code loop} cannot complete normally (JLS 14.22, for unlabeled loops). */
  static boolean isEndless(StatementTree loop) {
    ExpressionTree condition;
    StatementTree body;
    if (loop instanceof ForLoopTree f) {
      condition = f.getCondition();
      body = f.getStatement();
    } else if (loop instanceof WhileLoopTree w) {
      condition = w.getCondition();
      body = w.getStatement();
    } else if (loop instanceof DoWhileLoopTree d) {
      condition = d.getCondition();
      body = d.getStatement();
    } else {
      return false;
    }
    return (condition == null || isTrue(condition)) && !breaksOut(body);
  }

  private static boolean isTrue(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e instanceof LiteralTree l && Boolean.TRUE.equals(l.getValue());
  }

  /**
   * Whether {@code body} holds a {@code break} that leaves the loop around it: one not inside a
   * nested loop or switch, which it would leave instead (labeled breaks are refused by the fence).
   */
  private static boolean breaksOut(StatementTree body) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBreak(BreakTree node, Void unused) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitForLoop(ForLoopTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitSwitch(SwitchTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree node, Void unused) {
        return null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        return null;
      }
    }.scan(body, null);
    return found[0];
  }
}
