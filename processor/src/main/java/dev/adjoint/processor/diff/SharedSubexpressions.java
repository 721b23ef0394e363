package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.simplify.Fold;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes once what a statement and its derivative would both compute: {@code Math.exp(x)} used by
 * the value and by the derivative becomes one local. Only calls and divisions (and expressions
 * containing them) are worth a local; integer division is never moved, since it may throw where
 * the source guarded it.
 */
public final class SharedSubexpressions {
  /** The locals to compute first, and the expressions rewritten to read them. */
  public record Result(List<Stmt.Assign> temps, Expr primal, List<Expr> derived) {}

  /**
   * A statement's shared locals in two groups: those the source expression computes too (placed
   * before it), and those only its simplified derivative repeats (placed before their use).
   */
  public record Plan(
      List<Stmt.Assign> primalTemps, Expr primal, List<Stmt.Assign> derivedTemps, List<Expr> derived) {}

  /**
   * Shares the subexpressions {@code primal} has in common with the raw derivative expressions,
   * then simplifies those and shares what they still repeat among themselves.
   *
   * @param primal the source expression, or null when its locals cannot be reused
   */
  public static Plan plan(Expr primal, List<Expr> rawDerived, Variable assigned) {
    List<Stmt.Assign> primalTemps = List.of();
    List<Expr> derived = rawDerived;
    if (primal != null) {
      Result withPrimal = shareAll(primal, rawDerived, assigned);
      primalTemps = withPrimal.temps();
      primal = withPrimal.primal();
      derived = withPrimal.derived();
    }
    List<Expr> folded = new ArrayList<>();
    for (Expr e : derived) {
      folded.add(Fold.simplify(e));
    }
    Result among = shareAll(null, folded, null);
    List<Stmt.Assign> derivedTemps = new ArrayList<>();
    for (Stmt.Assign t : among.temps()) {
      // A temp may be a copy (an operand of a condition, say): exact rules only.
      derivedTemps.add(new Stmt.Assign(t.target(), Fold.exact(t.value())));
    }
    return new Plan(primalTemps, primal, derivedTemps, among.derived());
  }

  private SharedSubexpressions() {}

  /**
   * @param primal the source expression, evaluated unconditionally where the temps are placed; or
   *     null when only the derived expressions may share
   * @param assigned the variable the source expression is stored in: where the derivative needs
   *     the whole expression's value and the expression does not read that variable, the variable
   *     itself serves. (Shared parts are computed before the assignment, where the variable still
   *     has the value the expression and its partials read.)
   */
  public static Result share(Expr primal, List<Expr> derived, Variable assigned) {
    return shareAll(primal, derived, assigned);
  }

  /** Sharing among derived expressions only, with no source expression. */
  public static Result share(List<Expr> derived) {
    return shareAll(null, derived, null);
  }

  private static Result shareAll(Expr primal, List<Expr> derived, Variable assigned) {
    List<Stmt.Assign> temps = new ArrayList<>();
    Expr p = primal;
    List<Expr> d = new ArrayList<>(derived);
    // Expressions are compared without the marks on copied sums (Exprs.copied): a partial's copy
    // of the source's a / (b + c) is the source's a / (b + c).
    while (true) {
      Map<Expr, Integer> counts = new LinkedHashMap<>();
      Map<Expr, Integer> inPrimal = new LinkedHashMap<>();
      if (p != null) {
        countUnconditional(Exprs.withoutCopyMarks(p), inPrimal);
        for (Stmt.Assign t : temps) {
          // A temp's own value is already shared; only its parts can be.
          for (Expr part : Exprs.children(Exprs.withoutCopyMarks(t.value()))) {
            countUnconditional(part, inPrimal);
          }
        }
      }
      for (Expr e : d) {
        Exprs.forEachNode(Exprs.withoutCopyMarks(e), node -> counts.merge(node, 1, Integer::sum));
      }
      for (Stmt.Assign t : temps) {
        for (Expr part : Exprs.children(Exprs.withoutCopyMarks(t.value()))) {
          Exprs.forEachNode(part, node -> counts.merge(node, 1, Integer::sum));
        }
      }
      Expr best = null;
      for (Map.Entry<Expr, Integer> entry : counts.entrySet()) {
        Expr candidate = entry.getKey();
        // With a source expression, share only what it computes too; the derivative's own
        // repetitions are shared after it has been simplified.
        boolean repeated =
            p != null ? inPrimal.containsKey(candidate) : entry.getValue() >= 2;
        if (repeated
            && worthSharing(candidate)
            && (best == null || Exprs.size(candidate) > Exprs.size(best))) {
          best = candidate;
        }
      }
      if (best == null) {
        break;
      }
      Expr shared = best;
      if (p != null
          && shared.equals(Exprs.withoutCopyMarks(p))
          && assigned != null
          && !Exprs.reads(p, assigned)) {
        // The derivative needs the statement's own value: read it from the assigned variable.
        Expr value = Exprs.ref(assigned);
        d.replaceAll(e -> replace(e, shared, value).marked());
        continue;
      }
      Variable temp = new Variable(nameFor(best), Type.DOUBLE, Variable.Role.TEMP);
      Expr ref = Exprs.ref(temp);
      List<Stmt.Assign> rewritten = new ArrayList<>();
      for (Stmt.Assign t : temps) {
        rewritten.add(new Stmt.Assign(t.target(), replace(t.value(), shared, ref).marked()));
      }
      rewritten.add(new Stmt.Assign(temp, shared));
      temps = rewritten;
      p = p == null ? null : replace(p, shared, ref).marked();
      d.replaceAll(e -> replace(e, shared, ref).marked());
    }
    return new Result(inDependencyOrder(temps), p, d);
  }

