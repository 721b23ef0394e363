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
import java.util.function.UnaryOperator;

/**
 * Prepares the calls of other methods for the differentiators, so that each runs exactly where and
 * as often as in the source, and derivative code never evaluates one again.
 *
 * <p>A call of another {@code @Differentiable} method whose value carries a derivative becomes a
 * statement of its own, {@code double g = GDerivatives.gGradient(args..., gGrad)}: the callee's
 * companion returns exactly the callee's value and leaves its partial derivatives in the array
 * {@code gGrad}, which the chain rule then reads like any other partial. So libraries of
 * differentiable functions compose through their compiled companions, without their source.
 *
 * <p>Derivative code copies parts of the statements it differentiates: partials repeat the other
 * factor of a product, the condition of a {@code ?:}, the arguments of a function, the indices of
 * elements; forward mode's tangents likewise. So in a statement whose value carries a derivative,
 * every other call of a method (one computing data, or a differentiable one where no derivative
 * flows) is computed once into a local first, and the statement and its copies read the local: a
 * call as a {@code double}, a condition or an integer holding one as a {@code boolean} or integer
 * local, a {@code ?:} with one in a branch as an if/else, so that the call runs only on its own
 * side. The index of an element written is computed once likewise: the gradient reads it again to
 * restore the element. (A loop bound or an {@code if} condition with a call runs once in the
 * forward sweep: {@link CountedLoop} and {@link SweepPlanner} never evaluate such a one again.)
 */
