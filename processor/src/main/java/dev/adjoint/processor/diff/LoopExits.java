package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Break;
import dev.adjoint.processor.ir.Stmt.Continue;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites every loop body so that {@code break} ends its block and {@code continue} is gone: the
 * statements after an {@code if} that may leave the iteration move into the branches that fall
 * through, and a {@code continue} at the end of a block is the same as falling through to the end
 * of the body. Each path through a body then runs straight to its end or to a {@code break}, and
 * reverse mode replays it backwards by replaying the branch decisions alone.
 */
final class LoopExits {
  private final long budget;
  private final java.util.Map<Stmt, dev.adjoint.processor.ir.SourceNote> notes;
  private long made;

  private LoopExits(long budget, java.util.Map<Stmt, dev.adjoint.processor.ir.SourceNote> notes) {
    this.budget = budget;
    this.notes = notes;
  }

  /**
   * @throws ReturnLifting.TooTangled if the copies would make the body several times larger
   */
  static dev.adjoint.processor.ir.Function lower(dev.adjoint.processor.ir.Function f) {
    long[] count = {0};
    Stmts.forEach(f.body(), s -> count[0]++);
    java.util.Map<Stmt, dev.adjoint.processor.ir.SourceNote> notes =
        new java.util.IdentityHashMap<>(f.notes());
    List<Stmt> body = new LoopExits(4 * count[0] + 200, notes).loops(f.body());
    return new dev.adjoint.processor.ir.Function(f.name(), f.params(), f.returnType(), body, notes);
  }

  private List<Stmt> loops(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Loop l) {
        Loop lowered = l.withBody(dropContinues(lift(loops(l.body()))));
        if (notes.containsKey(l)) {
          notes.put(lowered, notes.get(l));
        }
        out.add(lowered);
      } else {
        out.add(Stmts.mapBlocks(s, this::loops));
      }
    }
    return out;
  }

  private List<Stmt> lift(List<Stmt> block) {
    made += block.size();
    if (made > budget) {
      throw new ReturnLifting.TooTangled();
    }
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Break || s instanceof Continue) {
        out.add(s);
        return out;
      }
      if (s instanceof If i && mayExit(List.of(i))) {
        List<Stmt> rest = block.subList(k + 1, block.size());
        out.add(
            new If(
                i.condition(),
                lift(withRest(i.thenBlock(), rest)),
                lift(withRest(i.elseBlock(), rest))));
        return out;
      }
      out.add(s);
    }
    return out;
  }

  private List<Stmt> withRest(List<Stmt> branch, List<Stmt> rest) {
    if (alwaysExits(branch)) {
      return branch;
    }
    List<Stmt> joined = new ArrayList<>(branch);
    joined.addAll(Stmts.copy(rest, notes));
    return joined;
  }

  private static List<Stmt> dropContinues(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof If i) {
        out.add(new If(i.condition(), dropContinues(i.thenBlock()), dropContinues(i.elseBlock())));
      } else if (!(s instanceof Continue)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether a block may break or continue its own loop (not an inner one). */
  static boolean mayExit(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Break || s instanceof Continue) {
        return true;
      }
      if (s instanceof If i && (mayExit(i.thenBlock()) || mayExit(i.elseBlock()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a block may break its own loop. */
  static boolean mayBreak(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Break) {
        return true;
      }
      if (s instanceof If i && (mayBreak(i.thenBlock()) || mayBreak(i.elseBlock()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean alwaysExits(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Break || s instanceof Continue) {
        return true;
      }
      if (s instanceof If i && alwaysExits(i.thenBlock()) && alwaysExits(i.elseBlock())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The body of a loop with its update at the end of every path that goes on to the next
   * iteration, not after a {@code break}.
   */
  static List<Stmt> appendToFallthrough(
      List<Stmt> block, List<Stmt> update, java.util.Map<Stmt, dev.adjoint.processor.ir.SourceNote> notes) {
    if (update.isEmpty()) {
      return block;
    }
    List<Stmt> out = new ArrayList<>(block);
    Stmt last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (last instanceof Stmt.Break) {
      return out;
    }
    if (last instanceof If i && mayBreak(List.of(i))) {
      // Lifted: the paths that break end inside this if.
      out.set(
          out.size() - 1,
          new If(
              i.condition(),
              appendToFallthrough(i.thenBlock(), update, notes),
              appendToFallthrough(i.elseBlock(), update, notes)));
      return out;
    }
    out.addAll(Stmts.copy(update, notes));
    return out;
  }

}
