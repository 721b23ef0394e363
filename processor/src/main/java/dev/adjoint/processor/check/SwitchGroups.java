package dev.adjoint.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of a {@code switch}, grouped as they run: the labels of one group share one body
 * ({@code case 1: case 2: body} or {@code case 1, 2 -> body}). Arrow and colon forms give the same
 * groups, so the fence and the reader decide the shape of a switch once, here.
 */
public final class SwitchGroups {
  /**
   * One group: its labels (empty for {@code default} alone), whether it is the default, and its
   * body: the statements it runs, or for an arrow to an expression, that expression. {@code
   * first} is its first case, {@code bodyCase} the one that holds the body.
   */
  public record Group(
      List<ExpressionTree> labels,
      boolean isDefault,
      CaseTree first,
      CaseTree bodyCase,
      List<? extends StatementTree> statements,
      ExpressionTree value) {
    /** Whether the body is one expression: {@code -> e} or {@code -> { yield e; }}. */
    public boolean isSimpleValue() {
      return yieldedValue() != null;
    }

    /** The value of a body that is one expression, else null. */
    public ExpressionTree yieldedValue() {
      if (value != null) {
        return value;
      }
      if (statements.size() == 1 && statements.get(0) instanceof YieldTree y) {
        return y.getValue();
      }
      return null;
    }
  }

  private SwitchGroups() {}

  /** The groups of {@code cases}; a colon-form case with no statements joins the next one. */
  public static List<Group> of(List<? extends CaseTree> cases) {
    List<Group> groups = new ArrayList<>();
    List<ExpressionTree> labels = new ArrayList<>();
    boolean isDefault = false;
    CaseTree first = null;
    for (CaseTree c : cases) {
      first = first == null ? c : first;
      labels.addAll(c.getExpressions());
      isDefault |= c.getExpressions().isEmpty();
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = c.getBody();
        if (body instanceof ExpressionTree e) {
          groups.add(new Group(List.copyOf(labels), isDefault, first, c, List.of(), e));
        } else if (body instanceof BlockTree b) {
          groups.add(new Group(List.copyOf(labels), isDefault, first, c, b.getStatements(), null));
        } else {
          List<StatementTree> statement = List.of((StatementTree) body);
          groups.add(new Group(List.copyOf(labels), isDefault, first, c, statement, null));
        }
      } else if (!c.getStatements().isEmpty() || c == cases.get(cases.size() - 1)) {
        groups.add(new Group(List.copyOf(labels), isDefault, first, c, c.getStatements(), null));
      } else {
        continue;
      }
      labels.clear();
      isDefault = false;
      first = null;
    }
    return groups;
  }

  /** Whether a statement ends a case body: control cannot fall through past it. */
  public static boolean endsCase(StatementTree s) {
    return switch (s.getKind()) {
      case BREAK, CONTINUE, RETURN, THROW, YIELD -> true;
      default -> false;
    };
  }
}
