package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which expressions of a method depend on values (numbers: {@code double}s, the elements of
 * arrays of them, or anything computed from them) rather than on shapes and data alone, decided
 * from types: a tracing sweep ({@link SparsityTracing}) cannot compute them. An integer, boolean or
 * other datum is value-dependent when an assignment gives it a value-dependent value, or when it
 * is assigned under a branch on a value and read after it (declared before the branch).
 */
final class ValueDependence {
  /** The variables other than numbers whose value may depend on values, to a fixed point. */
  static Set<Variable> of(List<Stmt> body) {
    Set<Variable> tainted = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<Variable, Integer> counts = mentions(body);
    int size;
    do {
      size = tainted.size();
      new ValueDependence(counts, tainted).scan(body, null);
    } while (tainted.size() != size);
    return tainted;
  }

  private final Map<Variable, Integer> mentions;
  private final Set<Variable> tainted;

  private ValueDependence(Map<Variable, Integer> mentions, Set<Variable> tainted) {
    this.mentions = mentions;
    this.tainted = tainted;
  }

  /** How many statements of {@code body} (nested ones included) mention each variable. */
  static Map<Variable, Integer> mentions(List<Stmt> body) {
    Map<Variable, Integer> out = new IdentityHashMap<>();
    Stmts.forEach(
        body,
        s -> {
          Set<Variable> here = Collections.newSetFromMap(new IdentityHashMap<>());
          if (Stmts.target(s) != null) {
            here.add(Stmts.target(s));
          }
          if (Stmts.arrayWritten(s) != null) {
            here.add(Stmts.arrayWritten(s));
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            dev.adjoint.processor.ir.Exprs.collectVariables(e, here);
          }
          here.forEach(v -> out.merge(v, 1, Integer::sum));
        });
    return out;
  }

  /**
   * The variables {@code block} declares that nothing outside it mentions: local to it, whatever
   * the reader marked as declarations (a switch's arms each declare the variable it gives).
   */
  static Set<Variable> localTo(List<Stmt> block, Map<Variable, Integer> mentionsInMethod) {
    Map<Variable, Integer> inside = mentions(block);
    Set<Variable> declared = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a
              && a.declares()
              && inside.get(a.target()).equals(mentionsInMethod.get(a.target()))) {
            declared.add(a.target());
          }
        });
    return declared;
  }

  /**
   * @param branchLocals the variables declared within the innermost enclosing branch on a value,
   *     or null outside such branches
   */
  private void scan(List<Stmt> body, Set<Variable> branchLocals) {
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      if (k > 0 && continuesOnValue(body.get(k - 1), false, tainted)) {
        // What follows a continue on a value runs, or not, as the value decides.
        List<Stmt> rest = body.subList(k, body.size());
        scan(rest, localTo(rest, mentions));
        return;
      }
      if (s instanceof Stmt.If i) {
        if (isValue(i.condition(), tainted)) {
          scan(i.thenBlock(), localTo(i.thenBlock(), mentions));
          scan(i.elseBlock(), localTo(i.elseBlock(), mentions));
        } else {
          scan(i.thenBlock(), branchLocals);
          scan(i.elseBlock(), branchLocals);
        }
        continue;
      }
      if (s instanceof Stmt.Loop l) {
        scan(l.init(), branchLocals);
        scan(l.body(), branchLocals);
        scan(l.update(), branchLocals);
        continue;
      }
      Variable target = Stmts.target(s);
      if (target == null) {
        target = Stmts.arrayWritten(s);
      }
      if (target == null || isNumbers(target.type())) {
        continue;
      }
      boolean underValue = branchLocals != null && !branchLocals.contains(target);
      boolean fromValue = false;
      for (Expr e : Stmts.ownExpressions(s)) {
        fromValue |= isValue(e, tainted);
      }
      if (underValue || fromValue) {
        tainted.add(target);
      }
    }
  }

  /**
   * Whether {@code s} holds a {@code continue} of the loop around it under a branch on a value
   * ({@code underValue} says whether one encloses {@code s}).
   */
  static boolean continuesOnValue(Stmt s, boolean underValue, Set<Variable> tainted) {
    if (s instanceof Stmt.Continue) {
      return underValue;
    }
    if (s instanceof Stmt.If i) {
      boolean v = underValue || isValue(i.condition(), tainted);
      for (Stmt t : i.thenBlock()) {
        if (continuesOnValue(t, v, tainted)) {
          return true;
        }
      }
      for (Stmt t : i.elseBlock()) {
        if (continuesOnValue(t, v, tainted)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isNumbers(Type t) {
    return t == Type.DOUBLE || t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX;
  }

  /** Whether computing {@code e} needs a value the tracing sweep does not have. */
  static boolean isValue(Expr e, Set<Variable> tainted) {
    if (e instanceof Expr.DoubleLit
        || e instanceof Expr.IntLit
        || e instanceof Expr.BoolLit
        || e instanceof Expr.StringLit
        || e instanceof Expr.NullLit
        || e instanceof Expr.NameOf) {
      return false;
    }
    if (e instanceof Expr.VarRef r) {
      return isNumbers(r.type()) || tainted.contains(r.variable());
    }
    if (e instanceof Expr.ArrayLength l) {
      return isReferenceValue(l.array(), tainted);
    }
    if (e instanceof Expr.ArrayRead a) {
      // A row of numbers read whole (an argument) is values, as a variable holding one is.
      return a.type() == Type.DOUBLE
          || a.type() == Type.DOUBLE_ARRAY
          || isValue(a.index(), tainted)
          || isValue(a.array(), tainted);
    }
    if (e instanceof Expr.FieldRef || e instanceof Expr.InstanceField) {
      return e.type() == Type.DOUBLE;
    }
    if (e instanceof Expr.DiffCall) {
      return true;
    }
    if (e instanceof Expr.NewDoubleArray n) {
      return isValue(n.length(), tainted) || n.columns() != null && isValue(n.columns(), tainted);
    }
    if (e instanceof Expr.Call c && c.type() == Type.DOUBLE) {
      return true;
    }
    for (Expr child : dev.adjoint.processor.ir.Exprs.children(e)) {
      if (isValue(child, tainted)) {
        return true;
      }
    }
    return false;
  }

  /** Whether which array {@code e} is (not its elements) depends on a value. */
  private static boolean isReferenceValue(Expr e, Set<Variable> tainted) {
    if (e instanceof Expr.VarRef r) {
      return tainted.contains(r.variable());
    }
    if (e instanceof Expr.ArrayRead a) {
      return isValue(a.index(), tainted) || isReferenceValue(a.array(), tainted);
    }
    return isValue(e, tainted);
  }
}
