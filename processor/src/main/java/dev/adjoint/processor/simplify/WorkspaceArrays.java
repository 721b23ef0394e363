package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
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
 * loops. The method marks the workspace first and releases it before each return, so a method
 * called again and again allocates nothing. An array the method returns stays a {@code new} one.
 */
public final class WorkspaceArrays {
  private WorkspaceArrays() {}

  public static Function pool(Function f) {
    Set<Variable> returned = new HashSet<>();
    boolean[] callsInReturn = {false};
    Stmts.forEach(
        f.body(),
        s -> {
          if (s instanceof Stmt.Return r) {
            if (r.value() instanceof Expr.VarRef v) {
              returned.add(v.variable());
            }
            // Evaluated after the release: it must not take arrays from the workspace itself.
            Exprs.forEachNode(r.value(), n -> callsInReturn[0] |= n instanceof Expr.DiffCall);
          }
        });
    if (callsInReturn[0]) {
      return f;
    }
    boolean[] pooled = {false};
    List<Stmt> body = rewrite(f.body(), returned, pooled);
    if (!pooled[0]) {
      return f;
    }
    Variable mark = new Variable("workspace", Type.INT, Variable.Role.TEMP);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Comment("this call's arrays come from the thread's workspace, zeroed, and go back before it returns"));
    out.add(new Stmt.Declare(mark, RuntimeHelper.WORKSPACE_MARK.call(Type.INT)));
    out.addAll(releaseBeforeReturns(body, mark));
    return f.withBody(out);
  }

  /** Allocations outside loops, in the method's block and its branches. */
  private static List<Stmt> rewrite(List<Stmt> block, Set<Variable> returned, boolean[] pooled) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Declare d && !returned.contains(d.variable()) && pooled(d.init()) != null) {
        out.add(new Stmt.Declare(d.variable(), pooled(d.init())));
        pooled[0] = true;
      } else if (s instanceof Stmt.Assign a
          && a.target().type().isArray()
          && !returned.contains(a.target())
          && pooled(a.value()) != null) {
        out.add(new Stmt.Assign(a.target(), pooled(a.value()), a.declares()));
        pooled[0] = true;
      } else if (s instanceof Stmt.If i) {
        out.add(
            new Stmt.If(
                i.condition(),
                rewrite(i.thenBlock(), returned, pooled),
                rewrite(i.elseBlock(), returned, pooled)));
      } else {
        // In a loop an array made per iteration would take a new place each time: left as it is.
        out.add(s);
      }
    }
    return out;
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

  private static List<Stmt> releaseBeforeReturns(List<Stmt> block, Variable mark) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Return) {
        out.add(
            new Stmt.Eval(
                RuntimeHelper.WORKSPACE_RELEASE.call(Type.INT, new Expr.VarRef(mark))));
        out.add(s);
      } else if (s instanceof Stmt.If || s instanceof Stmt.Loop) {
        out.add(Stmts.mapBlocks(s, b -> releaseBeforeReturns(b, mark)));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
