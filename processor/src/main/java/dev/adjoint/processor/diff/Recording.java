package dev.adjoint.processor.diff;

import dev.adjoint.processor.diff.StatementPartials.First;
import dev.adjoint.processor.diff.StatementPartials.Second;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.simplify.Fold;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that record one statement's partials in {@code edges} and then make its write:
 * what the value and its partials both compute in locals first (computed once), {@code
 * edges.statement(out)}, one {@code edges.partial} per operand, one {@code edges.second} per
 * second partial that is not zero, the write. A partial of an element read only on one side of
 * {@code ?:} is recorded only where that side is taken, so its index is read only where the
 * method reads it.
 */
final class Recording {
  private final EdgeTaping taping;
  private final StatementPartials partials;
  private final Expr value;

  Recording(EdgeTaping taping, StatementPartials partials, Expr value) {
    this.taping = taping;
    this.partials = partials;
    this.value = value;
  }

  void emit(Expr outKey, java.util.function.Function<Expr, Stmt> write, List<Stmt> out) {
    List<Expr> unguarded = new ArrayList<>();
    for (First f : partials.firsts) {
      if (f.guard().isNone()) {
        unguarded.add(f.d());
      }
    }
    for (Second s : partials.seconds) {
      if (s.guard().isNone()) {
        unguarded.add(s.d());
      }
    }
    // Shared with the value only what it computes whichever way its ?: go, so each local is
    // computed where the method computes it anyway.
    SharedSubexpressions.Result withValue = SharedSubexpressions.share(value, unguarded, null);
    List<Expr> folded = new ArrayList<>();
    boolean branches = false;
    for (Expr d : withValue.derived()) {
      Expr f = Fold.simplify(d);
      folded.add(f);
      branches |= holdsConditional(f);
    }
    out.addAll(withValue.temps());
    List<Expr> derived = folded;
    if (!branches) {
      // Among the partials alone, only where no ?: could guard what a local would compute.
      SharedSubexpressions.Result among = SharedSubexpressions.share(folded);
      for (Stmt.Assign t : among.temps()) {
        out.add(new Stmt.Assign(t.target(), Fold.exact(t.value())));
      }
      derived = among.derived();
    }
    out.add(call("statement", outKey));
    int next = 0;
    for (First f : partials.firsts) {
      Expr d = f.guard().isNone() ? derived.get(next++) : null;
      add(f.guard(), d == null ? f.d() : d, "partial", out, taping.keyOf(f.u().key()));
    }
    for (Second s : partials.seconds) {
      Expr d = s.guard().isNone() ? derived.get(next++) : null;
      if (s.w() == null) {
        add(s.guard(), d == null ? s.d() : d, "second", out, taping.keyOf(s.u().key()));
      } else {
        add(s.guard(), d == null ? s.d() : d, "second", out, taping.keyOf(s.u().key()), taping.keyOf(s.w().key()));
      }
    }
    out.add(write.apply(withValue.primal()));
  }

  /** {@code edges.<method>(keys..., d)}, under {@code guard}; nothing where {@code d} is zero. */
  private void add(ElementGuard guard, Expr d, String method, List<Stmt> out, Expr... keys) {
    Expr value = guard.isNone() ? d : Fold.simplify(guard.assumed(d));
    if (Exprs.isZero(value)) {
      return;
    }
    List<Expr> args = new ArrayList<>(List.of(keys));
    args.add(value);
    Stmt s = call(method, args.toArray(Expr[]::new));
    out.add(guard.isNone() ? s : new Stmt.If(guard.condition(), List.of(s), List.of()));
  }

  private Stmt call(String method, Expr... args) {
    return new Stmt.Eval(taping.edgesCall(method, Type.VOID, args));
  }

  private static boolean holdsConditional(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= n instanceof Expr.Conditional);
    return found[0];
  }
}
