package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a loop-free body so that every return is the last statement of its block: the
 * statements after an {@code if} that may return move into the branches that fall through. Reverse
 * mode then starts its backward sweep at the end of each branch, where that branch's values are
 * still in scope. A branch that falls through only on some paths gets its own copy of the rest.
 */
public final class ReturnLifting {
  private ReturnLifting() {}

  public static List<Stmt> lift(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      Stmt s = block.get(i);
      if (s instanceof Return) {
        out.add(s);
        return out;
      }
      if (s instanceof If branch && Stmts.mayReturn(List.of(branch))) {
        List<Stmt> rest = block.subList(i + 1, block.size());
        out.add(
            new If(
                branch.condition(),
                lift(withRest(branch.thenBlock(), rest)),
                lift(withRest(branch.elseBlock(), rest))));
        return out;
      }
      out.add(s);
    }
    return out;
  }

  private static List<Stmt> withRest(List<Stmt> branch, List<Stmt> rest) {
    if (Stmts.alwaysReturns(branch)) {
      return branch;
    }
    List<Stmt> joined = new ArrayList<>(branch);
    joined.addAll(rest);
    return joined;
  }
}
