package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.diag.Message;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient of a counted loop under binomial checkpointing ({@code @Checkpointed}): instead of
 * recording every iteration on the tape, the loop is driven by a {@code Revolve} schedule that
 * keeps a few snapshots of the loop's state and records one iteration at a time.
 *
 * <p>The forward sweep runs the schedule up to its first turn: iterations without recording
 * ({@code ADVANCE}), copies of the state ({@code TAKESHOT}); then the last iteration as reverse
 * mode's forward sweep runs any iteration, recording. The backward sweep first reverses that
 * iteration, then goes on with the schedule: snapshots restored, iterations run again, and each
 * {@code YOUTURN} an iteration recorded and reversed at once, until the schedule ends with the
 * state as it was before the loop, which the backward steps of the statements before the loop
 * expect.
 *
 * <p>The state is every scalar and {@code double[]} of the user's, declared outside the loop, that
 * the loop assigns, or reads and the method assigns elsewhere. Iterations recorded here are the
 * iterations of the ordinary gradient, run with the same values, so the gradient is the same to the
 * last bit.
 */
final class CheckpointedLoop {
  /** How reverse mode sweeps a block forward (recording) or backward, for one iteration. */
  interface Sweeps {
    List<Stmt> forward(List<Stmt> block);

    List<Stmt> backward(SweepPlan.LoopPlan plan);
  }

  /** The schedule's actions, as {@code Revolve} names its constants. */
  private enum Action {
    ADVANCE,
    TAKESHOT,
    RESTORE,
    FIRSTURN,
    YOUTURN,
    TERMINATE
  }

  private final Loop loop;
  private final SweepPlan.LoopPlan plan;
  private final CountedLoop counted;
  private final int snapshots;
  private final List<Variable> scalars = new ArrayList<>();
  private final List<Variable> arrays = new ArrayList<>();
  private final Variable checkpoints = new Variable("checkpoints", Type.CHECKPOINTS, Role.TEMP);
  private final Variable action = new Variable("action", Type.INT, Role.TEMP);
  private final Variable steps = new Variable("steps", Type.INT, Role.TEMP);

