package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.simplify.Fold;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a statement whose derivative would be much larger than the statement itself. Writing the
 * chain rule for a whole expression repeats each subexpression in the partials of everything it
 * multiplies, which grows quadratically with nesting (a Horner polynomial, {@code sin(sin(...))}).
 * Such a statement is broken into locals, one per nonlinear step, each with its own tangent or
 * adjoint, so the derivative costs a constant times the statement. The locals compute the same
 * operations in the same order, so the value is unchanged.
 */
public final class Splitter {
  /**
   * A statement is split when its simplified partials exceed this many times its own size, plus
   * slack: enough that ordinary formulas stay whole and read as written.
   */
  private static final int GROWTH = 3;

  private static final int SLACK = 60;

  private final Activity activity;
  private final Linearizer linearizer;
  private final Map<Stmt, SourceNote> notes;

  private Splitter(Activity activity, Map<Stmt, SourceNote> notes) {
    this.activity = activity;
    this.linearizer = new Linearizer(activity);
    this.notes = notes;
  }

  /** {@code f} with its oversized statements split; other statements are kept as they are. */
  public static Function split(Function f, List<Variable> wrt) {
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(f.notes());
    Splitter s = new Splitter(Activity.of(f.body(), wrt), notes);
    List<Stmt> body = s.block(f.body());
    return new Function(f.name(), f.params(), f.returnType(), body, notes);
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : block) {
      if (stmt instanceof If || stmt instanceof Stmt.Loop) {
        Stmt rebuilt = Stmts.mapBlocks(stmt, this::block);
        if (notes.containsKey(stmt)) {
          notes.put(rebuilt, notes.get(stmt));
        }
        out.add(rebuilt);
      } else if (stmt instanceof Assign a && tooLarge(a.value())) {
        List<Stmt> parts = new ArrayList<>();
        Expr rest = hoist(a.value(), false, parts);
        Assign last = new Assign(a.target(), rest, a.declares());
        parts.add(last);
        noteAll(stmt, parts, out);
      } else if (stmt instanceof Return r && tooLarge(r.value())) {
        List<Stmt> parts = new ArrayList<>();
        Expr rest = hoist(r.value(), false, parts);
        parts.add(new Return(rest));
        noteAll(stmt, parts, out);
      } else {
        out.add(stmt);
      }
    }
    return out;
  }

  private boolean tooLarge(Expr e) {
    if (!activity.isActive(e)) {
      return false;
    }
    int partials = 0;
    for (Expr c : linearizer.coefficients(e, null).values()) {
      partials += Exprs.size(Fold.simplify(c));
    }
    return partials > GROWTH * Exprs.size(e) + SLACK;
  }

  /**
   * Rebuilds {@code e} bottom-up, moving into a new local every active compound operand of a
   * nonlinear operation (a product, quotient or call), which is what the partials would repeat.
   */
  private Expr hoist(Expr e, boolean operandOfNonlinear, List<Stmt> parts) {
    if (!activity.isActive(e)) {
      // No derivative flows through it (a constant, or a value cast to int): left as it is, so
      // nothing under an int cast becomes a local that looks differentiable.
      return e;
    }
    boolean nonlinear =
        e instanceof Call
            || (e instanceof Binary b
                && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM));
    Expr rebuilt =
        Exprs.rewriteChildren(e, child -> hoist(child, nonlinear, parts));
    // A sign change or a cast is not worth a local of its own.
    boolean compound = rebuilt instanceof Binary || rebuilt instanceof Call;
    if (operandOfNonlinear && compound && activity.isActive(e)) {
      Variable part = new Variable("t", Type.DOUBLE, Variable.Role.TEMP);
      parts.add(new Assign(part, rebuilt, true));
      activity.markActive(part);
      return Exprs.ref(part);
    }
    return rebuilt;
  }

  private void noteAll(Stmt original, List<Stmt> parts, List<Stmt> out) {
    SourceNote note = notes.get(original);
    for (Stmt part : parts) {
      if (note != null) {
        notes.put(part, note);
      }
      out.add(part);
    }
  }
}