public final class CallSites {
  private final Activity activity;
  private final Map<Stmt, SourceNote> notes;
  /** The outermost loop around the statements being prepared, or null outside loops. */
  private Stmt.Loop outermostLoop;
  /** Gradient arrays of calls in {@link #outermostLoop}, allocated once before it. */
  private List<Stmt> beforeLoop;

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
    List<Stmt> body = c.withDataCalls(c.block(f.body()));
    return new Function(f.name(), f.params(), f.returnType(), body, notes);
  }

  /**
   * {@code block} with each call left without a gradient array, where no derivative flows (a
   * condition, an index, an int conversion, a value that carries none), as the data call it is
   * there: after this stage a differentiable call carries its partials, or is data.
   */
  private List<Stmt> withDataCalls(List<Stmt> block) {
    UnaryOperator<Expr> data =
        e ->
            Exprs.rewrite(
                e,
                n ->
                    n instanceof DiffCall c && c.gradient() == null
                        ? c.callee().plainCall(c.args())
                        : n);
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      Stmt t = Stmts.mapBlocks(s, this::withDataCalls);
      if (t instanceof If i) {
        t = new If(data.apply(i.condition()), i.thenBlock(), i.elseBlock());
      } else if (t instanceof Stmt.Loop l) {
        t = new Stmt.Loop(l.init(), data.apply(l.condition()), l.update(), l.body(), l.testFirst());
      } else {
        t = Stmts.mapExpressions(t, data);
      }
      if (t.equals(s)) {
        t = s;
      } else if (notes.containsKey(s)) {
        notes.put(t, notes.get(s));
      }
      out.add(t);
    }
    return out;
  }

  /** The statements of {@code block} with their calls prepared, nested blocks included. */
  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : block) {
      if (stmt instanceof Stmt.Loop loop && outermostLoop == null) {
        outermostLoop = loop;
        beforeLoop = new ArrayList<>();
        Stmt rebuilt = Stmts.mapBlocks(stmt, this::block);
        out.addAll(beforeLoop);
        outermostLoop = null;
        beforeLoop = null;
        if (notes.containsKey(stmt)) {
          notes.put(rebuilt, notes.get(stmt));
        }
        out.add(rebuilt);
        continue;
      }
      if (stmt instanceof If || stmt instanceof Stmt.Loop) {
        Stmt rebuilt = Stmts.mapBlocks(stmt, this::block);
        if (notes.containsKey(stmt)) {
          notes.put(rebuilt, notes.get(stmt));
        }
        out.add(rebuilt);
        continue;
      }
      Stmts.ownExpressions(stmt).forEach(e -> refuseLostDerivatives(e, notes.get(stmt)));
      SourceNote note = notes.get(stmt);
      List<Stmt> parts = new ArrayList<>();
      Stmt last = prepared(stmt, note, parts);
      if (parts.isEmpty() && last.equals(stmt)) {
        out.add(stmt);
        continue;
      }
      parts.add(last);
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
   * {@code stmt} reading what its calls were computed into, which {@code parts} computes first;
   * {@code stmt} itself when nothing moves.
   */
  private Stmt prepared(Stmt stmt, SourceNote note, List<Stmt> parts) {
    if (stmt instanceof Assign a
        && a.value() instanceof DiffCall call
        && activity.isActive(call)
        && !Exprs.reads(call, a.target())) {
      // Already a statement of its own: calls in its arguments first, then its gradient array.
      // (x = g(x) goes through a local instead, as forward mode needs the partials, which the
      // call leaves behind, before x changes.)
      DiffCall withArgs = (DiffCall) Exprs.mapChildren(call, arg -> once(arg, note, parts));
      return new Assign(a.target(), hoistArguments(withArgs, note, parts), a.declares());
    } else if (stmt instanceof Assign a && differentiated(a.value())) {
      return new Assign(a.target(), once(a.value(), note, parts), a.declares());
    } else if (stmt instanceof Return r && differentiated(r.value())) {
      return new Return(once(r.value(), note, parts));
    } else if (stmt instanceof Stmt.ArrayStore a
        && (differentiated(a.value())
            || Exprs.callsMethod(a.index())
            || (a.row() != null && Exprs.callsMethod(a.row())))) {
      // Java evaluates the element's indices before the value.
      Expr row = a.row() == null ? null : once(a.row(), note, parts);
      Expr index = once(a.index(), note, parts);
      // a[idx(k)] += v reads the element through the very index it stores to (one object, from
      // the reader): the read uses the local too, so idx runs once, as in the source.
      Expr value = sameReplaced(a.value(), a.index(), index);
      if (a.row() != null) {
        value = sameReplaced(value, a.row(), row);
      }
      value = differentiated(value) ? once(value, note, parts) : value;
      return new Stmt.ArrayStore(a.array(), row, index, value);
    }
    return stmt;
  }

  /** {@code e} with each occurrence of the object {@code from} (not an equal one) replaced. */
  private static Expr sameReplaced(Expr e, Expr from, Expr to) {
    if (e == from) {
      return to;
    }
    return from == to ? e : Exprs.mapChildren(e, child -> sameReplaced(child, from, to));
  }

  /**
   * Whether derivative code is made from {@code e}: its value carries a derivative, or it holds a
   * call whose derivative is needed.
   */
  private boolean differentiated(Expr e) {
    return activity.isActive(e) || needsGradient(e, true);
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
   * {@code e} with each call of a method moved into a local that {@code parts}, run just before
   * {@code e}, computes, in the order the source calls them; a call whose derivative is needed
   * gets its gradient array. What holds no call is left as it is.
   */
  private Expr once(Expr e, SourceNote note, List<Stmt> parts) {
    if (!Exprs.callsMethod(e)) {
      return e;
    }
    if (e.type() == Type.BOOLEAN || e.type().isIntegral()) {
      // A condition, an index, an int conversion: no derivative flows, so all of it in one local.
      return local(e, parts, false);
    }
    if (e instanceof DiffCall call && activity.isActive(call)) {
      DiffCall withArgs = (DiffCall) Exprs.mapChildren(call, arg -> once(arg, note, parts));
      return local(hoistArguments(withArgs, note, parts), parts, true);
    }
    if (e instanceof DiffCall || e instanceof Expr.Call c && c.target() instanceof CallTarget.Data) {
      return local(e, parts, false);
    }
    if (e instanceof Conditional c) {
      if (!Exprs.callsMethod(c.ifTrue()) && !Exprs.callsMethod(c.ifFalse())) {
        return new Conditional(once(c.condition(), note, parts), c.ifTrue(), c.ifFalse(), c.type());
      }
      // c ? g(x) : y becomes if/else into a local, so g runs only where the source runs it. (The
      // condition stays: an if runs its condition once, the gradient keeps the branch taken.)
      Variable value = new Variable("t", Type.DOUBLE, Variable.Role.TEMP);
      if (activity.isActive(c)) {
        activity.markActive(value);
      }
      List<Stmt> thenParts = new ArrayList<>();
      thenParts.add(new Assign(value, once(c.ifTrue(), note, thenParts), true));
      List<Stmt> elseParts = new ArrayList<>();
      elseParts.add(new Assign(value, once(c.ifFalse(), note, elseParts), true));
      parts.add(new If(c.condition(), thenParts, elseParts));
      return Exprs.ref(value);
    }
    // Arithmetic, a Math function, an element or a row (never a local: the chain rule keys an
    // element by its array): the operands in the order Java evaluates them.
    return Exprs.mapChildren(e, child -> once(child, note, parts));
  }

  /** A new local holding {@code value}, computed by {@code parts}; a reference to it. */
  private Expr local(Expr value, List<Stmt> parts, boolean active) {
    Variable local = new Variable(localName(value), value.type(), Variable.Role.TEMP);
    parts.add(new Assign(local, value, true));
    if (active) {
      activity.markActive(local);
    }
    return Exprs.ref(local);
  }

  /** The name of the local for {@code value}: its callee's, or {@code condition} for a test. */
  private static String localName(Expr value) {
    List<String> callees = new ArrayList<>();
    Exprs.forEachNode(
        value,
        n -> {
          if (n instanceof DiffCall c) {
            callees.add(c.name());
          } else if (n instanceof Expr.Call c) {
            callees.add(c.name());
          }
        });
    boolean isCall = value instanceof DiffCall || value instanceof Expr.Call;
    return !isCall && value.type() == Type.BOOLEAN ? "condition" : callees.get(0);
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
                arg.type().isArray() ? argumentLength(arg) : new Expr.IntLit(1, Type.INT));
      }
    }
    return length;
  }

  /**
   * The number of partials a whole array argument has: its length, or a matrix's element count
   * (its rows in order, as gradients lay matrices out).
   */
  public static Expr argumentLength(Expr arg) {
    if (Exprs.isPrefix(arg)) {
      // An array made in a loop: the length its iteration gave it.
      return ((Expr.Call) arg).args().get(1);
    }
    return arg.type() == Type.DOUBLE_MATRIX
        ? RuntimeHelper.SIZE.call(Type.INT, arg)
        : new Expr.ArrayLength(arg);
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
                  || (n instanceof Expr.Call c
                      && c.target().is(RuntimeHelper.SIZE)
                      && c.args().get(0) instanceof Expr.VarRef)
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

  /**
   * Attaches a gradient array to the call: one allocated before the loops around it (or just
   * before it, outside loops) where its length is the same everywhere, else a buffer that grows
   * just before it when it must.
   */
  private DiffCall hoistArguments(DiffCall call, SourceNote note, List<Stmt> parts) {
    checkArguments(call, note);
    Variable gradient =
        new Variable(call.name() + "Grad", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
    Expr length = gradientLength(call);
    if (isStable(length) && outermostLoop == null) {
      parts.add(new Assign(gradient, new Expr.NewDoubleArray(length), true));
    } else if (isStable(length) && !assignsArrayOf(outermostLoop, length)) {
      // Made once, before the loops: each call overwrites the partials the one before left, which
      // the gradient may have recorded on the tape first (a new array in the loop would be zeros).
      beforeLoop.add(new Assign(gradient, new Expr.NewDoubleArray(length), true));
    } else {
      // A length that depends on a row: a buffer that grows when it must.
      parts.add(
          new Assign(
              gradient,
              RuntimeHelper.AT_LEAST.call(Type.DOUBLE_ARRAY, Exprs.ref(gradient), length)));
    }
    return call.withGradient(gradient);
  }

  /** Whether {@code loop} assigns an array whose length {@code length} reads. */
  private static boolean assignsArrayOf(Stmt.Loop loop, Expr length) {
    List<Variable> read = new ArrayList<>();
    Exprs.forEachNode(
        length,
        n -> {
          if (n instanceof Expr.VarRef r) {
            read.add(r.variable());
          }
        });
    boolean[] assigned = {false};
    Stmts.forEach(List.of(loop), s -> assigned[0] |= read.contains(Stmts.target(s)));
    return assigned[0];
  }

  private static String line(SourceNote note) {
    return note == null ? "?" : Long.toString(note.line());
  }
}