  /**
   * @param original the loop as read, before its exits were lowered: where a {@code break} is
   *     seen as written
   * @throws NotDifferentiable when the loop is not counted, may break, or writes a state that
   *     snapshots do not hold
   */
  CheckpointedLoop(
      Loop loop,
      Loop original,
      SweepPlan.LoopPlan plan,
      SourceNote note,
      int snapshots,
      java.util.Set<Variable> assignedOutside) {
    this.loop = loop;
    this.plan = plan;
    this.counted = plan.counted();
    this.snapshots = snapshots;
    String where = note == null ? "" : "on line " + note.line();
    if (original != null && breaks(original.body())) {
      throw new NotDifferentiable(note, Message.CHECKPOINT_SHAPE, where + " may break");
    }
    if (counted == null) {
      throw new NotDifferentiable(
          note, Message.CHECKPOINT_SHAPE, where + " is not a counted loop");
    }
    List<Variable> declaredInside = new ArrayList<>();
    Stmts.forEach(
        loop.body(),
        s -> {
          if (s instanceof Assign a && a.declares()) {
            declaredInside.add(a.target());
          }
        });
    // The loop's own variables, and what it reads that the method changes elsewhere: after the
    // loop, such a value is not the one the iterations run again must see, and the backward
    // sweep gives back only what derivatives read.
    java.util.Set<Variable> state = new java.util.LinkedHashSet<>(Stmts.assigned(loop.body()));
    java.util.Set<Variable> read = new java.util.LinkedHashSet<>();
    Stmts.forEach(
        List.of(loop),
        s -> Stmts.ownExpressions(s).forEach(e -> Exprs.collectVariables(e, read)));
    for (Variable v : read) {
      if (assignedOutside.contains(v)) {
        state.add(v);
      }
    }
    java.util.Set<Variable> calleeValues = new java.util.HashSet<>();
    Stmts.forEach(
        loop.body(),
        s -> {
          VectorCallSite site = VectorCallSite.of(s);
          if (site != null) {
            calleeValues.add(site.into());
          }
        });
    Stmts.forEach(
        loop.body(),
        s -> {
          if (s instanceof Assign a
              && a.value() instanceof Expr.Call c
              && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Helper h
              && h.helper().growsBuffer()
              && calleeValues.contains(a.target())) {
            throw new NotDifferentiable(
                note,
                Message.CHECKPOINT_STATE,
                "the array " + a.target().baseName() + ", which a vector-valued method called in"
                    + " each iteration returns",
                "snapshots do not hold yet",
                "leave @Checkpointed off this loop, or compute the components you need with"
                    + " methods returning double");
          }
          if (s instanceof Assign a
              && a.value() instanceof Expr.Call c
              && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Helper h
              && h.helper().growsBuffer()) {
            throw new NotDifferentiable(
                note,
                Message.CHECKPOINT_STATE,
                "the array " + a.target().baseName() + ", made in each iteration",
                "snapshots do not hold yet",
                "make it once, before the loop, and overwrite its elements in each iteration");
          }
        });
    for (Variable v : state) {
      if (v == counted.index()
          || declaredInside.contains(v)
          || !(v.role() == Role.LOCAL || v.role() == Role.PARAMETER)) {
        continue;
      }
      switch (v.type()) {
        case DOUBLE, INT, BOOLEAN -> scalars.add(v);
        case DOUBLE_ARRAY -> arrays.add(v);
        case LONG ->
            throw new NotDifferentiable(
                note,
                Message.CHECKPOINT_STATE,
                "the long " + v.baseName(),
                "a snapshot of doubles cannot hold exactly",
                "make it an int, or declare it inside the loop");
        default ->
            throw new NotDifferentiable(
                note,
                Message.CHECKPOINT_STATE,
                "the matrix " + v.baseName(),
                "snapshots do not hold yet",
                "keep its rows in one double[] instead");
      }
    }
  }

