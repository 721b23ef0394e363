package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces reads of adjoints and tangents whose value is a known constant by that constant. Both
 * start at zero, so the first {@code xBar += e} becomes {@code xBar = e} and an adjoint nothing
 * flows into reads as {@code 0.0}. The user's variables are left alone.
 */
public final class ConstantPropagation {
  private ConstantPropagation() {}

  public static List<Stmt> run(List<Stmt> body) {
    Map<Variable, DoubleLit> known = new HashMap<>();
    Stmts.forEach(
        body,
        s -> {
          Variable t = Stmts.target(s);
          if (t != null && t.role().startsAtZero()) {
            known.put(t, DoubleLit.ZERO);
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof VarRef r && r.variable().role().startsAtZero()) {
                    known.put(r.variable(), DoubleLit.ZERO);
                  }
                });
          }
        });
    return block(body, known);
  }

  private static List<Stmt> block(List<Stmt> body, Map<Variable, DoubleLit> known) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      out.add(statement(s, known));
    }
    return out;
  }

  private static Stmt statement(Stmt s, Map<Variable, DoubleLit> known) {
    if (s instanceof Stmt.Loop l) {
      return loop(l, known);
    }
    if (s instanceof If i) {
      Expr condition = substitute(i.condition(), known);
      Map<Variable, DoubleLit> thenKnown = new HashMap<>(known);
      Map<Variable, DoubleLit> elseKnown = new HashMap<>(known);
      List<Stmt> thenBlock = block(i.thenBlock(), thenKnown);
      List<Stmt> elseBlock = block(i.elseBlock(), elseKnown);
      known.clear();
      thenKnown.forEach(
          (v, c) -> {
            if (c.equals(elseKnown.get(v))) {
              known.put(v, c);
            }
          });
      return new If(condition, thenBlock, elseBlock);
    }
    Stmt rewritten = Stmts.mapExpressions(s, e -> substitute(e, known));
    if (rewritten instanceof Accumulate a && a.target().role().startsAtZero()) {
      DoubleLit before = known.get(a.target());
      if (before != null) {
        Expr sum = Fold.simplify(Exprs.add(before, a.value()));
        rewritten = new Assign(a.target(), sum);
      }
    }
    Variable target = Stmts.target(rewritten);
    if (target != null) {
      Expr value = Stmts.ownExpressions(rewritten).get(0);
      if (target.role().startsAtZero()
          && !(rewritten instanceof Accumulate)
          && value instanceof DoubleLit d) {
        known.put(target, d);
      } else {
        known.remove(target);
      }
    }
    return rewritten;
  }

  /**
   * A loop: a variable it assigns keeps a known value at the head only if it holds that value
   * both on entry and at the end of every iteration (an adjoint cleared at the end of each
   * iteration, say). Found by shrinking the guess to a fixed point.
   */
  private static Stmt loop(Stmt.Loop l, Map<Variable, DoubleLit> known) {
    Map<Variable, DoubleLit> entry = new HashMap<>(known);
    Map<Variable, DoubleLit> afterInit = new HashMap<>(entry);
    block(l.init(), afterInit);
    Map<Variable, DoubleLit> head = new HashMap<>(afterInit);
    if (continues(l.body()) || !l.testFirst()) {
      head.keySet().removeAll(Stmts.assigned(List.of(l)));
    } else {
      while (true) {
        Map<Variable, DoubleLit> end = new HashMap<>(head);
        block(l.body(), end);
        block(l.update(), end);
        Map<Variable, DoubleLit> next = new HashMap<>();
        head.forEach(
            (v, c) -> {
              if (c.equals(end.get(v))) {
                next.put(v, c);
              }
            });
        if (next.equals(head)) {
          break;
        }
        head = next;
      }
    }
    known.clear();
    known.putAll(entry);
    List<Stmt> init = block(l.init(), known);
    Map<Variable, DoubleLit> inside = new HashMap<>(head);
    Expr condition = substitute(l.condition(), inside);
    List<Stmt> body = block(l.body(), inside);
    List<Stmt> update = block(l.update(), inside);
    // After the loop: what holds at the head (the loop leaves from there, or from a break, whose
    // state is not tracked: anything the loop assigns is unknown then).
    known.clear();
    known.putAll(head);
    known.keySet().removeAll(Stmts.assigned(List.of(l)));
    if (!hasBreak(l.body())) {
      known.putAll(head);
    }
    return new Stmt.Loop(init, condition, update, body, l.testFirst());
  }

  private static boolean continues(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Continue
          || (s instanceof If i && (continues(i.thenBlock()) || continues(i.elseBlock())))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasBreak(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Break
          || (s instanceof If i && (hasBreak(i.thenBlock()) || hasBreak(i.elseBlock())))) {
        return true;
      }
    }
    return false;
  }

  private static Expr substitute(Expr e, Map<Variable, DoubleLit> known) {
    return Exprs.rewrite(
        e,
        n -> {
          if (n instanceof VarRef r) {
            DoubleLit c = known.get(r.variable());
            if (c != null) {
              return c;
            }
          }
          return n;
        });
  }
}
