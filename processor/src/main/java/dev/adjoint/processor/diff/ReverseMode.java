package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Checkpointing;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.TapeEntry;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.ir.Variable.Role;
import dev.adjoint.processor.simplify.Fold;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse mode. The gradient runs the original statements forward, keeping what their backward
 * steps will need; then it walks the statements backwards, getting back each value the forward
 * sweep overwrote and adding each statement's contribution to the adjoints ({@code xBar}) of what
 * it read.
 *
 * <p>What is kept, where and why is decided first, for the whole method: the {@link SweepPlan}.
 * Returns are lifted to the ends of blocks ({@link ReturnLifting}) before, so the backward sweep of
 * a branch that returns starts inside that branch, next to the values it needs.
 */
public final class ReverseMode {
  private final SweepPlan plan;
  private final Function source;
  private final Activity activity;
  private final Linearizer linearizer;
  private final DerivativeNames adjoints = DerivativeNames.adjoints();
  private Variable result = new Variable("result", Type.DOUBLE, Role.RESULT);
  /** For a vector-valued method, the vector {@code u} of {@code uᵀJ}; else null. */
  private Variable seed;

  /**
   * What the forward sweep of a statement left for its backward step, as the plan says: the local
   * holding a saved value, a branch decision or a trip count, and the tape entries of what it
   * recorded. Lifting may put one statement into two branches; each branch is swept forward and
   * backward completely before the other, so each copy reads what its own forward sweep left.
   */
  private record Left(Variable local, TapeEntry entry, TapeEntry partials) {}

  private final Map<Stmt, Left> left = new IdentityHashMap<>();
  /** For a call whose partials are taped element by element, the entry of how many. */
  private final Map<Assign, TapeEntry> partialCounts = new IdentityHashMap<>();
  /**
   * For such a call, how many partials the call before it left in its buffer: the buffer is
   * pooled and may be longer than any call of this one needs, and so longer than its tangent's.
   */
  private final Map<Assign, Variable> partialsLeft = new IdentityHashMap<>();
  /** The counts of {@link #partialsLeft} the outermost loop being swept forward starts at 0. */
  private List<Variable> countsBeforeLoop;

  /** How one statement's derivative is computed: shared locals, its value, and its partials. */
  private record Derivation(
      List<Assign> primalTemps,
      Expr primal,
      List<Assign> derivedTemps,
      Map<Variable, Expr> coefficients,
      boolean readsItself) {}

  /**
   * The derivations of statements whose value was computed with the locals their partials share,
   * in the forward sweep or again at the top of a backward iteration: their backward steps reuse
   * those locals.
   */
  private final Map<Assign, Derivation> computedAhead = new IdentityHashMap<>();

  private final List<Variable> wrt;
  private final Variable tape = new Variable("tape", Type.TAPE, Role.TEMP);
  /** The sizes of differentiated matrices, computed once at the start. */
  private final Map<Variable, Variable> matrixSizes = new LinkedHashMap<>();
  /** The adjoints of local arrays: {@code aBar}, of {@code a}'s length. */
  private final Map<Variable, Variable> localArrayAdjoints = new LinkedHashMap<>();
  private Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  /** {@code xBar} for an array {@code x} whose slice of {@code grad} starts at 0: {@code grad} itself. */
  private final Map<Variable, Variable> arrayAdjoints = new LinkedHashMap<>();

  /** The loop to checkpoint ({@code @Checkpointed}), or null. */
  private final Checkpointing checkpointing;

  /** That loop as swept forward (each copy return lifting made), for its backward sweep. */
  private final Map<Stmt.Loop, CheckpointedLoop> checkpointed = new IdentityHashMap<>();
  /** The method as read, where a checkpointed loop's {@code break}s are still written. */
  private final Function original;

  private ReverseMode(
      SweepPlan plan, List<Variable> wrt, Checkpointing checkpointing, Function original) {
    this.checkpointing = checkpointing;
    this.original = original;
    this.plan = plan;
    this.source = plan.source();
    this.activity = Activity.of(source.body(), wrt);
    this.linearizer = new Linearizer(activity);
    this.wrt = wrt;
  }

  /**
   * The IR of {@code double <name>(params..., double[] grad)}; for a method returning {@code
   * double[]}, of {@code double[] <name>(params..., double[] u, double[] vj)}, which leaves {@code
   * uᵀJ} in {@code vj}.
   */
  public static Function gradient(Function original, List<Variable> wrt, String name) {
    return gradient(original, wrt, name, false, null);
  }

  /**
   * As {@link #gradient(Function, List, String)}, with the loop {@code checkpointing} names (if
   * not null) run by binomial checkpointing ({@link CheckpointedLoop}).
   */
  public static Function gradient(
      Function original, List<Variable> wrt, String name, Checkpointing checkpointing) {
    return gradient(original, wrt, name, false, checkpointing);
  }

  /**
   * The gradient's IR for forward mode to run over (Hessian-vector products): a call passing
   * arrays inside a loop also leaves its partials in the forward sweep, where the tangent of its
   * value needs them.
   */
  public static Function gradientForSecondOrder(Function original, List<Variable> wrt, String name) {
    // Forward mode over the gradient keeps the ordinary tape: it does not checkpoint.
    return gradient(original, wrt, name, true, null);
  }

