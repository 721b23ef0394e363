package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Runs the small passes to a fixed point (propagate constants, fold, remove dead code), then places
 * declarations. The user's own statements are never folded: the gradient must return exactly the
 * value the original method returns.
 */
public final class Simplifier {
  private Simplifier() {}

  public static Function run(Function f) {
    return place(simplify(f));
  }

  /** Declarations placed at the narrowest scope javac accepts: the last step. */
  public static Function place(Function f) {
    return f.withBody(Placement.run(f.body(), new LinkedHashSet<>(f.params())));
  }

  /** The small passes to a fixed point, without placing declarations. */
  public static Function simplify(Function f) {
    List<Stmt> body = f.body();
    for (int round = 0; round < 50; round++) {
      List<Stmt> next =
          DeadCode.run(Accumulations.merge(foldDerivatives(ConstantPropagation.run(body))));
      if (next.equals(body)) {
        break;
      }
      body = next;
    }
    return f.withBody(body);
  }

  /** Folds the expressions of derivative statements, leaving the user's computation as written. */
  static List<Stmt> foldDerivatives(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.If || s instanceof Stmt.Loop) {
        out.add(Stmts.mapBlocks(s, Simplifier::foldDerivatives));
      } else if (isDerivative(s)) {
        out.add(Stmts.mapExpressions(s, Fold::simplify));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean isDerivative(Stmt s) {
    if (s instanceof Assign || s instanceof Accumulate) {
      Variable t = Stmts.target(s);
      return t.role().startsAtZero();
    }
    return (s instanceof ArrayStore a && !a.array().role().isPrimal())
        || (s instanceof Stmt.ArrayAccumulate acc && !acc.array().role().isPrimal())
        || s instanceof Return;
  }
}
