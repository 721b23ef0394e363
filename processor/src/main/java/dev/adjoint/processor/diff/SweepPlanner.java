package dev.adjoint.processor.diff;

import dev.adjoint.processor.diff.SweepPlan.AssignPlan;
import dev.adjoint.processor.diff.SweepPlan.BranchPlan;
import dev.adjoint.processor.diff.SweepPlan.CallPartials;
import dev.adjoint.processor.diff.SweepPlan.Entry;
import dev.adjoint.processor.diff.SweepPlan.LoopPlan;
import dev.adjoint.processor.diff.SweepPlan.OldValue;
import dev.adjoint.processor.diff.SweepPlan.StorePlan;
import dev.adjoint.processor.diff.SweepPlan.Store;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link SweepPlan} of a method, walking its statements as the reverse sweep will: the
 * statements before each return, in the context each runs in (once, or once per iteration of a
 * loop; in the block of its backward step, or nested).
 *
 * <p>The rules: an assignment outside loops saves the value it overwrites in a local, unless it
 * declares; inside a loop it tapes it, unless the backward iteration computes it again ({@link
 * Recomputation#recomputable}) or it is an integer step to undo; the partials of a call in a loop
 * are taped, or, when it passes arrays and its callee has no effects, computed again by calling
 * it again (a callee that may have effects runs once, as in the original). A stored element's old
 * value goes to a local or the tape likewise. An {@code if} records its decision when a branch
 * changes what its condition reads, or when the condition calls a method (which must run once). A counted loop ({@link CountedLoop}) runs backwards by its
 * index; any other counts its trips, in a local or, inside a loop, on the tape.
 */
final class SweepPlanner {
  /** Where a statement runs: whether in a loop, and whether its backward step is in its block. */
  private record Context(boolean inLoop, boolean sameBlock) {}

  private final Map<Stmt, SourceNote> notes;
  private final boolean forSecondOrder;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<Stmt, Context> planned = new IdentityHashMap<>();
  /** The statements the loops seen so far compute again in their backward iterations. */
  private final Set<Assign> recomputed =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /** Whether a call of the method may change a field or a field's array ({@link Stmts#mayChangeFields}). */
  private final boolean fieldsMayChange;

  /** The locals holding a field's array (read into a local by read/FieldSnapshots). */
  private final Set<Variable> fieldArrays = new HashSet<>();

  private SweepPlanner(
      Map<Stmt, SourceNote> notes, boolean forSecondOrder, List<Stmt> body) {
    this.notes = notes;
    this.forSecondOrder = forSecondOrder;
    this.fieldsMayChange = Stmts.mayChangeFields(body);
    Stmts.forEach(
        body,
        s -> {
          if (s instanceof Assign a && a.target().type().isArray() && Exprs.isFieldRead(a.value())) {
            fieldArrays.add(a.target());
          }
        });
  }

  /** Whether the call passes a field's array (or an array parameter, which may be one), or a row of one. */
  private boolean passesFieldArray(Expr.DiffCall call) {
    for (Expr arg : call.args()) {
      Expr root = arg;
      while (root instanceof Expr.ArrayRead r) {
        root = r.array();
      }
      if (arg.type().isArray()
          && (Exprs.isFieldRead(root)
              || (root instanceof Expr.VarRef v
                  && (fieldArrays.contains(v.variable()) || Exprs.isArrayParameter(v.variable()))))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The plan for {@code source}, whose calls are split out and loop exits lowered, and whose body
   * has its returns lifted ({@code lifted}).
   *
   * @param forSecondOrder whether forward mode will run over the gradient (Hessian-vector
   *     products), which needs the partials of every call in the forward sweep
   */
  static SweepPlan plan(Function source, List<Stmt> lifted, boolean forSecondOrder) {
    Map<Stmt, SourceNote> notes = new IdentityHashMap<>(source.notes());
    SweepPlanner planner = new SweepPlanner(notes, forSecondOrder, lifted);
    planner.sweeps(lifted);
    Function swept =
        new Function(source.name(), source.params(), source.returnType(), lifted, notes);
    return new SweepPlan(swept, planner.entries);
  }

  /** A block that ends in a return, or in an {@code if} whose branches do. */
  private void sweeps(List<Stmt> block) {
    for (Stmt s : block.subList(0, block.size() - 1)) {
      statement(s, new Context(false, true));
    }
    Stmt last = block.get(block.size() - 1);
    if (last instanceof If i) {
      sweeps(i.thenBlock());
      sweeps(i.elseBlock());
    } else if (!(last instanceof Return)) {
      throw new IllegalStateException("block does not end in a return: " + last);
    }
  }

  private void statement(Stmt s, Context context) {
    Context before = planned.putIfAbsent(s, context);
    if (before != null) {
      // Lifting copies the statements after a partial return into each branch that goes on, at
      // the same depth: they get the plan they already have.
      if (!before.equals(context)) {
        throw new IllegalStateException("one statement swept in two contexts: " + s);
      }
      return;
    }
    if (s instanceof Assign a && !a.target().type().isArray()) {
      entries.add(assignment(a, context));
    } else if (s instanceof ArrayStore st) {
      entries.add(new StorePlan(st, context.inLoop() ? Store.TAPE : Store.LOCAL));
    } else if (s instanceof If i) {
      Set<Variable> changed = changedInputs(i);
      boolean calls = Exprs.callsMethod(i.condition());
      boolean kept = calls || !changed.isEmpty();
      Store decision = !kept ? null : context.inLoop() ? Store.TAPE : Store.LOCAL;
      entries.add(new BranchPlan(i, decision, changed, calls));
      Context nested = new Context(context.inLoop(), false);
      i.thenBlock().forEach(t -> statement(t, nested));
      i.elseBlock().forEach(t -> statement(t, nested));
    } else if (s instanceof Loop l) {
      loop(l, context);
    }
    // Allocations and breaks keep nothing.
  }

  private AssignPlan assignment(Assign a, Context context) {
    boolean sharesForwardLocals = context.sameBlock() && !context.inLoop();
    if (!context.inLoop()) {
      OldValue old = a.declares() ? OldValue.NONE : OldValue.LOCAL;
      return new AssignPlan(a, old, CallPartials.IN_PLACE, sharesForwardLocals);
    }
    OldValue old =
        recomputed.contains(a)
            ? OldValue.COMPUTED_AGAIN
            : Recomputation.inverse(a) != null ? OldValue.STEPPED_BACK : OldValue.TAPE;
    CallPartials partials = CallPartials.IN_PLACE;
    // Called again, the callee would read the arrays as they are then: a field's array that a
    // call of the method changed in between would give other partials, so they are taped.
    if (passesArrays(a.value())
        && !((Expr.DiffCall) a.value()).callee().effects().possible()
        && !(fieldsMayChange && passesFieldArray((Expr.DiffCall) a.value()))) {
      partials = forSecondOrder ? CallPartials.CALLED_AGAIN_AND_FORWARD : CallPartials.CALLED_AGAIN;
    } else if (old == OldValue.TAPE
        && a.value() instanceof Expr.DiffCall call
        && call.gradient() != null) {
      partials = CallPartials.TAPE;
    }
    return new AssignPlan(a, old, partials, sharesForwardLocals);
  }

  private void loop(Loop l, Context context) {
    CountedLoop counted = CountedLoop.of(l);
    List<Stmt> body =
        counted != null ? l.body() : LoopExits.appendToFallthrough(l.body(), l.update(), notes);
    List<Assign> again = Recomputation.recomputable(body, fieldsMayChange);
    recomputed.addAll(again);
    Store tripCount = counted != null ? null : context.inLoop() ? Store.TAPE : Store.LOCAL;
    entries.add(new LoopPlan(l, counted, tripCount, body, again));
    if (counted == null) {
      // A counted loop's index is computed again backwards; any other loop's init runs as code.
      l.init().forEach(t -> statement(t, new Context(context.inLoop(), false)));
    }
    Context iteration = new Context(true, false);
    body.forEach(t -> statement(t, iteration));
  }

  /**
   * Whether a call passes whole arrays: in loops its partials are computed again, not taped,
   * unless its callee may have effects or it passes a field's array that a call of the method
   * may change.
   */
  static boolean passesArrays(Expr value) {
    return value instanceof Expr.DiffCall call
        && call.gradient() != null
        && call.args().stream().anyMatch(arg -> arg.type().isArray());
  }

  /** The variables the condition reads that a branch assigns, or whose elements it writes. */
  private static Set<Variable> changedInputs(If i) {
    Set<Variable> read = new HashSet<>();
    Exprs.collectVariables(i.condition(), read);
    Set<Variable> changed = new LinkedHashSet<>();
    for (List<Stmt> branch : List.of(i.thenBlock(), i.elseBlock())) {
      Stmts.forEach(
          branch,
          s -> {
            Variable t = Stmts.target(s);
            if (t != null && read.contains(t)) {
              changed.add(t);
            }
            Variable array = Stmts.arrayWritten(s);
            if (array != null && read.contains(array)) {
              changed.add(array);
            }
          });
    }
    return changed;
  }
}
