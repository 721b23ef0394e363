package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes a generated method's arrays from the thread's {@code Workspace} instead of {@code new}: the
 * local arrays, their adjoints and tangents, the partials of calls, made once per call outside
 * loops, and the buffers that grow in loops (arrays made in each iteration, partials of calls whose
 * length changes), which keep their place and length for the next call; an array the method
 * returns stays a {@code new} one. A method that takes arrays or
 * records on the thread's tape marks the workspace first and runs its body in a {@code try} whose
 * {@code finally} is the one call that releases the mark: the arrays go back and the tape drops
 * what the call left on it, whether it returns or throws. So a method called again and again
 * allocates nothing, and one that throws part-way leaks nothing. Calls nest, each with its own
 * mark.
 */
public final class WorkspaceArrays {
  private WorkspaceArrays() {}

  public static Function pool(Function f) {
    Set<Variable> returned = new HashSet<>();
    boolean[] usesTape = {false};
    Stmts.forEach(
        f.body(),
        s -> {
          if (s instanceof Stmt.Return r && r.value() instanceof Expr.VarRef v) {
            returned.add(v.variable());
          }
          usesTape[0] |= s instanceof Stmt.Push || s instanceof Stmt.Pop;
        });
    boolean[] pooled = {false};
    List<Stmt> body = rewrite(f.body(), returned, pooled, false);
    if (!pooled[0] && !usesTape[0]) {
      return f;
    }
    Variable mark = new Variable("workspace", Type.INT, Variable.Role.TEMP);
    String comment =
        !usesTape[0]
            ? "this call's arrays come from the thread's workspace, zeroed, and go back when it"
                + " returns or throws"
            : pooled[0]
                ? "this call's arrays come from the thread's workspace, zeroed; workspace and tape"
                    + " are put back when it returns or throws"
                : "when this call returns or throws, the thread's tape is put back as it was";
    Stmt release =
        new Stmt.Eval(RuntimeHelper.WORKSPACE_RELEASE.call(Type.INT, new Expr.VarRef(mark)));
    return f.withBody(
        List.of(
            new Stmt.Comment(comment),
            new Stmt.Declare(mark, RuntimeHelper.WORKSPACE_MARK.call(Type.INT)),
            new Stmt.TryFinally(body, List.of(release))));
  }

  /**
   * Allocations outside loops, in the method's block and its branches; in loops, only the growth
   * of the buffers of arrays made in each iteration, which keep their place in the workspace.
   */
  private static List<Stmt> rewrite(
      List<Stmt> block, Set<Variable> returned, boolean[] pooled, boolean inLoop) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Declare d
          && !returned.contains(d.variable())
          && pooled(d.init(), inLoop) != null) {
        out.add(new Stmt.Declare(d.variable(), pooled(d.init(), inLoop)));
        pooled[0] = true;
      } else if (s instanceof Stmt.Assign a
          && a.target().type().isArray()
          && !returned.contains(a.target())
          && pooled(a.value(), inLoop) != null) {
        out.add(new Stmt.Assign(a.target(), pooled(a.value(), inLoop), a.declares()));
        pooled[0] = true;
      } else if (s instanceof Stmt.If i) {
        out.add(
            new Stmt.If(
                i.condition(),
                rewrite(i.thenBlock(), returned, pooled, inLoop),
                rewrite(i.elseBlock(), returned, pooled, inLoop)));
      } else if (s instanceof Stmt.Loop l) {
        // Any other array made in a loop would take a new place each time: left as it is.
        List<Stmt> init = rewrite(l.init(), returned, pooled, true);
        List<Stmt> update = rewrite(l.update(), returned, pooled, true);
        List<Stmt> body = rewrite(l.body(), returned, pooled, true);
        boolean same = init.equals(l.init()) && update.equals(l.update()) && body.equals(l.body());
        out.add(same ? l : new Stmt.Loop(init, l.condition(), update, body, l.testFirst()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static Expr pooled(Expr e, boolean inLoop) {
    if (inLoop
        && !(e instanceof Expr.Call c
            && c.target() instanceof CallTarget.Helper h
            && (h.helper().growsBuffer() || h.helper() == RuntimeHelper.AT_LEAST))) {
      return null;
    }
    return pooled(e);
  }

  /** The workspace's version of an allocation, or null if {@code e} is none. */
  private static Expr pooled(Expr e) {
    if (e instanceof Expr.NewDoubleArray n) {
      List<Expr> sizes = n.columns() == null ? List.of(n.length()) : List.of(n.length(), n.columns());
      return new Expr.Call(
          new CallTarget.Helper(RuntimeHelper.WORKSPACE_DOUBLES), sizes, n.type());
    }
    if (e instanceof Expr.Call c
        && c.target() instanceof CallTarget.Helper h
        && h.helper().pooled() != null) {
      return new Expr.Call(new CallTarget.Helper(h.helper().pooled()), c.args(), c.type());
    }
    return null;
  }
}
