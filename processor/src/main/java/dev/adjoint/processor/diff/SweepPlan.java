package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the reverse sweep of one method keeps for its backward sweep, and why, decided for every
 * statement before any code is written ({@link SweepPlanner}): which overwritten values are saved
 * in a local or on the tape, which are stepped back or computed again instead, which branch
 * decisions are recorded, how each loop is run backwards. {@link ReverseMode} reads it and only
 * writes code; the fresh locals and tape entries it makes for that are its own.
 *
 * <p>Entries are kept by statement identity: return lifting may put one statement into two
 * branches, where it gets the same plan.
 */
public final class SweepPlan {
  /** Where a value the backward sweep needs waits for it. */
  public enum Store {
    /** A local of the gradient: the statement runs at most once. */
    LOCAL,
    /** The tape: the statement runs once per iteration of a loop, each needing its own value. */
    TAPE
  }

  /** How the backward step of an assignment gets back the value the assignment overwrote. */
  public enum OldValue {
    /** A declaration outside loops: it overwrites nothing. */
    NONE,
    /** Saved in a local ({@code xOld}) before the assignment. */
    LOCAL,
    /** Recorded on the tape before the assignment, in every iteration. */
    TAPE,
    /** An integer step {@code v = v + c}, stepped back: {@code v = v - c}. */
    STEPPED_BACK,
    /** Computed again at the top of each backward iteration, from the iteration's inputs. */
    COMPUTED_AGAIN
  }

  /** Where the backward step of {@code x = f(...)}, a companion call, finds the call's partials. */
  public enum CallPartials {
    /** In the array the call left them in: not a call with partials, or not in a loop. */
    IN_PLACE,
    /**
     * On the tape, recorded before each call in a loop, since the next call overwrites them; also
     * for a call passing arrays whose callee may have effects, which must not run again.
     */
    TAPE,
    /**
     * The call passes whole arrays, so its partials are as long as the arrays: the backward
     * iteration calls the companion again, and the forward sweep asks for the value only. Only for
     * a callee without effects ({@link dev.adjoint.processor.ir.Effects#NONE}).
     */
    CALLED_AGAIN,
    /**
     * As {@link #CALLED_AGAIN}, but the forward sweep computes them too: forward mode over the
     * gradient needs them for the tangent of the call's value.
     */
    CALLED_AGAIN_AND_FORWARD;

    boolean calledAgain() {
      return this == CALLED_AGAIN || this == CALLED_AGAIN_AND_FORWARD;
    }
  }

  /** The plan of one statement. */
  public sealed interface Entry permits AssignPlan, StorePlan, BranchPlan, LoopPlan {
    Stmt statement();

    /** What the statement keeps for its backward step and why, or null when it keeps nothing. */
    String reason(java.util.function.Function<Variable, String> names);
  }

  /**
   * An assignment to a scalar.
   *
   * @param sharesForwardLocals whether its forward and backward code lie in one block, outside
   *     loops, so that the backward step reuses the locals the forward sweep computed its value
   *     with (the subexpressions its partials share)
   */
  public record AssignPlan(
      Assign statement, OldValue oldValue, CallPartials partials, boolean sharesForwardLocals)
      implements Entry {
    @Override
    public String reason(java.util.function.Function<Variable, String> names) {
      String x = names.apply(statement.target());
      String value =
          switch (oldValue) {
            case NONE -> null;
            case LOCAL -> "saves " + x + " in a local: the assignment overwrites it";
            case TAPE -> "tapes " + x + ": every iteration overwrites it";
            case STEPPED_BACK -> "steps " + x + " back: an integer step, undone exactly";
            case COMPUTED_AGAIN ->
                "computes "
                    + x
                    + " again in the backward iteration: nothing after it in the iteration"
                    + " changes its inputs";
          };
      String partialsOf =
          partials == CallPartials.IN_PLACE
              ? null
              : names.apply(((Expr.DiffCall) statement.value()).gradient());
      String call =
          switch (partials) {
            case IN_PLACE -> null;
            case TAPE ->
                "tapes the partials in "
                    + partialsOf
                    + (SweepPlanner.passesArrays(statement.value())
                        ? ": the callee, or a call that may change a field's array, has effects, so it is"
                            + " not called again"
                        : ": the next iteration's call overwrites them");
            case CALLED_AGAIN, CALLED_AGAIN_AND_FORWARD ->
                "calls again for the partials in "
                    + partialsOf
                    + ": arrays are passed, so they are too long to tape";
          };
      return joined(value, call);
    }
  }

