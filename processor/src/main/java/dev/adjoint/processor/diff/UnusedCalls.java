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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Companion calls whose value no adjoint can reach: a value nobody reads, one overwritten before
 * it is read, or one read only where no derivative flows (a condition, an index). The gradient
 * would call the callee's gradient for them and add its partials times zero, which is NaN where a
 * partial is infinite (a {@code sqrt} at 0 inside the callee); so they become plain calls of the
 * callee, data to the derivative, run where the original runs them. A differentiable method never
 * writes its array arguments (ADJ038), so no derivative flows through a call but by its value.
 *
 * <p>Which values an adjoint can reach is found backwards from the returned value, statement by
 * statement, through the positions a derivative flows through (those {@link Activity} follows
 * forwards): a variable is "useful" after a statement when a derivative can flow from its value
 * there to the result. An element store keeps its array useful (other elements may be).
 */
final class UnusedCalls {
  /** The assignments whose value an adjoint can reach. */
  private final Set<Stmt> reached = Collections.newSetFromMap(new IdentityHashMap<>());

  private final Map<Stmt, SourceNote> notes;

  /** What is useful where the innermost loop's {@code break} and {@code continue} go. */
  private record Exits(Set<Variable> atBreak, Set<Variable> atContinue) {}

  private UnusedCalls(Map<Stmt, SourceNote> notes) {
    this.notes = notes;
  }

  /** {@code prepared} (its calls prepared by {@link CallSites}) with each unused call made plain. */
  static Function plain(Function prepared) {
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(prepared.notes());
    UnusedCalls u = new UnusedCalls(notes);
    u.useful(prepared.body(), new HashSet<>(), null);
    List<Stmt> body = u.block(prepared.body());
    return new Function(prepared.name(), prepared.params(), prepared.returnType(), body, notes);
  }

  /** Turns {@code useful}, what is useful after {@code block}, into what is useful before it. */
  private void useful(List<Stmt> block, Set<Variable> useful, Exits exits) {
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.Return r) {
        useful.clear();
        if (r.value() instanceof Expr.VarRef v && v.type().isArray()) {
          useful.add(v.variable());
        } else {
          flowsFrom(r.value(), useful);
        }
      } else if (s instanceof Stmt.Break) {
        useful.clear();
        useful.addAll(exits.atBreak());
      } else if (s instanceof Stmt.Continue) {
        useful.clear();
        useful.addAll(exits.atContinue());
      } else if (s instanceof Assign a && !a.target().type().isArray()) {
        if (useful.remove(a.target())) {
          reached.add(a);
          flowsFrom(a.value(), useful);
        }
      } else if (s instanceof Stmt.ArrayStore st && useful.contains(st.array())) {
        flowsFrom(st.value(), useful);
      } else if (s instanceof Stmt.If i) {
        Set<Variable> elseUseful = new HashSet<>(useful);
        useful(i.thenBlock(), useful, exits);
        useful(i.elseBlock(), elseUseful, exits);
        useful.addAll(elseUseful);
      } else if (s instanceof Stmt.Loop l) {
        loop(l, useful);
      }
      // Allocations and calls made as statements: no derivative flows through them.
    }
  }

  /** A loop: what is useful at its head, to a fixed point over the back edge, then its init. */
  private void loop(Stmt.Loop l, Set<Variable> useful) {
    Set<Variable> after = new HashSet<>(useful);
    Set<Variable> head = new HashSet<>(after);
    while (true) {
      Set<Variable> next = new HashSet<>(after);
      if (l.testFirst()) {
        Set<Variable> update = new HashSet<>(head);
        useful(l.update(), update, null);
        Set<Variable> body = new HashSet<>(update);
        useful(l.body(), body, new Exits(after, update));
        next.addAll(body);
      } else {
        // do/while: the head is the test, which goes on to the body or leaves.
        Set<Variable> body = new HashSet<>(head);
        useful(l.body(), body, new Exits(after, head));
        next.addAll(body);
      }
      next.addAll(head);
      if (next.equals(head)) {
        break;
      }
      head = next;
    }
    useful.clear();
    if (l.testFirst()) {
      useful.addAll(head);
    } else {
      Set<Variable> body = new HashSet<>(head);
      useful(l.body(), body, new Exits(after, head));
      useful.addAll(body);
    }
    useful(l.init(), useful, null);
  }

  /** Adds the variables whose derivatives flow into {@code e}'s. */
  private static void flowsFrom(Expr e, Set<Variable> useful) {
    if (e.type() != Type.DOUBLE) {
      return;
    }
    if (e instanceof Expr.VarRef r) {
      useful.add(r.variable());
    } else if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      flowsFrom(u.operand(), useful);
    } else if (e instanceof Expr.Binary b) {
      flowsFrom(b.left(), useful);
      flowsFrom(b.right(), useful);
    } else if (e instanceof Expr.Conditional c) {
      flowsFrom(c.ifTrue(), useful);
      flowsFrom(c.ifFalse(), useful);
    } else if (e instanceof Expr.Cast c) {
      flowsFrom(c.operand(), useful);
    } else if (e instanceof Expr.ArrayRead a) {
      addArray(a.array(), useful);
    } else if (e instanceof Expr.DiffCall c) {
      for (int k = 0; k < c.args().size(); k++) {
        Expr arg = c.args().get(k);
        if (c.wrt().get(k)) {
          if (arg.type().isArray()) {
            addArray(arg, useful);
          } else {
            flowsFrom(arg, useful);
          }
        }
      }
    } else if (e instanceof Expr.Call c
        && c.target() instanceof CallTarget.Primitive p
        && RuleTable.of(p.function()) != Rule.ZERO) {
      c.args().forEach(arg -> flowsFrom(arg, useful));
    }
  }

  /** An array {@code a}, or the matrix whose row it is. */
  private static void addArray(Expr array, Set<Variable> useful) {
    Expr base = dev.adjoint.processor.ir.Exprs.passedArray(array);
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
        && !reached.contains(a)) {
      return new Assign(a.target(), c.callee().plainCall(c.args()), a.declares());
    }
    return s;
  }
}