  /** What the gradient of {@code original} keeps for its backward sweep, and why. */
  public static SweepPlan plan(Function original, List<Variable> wrt) {
    return plan(original, wrt, false);
  }

  private static SweepPlan plan(Function original, List<Variable> wrt, boolean forSecondOrder) {
    Function prepared = UnusedCalls.plain(CallSites.prepare(original, wrt));
    Function source = LoopExits.lower(Splitter.split(prepared, wrt));
    return SweepPlanner.plan(source, ReturnLifting.lift(source.body()), forSecondOrder);
  }

  private static Function gradient(
      Function original,
      List<Variable> wrt,
      String name,
      boolean forSecondOrder,
      Checkpointing checkpointing) {
    SweepPlan plan = plan(original, wrt, forSecondOrder);
    Function source = plan.source();
    List<Stmt> lifted = source.body();
    ReverseMode mode = new ReverseMode(plan, wrt, checkpointing, original);
    if (original.returnType() == Type.DOUBLE_ARRAY) {
      // A vector-valued method: uᵀJ in vj, seeded from u at the return.
      mode.result = new Variable("result", Type.DOUBLE_ARRAY, Role.RESULT);
      mode.seed = new Variable("u", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
      mode.grad = new Variable("vj", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
    }
    Variable grad = mode.grad;
    List<Stmt> body = new ArrayList<>();
    // Sizes first: the sweeps write into grad at offsets past the matrices.
    mode.matrixSizes.putAll(GradientLayout.matrixSizes(wrt, body));
    List<Stmt> sweeps = mode.sweeps(lifted);
    if (checkpointing != null && mode.checkpointed.isEmpty()) {
      throw new IllegalStateException("the checkpointed loop was not found in the IR");
    }
    if (Stmts.hasLoop(lifted)) {
      // Removed again by the simplifier when nothing is recorded.
      body.add(new Assign(mode.tape, RuntimeHelper.TAPE.call(Type.TAPE)));
    }
    for (Variable w : wrt) {
      if (w.type() == Type.DOUBLE_MATRIX) {
        // A matrix's adjoints accumulate in a matrix of its shape, copied into grad at the end.
        body.add(
            new Assign(
                mode.arrayAdjointOf(w),
                RuntimeHelper.ZEROS_LIKE.call(Type.DOUBLE_MATRIX, ref(w))));
      }
      if (w.type() == Type.DOUBLE_ARRAY) {
        // An array's adjoints accumulate in its slice of grad, which starts at zero.
        Expr offset = GradientLayout.offsetOf(wrt, w, mode.matrixSizes);
        body.add(
            new Stmt.Zero(grad, offset, Exprs.plusInt(offset, new Expr.ArrayLength(ref(w)))));
      }
    }
    mode.arrayAdjoints.values().forEach(alias -> body.add(new Assign(alias, ref(grad))));
    body.addAll(sweeps);
    if (wrt.stream().anyMatch(w -> w.type() == Type.DOUBLE)) {
      body.add(new Comment("the gradient: the adjoints of the parameters"));
    }
    for (Variable w : wrt) {
      if (w.type() == Type.DOUBLE) {
        body.add(new ArrayStore(grad, GradientLayout.offsetOf(wrt, w, mode.matrixSizes), ref(mode.adjoints.of(w))));
      } else if (w.type() == Type.DOUBLE_MATRIX) {
        body.add(
            new Stmt.Eval(
                RuntimeHelper.FLATTEN.call(
                    Type.INT,
                    ref(mode.arrayAdjointOf(w)),
                    ref(grad),
                    GradientLayout.offsetOf(wrt, w, mode.matrixSizes))));
      }
    }
    body.add(new Return(ref(mode.result)));
    List<Variable> params = new ArrayList<>(source.params());
    if (mode.seed != null) {
      params.add(mode.seed);
    }
    params.add(grad);
    return new Function(name, params, original.returnType(), body, Map.of());
  }

  /** Forward sweep, the returning statement, backward sweep, for a block that ends in a return. */
  private List<Stmt> sweeps(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> before = block.subList(0, block.size() - 1);
    for (Stmt s : before) {
      forward(s, out);
    }
    Stmt last = block.get(block.size() - 1);
    if (last instanceof Return r) {
      returning(r, out);
    } else if (last instanceof If i) {
      out.add(new If(i.condition(), sweeps(i.thenBlock()), sweeps(i.elseBlock())));
    } else {
      throw new IllegalStateException("block does not end in a return: " + last);
    }
    backward(before, out);
    return out;
  }

  /**
   * The forward sweep of {@code s}: the statement itself, with what its backward step needs kept
   * first, as the plan says: a value it overwrites, a branch decision, a loop's trip count.
   */
  private void forward(Stmt s, List<Stmt> out) {
    if (s instanceof Assign a && a.target().type().isArray()) {
      // Allocations: a local array, or the array a companion call leaves its partials in.
      out.add(a);
      if (a.target().role() == Role.LOCAL && activity.isActive(a.target())) {
        // Its adjoint has its shape, from the same (side-effect free) lengths; the buffer of an
        // array made in each iteration grows with the adjoints' own buffer.
        Variable adjoint = arrayAdjointOf(a.target());
        out.add(
            new Assign(
                adjoint,
                Exprs.rewrite(
                    a.value(),
                    n -> n instanceof Expr.VarRef r && r.variable() == a.target() ? ref(adjoint) : n)));
      }
    } else if (s instanceof Assign a) {
      forwardAssign(a, out);
    } else if (s instanceof Stmt.ArrayStore st) {
      Expr element = elementOf(st.array(), st.row(), st.index());
      if (plan.of(st).oldElement() == SweepPlan.Store.TAPE) {
        TapeEntry entry = new TapeEntry();
        left.put(st, new Left(null, entry, null));
        out.add(new Stmt.Push(tape, entry, element));
      } else {
        Variable old = new Variable(st.array().baseName() + "Old", Type.DOUBLE, Role.SAVED);
        left.put(st, new Left(old, null, null));
        out.add(new Assign(old, element));
      }
      out.add(st);
    } else if (s instanceof If i) {
      forwardIf(i, out);
    } else if (s instanceof Stmt.Loop l) {
      forwardLoop(l, out);
    } else if (s instanceof Stmt.Break) {
      out.add(s);
    } else if (VectorCallSite.of(s) != null) {
      // A vector callee's value copied into the caller's array: nothing to keep, the arguments
      // are back to what they were when the backward sweep reaches it.
      VectorCallSite site = VectorCallSite.of(s);
      site.checkArguments(activity, source.noteOf(s));
      refuseChangingFieldArrays(site, s);
      out.add(s);
    } else if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && (c.target() instanceof CallTarget.Data || c.target() instanceof CallTarget.Assertion)) {
      // A call made for its effect, or an assert: it runs once, here; the backward sweep has
      // nothing to undo.
      out.add(s);
    } else {
      throw new IllegalStateException("unexpected statement before the return: " + s);
    }
  }

  private void forwardAssign(Assign a, List<Stmt> out) {
    SweepPlan.AssignPlan p = plan.of(a);
    if (p.oldValue() == SweepPlan.OldValue.TAPE) {
      // Partials first: the backward sweep pops them last, after it has used them.
      TapeEntry partials = null;
      if (p.partials() == SweepPlan.CallPartials.TAPE) {
        partials = new TapeEntry();
        pushPartials(a, (Expr.DiffCall) a.value(), partials, out);
      }
      TapeEntry entry = new TapeEntry();
      left.put(a, new Left(null, entry, partials));
      out.add(new Stmt.Push(tape, entry, ref(a.target())));
    } else if (p.oldValue() == SweepPlan.OldValue.LOCAL) {
      Variable old = new Variable(a.target().baseName() + "Old", a.target().type(), Role.SAVED);
      left.put(a, new Left(old, null, null));
      out.add(new Assign(old, ref(a.target())));
    }
    if (p.sharesForwardLocals() && differentiates(a)) {
      Derivation d = derivation(a, true);
      computedAhead.put(a, d);
      out.addAll(d.primalTemps());
      out.add(new Assign(a.target(), d.primal(), a.declares()));
    } else if (p.partials() == SweepPlan.CallPartials.CALLED_AGAIN) {
      // Only the value here; the backward sweep calls the companion for the partials.
      out.add(new Assign(a.target(), ((Expr.DiffCall) a.value()).withGradient(null), a.declares()));
    } else {
      out.add(a);
    }
  }

  private void forwardIf(If i, List<Stmt> out) {
    SweepPlan.BranchPlan p = plan.of(i);
    Expr condition = i.condition();
    TapeEntry entry = null;
    if (p.decision() != null) {
      Variable decision = new Variable("branch", Type.BOOLEAN, Role.FLAG);
      if (p.decision() == SweepPlan.Store.TAPE) {
        // Each branch records that it ran, last, so the backward sweep pops it first.
        entry = new TapeEntry();
      } else {
        out.add(new Assign(decision, condition));
        condition = ref(decision);
      }
      left.put(i, new Left(decision, entry, null));
    }
    List<Stmt> thenOut = new ArrayList<>();
    List<Stmt> elseOut = new ArrayList<>();
    i.thenBlock().forEach(t -> forward(t, thenOut));
    i.elseBlock().forEach(t -> forward(t, elseOut));
    if (entry != null) {
      recordLast(thenOut, new Stmt.Push(tape, entry, new Expr.BoolLit(true)));
      recordLast(elseOut, new Stmt.Push(tape, entry, new Expr.BoolLit(false)));
    }
    out.add(new If(condition, thenOut, elseOut));
  }

  /**
   * Adds {@code push} at the end of every path through a branch: before a {@code break}, and
   * inside a last {@code if} whose branches may break.
   */
  private static void recordLast(List<Stmt> branch, Stmt push) {
    if (!branch.isEmpty()
        && branch.get(branch.size() - 1) instanceof If last
        && LoopExits.mayBreak(List.of(last))) {
      List<Stmt> thenBlock = new ArrayList<>(last.thenBlock());
      List<Stmt> elseBlock = new ArrayList<>(last.elseBlock());
      recordLast(thenBlock, push);
      recordLast(elseBlock, push);
      branch.set(branch.size() - 1, new If(last.condition(), thenBlock, elseBlock));
      return;
    }
    if (!branch.isEmpty() && branch.get(branch.size() - 1) instanceof Stmt.Break) {
      branch.add(branch.size() - 1, push);
    } else {
      branch.add(push);
    }
  }

  /**
   * A counted loop runs as written, and backwards from its last index. Any other loop counts its
   * trips, and the backward sweep runs its body that many times.
   */
  private void forwardLoop(Stmt.Loop l, List<Stmt> out) {
    if (countsBeforeLoop != null) {
      forwardLoopInLoop(l, out);
      return;
    }
    // The outermost loop: a buffer of partials lives across all its iterations, and so does the
    // count of the partials in it, which starts at none.
    countsBeforeLoop = new ArrayList<>();
    int before = out.size();
    forwardLoopInLoop(l, out);
    List<Stmt> starts = new ArrayList<>();
    countsBeforeLoop.forEach(c -> starts.add(new Assign(c, new Expr.IntLit(0, Type.INT))));
    out.addAll(before, starts);
    countsBeforeLoop = null;
  }

  private void forwardLoopInLoop(Stmt.Loop l, List<Stmt> out) {
    SweepPlan.LoopPlan p = plan.of(l);
    if (isCheckpointed(l)) {
      CheckpointedLoop c =
          new CheckpointedLoop(
              l,
              originalLoop(l),
              p,
              source.noteOf(l),
              checkpointing.snapshots(),
              assignedOutside(source.body()));
      checkpointed.put(l, c);
      c.forward(iterationSweeps(), out);
      return;
    }
    List<Stmt> body = new ArrayList<>();
    if (p.counted() != null) {
      p.body().forEach(t -> forward(t, body));
      out.add(l.withBody(body));
      return;
    }
    for (Stmt init : l.init()) {
      forward(init, out);
    }
    Variable trips = new Variable("iterations", Type.INT, Role.TEMP);
    out.add(new Assign(trips, new Expr.IntLit(0, Type.INT)));
    body.add(new Assign(trips, Exprs.plusInt(ref(trips), new Expr.IntLit(1, Type.INT))));
    p.body().forEach(t -> forward(t, body));
    out.add(new Stmt.Loop(List.of(), l.condition(), List.of(), body, l.testFirst()));
    TapeEntry entry = null;
    if (p.tripCount() == SweepPlan.Store.TAPE) {
      entry = new TapeEntry();
      out.add(new Stmt.Push(tape, entry, ref(trips)));
    }
    left.put(l, new Left(trips, entry, null));
  }

  private void backwardLoop(Stmt.Loop l, List<Stmt> out) {
    SweepPlan.LoopPlan p = plan.of(l);
    CheckpointedLoop c = checkpointed.get(l);
    if (c != null) {
      c.backward(iterationSweeps(), out);
      return;
    }
    List<Stmt> body = backwardIteration(p);
    if (p.counted() != null) {
      out.add(p.counted().reversed(body));
      return;
    }
    Left kept = left.get(l);
    Variable trips = kept.local();
    if (p.tripCount() == SweepPlan.Store.TAPE) {
      out.add(new Stmt.Pop(tape, kept.entry(), trips, null));
    }
    Variable k = new Variable("iteration", Type.INT, Role.TEMP);
    out.add(
        new Stmt.Loop(
            List.of(new Assign(k, ref(trips), true)),
            new Expr.Binary(
                dev.adjoint.processor.ir.BinaryOp.GT, ref(k), new Expr.IntLit(0, Type.INT), Type.BOOLEAN),
            List.of(
                new Assign(
                    k,
                    new Expr.Binary(
                        dev.adjoint.processor.ir.BinaryOp.SUB,
                        ref(k),
                        new Expr.IntLit(1, Type.INT),
                        Type.INT))),
            body,
            true));
    backward(l.init(), out);
  }

  /** Whether {@code l} is the loop {@code @Checkpointed} names (or a copy return lifting made). */
  private boolean isCheckpointed(Stmt.Loop l) {
    SourceNote note = source.noteOf(l);
    return checkpointing != null && note != null && note.origin() == checkpointing.loop();
  }

  /** What {@code block} assigns outside the checkpointed loop, nested blocks included. */
  private java.util.Set<Variable> assignedOutside(List<Stmt> block) {
    java.util.Set<Variable> out = new java.util.LinkedHashSet<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l && isCheckpointed(l)) {
        continue;
      }
      if (s instanceof If i) {
        // Return lifting may have put the loop into a branch.
        out.addAll(assignedOutside(i.thenBlock()));
        out.addAll(assignedOutside(i.elseBlock()));
        continue;
      }
      out.addAll(Stmts.assigned(List.of(s)));
    }
    return out;
  }

  /** The loop as read that {@code l} was made from, found by its source tree; or null. */
  private Stmt.Loop originalLoop(Stmt.Loop l) {
    Object tree = source.noteOf(l).origin();
    Stmt.Loop[] found = {null};
    Stmts.forEach(
        original.body(),
        s -> {
          SourceNote n = original.noteOf(s);
          if (s instanceof Stmt.Loop o && n != null && n.origin() == tree) {
            found[0] = o;
          }
        });
    return found[0];
  }

  /** One iteration swept forward, recording, and one swept backward, for checkpointed loops. */
  private CheckpointedLoop.Sweeps iterationSweeps() {
    return new CheckpointedLoop.Sweeps() {
      @Override
      public List<Stmt> forward(List<Stmt> block) {
        List<Stmt> out = new ArrayList<>();
        block.forEach(t -> ReverseMode.this.forward(t, out));
        return out;
      }

      @Override
      public List<Stmt> backward(SweepPlan.LoopPlan p) {
        return backwardIteration(p);
      }
    };
  }

  /** The backward sweep of one iteration: values computed again first, then the body backwards. */
  private List<Stmt> backwardIteration(SweepPlan.LoopPlan p) {
    List<Stmt> body = new ArrayList<>();
    if (!p.recomputed().isEmpty()) {
      body.add(RecomputedValues.HEADING);
      for (Assign a : p.recomputed()) {
        if (differentiates(a)) {
          // Computed with the locals its partials share, which its backward step reuses.
          Derivation d = derivation(a, true);
          computedAhead.put(a, d);
          body.addAll(d.primalTemps());
          body.add(new Assign(a.target(), d.primal(), a.declares()));
        } else {
          body.add(a);
        }
      }
    }
    backward(p.body(), body);
    return body;
  }

  private void backward(List<Stmt> block, List<Stmt> out) {
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      if (s instanceof Assign a && a.target().type().isArray()) {
        continue;
      } else if (s instanceof Assign a) {
        backwardAssign(a, out);
      } else if (s instanceof Stmt.ArrayStore st) {
        backwardStore(st, out);
      } else if (VectorCallSite.of(s) != null) {
        backwardVectorCall(VectorCallSite.of(s), s, out);
      } else if (s instanceof If i) {
        backwardIf(i, out);
      } else if (s instanceof Stmt.Loop l) {
        SourceNote note = source.noteOf(l);
        if (note != null) {
          out.add(new Comment(note.comment()));
        }
        backwardLoop(l, out);
      }
    }
  }

  /** Both branches backwards, under the decision the forward sweep kept, or the condition again. */
  private void backwardIf(If i, List<Stmt> out) {
    SweepPlan.BranchPlan p = plan.of(i);
    Expr condition = i.condition();
    if (p.decision() != null) {
      Left kept = left.get(i);
      condition = ref(kept.local());
      if (p.decision() == SweepPlan.Store.TAPE) {
        out.add(new Stmt.Pop(tape, kept.entry(), kept.local(), null));
      }
    }
    List<Stmt> thenOut = new ArrayList<>();
    List<Stmt> elseOut = new ArrayList<>();
    backward(i.thenBlock(), thenOut);
    backward(i.elseBlock(), elseOut);
    out.add(new If(condition, thenOut, elseOut));
  }
  /**
   * {@code a[i] = e} backwards: the element's adjoint moves to what {@code e} read, and the element
   * gets back its old value. The adjoint is taken and cleared first, so an {@code e} that reads
   * the same element (whatever its index expression) adds to it afresh.
   */
  private void backwardStore(Stmt.ArrayStore st, List<Stmt> out) {
    comment(st, out);
    Variable a = st.array();
    Left kept = left.get(st);
    Stmt restore =
        plan.of(st).oldElement() == SweepPlan.Store.TAPE
            ? new Stmt.Pop(tape, kept.entry(), a, st.row(), st.index())
            : new Stmt.ArrayStore(a, st.row(), st.index(), ref(kept.local()));
    if (!activity.isActive(a)) {
      out.add(restore);
      return;
    }
    Variable aBar = arrayAdjointOf(a);
    boolean readsItself = Exprs.reads(st.value(), a);
    if (!activity.isActive(st.value())) {
      out.add(new Stmt.ArrayStore(aBar, st.row(), st.index(), lit(0.0)));
      out.add(restore);
      return;
    }
    Variable elementBar = new Variable(a.baseName() + "BarElement", Type.DOUBLE, Role.TEMP);
    out.add(new Assign(elementBar, elementOf(aBar, st.row(), st.index())));
    // Until it is restored the element holds this statement's value, which rules such as tanh
    // reuse instead of computing it again.
    Expr rootValue = readsItself ? null : elementOf(a, st.row(), st.index());
    Map<Variable, Expr> coefficients = linearizer.coefficients(st.value(), rootValue);
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(null, List.copyOf(coefficients.values()), elementBar);
    List<Stmt> contributions = new ArrayList<>();
    Stmt.ArrayAccumulate toItself = null;
    int k = 0;
    for (Variable u : coefficients.keySet()) {
      Stmt contribution =
          accumulate(
              u, Fold.simplify(ChainTerms.times(ref(elementBar), shared.derived().get(k++))));
      // Only the first: a term guarded apart (a[i] + Math.sqrt(a[i])) reaches the same element
      // under a key of its own, and adds to it after the store.
      if (toItself == null && isElement(contribution, aBar, st)) {
        toItself = (Stmt.ArrayAccumulate) contribution;
      } else {
        contributions.add(contribution);
      }
    }
    if (toItself == null) {
      out.add(new Stmt.ArrayStore(aBar, st.row(), st.index(), lit(0.0)));
    }
    if (readsItself) {
      out.add(restore);
    }
    out.addAll(shared.derivedTemps());
    // a[i] = a[i] * c + e: what reaches the element's old value is stored over its adjoint, first,
    // so that a contribution to an element that turns out to be the same one adds to it; with
    // c = 1 the adjoint already holds it (sums[i] += e keeps sumsBar[i] as it is).
    if (toItself != null
        && !(toItself.value() instanceof Expr.VarRef same && same.variable() == elementBar)) {
      out.add(new Stmt.ArrayStore(aBar, st.row(), st.index(), toItself.value()));
    }
    out.addAll(contributions);
    if (!readsItself) {
      out.add(restore);
    }
  }

  /** Whether {@code s} adds to {@code aBar} at the element {@code st} stores (same row, same index). */
  private static boolean isElement(Stmt s, Variable aBar, Stmt.ArrayStore st) {
    return s instanceof Stmt.ArrayAccumulate acc
        && acc.array() == aBar
        && java.util.Objects.equals(acc.row(), st.row())
        && acc.index().equals(st.index());
  }

  /**
   * {@code y = g(args)} backwards, for a vector callee called through its companion: {@code
   * gVectorJacobian(args, yBar, vj)} with the arguments as they were at the call, and {@code vj}
   * added to their adjoints as a scalar callee's partials are.
   */
  private void backwardVectorCall(VectorCallSite site, Stmt s, List<Stmt> out) {
    if (!activity.isActive(site.into())) {
      return;
    }
    comment(s, out);
    Variable yBar = arrayAdjointOf(site.into());
    Variable vj = new Variable(site.callee().name() + "Vj", Type.DOUBLE_ARRAY, Role.TEMP);
    out.add(site.inputArray(vj));
    out.add(site.product(CallTarget.VectorCall.Product.VECTOR_JACOBIAN, ref(yBar), ref(vj)));
    Map<Variable, Expr> coefficients = linearizer.coefficients(site.asDiffCall(vj), null);
    for (Map.Entry<Variable, Expr> term : coefficients.entrySet()) {
      out.add(accumulate(term.getKey(), Fold.simplify(term.getValue())));
    }
    // yBar needs no clearing: y is made once, or in a loop cleared before the call, whose
    // backward step clears yBar.
  }

  /**
   * The backward sweep calls the callee's vector-Jacobian product with the arrays it passed: an
   * array held in a field, in a method whose calls may change fields, may hold other values by
   * then.
   */
  private void refuseChangingFieldArrays(VectorCallSite site, Stmt s) {
    if (!Stmts.mayChangeFields(source.body())) {
      return;
    }
    // A call that may change fields after this one may change what the callee reads (its
    // object's fields, its class's static fields), or an array parameter that is a field's
    // array, before the backward sweep calls the product with the same arguments.
    boolean changedAfter = Stmts.mayChangeFieldsAfter(source.body(), s);
    if (changedAfter) {
      refuseVectorCall(
          site,
          s,
          "a call this method makes after it may change the fields it reads (its object's, its"
              + " class's) before the derivatives are computed; make the calls for effect after it"
              + " outside this method");
    }
    for (Expr arg : site.arrayArgs()) {
      Expr base = Exprs.passedArray(arg);
      while (base instanceof Expr.ArrayRead row) {
        base = row.array();
      }
      if (base instanceof Expr.FieldRef
          || base instanceof Expr.InstanceField
          || isFieldArrayLocal(base)) {
        refuseVectorCall(
            site,
            s,
            "it passes an array held in a field, which a call of this method may change before"
                + " the derivatives are computed; copy the array's elements into a local array"
                + " made with new double[n], and pass that");
      }
    }
  }

  private void refuseVectorCall(VectorCallSite site, Stmt s, String why) {
    SourceNote note = source.noteOf(s);
    throw new NotDifferentiable(
        note,
        dev.adjoint.processor.diag.Message.VECTOR_CALL,
        note == null ? "?" : Long.toString(note.line()),
        site.callee().name(),
        why);
  }

  /** Whether {@code e} names a local that holds a field's array. */
  private boolean isFieldArrayLocal(Expr e) {
    if (!(e instanceof Expr.VarRef r)) {
      return false;
    }
    boolean[] found = {false};
    Stmts.forEach(
        source.body(),
        st -> {
          if (st instanceof Assign a && a.target() == r.variable() && Exprs.isFieldRead(a.value())) {
            found[0] = true;
          }
        });
    return found[0];
  }

  private Variable arrayAdjointOf(Variable a) {
    return localArrayAdjoints.computeIfAbsent(
        a, x -> new Variable(x.baseName() + "Bar", x.type(), Role.TEMP));
  }

  /** {@code a[index]}, or {@code a[row][index]}. */
  static Expr elementOf(Variable a, Expr row, Expr index) {
    Expr array = row == null ? ref(a) : new Expr.ArrayRead(ref(a), row);
    return new Expr.ArrayRead(array, index);
  }

  private void backwardAssign(Assign a, List<Stmt> out) {
    SweepPlan.AssignPlan p = plan.of(a);
    comment(a, out);
    if (p.partials().calledAgain() && activity.isActive(a.target())) {
      // The partials of this iteration's call, from the arguments it had.
      Expr.DiffCall call = (Expr.DiffCall) a.value();
      Variable partials = call.gradient();
      Expr length = CallSites.gradientLength(call);
      if (!CallSites.isStable(length)) {
        out.add(
            new Assign(
                partials,
                RuntimeHelper.AT_LEAST.call(Type.DOUBLE_ARRAY, ref(partials), length)));
      }
      out.add(new Stmt.Eval(call));
    }
    List<Stmt> steps = new ArrayList<>();
    backwardAssign(a, p, restoreOf(a, p.oldValue()), steps);
    out.addAll(steps);
    if (p.partials() == SweepPlan.CallPartials.TAPE) {
      // The partials of the call one iteration earlier.
      popPartials(a, (Expr.DiffCall) a.value(), left.get(a).partials(), out);
    }
  }

  /**
   * Records the partials a call in a loop left one iteration earlier, before it overwrites them:
   * the whole array when its length is fixed; else, from a buffer that may be longer, as many as
   * that call left, element by element, then how many. Not the buffer's length: its tangent's
   * buffer, recorded in the same loop, may be shorter.
   */
  private void pushPartials(Assign a, Expr.DiffCall call, TapeEntry entry, List<Stmt> out) {
    Variable partials = call.gradient();
    Expr callLength = CallSites.gradientLength(call);
    if (CallSites.isStable(callLength)) {
      out.add(new Stmt.Push(tape, entry, ref(partials)));
      return;
    }
    Variable countLeft = partialsLeft.computeIfAbsent(a, x -> countOf(partials));
    Variable k = new Variable("k", Type.INT, Role.TEMP);
    Expr length = ref(countLeft);
    out.add(
        new Stmt.Loop(
            List.of(new Assign(k, new Expr.IntLit(0, Type.INT), true)),
            new Expr.Binary(dev.adjoint.processor.ir.BinaryOp.LT, ref(k), length, Type.BOOLEAN),
            List.of(new Assign(k, Exprs.plusInt(ref(k), new Expr.IntLit(1, Type.INT)))),
            List.of(new Stmt.Push(tape, entry, new Expr.ArrayRead(ref(partials), ref(k)))),
            true));
    TapeEntry count = new TapeEntry();
    partialCounts.put(a, count);
    out.add(new Stmt.Push(tape, count, length));
    out.add(new Assign(countLeft, callLength));
  }

  /** How many partials {@code partials} holds, started at none before the outermost loop. */
  private Variable countOf(Variable partials) {
    Variable count = new Variable(partials.baseName() + "Count", Type.INT, Role.TEMP);
    if (countsBeforeLoop != null) {
      countsBeforeLoop.add(count);
    }
    return count;
  }

  /** Takes back what {@link #pushPartials} recorded, into the same buffer. */
  private void popPartials(Assign a, Expr.DiffCall call, TapeEntry entry, List<Stmt> out) {
    Variable partials = call.gradient();
    TapeEntry count = partialCounts.get(a);
    if (count == null) {
      out.add(new Stmt.Pop(tape, entry, partials, null));
      return;
    }
    Variable recorded = new Variable("partialsRecorded", Type.INT, Role.TEMP);
    out.add(new Stmt.Pop(tape, count, recorded, null));
    Variable k = new Variable("k", Type.INT, Role.TEMP);
    out.add(
        new Stmt.Loop(
            List.of(
                new Assign(
                    k,
                    new Expr.Binary(
                        dev.adjoint.processor.ir.BinaryOp.SUB,
                        ref(recorded),
                        new Expr.IntLit(1, Type.INT),
                        Type.INT),
                    true)),
            new Expr.Binary(
                dev.adjoint.processor.ir.BinaryOp.GE, ref(k), new Expr.IntLit(0, Type.INT), Type.BOOLEAN),
            List.of(
                new Assign(
                    k,
                    new Expr.Binary(
                        dev.adjoint.processor.ir.BinaryOp.SUB,
                        ref(k),
                        new Expr.IntLit(1, Type.INT),
                        Type.INT))),
            List.of(new Stmt.Pop(tape, entry, partials, ref(k))),
            true));
  }

  /** The statement that gives {@code a.target()} back the value {@code a} overwrote, or null. */
  private Stmt restoreOf(Assign a, SweepPlan.OldValue old) {
    return switch (old) {
      case NONE, COMPUTED_AGAIN -> null;
      case STEPPED_BACK -> new Assign(a.target(), Recomputation.inverse(a));
      case TAPE -> new Stmt.Pop(tape, left.get(a).entry(), a.target(), null);
      case LOCAL -> new Assign(a.target(), ref(left.get(a).local()));
    };
  }

  private void backwardAssign(Assign a, SweepPlan.AssignPlan p, Stmt restore, List<Stmt> out) {
    Variable v = a.target();
    if (!activity.isActive(v)) {
      addIfPresent(restore, out);
      return;
    }
    Variable vBar = adjoints.of(v);
    if (!activity.isActive(a.value())) {
      out.add(new Assign(vBar, lit(0.0)));
      addIfPresent(restore, out);
      return;
    }
    boolean ahead = p.sharesForwardLocals() || p.oldValue() == SweepPlan.OldValue.COMPUTED_AGAIN;
    Derivation d = ahead ? computedAhead.get(a) : derivation(a, false);
    if (d.readsItself()) {
      // The partials need the value v had before this statement.
      addIfPresent(restore, out);
    }
    out.addAll(d.derivedTemps());
    Expr selfPartial = null;
    for (Map.Entry<Variable, Expr> term : d.coefficients().entrySet()) {
      Expr contribution = Fold.simplify(ChainTerms.times(ref(vBar), term.getValue()));
      if (term.getKey() == v) {
        selfPartial = contribution;
      } else {
        out.add(accumulate(term.getKey(), contribution));
      }
    }
    // What flowed into v before this statement only reaches the output through v's old value.
    out.add(new Assign(vBar, selfPartial != null ? selfPartial : lit(0.0)));
    if (!d.readsItself()) {
      addIfPresent(restore, out);
    }
  }

  private void returning(Return r, List<Stmt> out) {
    comment(r, out);
    if (r.value().type() == Type.DOUBLE_ARRAY) {
      Variable array = ((Expr.VarRef) r.value()).variable();
      Expr length = new Expr.ArrayLength(r.value());
      // A copy: the backward sweep may restore elements of the array.
      out.add(
          new Assign(
              result,
              RuntimeHelper.COPY_OF.call(Type.DOUBLE_ARRAY, r.value(), length)));
      out.add(Exprs.requireLength(seed, length));
      if (activity.isActive(array)) {
        out.add(
            Exprs.arraycopy(ref(seed), Exprs.lit0(), ref(arrayAdjointOf(array)), Exprs.lit0(), length));
      }
      return;
    }
    if (!activity.isActive(r.value())) {
      out.add(new Assign(result, r.value()));
      return;
    }
    Map<Variable, Expr> coefficients = linearizer.coefficients(r.value(), ref(result));
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(r.value(), List.copyOf(coefficients.values()), result);
    out.addAll(shared.primalTemps());
    out.add(new Assign(result, shared.primal()));
    out.addAll(shared.derivedTemps());
    int k = 0;
    for (Variable u : coefficients.keySet()) {
      out.add(accumulate(u, shared.derived().get(k++)));
    }
  }

  /**
   * {@code uBar += contribution}, or for an array element its slot of the gradient; for an element
   * read only in a branch of {@code ?:}, under that branch's condition.
   */
  private Stmt accumulate(Variable u, Expr contribution) {
    ElementGuard guard = linearizer.guardOf(u);
    if (!guard.isNone()) {
      return new If(
          guard.condition(), List.of(accumulateAlways(u, guard.assumed(contribution))), List.of());
    }
    return accumulateAlways(u, contribution);
  }

  private Stmt accumulateAlways(Variable u, Expr contribution) {
    if (u.role() == Role.SLICE) {
      return accumulateSlice(u, contribution);
    }
    if (u.role() != Role.ELEMENT) {
      return new Accumulate(adjoints.of(u), contribution);
    }
    Variable array = u.origin();
    if (!wrt.contains(array) || array.type() == Type.DOUBLE_MATRIX) {
      return new Stmt.ArrayAccumulate(arrayAdjointOf(array), u.row(), u.index(), contribution);
    }
    Expr offset = GradientLayout.offsetOf(wrt, array, matrixSizes);
    if (offset instanceof Expr.IntLit zero && zero.value() == 0) {
      Variable alias =
          arrayAdjoints.computeIfAbsent(
              array, a -> new Variable(a.baseName() + "Bar", Type.DOUBLE_ARRAY, Role.TEMP));
      return new Stmt.ArrayAccumulate(alias, u.index(), contribution);
    }
    return new Stmt.ArrayAccumulate(grad, Exprs.plusInt(offset, u.index()), contribution);
  }

  /** A whole array argument's adjoints: {@code contribution} times the callee's partials. */
  private Stmt accumulateSlice(Variable u, Expr contribution) {
    Variable array = u.origin();
    Expr target;
    Expr from = new Expr.IntLit(0, Type.INT);
    if (array.type() == Type.DOUBLE_MATRIX) {
      // A row, or the whole matrix (Vectors.addScaled reads its rows in order).
      target =
          u.row() == null
              ? ref(arrayAdjointOf(array))
              : new Expr.ArrayRead(ref(arrayAdjointOf(array)), u.row());
    } else if (!wrt.contains(array)) {
      target = ref(arrayAdjointOf(array));
    } else {
      Expr offset = GradientLayout.offsetOf(wrt, array, matrixSizes);
      if (offset instanceof Expr.IntLit zero && zero.value() == 0) {
        target =
            ref(
                arrayAdjoints.computeIfAbsent(
                    array, a -> new Variable(a.baseName() + "Bar", Type.DOUBLE_ARRAY, Role.TEMP)));
      } else {
        target = ref(grad);
        from = offset;
      }
    }
    return new Stmt.Eval(
        RuntimeHelper.ADD_SCALED.call(
            Type.INT, target, from, contribution, ref(u.partials()), u.index(), u.length()));
  }

  private boolean differentiates(Assign a) {
    return activity.isActive(a.target()) && activity.isActive(a.value());
  }

  private Derivation derivation(Assign a, boolean withPrimal) {
    Variable v = a.target();
    boolean readsItself = Exprs.reads(a.value(), v);
    // Before v is restored it holds the statement's value, which rules such as exp reuse.
    Expr rootValue = readsItself ? null : ref(v);
    // Share before folding, while the partials still hold the statement's subexpressions verbatim.
    Map<Variable, Expr> coefficients = linearizer.coefficients(a.value(), rootValue);
    List<Expr> partials = List.copyOf(coefficients.values());
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(withPrimal ? a.value() : null, partials, v);
    Map<Variable, Expr> sharedCoefficients = new LinkedHashMap<>();
    int k = 0;
    for (Variable u : coefficients.keySet()) {
      sharedCoefficients.put(u, shared.derived().get(k++));
    }
    Expr primal = withPrimal ? shared.primal() : a.value();
    return new Derivation(
        shared.primalTemps(), primal, shared.derivedTemps(), sharedCoefficients, readsItself);
  }

  private void comment(Stmt s, List<Stmt> out) {
    SourceNote note = source.noteOf(s);
    if (note != null) {
      out.add(new Comment(note.comment()));
    }
  }

  private static void addIfPresent(Stmt s, List<Stmt> out) {
    if (s != null) {
      out.add(s);
    }
  }
}