  /** {@code a[i] = e}: the element's old value is saved where {@code oldElement} says. */
  public record StorePlan(ArrayStore statement, Store oldElement) implements Entry {
    @Override
    public String reason(java.util.function.Function<Variable, String> names) {
      String array = names.apply(statement.array());
      return oldElement == Store.LOCAL
          ? "saves the element of " + array + " it overwrites in a local"
          : "tapes the element of " + array + " it overwrites: every iteration may write another";
    }
  }

  /**
   * An {@code if}: its decision is recorded (where {@code decision} says) when a branch changes
   * what the condition reads ({@code changedInputs}), since the backward sweep could not evaluate
   * the condition again, or when the condition calls a method ({@code callsMethod}), which must run
   * only once; else null, and the backward sweep evaluates it again.
   */
  public record BranchPlan(
      If statement, Store decision, Set<Variable> changedInputs, boolean callsMethod)
      implements Entry {
    public BranchPlan {
      changedInputs = Set.copyOf(changedInputs);
    }

    @Override
    public String reason(java.util.function.Function<Variable, String> names) {
      if (decision == null) {
        return null;
      }
      String kept =
          decision == Store.LOCAL ? "saves the branch taken in a local" : "tapes the branch taken";
      if (changedInputs.isEmpty()) {
        return kept + ": the condition calls a method, which runs once";
      }
      String changed =
          changedInputs.stream().map(names).sorted().collect(Collectors.joining(", "));
      return kept + ": a branch changes " + changed + ", which the condition reads";
    }
  }

  /**
   * A loop. A counted loop ({@code counted} not null) runs backwards by its index, recomputed from
   * its bounds; any other loop counts its trips (kept where {@code tripCount} says: a loop inside
   * a loop tapes its count) and the backward loop runs that many.
   *
   * @param body what the sweeps walk for one iteration: the body, and for a loop that is not
   *     counted its update at the end of every path that goes on to the next iteration
   * @param recomputed the statements of {@code body} the backward iteration computes again first
   */
  public record LoopPlan(
      Loop statement,
      CountedLoop counted,
      Store tripCount,
      List<Stmt> body,
      List<Assign> recomputed)
      implements Entry {
    public LoopPlan {
      body = List.copyOf(body);
      recomputed = List.copyOf(recomputed);
    }

    @Override
    public String reason(java.util.function.Function<Variable, String> names) {
      if (counted != null) {
        return "runs backwards by its index "
            + names.apply(counted.index())
            + ": a counted loop, so no trip count";
      }
      return tripCount == Store.LOCAL
          ? "counts its trips in a local: not a counted loop"
          : "counts its trips and tapes the count: not a counted loop, and inside a loop";
    }
  }

  private final Function source;
  private final Map<Stmt, Entry> byStatement;
  private final List<Entry> entries;

  SweepPlan(Function source, List<Entry> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
    Map<Stmt, Entry> map = new IdentityHashMap<>();
    entries.forEach(e -> map.put(e.statement(), e));
    this.byStatement = java.util.Collections.unmodifiableMap(map);
  }

  /**
   * The method as the sweeps walk it: calls split out, loop exits lowered, returns lifted; with
   * the source notes of its statements.
   */
  public Function source() {
    return source;
  }

  /** Every statement's plan, in the order the forward sweep first meets it. */
  public List<Entry> entries() {
    return entries;
  }

  AssignPlan of(Assign a) {
    return (AssignPlan) entry(a);
  }

  StorePlan of(ArrayStore s) {
    return (StorePlan) entry(s);
  }

  BranchPlan of(If i) {
    return (BranchPlan) entry(i);
  }

  LoopPlan of(Loop l) {
    return (LoopPlan) entry(l);
  }

  private Entry entry(Stmt s) {
    Entry e = byStatement.get(s);
    if (e == null) {
      throw new IllegalStateException("no plan for " + s);
    }
    return e;
  }

  private static String joined(String first, String second) {
    if (first == null || second == null) {
      return first == null ? second : first;
    }
    return first + "; " + second;
  }
}
