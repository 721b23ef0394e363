package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.ArrayAccumulate;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Adds two contributions to the same array element in one statement: {@code xBar[i] -= bBar;
 * xBar[i + 1] += aBar; xBar[i] += c} becomes {@code xBar[i] += -bBar + c; xBar[i + 1] += aBar},
 * which reads and writes the element once. Only across statements that provably touch other
 * elements and change nothing the moved contribution reads.
 */
final class Accumulations {
  private Accumulations() {}

  static List<Stmt> merge(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      out.add(Stmts.mapBlocks(s, Accumulations::merge));
    }
    for (int p = 0; p < out.size(); p++) {
      if (!(out.get(p) instanceof ArrayAccumulate first)) {
        continue;
      }
      for (int q = p + 1; q < out.size(); q++) {
        Stmt t = out.get(q);
        if (t instanceof ArrayAccumulate later
            && later.array() == first.array()
            && Objects.equals(later.row(), first.row())
            && later.index().equals(first.index())) {
          if (!canMoveUp(later.value(), out.subList(p + 1, q))) {
            break;
          }
          Expr sum = Fold.simplify(Exprs.add(first.value(), later.value()));
          first = new ArrayAccumulate(first.array(), first.row(), first.index(), sum);
          out.set(p, first);
          out.remove(q);
          q--;
        } else if (!transparent(t, first)) {
          break;
        }
      }
    }
    return out;
  }

  /** Whether {@code t} neither reads the element's array nor may write the element or its index. */
  private static boolean transparent(Stmt t, ArrayAccumulate element) {
    if (t instanceof Stmt.Comment) {
      return true;
    }
    if (!(t instanceof Stmt.Assign
        || t instanceof Stmt.Accumulate
        || t instanceof ArrayAccumulate
        || t instanceof Stmt.ArrayStore)) {
      return false;
    }
    for (Expr e : Stmts.ownExpressions(t)) {
      if (Exprs.reads(e, element.array())) {
        return false;
      }
    }
    Set<Variable> indexInputs = new HashSet<>();
    Exprs.collectVariables(element.index(), indexInputs);
    if (element.row() != null) {
      Exprs.collectVariables(element.row(), indexInputs);
    }
    if (Stmts.target(t) != null && indexInputs.contains(Stmts.target(t))) {
      return false;
    }
    if (t instanceof ArrayAccumulate other && other.array() == element.array()) {
      return Objects.equals(other.row(), element.row()) && differ(other.index(), element.index());
    }
    return !(t instanceof Stmt.ArrayStore store && store.array() == element.array());
  }

  /** Whether {@code value} can be evaluated before {@code between}: nothing there changes it. */
  private static boolean canMoveUp(Expr value, List<Stmt> between) {
    Set<Variable> inputs = new HashSet<>();
    Exprs.collectVariables(value, inputs);
    for (Stmt t : between) {
      // Stmts.assigned counts the arrays companion calls fill too.
      for (Variable written : Stmts.assigned(List.of(t))) {
        if (inputs.contains(written)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether two int indices are {@code base + c1} and {@code base + c2} with {@code c1 != c2}. */
  private static boolean differ(Expr a, Expr b) {
    return Objects.equals(base(a), base(b)) && offset(a) != offset(b);
  }

  private static Expr base(Expr e) {
    if (e instanceof Expr.Binary b
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
        && b.right() instanceof Expr.IntLit) {
      return b.left();
    }
    return e instanceof Expr.IntLit ? null : e;
  }

  private static long offset(Expr e) {
    if (e instanceof Expr.Binary b && b.right() instanceof Expr.IntLit c) {
      if (b.op() == BinaryOp.ADD) {
        return c.value();
      }
      if (b.op() == BinaryOp.SUB) {
        return -c.value();
      }
    }
    return e instanceof Expr.IntLit c ? c.value() : 0;
  }
}
