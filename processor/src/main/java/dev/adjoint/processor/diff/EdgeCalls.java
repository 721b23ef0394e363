package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.diff.EdgeTaping.Refusal;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls of other differentiable methods in a recording for edge pushing: each call runs the
 * callee's own {@code mHessianEdges}, which records into the same tape. After {@link CallSites},
 * every call whose value carries a derivative is a statement of its own, {@code v = g(args)}; its
 * record is
 *
 * <pre>
 * edges.argument(0, key of the first differentiated argument);   // one per differentiated slot
 * double v = GDerivatives.gHessianEdges(edges, args...);         // reads its inputs' keys from them
 * edges.statementOfReturned(vKey);                               // v = the value g returned
 * </pre>
 *
 * <p>An argument's key is its variable's or its element's; an argument that depends on no input
 * gets new keys that are never written ({@code edges.constant()}, {@code edges.constants(n)});
 * any other number is first computed into a local of its own ({@link #argumentsInLocals}), whose
 * write is recorded like any other. The callee cannot write its array parameters (its recording
 * refuses that), so an array passes its keys as they are.
 */
final class EdgeCalls {
  private EdgeCalls() {}

  /**
   * {@code f} with each number passed to a differentiated parameter of a recorded call that is
   * not a variable or an element first computed into a local of its own, named after the callee
   * and the parameter ({@code bondA} for {@code bond(a, b)}).
   */
  static Function argumentsInLocals(Function f, List<Variable> wrt) {
    Activity activity = Activity.of(f.body(), wrt);
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(f.notes());
    List<Stmt> body = inLocals(f.body(), activity, notes);
    return new Function(f.name(), f.params(), f.returnType(), body, notes);
  }

  private static List<Stmt> inLocals(List<Stmt> block, Activity activity, Map<Stmt, SourceNote> notes) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      Stmt t = Stmts.mapBlocks(s, b -> inLocals(b, activity, notes));
      if (t != s && notes.containsKey(s)) {
        notes.put(t, notes.get(s));
      }
      if (!(t instanceof Stmt.Assign a && a.value() instanceof Expr.DiffCall c && activity.isActive(c))) {
        out.add(t);
        continue;
      }
      SourceNote note = notes.get(s);
      List<Expr> args = new ArrayList<>(c.args());
      for (int k = 0; k < args.size(); k++) {
        Expr arg = args.get(k);
        if (c.wrt().get(k) && arg.type() == Type.DOUBLE && activity.isActive(arg) && !hasKey(arg)) {
          String parameter = c.parameters().get(k);
          String name = c.name() + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1);
          Variable local = new Variable(name, Type.DOUBLE, Variable.Role.TEMP);
          Stmt.Assign computed = new Stmt.Assign(local, arg, true);
          if (note != null) {
            notes.put(computed, note);
          }
          out.add(computed);
          args.set(k, ref(local));
        }
      }
      Stmt call =
          new Stmt.Assign(
              a.target(),
              new Expr.DiffCall(c.callee(), args, c.gradient(), c.direction(), c.gradientTangent(), c.kind()),
              a.declares());
      if (note != null) {
        notes.put(call, note);
      }
      out.add(call);
    }
    return out;
  }

  /** Whether a number passed has a key as it is: a variable, or an element at a plain index. */
  private static boolean hasKey(Expr arg) {
    return arg instanceof Expr.VarRef
        || arg instanceof Expr.ArrayRead read
            && read.array() instanceof Expr.VarRef
            && !Effects.possibleIn(read.index());
  }

  /**
   * The differentiable methods whose recordings {@code source}'s recording calls (prepared as
   * {@link EdgeTaping#tape} prepares it): their recordings must exist for its own to.
   */
  static Set<Callee> recordedCallees(Function prepared, List<Variable> wrt) {
    Activity activity = Activity.of(prepared.body(), wrt);
    Set<Callee> out = new LinkedHashSet<>();
    Stmts.forEach(
        prepared.body(),
        s -> {
          if (s instanceof Stmt.Assign a && a.value() instanceof Expr.DiffCall c && activity.isActive(c)) {
            out.add(c.callee());
          }
        });
    return out;
  }

  /** The name of the callee's recording, or why a recording cannot call it. */
  static String recordingOf(Callee callee, EdgeTaping taping) {
    if (callee.derivatives() instanceof Callee.Custom) {
      throw taping.refusedHere(
          Refusal.DIFFERENTIABLE_CALL,
          callee.name() + " has a custom derivative, which gives no recording for edge pushing");
    }
    String method = callee.methodFor(Kind.HESSIAN_EDGES);
    if (method == null) {
      throw taping.refusedHere(
          Refusal.DIFFERENTIABLE_CALL,
          callee.name() + "'s companion has no " + Kind.HESSIAN_EDGES.methodName(callee.name()));
    }
    return method;
  }

  /** The record of {@code v = g(args)}, {@code vKey} the key of v. */
  static void record(Stmt.Assign a, Expr.DiffCall c, Expr vKey, EdgeTaping taping, List<Stmt> out) {
    String method = recordingOf(c.callee(), taping);
    List<Expr> args = new ArrayList<>();
    args.add(taping.edgesRef());
    int slot = 0;
    for (int k = 0; k < c.args().size(); k++) {
      Expr arg = c.args().get(k);
      args.add(arg);
      if (c.wrt().get(k)) {
        out.add(
            new Stmt.Eval(
                taping.edgesCall("argument", Type.VOID, new Expr.IntLit(slot++, Type.INT), keyOf(arg, taping))));
      }
    }
    Expr call =
        new Expr.Call(
            new CallTarget.Data(
                c.callee().derivativeOwner(), method, Effects.CALLS_AS_STATEMENTS, false),
            args,
            Type.DOUBLE);
    out.add(new Stmt.Assign(a.target(), call, a.declares()));
    out.add(new Stmt.Eval(taping.edgesCall("statementOfReturned", Type.VOID, vKey)));
  }

  /** The key the caller gives an argument: its own, an array's first, or new constant keys. */
  private static Expr keyOf(Expr arg, EdgeTaping taping) {
    Activity activity = taping.activity();
    if (arg.type() == Type.DOUBLE) {
      if (!activity.isActive(arg)) {
        return taping.edgesCall("constant", Type.INT);
      }
      if (arg instanceof Expr.VarRef r) {
        return taping.keyOf(r.variable());
      }
      if (arg instanceof Expr.ArrayRead read
          && read.array() instanceof Expr.VarRef array
          && !Effects.possibleIn(read.index())) {
        return Exprs.plusInt(taping.baseOf(array.variable()), read.index());
      }
      throw taping.refusedHere(Refusal.NOT_RECORDED, "an argument without a key");
    }
    if (arg.type() == Type.DOUBLE_MATRIX) {
      // Its keys are consecutive row after row (a differentiated matrix's in the gradient's
      // layout, a local one's made so), as the callee's own matrix parameter reads them.
      if (!activity.isActiveArray(arg)) {
        return taping.edgesCall("constants", Type.INT, CallSites.argumentLength(arg));
      }
      if (arg instanceof Expr.VarRef r) {
        return taping.firstKeyOfMatrix(r.variable());
      }
      throw taping.refusedHere(Refusal.MATRIX_PASSED, "a matrix that is not a variable");
    }
    if (arg.type() != Type.DOUBLE_ARRAY) {
      throw taping.refusedHere(Refusal.NOT_RECORDED, "an argument of type " + arg.type().javaName());
    }
    Expr array = Exprs.passedArray(arg);
    if (!activity.isActiveArray(array)) {
      return taping.edgesCall("constants", Type.INT, CallSites.argumentLength(arg));
    }
    if (array instanceof Expr.VarRef r) {
      return taping.baseOf(r.variable());
    }
    if (array instanceof Expr.ArrayRead row
        && row.array() instanceof Expr.VarRef m
        && m.variable().type() == Type.DOUBLE_MATRIX
        && !Effects.possibleIn(row.index())) {
      // A row: its first key from the matrix's table (a row out of range throws there, as m[i]).
      return taping.elementOfMatrix(m.variable(), row.index(), new Expr.IntLit(0, Type.INT));
    }
    throw taping.refusedHere(Refusal.MATRIX_PASSED, "a row of an expression passed");
  }
}
