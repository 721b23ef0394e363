package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Access;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads through a field's handle once per generated method, into a local named after the field,
 * where no read in between could see another value: a final field always, a plain one when the
 * method makes no call that could assign it (another thread's writes need not be seen, as the JIT
 * may equally keep a plain field read in a register). The JIT keeps a
 * plain field read out of a loop by itself, but not a read through a handle: measured, a
 * gradient reading a {@code double[][]} field through its handle in an inner loop took 1.85
 * times as long. The local also reads better: {@code x[i][j]}.
 */
final class HandleReads {
  private HandleReads() {}

  static Function once(Function f) {
    boolean calls = callsUserMethods(f.body());
    Map<Expr, Variable> locals = new LinkedHashMap<>();
    List<Stmt> body =
        Stmts.mapExpressions(
            f.body(),
            e ->
                Exprs.rewrite(
                    e,
                    n -> {
                      if (!readOnce(n, calls)) {
                        return n;
                      }
                      Variable v =
                          locals.computeIfAbsent(
                              n, k -> new Variable(fieldName(k), k.type(), Variable.Role.TEMP));
                      return new Expr.VarRef(v);
                    }));
    if (locals.isEmpty()) {
      return f;
    }
    List<Stmt> out = new ArrayList<>();
    locals.forEach((read, v) -> out.add(new Stmt.Declare(v, read)));
    out.addAll(body);
    return f.withBody(out);
  }

  private static boolean readOnce(Expr n, boolean calls) {
    Access access =
        n instanceof Expr.InstanceField f
            ? f.access()
            : n instanceof Expr.FieldRef f ? f.access() : null;
    // A field holding an object is read where it is called on: a local would need its class.
    return access instanceof Access.Handle h
        && h.objectClass() == null
        && (h.change() == Access.Change.NEVER || (h.change() == Access.Change.BY_CALLS && !calls));
  }

  private static String fieldName(Expr read) {
    return read instanceof Expr.InstanceField f ? f.name() : ((Expr.FieldRef) read).name();
  }

  /**
   * Whether the method makes a call that may assign a field: a call made as a statement, or one
   * with effects. A method computing data, called for its value, is taken to be a pure function,
   * as everywhere in generated code (README, "Values").
   */
  private static boolean callsUserMethods(List<Stmt> body) {
    boolean[] found = {false};
    Stmts.forEach(
        body,
        s -> {
          if (s instanceof Stmt.Eval e
              && e.call() instanceof Expr.Call c
              && c.target() instanceof CallTarget.Data d
              && !d.pure()) {
            found[0] = true;
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if ((n instanceof Expr.DiffCall c && c.callee().effects() != Effects.NONE)
                      || (n instanceof Expr.Call call && call.target().effects() != Effects.NONE)) {
                    found[0] = true;
                  }
                });
          }
        });
    return found[0];
  }
}
