package dev.adjoint.processor.diff;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.DiffCall;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares calls of other {@code @Differentiable} methods whose value carries a derivative. Each
 * becomes a statement of its own, {@code double g = GDerivatives.gGradient(args..., gGrad)}: the
 * callee's companion returns exactly the callee's value and leaves its partial derivatives in the
 * array {@code gGrad}, which the chain rule then reads like any other partial. So libraries of
 * differentiable functions compose through their compiled companions, without their source.
 */
public final class CallSites {
  private final Activity activity;
  private final Map<Stmt, SourceNote> notes;

  private CallSites(Activity activity, Map<Stmt, SourceNote> notes) {
    this.activity = activity;
    this.notes = notes;
  }

  /**
   * @throws NotDifferentiable if a derivative flows into a parameter the callee does not
   *     differentiate
   */
  public static Function prepare(Function f, List<Variable> wrt) {
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(f.notes());
    CallSites c = new CallSites(Activity.of(f.body(), wrt), notes);
    List<Stmt> body = c.block(f.body());
    return new Function(f.name(), f.params(), f.returnType(), body, notes);
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : prepared(block)) {
      Stmt t = withDataCalls(s);
      if (t != s && notes.containsKey(s)) {
        notes.put(t, notes.get(s));
      }
      out.add(t);
    }
    return out;
  }

  /**
   * {@code s} with each call left without a gradient array, where no derivative flows (a
   * condition, an index, an int conversion), as the data call it is there: after this stage a
   * differentiable call carries its partials, or is data. Nested blocks are done already.
   */
  private static Stmt withDataCalls(Stmt s) {
    boolean[] found = {false};
    for (Expr e : Stmts.ownExpressions(s)) {
      Exprs.forEachNode(e, n -> found[0] |= n instanceof DiffCall c && c.gradient() == null);
    }
    if (!found[0]) {
      return s;
    }
    java.util.function.UnaryOperator<Expr> data =
        e ->
            Exprs.rewrite(
                e,
                n ->
                    n instanceof DiffCall c && c.gradient() == null
                        ? new Expr.Call(
                            new CallTarget.Data(c.owner(), c.name(), c.callee().effects()),
                            c.args(),
                            c.type())
                        : n);
    if (s instanceof If i) {
      return new If(data.apply(i.condition()), i.thenBlock(), i.elseBlock());
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.init(), data.apply(l.condition()), l.update(), l.body(), l.testFirst());
    }
    return Stmts.mapExpressions(s, data);
  }

  /** The statements of {@code block} with each call whose value carries a derivative prepared. */
  private List<Stmt> prepared(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : block) {
      if (stmt instanceof If || stmt instanceof Stmt.Loop) {
        Stmt rebuilt = Stmts.mapBlocks(stmt, this::block);
        if (notes.containsKey(stmt)) {
          notes.put(rebuilt, notes.get(stmt));
        }
        out.add(rebuilt);
        continue;
      }
      List<Expr> own = Stmts.ownExpressions(stmt);
      own.forEach(e -> refuseLostDerivatives(e, notes.get(stmt)));
      if (own.isEmpty() || !hasActiveCall(own.get(own.size() - 1))) {
        out.add(stmt);
        continue;
      }
      SourceNote note = notes.get(stmt);
      List<Stmt> parts = new ArrayList<>();
      if (stmt instanceof Assign a
          && a.value() instanceof DiffCall call
          && activity.isActive(call)
          && !Exprs.reads(call, a.target())) {
        // Already a statement of its own: calls in its arguments first, then its gradient array.
        // (x = g(x) goes through a local instead, as forward mode needs the partials, which the
        // call leaves behind, before x changes.)
        DiffCall withArgs = (DiffCall) Exprs.rewriteChildren(call, arg -> hoist(arg, note, parts));
        parts.add(new Assign(a.target(), hoistArguments(withArgs, note, parts), a.declares()));
      } else if (stmt instanceof Assign a) {
        parts.add(new Assign(a.target(), hoist(a.value(), note, parts), a.declares()));
      } else if (stmt instanceof Return r) {
        parts.add(new Return(hoist(r.value(), note, parts)));
      } else if (stmt instanceof Stmt.ArrayStore a) {
        parts.add(
            new Stmt.ArrayStore(a.array(), a.row(), a.index(), hoist(a.value(), note, parts)));
      } else {
        out.add(stmt);
        continue;
      }
      for (Stmt part : parts) {
        if (note != null) {
          Stmts.forEach(List.of(part), p -> notes.put(p, note));
        }
        out.add(part);
      }
    }
    return out;
  }

  /**
   * A plain call whose double result would depend on the differentiated parameters would be taken
   * as a constant: never let that through (the fence refuses it at its line first).
   */
  private void refuseLostDerivatives(Expr e, SourceNote note) {
    Exprs.forEachNode(
        e,
        n -> {
          if (n instanceof DiffCall call) {
            checkArguments(call, note);
          }
          if (n instanceof Expr.Call c
              && c.target() instanceof CallTarget.Data
              && c.type() == Type.DOUBLE
              && c.args().stream().anyMatch(activity::isActive)) {
            throw new NotDifferentiable(
                note,
                Message.CALL_NOT_DIFFERENTIABLE,
                c.owner().simpleName() + "." + c.name() + "(...)");
          }
        });
  }

  /** Whether {@code e}, where its value carries a derivative, holds a call that needs one. */
  private boolean hasActiveCall(Expr e) {
    return needsGradient(e, true);
  }

  /**
   * Whether an active call sits in a position whose value flows into the derivative: through
   * double arithmetic, Math functions and the arguments of other calls, not through comparisons,
   * conditions, integer conversions or array indices (whose values carry no derivative).
   */
  private boolean needsGradient(Expr e, boolean activePosition) {
    if (!activePosition || e.type() != Type.DOUBLE) {
      return false;
    }
    if (e instanceof DiffCall && activity.isActive(e)) {
      return true;
    }
    if (e instanceof Conditional c) {
      return needsGradient(c.ifTrue(), true) || needsGradient(c.ifFalse(), true);
    }
    if (e instanceof Expr.ArrayRead) {
      return false;
    }
    for (Expr child : Exprs.children(e)) {
      if (needsGradient(child, true)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e} with each call that needs its derivative (innermost first) moved into a statement
   * before it. A call elsewhere (in a condition, a comparison, a short-circuit operand) stays a
   * plain call, evaluated exactly where the source evaluates it.
   */
  private Expr hoist(Expr e, SourceNote note, List<Stmt> parts) {
    if (!needsGradient(e, true)) {
      return e;
    }
    if (e instanceof Conditional c) {
      // c ? g(x) : y becomes if/else into a local, so g runs only where the source runs it.
      List<Stmt> thenParts = new ArrayList<>();
      List<Stmt> elseParts = new ArrayList<>();
      Variable value = new Variable("t", Type.DOUBLE, Variable.Role.TEMP);
      activity.markActive(value);
      // (The hoisted calls are added to each branch before its result.)
      Expr ifTrue = hoist(c.ifTrue(), note, thenParts);
      thenParts.add(new Assign(value, ifTrue, true));
      Expr ifFalse = hoist(c.ifFalse(), note, elseParts);
      elseParts.add(new Assign(value, ifFalse, true));
      parts.add(new If(c.condition(), thenParts, elseParts));
      return Exprs.ref(value);
    }
    Expr rebuilt = Exprs.rewriteChildren(e, child -> hoist(child, note, parts));
    if (rebuilt instanceof DiffCall call && activity.isActive(e)) {
      DiffCall prepared = hoistArguments(call, note, parts);
      Variable value = new Variable(call.name(), Type.DOUBLE, Variable.Role.TEMP);
      parts.add(new Assign(value, prepared, true));
      activity.markActive(value);
      return Exprs.ref(value);
    }
    return rebuilt;
  }

  /** The length of the callee's gradient: one per double, an array's length per array. */
  public static Expr gradientLength(DiffCall call) {
    Expr length = new Expr.IntLit(0, Type.INT);
    for (int k = 0; k < call.args().size(); k++) {
      if (call.wrt().get(k)) {
        Expr arg = call.args().get(k);
        length =
            Exprs.plusInt(
                length,
                arg.type().isArray() ? new Expr.ArrayLength(arg) : new Expr.IntLit(1, Type.INT));
      }
    }
    return length;
  }

  /**
   * Whether a length is made of literals and lengths of named arrays, which hold the same value
   * everywhere in the method (array variables are never reassigned).
   */
  public static boolean isStable(Expr length) {
    boolean[] stable = {true};
    Exprs.forEachNode(
        length,
        n -> {
          boolean ok =
              n instanceof Expr.IntLit
                  || (n instanceof Expr.Binary b && b.op() == dev.adjoint.processor.ir.BinaryOp.ADD)
                  || (n instanceof Expr.ArrayLength l && l.array() instanceof Expr.VarRef)
                  || (n instanceof Expr.VarRef r && r.variable().type().isArray());
          stable[0] &= ok;
        });
    return stable[0];
  }

  /** A derivative may only flow into a parameter the callee differentiates. */
  private void checkArguments(DiffCall call, SourceNote note) {
    for (int k = 0; k < call.args().size(); k++) {
      Expr arg = call.args().get(k);
      if (!call.wrt().get(k) && (activity.isActive(arg) || activity.isActiveArray(arg))) {
        String parameter = call.parameters().get(k);
        throw new NotDifferentiable(
            note, Message.CALL_ARGUMENT_NOT_WRT, line(note), parameter, call.name(), parameter);
      }
    }
  }

  /** Attaches a fresh gradient array to the call, allocated just before it. */
  private DiffCall hoistArguments(DiffCall call, SourceNote note, List<Stmt> parts) {
    checkArguments(call, note);
    Variable gradient =
        new Variable(call.name() + "Grad", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
    Expr length = gradientLength(call);
    if (isStable(length)) {
      // Lengths of arrays that are never reassigned: one array, allocated where it is declared.
      parts.add(new Assign(gradient, new Expr.NewDoubleArray(length), true));
    } else {
      // A length that depends on a row: a buffer that grows when it must.
      parts.add(
          new Assign(
              gradient,
              RuntimeHelper.AT_LEAST.call(Type.DOUBLE_ARRAY, Exprs.ref(gradient), length)));
    }
    return call.withGradient(gradient);
  }

  private static String line(SourceNote note) {
    return note == null ? "?" : Long.toString(note.line());
  }
}
