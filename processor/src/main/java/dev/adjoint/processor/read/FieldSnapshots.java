package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads each field a call with effects may change into a local, at the point of the original read.
 *
 * <p>Derivative code reads the values of a statement again where it needs them: the backward
 * sweep long after the forward one, tangents and partials in copies of the statement. A field is
 * not a value of the method: a helper called as a statement (or a differentiable call with effects)
 * may assign it in between, and the copy would then read the new value. Where the method makes such
 * a call, every read of a field that is not final becomes a local assigned just before the statement
 * that reads it; derivative code then reads the local, saved and restored like any other local that
 * a loop overwrites. A method without such a call is left as it is.
 *
 * <p>Left alone: a read in a loop's condition or update (a number no derivative flows through,
 * evaluated where the original evaluates it), and a read that follows, in the same statement, a
 * call with effects (it must see what the call did).
 */
final class FieldSnapshots {
  /** The field reads that may change: reads of fields that are not final. */
  private final Set<Expr> changeable;

  private final Map<Stmt, SourceNote> notes;

  private FieldSnapshots(Set<Expr> changeable, Map<Stmt, SourceNote> notes) {
    this.changeable = changeable;
    this.notes = notes;
  }

  /**
   * {@code body}, with its reads of {@code changeable} fields taken once into locals if it makes a
   * call with effects; the snapshots take the notes of the statements that read them.
   */
  static List<Stmt> taken(List<Stmt> body, Set<Expr> changeable, Map<Stmt, SourceNote> notes) {
    if (changeable.isEmpty() || !callsWithEffects(body)) {
      return body;
    }
    return new FieldSnapshots(changeable, notes).block(body);
  }

  /** Whether a statement of {@code body} calls a method that may change a field. */
  private static boolean callsWithEffects(List<Stmt> body) {
    boolean[] found = {false};
    Stmts.forEach(
        body,
        s -> {
          found[0] |= s instanceof Stmt.Eval e && isStatementCall(e);
          for (Expr e : Stmts.ownExpressions(s)) {
            found[0] |= Effects.possibleIn(e);
          }
        });
    return found[0];
  }

  /**
   * A method called for its effect: not an {@code assert}, a {@code throw} or a library check
   * such as a switch's {@code Objects.requireNonNull}.
   */
  private static boolean isStatementCall(Stmt.Eval e) {
    return e.call() instanceof Expr.Call c
        && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Data d
        && !d.pure();
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      statement(s, out);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Loop l) {
      Stmt loop =
          new Stmt.Loop(block(l.init()), l.condition(), l.update(), block(l.body()), l.testFirst());
      moveNote(s, loop);
      out.add(loop);
      return;
    }
    Map<Expr, Variable> taken = new java.util.LinkedHashMap<>();
    Stmt rewritten =
        s instanceof Stmt.If i
            ? new Stmt.If(snapshot(i.condition(), taken), block(i.thenBlock()), block(i.elseBlock()))
            : Stmts.mapExpressions(s, e -> snapshot(e, taken));
    SourceNote note = notes.get(s);
    for (Map.Entry<Expr, Variable> t : taken.entrySet()) {
      Stmt read = new Stmt.Assign(t.getValue(), t.getKey(), true);
      if (note != null) {
        notes.put(read, note);
      }
      out.add(read);
    }
    moveNote(s, rewritten);
    out.add(rewritten);
  }

  private void moveNote(Stmt from, Stmt to) {
    if (from != to && notes.containsKey(from)) {
      notes.put(to, notes.get(from));
    }
  }

  /**
   * {@code e} reading, instead of each changeable field, a local that {@code taken} maps it from;
   * reads after a call with effects, in evaluation order, stay as they are.
   */
  private Expr snapshot(Expr e, Map<Expr, Variable> taken) {
    boolean[] afterCall = {false};
    Map<Expr, Boolean> early = new IdentityHashMap<>();
    markEarly(e, afterCall, early);
    return Exprs.rewrite(
        e,
        n -> {
          if (!changeable.contains(n) || !early.containsKey(n)) {
            return n;
          }
          Variable local =
              taken.computeIfAbsent(
                  n, f -> new Variable(fieldName(f), f.type(), Variable.Role.LOCAL));
          return new Expr.VarRef(local);
        });
  }

  /** Marks the field reads of {@code e} evaluated before any call with effects in it. */
  private void markEarly(Expr e, boolean[] afterCall, Map<Expr, Boolean> early) {
    for (Expr child : Exprs.children(e)) {
      markEarly(child, afterCall, early);
    }
    if (changeable.contains(e) && !afterCall[0]) {
      early.put(e, true);
    }
    afterCall[0] |= Effects.ofCall(e).possible();
  }

  private static String fieldName(Expr field) {
    return field instanceof Expr.FieldRef f ? f.name() : ((Expr.InstanceField) field).name();
  }
}