  /** Whether a loop body as written may {@code break} out of it (not out of a nested loop). */
  private static boolean breaks(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Stmt.Break) {
        return true;
      }
      if (s instanceof Stmt.If i && (breaks(i.thenBlock()) || breaks(i.elseBlock()))) {
        return true;
      }
    }
    return false;
  }

  /** The forward sweep: the schedule up to its first turn, then the last iteration, recorded. */
  void forward(Sweeps sweeps, List<Stmt> out) {
    out.add(
        new Stmt.Comment(
            "checkpointed: at most " + snapshots + " snapshots of the loop's state, one iteration taped"));
    out.add(new Assign(steps, tripCount()));
    out.add(
        new Assign(
            checkpoints,
            RuntimeHelper.WORKSPACE_CHECKPOINTS.call(
                Type.CHECKPOINTS, ref(steps), new Expr.IntLit(snapshots, Type.INT), width())));
    out.add(nextAction());
    List<Stmt> drive = new ArrayList<>();
    drive.add(
        new Stmt.If(
            is(Action.ADVANCE),
            List.of(advance()),
            List.of(new Stmt.If(is(Action.TAKESHOT), saves(), List.of()))));
    drive.add(nextAction());
    out.add(
        new Loop(
            List.of(),
            new Expr.Binary(BinaryOp.AND, isNot(Action.FIRSTURN), isNot(Action.TERMINATE), Type.BOOLEAN),
            List.of(),
            drive,
            true));
    out.add(new Stmt.Comment("the last iteration, taped: the backward sweep starts with it"));
    out.add(turnForward(sweeps));
  }

  /** The backward sweep: the last iteration reversed, then the rest of the schedule. */
  void backward(Sweeps sweeps, List<Stmt> out) {
    out.add(turnBackward(sweeps));
    out.add(nextAction());
    List<Stmt> youturn = new ArrayList<>();
    youturn.add(new Stmt.Comment("an iteration taped and reversed at once"));
    youturn.add(turnForward(sweeps));
    youturn.add(turnBackward(sweeps));
    Stmt byAction =
        new Stmt.If(
            is(Action.ADVANCE),
            List.of(advance()),
            List.of(
                new Stmt.If(
                    is(Action.TAKESHOT),
                    saves(),
                    List.of(new Stmt.If(is(Action.RESTORE), restores(), youturn)))));
    out.add(
        new Loop(List.of(), isNot(Action.TERMINATE), List.of(), List.of(byAction, nextAction()), true));
  }

  /** Iterations from {@code checkpoints.from()} to {@code to()}, run as written, not recorded. */
  private Stmt advance() {
    List<Stmt> body =
        Stmts.mapExpressions(
            loop.body(),
            e ->
                Exprs.rewrite(
                    e,
                    n ->
                        n instanceof Expr.DiffCall c && c.gradient() != null
                            ? c.withGradient(null)
                            : n));
    return forwardHeader(body);
  }

  private Stmt turnForward(Sweeps sweeps) {
    return forwardHeader(sweeps.forward(plan.body()));
  }

  /** {@code for (int i = index(from); i < index(to); i += step)}. */
  private Loop forwardHeader(List<Stmt> body) {
    Variable i = counted.index();
    return new Loop(
        List.of(new Assign(i, indexOf(RuntimeHelper.CHECKPOINTS_FROM), true)),
        new Expr.Binary(BinaryOp.LT, ref(i), indexOf(RuntimeHelper.CHECKPOINTS_TO), Type.BOOLEAN),
        List.of(new Assign(i, Exprs.plusInt(ref(i), new Expr.IntLit(counted.step(), Type.INT)))),
        body,
        true);
  }

  /**
   * The turn's iteration backwards: {@code for (int i = index(to) - step; i >= index(from); i -=
   * step)}, one trip, none when the loop has none.
   */
  private Loop turnBackward(Sweeps sweeps) {
    Variable i = counted.index();
    Expr step = new Expr.IntLit(counted.step(), Type.INT);
    return new Loop(
        List.of(
            new Assign(
                i,
                new Expr.Binary(
                    BinaryOp.SUB, indexOf(RuntimeHelper.CHECKPOINTS_TO), step, Type.INT),
                true)),
        new Expr.Binary(BinaryOp.GE, ref(i), indexOf(RuntimeHelper.CHECKPOINTS_FROM), Type.BOOLEAN),
        List.of(new Assign(i, new Expr.Binary(BinaryOp.SUB, ref(i), step, Type.INT))),
        sweeps.backward(plan),
        true);
  }

  /** The loop index of step {@code checkpoints.from()} or {@code to()}: first + step·k. */
  private Expr indexOf(RuntimeHelper bound) {
    Expr k = bound.call(Type.INT, ref(checkpoints));
    if (counted.step() != 1) {
      k = new Expr.Binary(BinaryOp.MUL, new Expr.IntLit(counted.step(), Type.INT), k, Type.INT);
    }
    return Exprs.plusInt(counted.first(), k);
  }

  /** The number of iterations, never negative: (last - first) / step + 1. */
  private Expr tripCount() {
    Expr span = sub(counted.last(), counted.first());
    if (counted.step() != 1) {
      span =
          new Expr.Binary(BinaryOp.DIV, span, new Expr.IntLit(counted.step(), Type.INT), Type.INT);
    }
    span = plusOne(span);
    // CountedLoop keeps last at least first - step (its bound is never below first), so the
    // count is never negative; a bound that is a plain array length, with a first above zero,
    // could be below first.
    if (span instanceof Expr.ArrayLength
        || (span instanceof Expr.IntLit n && n.value() >= 0)
        || guarded(span)) {
      return span;
    }
    return RuntimeHelper.INT_MAX.call(Type.INT, new Expr.IntLit(0, Type.INT), span);
  }

  /** Whether {@code e} is {@code Math.max(x, c)} with a literal {@code c >= 0}. */
  private static boolean guarded(Expr e) {
    return e instanceof Expr.Call c
        && c.target().is(RuntimeHelper.INT_MAX)
        && c.args().stream().anyMatch(a -> a instanceof Expr.IntLit n && n.value() >= 0);
  }

  /** {@code e + 1}, with {@code (x - 1) + 1} as {@code x}. */
  private static Expr plusOne(Expr e) {
    if (e instanceof Expr.Binary minus
        && minus.op() == BinaryOp.SUB
        && minus.right() instanceof Expr.IntLit one
        && one.value() == 1) {
      return minus.left();
    }
    return Exprs.plusInt(e, new Expr.IntLit(1, Type.INT));
  }

  private static Expr sub(Expr a, Expr b) {
    if (b instanceof Expr.IntLit zero && zero.value() == 0) {
      return a;
    }
    return new Expr.Binary(BinaryOp.SUB, a, b, Type.INT);
  }

  /** Doubles per snapshot: one per scalar, an array's length per array. */
  private Expr width() {
    Expr width = new Expr.IntLit(scalars.size(), Type.INT);
    for (Variable a : arrays) {
      width = Exprs.plusInt(width, new Expr.ArrayLength(ref(a)));
    }
    return width;
  }

  private List<Stmt> saves() {
    List<Stmt> out = new ArrayList<>();
    int k = 0;
    for (Variable v : scalars) {
      Expr value = ref(v);
      if (v.type() == Type.BOOLEAN) {
        value = new Expr.Conditional(value, Exprs.lit(1.0), Exprs.lit(0.0), Type.DOUBLE);
      }
      out.add(save(new Expr.IntLit(k++, Type.INT), value));
    }
    Expr offset = new Expr.IntLit(k, Type.INT);
    for (Variable a : arrays) {
      out.add(save(offset, ref(a)));
      offset = Exprs.plusInt(offset, new Expr.ArrayLength(ref(a)));
    }
    return out;
  }

  private Stmt save(Expr offset, Expr value) {
    return new Stmt.Eval(
        RuntimeHelper.CHECKPOINTS_SAVE.call(Type.VOID, ref(checkpoints), offset, value));
  }

  private List<Stmt> restores() {
    List<Stmt> out = new ArrayList<>();
    int k = 0;
    for (Variable v : scalars) {
      Expr value =
          RuntimeHelper.CHECKPOINTS_RESTORE.call(
              Type.DOUBLE, ref(checkpoints), new Expr.IntLit(k++, Type.INT));
      if (v.type() == Type.INT) {
        value = new Expr.Cast(Type.INT, value, false);
      } else if (v.type() == Type.BOOLEAN) {
        value = new Expr.Binary(BinaryOp.NE, value, Exprs.lit(0.0), Type.BOOLEAN);
      }
      out.add(new Assign(v, value));
    }
    Expr offset = new Expr.IntLit(k, Type.INT);
    for (Variable a : arrays) {
      out.add(
          new Stmt.Eval(
              RuntimeHelper.CHECKPOINTS_RESTORE_ARRAY.call(
                  Type.VOID, ref(checkpoints), offset, ref(a))));
      offset = Exprs.plusInt(offset, new Expr.ArrayLength(ref(a)));
    }
    return out;
  }

  private Stmt nextAction() {
    return new Assign(action, RuntimeHelper.CHECKPOINTS_NEXT.call(Type.INT, ref(checkpoints)));
  }

  private Expr is(Action a) {
    return new Expr.Binary(BinaryOp.EQ, ref(action), constant(a), Type.BOOLEAN);
  }

  private Expr isNot(Action a) {
    return new Expr.Binary(BinaryOp.NE, ref(action), constant(a), Type.BOOLEAN);
  }

  private static Expr constant(Action a) {
    return new Expr.FieldRef(RuntimeHelper.REVOLVE, a.name(), Type.INT);
  }
}