  /** An expression as rewritten, and the same without marks. */
  private record Node(Expr marked, Expr plain) {}

  /** {@code e} with each node equal to {@code from} once unmarked replaced by {@code to}. */
  private static Node replace(Expr e, Expr from, Expr to) {
    if (Exprs.isCopied(e)) {
      Node inner = replace(((Expr.Cast) e).operand(), from, to);
      return new Node(new Expr.Cast(Type.DOUBLE, inner.marked(), true), inner.plain());
    }
    List<Node> children = new ArrayList<>();
    for (Expr child : Exprs.children(e)) {
      children.add(replace(child, from, to));
    }
    Iterator<Node> plain = children.iterator();
    Expr unmarked = Exprs.mapChildren(e, c -> plain.next().plain());
    if (unmarked.equals(from)) {
      return new Node(to, to);
    }
    Iterator<Node> marked = children.iterator();
    return new Node(Exprs.mapChildren(e, c -> marked.next().marked()), unmarked);
  }

  /** Counts nodes that are always evaluated: not inside a branch of ?: or after && and ||. */
  private static void countUnconditional(Expr e, Map<Expr, Integer> counts) {
    counts.merge(e, 1, Integer::sum);
    if (e instanceof Conditional c) {
      countUnconditional(c.condition(), counts);
    } else if (e instanceof Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
      countUnconditional(b.left(), counts);
    } else {
      for (Expr child : Exprs.children(e)) {
        countUnconditional(child, counts);
      }
    }
  }

  static boolean worthSharing(Expr e) {
    if (e.type() != Type.DOUBLE || e instanceof VarRef) {
      return false;
    }
    boolean[] costly = {false};
    boolean[] unsafe = {false};
    Exprs.forEachNode(
        e,
        node -> {
          if (ChainTerms.isGuarded(node)) {
            // Its factor must stay in reach of the adjoint or tangent multiplied on later.
            unsafe[0] = true;
          } else if (node instanceof Call) {
            costly[0] = true;
          } else if (node instanceof Binary b && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
            if (b.type().isIntegral()) {
              unsafe[0] = true;
            } else {
              costly[0] = true;
            }
          }
        });
    return costly[0] && !unsafe[0];
  }

  private static String nameFor(Expr e) {
    if (e instanceof Call c) {
      if (c.args().size() == 1 && c.args().get(0) instanceof VarRef r) {
        String arg = r.variable().baseName();
        return c.name() + Character.toUpperCase(arg.charAt(0)) + arg.substring(1);
      }
      return c.name();
    }
    return "t";
  }

  /** Orders temps so that each is computed after the temps it reads. */
  private static List<Stmt.Assign> inDependencyOrder(List<Stmt.Assign> temps) {
    List<Stmt.Assign> ordered = new ArrayList<>();
    List<Stmt.Assign> pending = new ArrayList<>(temps);
    while (!pending.isEmpty()) {
      for (int i = 0; i < pending.size(); i++) {
        Stmt.Assign t = pending.get(i);
        boolean ready = true;
        for (Stmt.Assign other : pending) {
          if (other != t && Exprs.reads(t.value(), other.target())) {
            ready = false;
            break;
          }
        }
        if (ready) {
          ordered.add(t);
          pending.remove(i);
          break;
        }
      }
    }
    return ordered;
  }
}
