package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.rules.Rule;
import dev.adjoint.processor.rules.RuleTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Companion calls whose value no adjoint can reach: a value nobody reads, or one read only where
 * no derivative flows (a condition, an index). The gradient would call the callee's gradient for
 * them and add its partials times zero, which is NaN where a partial is infinite (a {@code sqrt}
 * at 0 inside the callee); so they become plain calls of the callee, data to the derivative, run
 * where the original runs them. A differentiable method never writes its array arguments (ADJ038),
 * so no derivative flows through a call but by its value.
 *
 * <p>Which variables an adjoint can reach ("useful" values) is found backwards from the returned
 * value through the positions a derivative flows through (those {@link Activity} follows
 * forwards), flow-insensitively: a variable useful anywhere is useful everywhere.
 */
final class UnusedCalls {
  private final Set<Variable> useful = new HashSet<>();
  private final Map<Stmt, SourceNote> notes;

  private UnusedCalls(Map<Stmt, SourceNote> notes) {
    this.notes = notes;
  }

  /** {@code prepared} (its calls prepared by {@link CallSites}) with each unused call made plain. */
  static Function plain(Function prepared) {
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(prepared.notes());
    UnusedCalls u = new UnusedCalls(notes);
    u.findUseful(prepared.body());
    List<Stmt> body = u.block(prepared.body());
    return new Function(prepared.name(), prepared.params(), prepared.returnType(), body, notes);
  }

  private void findUseful(List<Stmt> body) {
    List<Stmt> all = new ArrayList<>();
    Stmts.forEach(body, all::add);
    boolean changed = true;
    while (changed) {
      int before = useful.size();
      for (Stmt s : all) {
        if (s instanceof Stmt.Return r && r.value() instanceof Expr.VarRef v && v.type().isArray()) {
          useful.add(v.variable());
        } else if (s instanceof Stmt.Return r) {
          flowsFrom(r.value());
        } else if (s instanceof Assign a && !a.target().type().isArray() && useful.contains(a.target())) {
          flowsFrom(a.value());
        } else if (s instanceof Stmt.ArrayStore st && useful.contains(st.array())) {
          flowsFrom(st.value());
        }
      }
      changed = useful.size() != before;
    }
  }

  /** Adds the variables whose derivatives flow into {@code e}'s. */
  private void flowsFrom(Expr e) {
    if (e.type() != Type.DOUBLE) {
      return;
    }
    if (e instanceof Expr.VarRef r) {
      useful.add(r.variable());
    } else if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      flowsFrom(u.operand());
    } else if (e instanceof Expr.Binary b) {
      flowsFrom(b.left());
      flowsFrom(b.right());
    } else if (e instanceof Expr.Conditional c) {
      flowsFrom(c.ifTrue());
      flowsFrom(c.ifFalse());
    } else if (e instanceof Expr.Cast c) {
      flowsFrom(c.operand());
    } else if (e instanceof Expr.ArrayRead a) {
      addArray(a.array());
    } else if (e instanceof Expr.DiffCall c) {
      for (int k = 0; k < c.args().size(); k++) {
        Expr arg = c.args().get(k);
        if (c.wrt().get(k)) {
          if (arg.type().isArray()) {
            addArray(arg);
          } else {
            flowsFrom(arg);
          }
        }
      }
    } else if (e instanceof Expr.Call c
        && c.target() instanceof CallTarget.Primitive p
        && RuleTable.of(p.function()) != Rule.ZERO) {
      c.args().forEach(this::flowsFrom);
    }
  }

  /** An array {@code a}, or the matrix whose row it is. */
  private void addArray(Expr array) {
    Expr base = array;
    while (base instanceof Expr.ArrayRead row) {
      base = row.array();
    }
    if (base instanceof Expr.VarRef r) {
      useful.add(r.variable());
    }
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      Stmt t = statement(s);
      if (t != s && notes.containsKey(s)) {
        notes.put(t, notes.get(s));
      }
      out.add(t);
    }
    return out;
  }

  private Stmt statement(Stmt s) {
    if (s instanceof Stmt.If || s instanceof Stmt.Loop) {
      return Stmts.mapBlocks(s, this::block);
    }
    if (s instanceof Assign a
        && a.value() instanceof Expr.DiffCall c
        && c.gradient() != null
        && !useful.contains(a.target())) {
      Expr plain =
          new Expr.Call(
              new CallTarget.Data(c.owner(), c.name(), c.callee().effects()), c.args(), Type.DOUBLE);
      return new Assign(a.target(), plain, a.declares());
    }
    return s;
  }
}
