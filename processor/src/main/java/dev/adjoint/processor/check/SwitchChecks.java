package dev.adjoint.processor.check;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.diag.Reporter;
import dev.adjoint.processor.ir.Type;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code switch} statements and expressions, in arrow and colon forms, on {@code int}, {@code
 * String} and enum data. The
 * reader turns one into an {@code if}/{@code else} chain (or, inside an expression, a chain of
 * {@code ?:}), so what it may contain is what such a chain can express: no fall-through from one
 * group of labels into the next, {@code break} only as the last statement of a case, {@code yield}
 * only as the last statement of an arm. A switch expression whose arms run statements must be a
 * whole initializer, assigned value or returned value, where its arms become statements; inside a
 * larger expression its selector must not call anything, since each comparison reads it again.
 */
final class SwitchChecks {
  private final FenceWalk walk;
  private final Reporter reporter;

  /** The switch whose cases are being scanned: which case ends which group, and how. */
  private record Context(
      Map<CaseTree, SwitchGroups.Group> ends, boolean expression, boolean statementLevel) {}

  private Context context;

  SwitchChecks(FenceWalk walk) {
    this.walk = walk;
    this.reporter = walk.reporter;
  }

  void switchStatement(SwitchTree node) {
    selector(node.getExpression());
    scanCases(node.getCases(), false, true);
  }

  void switchExpression(SwitchExpressionTree node) {
    boolean statementLevel = isStatementLevel(walk.path());
    selector(node.getExpression());
    if (!statementLevel && containsCall(node.getExpression())) {
      reporter.error(
          node.getExpression(),
          Message.SWITCH,
          "inside a larger expression its selector is read once per case, so it must not call"
              + " methods. Store the selector in a local variable and switch on that");
    }
    int before = reporter.errorCount();
    scanCases(node.getCases(), true, statementLevel);
    if (reporter.errorCount() == before && walk.types.typeOf(walk.path()) == null) {
      reporter.error(node, Message.VALUE_TYPE, "this switch's value");
    }
  }

  private void scanCases(
      List<? extends CaseTree> cases, boolean expression, boolean statementLevel) {
    Map<CaseTree, SwitchGroups.Group> ends = new IdentityHashMap<>();
    List<SwitchGroups.Group> groups = SwitchGroups.of(cases);
    for (SwitchGroups.Group g : groups) {
      ends.put(g.bodyCase(), g);
    }
    Context outer = context;
    context = new Context(ends, expression, statementLevel);
    try {
      walk.scan(cases);
    } finally {
      context = outer;
    }
    for (int k = 0; k + 1 < groups.size(); k++) {
      SwitchGroups.Group g = groups.get(k);
      List<? extends StatementTree> body = g.statements();
      if (g.first().getCaseKind() == CaseTree.CaseKind.STATEMENT
          && !body.isEmpty()
          && !SwitchGroups.endsCase(body.get(body.size() - 1))) {
        reporter.error(
            body.get(body.size() - 1),
            Message.SWITCH,
            "control falls through from this case into the next. End the case with break (or"
                + " give the cases one body: case 1, 2 -> ...)");
      }
    }
  }

  /** A case: its labels, and if it ends a group, the group's body. */
  void caseTree(CaseTree node) {
    for (ExpressionTree label : node.getExpressions()) {
      if (label.getKind() != Tree.Kind.STRING_LITERAL) {
        // A string literal is a label of a switch on a String, which compares with equals.
        walk.scan(label);
      }
    }
    SwitchGroups.Group group = context.ends().get(node);
    if (group == null) {
      return;
    }
    Context own = context;
    if (group.value() != null) {
      walk.scan(group.value());
      return;
    }
    if (own.expression() && !own.statementLevel() && !group.isSimpleValue()) {
      reporter.error(
          node,
          Message.SWITCH,
          "a switch expression whose cases run statements must be a whole initializer, assigned"
              + " value or returned value (double y = switch ...). Store it in a local variable"
              + " first");
    }
    List<? extends StatementTree> body = group.statements();
    for (int k = 0; k < body.size(); k++) {
      StatementTree s = body.get(k);
      boolean last = k == body.size() - 1;
      if (last && s instanceof com.sun.source.tree.BreakTree b && b.getLabel() == null) {
        // The break that ends a case: the chain of ifs needs nothing for it.
        continue;
      }
      if (last && s instanceof YieldTree y && own.expression()) {
        walk.scan(y.getValue());
        continue;
      }
      walk.scanCaseStatement(s);
    }
  }

  /** A break that would leave the switch from inside a case: only its last statement may. */
  void breakInCase(Tree node) {
    reporter.error(
        node,
        Message.SWITCH,
        "break leaves a case from the middle. Use if/else inside the case so that its break is"
            + " its last statement");
  }

  /** A yield that is not the last statement of its arm. */
  void yieldStatement(YieldTree node) {
    reporter.error(
        node,
        Message.SWITCH,
        "yield can only be the last statement of its case. Assign the value to a local variable"
            + " and yield that at the end");
    walk.scan(node.getValue());
  }

  private void selector(ExpressionTree selector) {
    Type type = walk.types.typeOf(new TreePath(walk.path(), selector));
    walk.scan(selector);
    Tree.Kind kind = ThrowMessages.unwrapped(selector).getKind();
    if ((type == Type.STRING || type == Type.ENUM)
        && kind != Tree.Kind.IDENTIFIER
        && kind != Tree.Kind.MEMBER_SELECT) {
      reporter.error(
          selector,
          Message.SWITCH,
          "its selector computes a " + type.javaName() + ". Switch on a String or enum parameter,"
              + " field or constant");
    }
    if (type != null && type != Type.INT && type != Type.STRING && type != Type.ENUM) {
      reporter.error(
          selector,
          Message.SWITCH,
          "its selector is a " + type.javaName() + ". Switch on int, String or enum data, or use"
              + " if/else");
    }
  }

  /** Whether a switch expression at {@code path} is a whole initializer, assignment or return. */
  static boolean isStatementLevel(TreePath path) {
    Tree parent = path.getParentPath().getLeaf();
    if (parent instanceof VariableTree || parent instanceof ReturnTree) {
      return true;
    }
    return parent instanceof AssignmentTree a
        && a.getVariable() instanceof com.sun.source.tree.IdentifierTree
        && path.getParentPath().getParentPath().getLeaf() instanceof ExpressionStatementTree;
  }

  private static boolean containsCall(ExpressionTree e) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMethodInvocation(
              com.sun.source.tree.MethodInvocationTree node, Void unused) {
            return true;
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(e, null);
    return Boolean.TRUE.equals(found);
  }
}
