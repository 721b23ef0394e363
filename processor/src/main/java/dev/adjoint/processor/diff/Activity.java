package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.rules.Rule;
import dev.adjoint.processor.rules.RuleTable;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which variables carry derivatives: the differentiated parameters and every {@code double}
 * variable that is ever assigned a value depending on them. Flow-insensitive, so a variable that is
 * active anywhere is active everywhere; the simplifier removes the zeros that leaves behind.
 */
public final class Activity {
  private final Set<Variable> active = new LinkedHashSet<>();

  private Activity() {}

  /**
   * The activity of {@code body}, an original method's IR or a gradient's, from the variables
   * {@code seeds} that carry derivatives to begin with.
   */
  public static Activity of(List<Stmt> body, Collection<Variable> seeds) {
    Activity a = new Activity();
    a.active.addAll(seeds);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : allStatements(body)) {
        if (s instanceof Stmt.Assign as
            && as.target().type() == Type.DOUBLE
            && !a.active.contains(as.target())
            && a.isActive(as.value())) {
          a.active.add(as.target());
          changed = true;
        }
        if (s instanceof Stmt.ArrayStore st
            && !a.active.contains(st.array())
            && a.isActive(st.value())) {
          // An array holding an active element is active as a whole.
          a.active.add(st.array());
          changed = true;
        }
        for (Variable v : a.madeActiveByGradientCode(s)) {
          changed |= a.active.add(v);
        }
      }
    }
    return a;
  }

  /**
   * What the statements only a gradient's IR has (forward mode over it gives Hessian-vector
   * products) make active: {@code +=}, arrays its companion calls and runtime helpers fill, and
   * aliases, which share their array's activity both ways.
   */
  private List<Variable> madeActiveByGradientCode(Stmt s) {
    List<Variable> out = new java.util.ArrayList<>();
    if (s instanceof Stmt.Accumulate acc && acc.target().type() == Type.DOUBLE && isActive(acc.value())) {
      out.add(acc.target());
    } else if (s instanceof Stmt.ArrayAccumulate acc && isActive(acc.value())) {
      out.add(acc.array());
    } else if (s instanceof Stmt.Assign as && as.target().type().isArray()) {
      Variable aliased = aliasedArray(as.value());
      if (aliased != null && (active.contains(aliased) || active.contains(as.target()))) {
        out.add(aliased);
        out.add(as.target());
      }
    }
    for (Expr e : Stmts.ownExpressions(s)) {
      Exprs.forEachNode(
          e,
          n -> {
            if (n instanceof Expr.DiffCall c && c.gradient() != null && isActive(c)) {
              out.add(c.gradient());
            }
          });
    }
    if (s instanceof Stmt.Eval ev && ev.call() instanceof Call c && c.target().is(RuntimeHelper.ADD_SCALED)
        && (isActive(c.args().get(2)) || isActiveArray(c.args().get(3)))) {
      out.add(arrayOf(c.args().get(0)));
    }
    if (s instanceof Stmt.Eval ev && ev.call() instanceof Call c && c.target().is(RuntimeHelper.FLATTEN)
        && (isActiveArray(c.args().get(0)) || isActiveArray(c.args().get(1)))) {
      // A matrix's adjoints copied into the gradient: one is active where the other is.
      out.add(arrayOf(c.args().get(0)));
      out.add(arrayOf(c.args().get(1)));
    }
    if (s instanceof Stmt.Eval ev
        && ev.call() instanceof Call c
        && c.target() instanceof CallTarget.VectorCall vc
        && vc.product() != CallTarget.VectorCall.Product.VALUE) {
      // A vector callee's value copied into an array, or a Jacobian product it fills: active
      // where something it reads is.
      int output = vc.product().outputIndex(c);
      for (int k = 0; k < c.args().size(); k++) {
        Expr arg = c.args().get(k);
        if (k != output && (isActive(arg) || isActiveArray(arg))) {
          out.add(arrayOf(c.args().get(output)));
          break;
        }
      }
    }
    return out;
  }

  /** The array an array-valued expression is another name for ({@code b}, a resized {@code b}), or null. */
  static Variable aliasedArray(Expr value) {
    if (value instanceof VarRef r) {
      return r.variable();
    }
    if (value instanceof Call c
        && (c.target().is(RuntimeHelper.AT_LEAST)
            || (c.target() instanceof dev.adjoint.processor.ir.CallTarget.Helper h
                && h.helper().growsBuffer()))
        && c.args().get(0) instanceof VarRef r) {
      return r.variable();
    }
    return null;
  }

  /** The variable of an array expression, {@code a} or the row {@code a[i]}. */
  static Variable arrayOf(Expr array) {
    Expr base = array instanceof Expr.ArrayRead row ? row.array() : array;
    return ((VarRef) base).variable();
  }

  private static List<Stmt> allStatements(List<Stmt> body) {
    List<Stmt> all = new java.util.ArrayList<>();
    Stmts.forEach(body, all::add);
    return all;
  }

  /** Records a variable made active by a rewrite that knows its value is active. */
  void markActive(Variable v) {
    active.add(v);
  }

  public boolean isActive(Variable v) {
    return active.contains(v);
  }

  /** Whether {@code e} is an active array, or a row of an active {@code double[][]}. */
  public boolean isActiveArray(Expr e) {
    e = Exprs.passedArray(e);
    if (e instanceof VarRef r) {
      return r.variable().type().isArray() && active.contains(r.variable());
    }
    return e instanceof Expr.ArrayRead a
        && a.type() == Type.DOUBLE_ARRAY
        && a.array() instanceof VarRef r
        && active.contains(r.variable());
  }

  /** Whether the value of {@code e} depends differentiably on an active variable. */
  public boolean isActive(Expr e) {
    if (e.type() != Type.DOUBLE) {
      return false;
    }
    if (e instanceof VarRef r) {
      return active.contains(r.variable());
    } else if (e instanceof Unary u) {
      return u.op() == UnaryOp.NEG && isActive(u.operand());
    } else if (e instanceof Binary b) {
      return isActive(b.left()) || isActive(b.right());
    } else if (e instanceof Conditional c) {
      return isActive(c.ifTrue()) || isActive(c.ifFalse());
    } else if (e instanceof Cast c) {
      return isActive(c.operand());
    } else if (e instanceof Expr.ArrayRead a && a.array() instanceof Expr.ArrayRead row) {
      return row.array() instanceof VarRef r && active.contains(r.variable());
    } else if (e instanceof Expr.ArrayRead a) {
      return a.array() instanceof VarRef r && active.contains(r.variable());
    } else if (e instanceof Expr.DiffCall c) {
      for (int k = 0; k < c.args().size(); k++) {
        if (c.wrt().get(k) && (isActive(c.args().get(k)) || isActiveArray(c.args().get(k)))) {
          return true;
        }
      }
      return false;
    } else if (ChainTerms.isGuarded(e)) {
      return isActive(((Call) e).args().get(0)) || isActive(((Call) e).args().get(1));
    } else if (e instanceof Call c && c.target() instanceof CallTarget.Primitive p) {
      // Only a Math function carries a derivative through; a data call's value is constant.
      Rule rule = RuleTable.of(p.function());
      if (rule == Rule.ZERO) {
        return false;
      }
      for (Expr arg : c.args()) {
        if (isActive(arg)) {
          return true;
        }
      }
    }
    return false;
  }
}
