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
  /** Thrown when copying the statements after partial returns would multiply the method's size. */
  public static final class TooTangled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooTangled() {
      super("returns too tangled to lift", null, false, false);
    }
  }

  /** The lifted body may hold at most this many times the statements of the original, plus slack. */
  private static final int GROWTH = 4;

  private static final int SLACK = 200;

  private final long budget;
  private long made;

  private ReturnLifting(long budget) {
    this.budget = budget;
  }

  /**
   * @throws TooTangled if the copies would make the body more than a few times larger
   */
  public static List<Stmt> lift(List<Stmt> block) {
    long[] count = {0};
    Stmts.forEach(block, s -> count[0]++);
    return new ReturnLifting(GROWTH * count[0] + SLACK).liftBlock(block);
  }

  private List<Stmt> liftBlock(List<Stmt> block) {
    made += block.size();
    if (made > budget) {
      throw new TooTangled();
    }
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
                liftBlock(withRest(branch.thenBlock(), rest)),
                liftBlock(withRest(branch.elseBlock(), rest))));
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
