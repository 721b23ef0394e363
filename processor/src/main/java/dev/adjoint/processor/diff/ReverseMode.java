package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode for loop-free code. The gradient runs the original statements forward, saving a
 * variable's old value before it is overwritten and a branch decision whose inputs the branch
 * changes; then it walks the statements backwards, restoring each saved value and adding each
 * statement's contribution to the adjoints ({@code xBar}) of what it read.
 *
 * <p>Returns are first lifted to the ends of blocks ({@link ReturnLifting}), so the backward sweep of
 * a branch that returns starts inside that branch, next to the values it needs.
 *
 * <p>What each statement saved, decided and shares is kept by statement identity. Lifting may put
 * one statement into two branches; each branch is swept forward and backward completely before the
 * other, so each copy reads the entries its own forward sweep made.
 */
public final class ReverseMode {
  private final Function source;
  private final Activity activity;
  private final Linearizer linearizer;
  private final DerivativeNames adjoints = DerivativeNames.adjoints();
  private Variable result = new Variable("result", Type.DOUBLE, Role.RESULT);
  /** For a vector-valued method, the vector {@code u} of {@code uᵀJ}; else null. */
  private Variable seed;
  private final Map<Stmt, Variable> saved = new IdentityHashMap<>();
  private final Map<Stmt, Variable> decisions = new IdentityHashMap<>();
  private final Map<Stmt, Plan> plans = new IdentityHashMap<>();

  /** How one statement's derivative is computed: shared locals, its value, and its partials. */
  private record Plan(
      List<Assign> primalTemps,
      Expr primal,
      List<Assign> derivedTemps,
      Map<Variable, Expr> coefficients,
      boolean readsItself) {}

  private final List<Variable> wrt;
  private boolean forSecondOrder;
  private final Variable tape = new Variable("tape", Type.TAPE, Role.TEMP);
  /** The sizes of differentiated matrices, computed once at the start. */
  private final Map<Variable, Variable> matrixSizes = new LinkedHashMap<>();
  /** Where each statement inside a loop recorded what its backward step takes back. */
  private final Map<Stmt, TapeEntry> recorded = new IdentityHashMap<>();
  /** The partials a companion call inside a loop left behind, recorded before the next call. */
  private final Map<Stmt, TapeEntry> recordedPartials = new IdentityHashMap<>();
  /** The trip count of each loop that is not a plain counted loop. */
  private final Map<Stmt, Variable> tripCounts = new IdentityHashMap<>();
  private final Map<Stmt, TapeEntry> recordedTrips = new IdentityHashMap<>();
  /** The adjoints of local arrays: {@code aBar}, of {@code a}'s length. */
  private final Map<Variable, Variable> localArrayAdjoints = new LinkedHashMap<>();
  private Variable grad = new Variable("grad", Type.DOUBLE_ARRAY, Role.GENERATED_PARAMETER);
  /** {@code xBar} for an array {@code x} whose slice of {@code grad} starts at 0: {@code grad} itself. */
  private final Map<Variable, Variable> arrayAdjoints = new LinkedHashMap<>();

  private ReverseMode(Function source, List<Stmt> body, List<Variable> wrt) {
    this.source = source;
    this.activity = Activity.of(body, wrt);
    this.linearizer = new Linearizer(activity);
    this.wrt = wrt;
  }

  /**
   * The IR of {@code double <name>(params..., double[] grad)}; for a method returning {@code
   * double[]}, of {@code double[] <name>(params..., double[] u, double[] vj)}, which leaves {@code
   * uᵀJ} in {@code vj}.
   */
  public static Function gradient(Function original, List<Variable> wrt, String name) {
    return gradient(original, wrt, name, false);
  }

  /**
   * The gradient's IR for forward mode to run over (Hessian-vector products): a call passing
   * arrays inside a loop also leaves its partials in the forward sweep, where the tangent of its
   * value needs them.
   */
  public static Function gradientForSecondOrder(Function original, List<Variable> wrt, String name) {
    return gradient(original, wrt, name, true);
  }

  private static Function gradient(
      Function original, List<Variable> wrt, String name, boolean forSecondOrder) {
    Function source = LoopExits.lower(Splitter.split(CallSites.prepare(original, wrt), wrt));
    List<Stmt> lifted = ReturnLifting.lift(source.body());
    ReverseMode mode = new ReverseMode(source, lifted, wrt);
    mode.forSecondOrder = forSecondOrder;
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
      forward(s, true, false, out);
    }
    Stmt last = block.get(block.size() - 1);
    if (last instanceof Return r) {
      returning(r, out);
    } else if (last instanceof If i) {
      out.add(new If(i.condition(), sweeps(i.thenBlock()), sweeps(i.elseBlock())));
    } else {
      throw new IllegalStateException("block does not end in a return: " + last);
    }
    backward(before, true, false, out);
    return out;
  }

  /**
   * The forward sweep of {@code s}: the statement itself, with what its backward step needs
   * recorded first: a value it overwrites, a branch decision its branch changes the inputs of.
   * Outside loops a local holds it; inside a loop, where a statement runs many times, the tape.
   *
   * @param sameBlock whether the backward step is emitted in the same block, so it may reuse the
   *     locals this sweep computes
   */
  private void forward(Stmt s, boolean sameBlock, boolean inLoop, List<Stmt> out) {
    if (s instanceof Assign a && a.target().type().isArray()) {
      // Allocations: a local array, or the array a companion call leaves its partials in.
      out.add(a);
      if (a.target().role() == Role.LOCAL && activity.isActive(a.target())) {
        // Its adjoint has its shape, from the same (side-effect free) lengths.
        out.add(new Assign(arrayAdjointOf(a.target()), a.value()));
      }
    } else if (s instanceof Assign a) {
      if (inLoop && (isRecomputed(a) || Recomputation.inverse(a) != null)) {
        // Nothing to record: the backward sweep computes this value again, or undoes the step.
      } else if (inLoop) {
        // Partials first: the backward sweep pops them last, after it has used them.
        if (a.value() instanceof Expr.DiffCall call && call.gradient() != null && !passesArrays(call)) {
          out.add(record(a, recordedPartials, ref(call.gradient())));
        }
        out.add(record(a, recorded, ref(a.target())));
      } else if (!a.declares()) {
        Variable old = new Variable(a.target().baseName() + "Old", a.target().type(), Role.SAVED);
        saved.put(a, old);
        out.add(new Assign(old, ref(a.target())));
      }
      if (sameBlock && !inLoop && differentiates(a)) {
        Plan plan = plan(a, true);
        plans.put(a, plan);
        out.addAll(plan.primalTemps());
        out.add(new Assign(a.target(), plan.primal(), a.declares()));
      } else if (inLoop && passesArrays(a.value()) && !forSecondOrder) {
        // Only the value here; the backward sweep calls the companion for the partials.
        out.add(new Assign(a.target(), ((Expr.DiffCall) a.value()).withGradient(null), a.declares()));
      } else {
        out.add(a);
      }
    } else if (s instanceof Stmt.ArrayStore st) {
      Expr element = elementOf(st.array(), st.row(), st.index());
      if (inLoop) {
        out.add(record(st, recorded, element));
      } else {
        Variable old = new Variable(st.array().baseName() + "Old", Type.DOUBLE, Role.SAVED);
        saved.put(st, old);
        out.add(new Assign(old, element));
      }
      out.add(st);
    } else if (s instanceof If i) {
      Expr condition = i.condition();
      TapeEntry entry = null;
      if (branchesChange(i)) {
        Variable decision = new Variable("branch", Type.BOOLEAN, Role.FLAG);
        decisions.put(i, decision);
        if (inLoop) {
          // Each branch records that it ran, last, so the backward sweep pops it first.
          entry = new TapeEntry();
          recorded.put(i, entry);
        } else {
          out.add(new Assign(decision, condition));
          condition = ref(decision);
        }
      }
      List<Stmt> thenOut = new ArrayList<>();
      List<Stmt> elseOut = new ArrayList<>();
      i.thenBlock().forEach(t -> forward(t, false, inLoop, thenOut));
      i.elseBlock().forEach(t -> forward(t, false, inLoop, elseOut));
      if (entry != null) {
        recordLast(thenOut, new Stmt.Push(tape, entry, new Expr.BoolLit(true)));
        recordLast(elseOut, new Stmt.Push(tape, entry, new Expr.BoolLit(false)));
      }
      out.add(new If(condition, thenOut, elseOut));
    } else if (s instanceof Stmt.Loop l) {
      forwardLoop(l, inLoop, out);
    } else if (s instanceof Stmt.Break) {
      out.add(s);
    } else if (s instanceof Stmt.Eval e && e.call() instanceof Expr.Call c && c.target() instanceof CallTarget.Data) {
      // A call made for its effect: it runs once, here; the backward sweep has nothing to undo.
      out.add(s);
    } else {
      throw new IllegalStateException("unexpected statement before the return: " + s);
    }
  }

  /** Loops and the statements of their bodies the backward sweep computes again. */
  private final Map<Stmt, List<Assign>> recomputed = new IdentityHashMap<>();

  /** How each statement computed again at the top of a backward iteration shares with its partials. */
  private final Map<Assign, Plan> recomputedPlans = new IdentityHashMap<>();

  private boolean isRecomputed(Assign a) {
    for (List<Assign> again : recomputed.values()) {
      for (Assign r : again) {
        if (r == a) {
          return true;
        }
      }
    }
    return false;
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

  /** {@code tape.push(value)}, remembered under {@code s} for the backward sweep's pop. */
  private Stmt record(Stmt s, Map<Stmt, TapeEntry> entries, Expr value) {
    TapeEntry entry = new TapeEntry();
    entries.put(s, entry);
    return new Stmt.Push(tape, entry, value);
  }

  /** {@code target = tape.pop()} for what {@code s} recorded. */
  private Stmt.Pop takeBack(Stmt s, Map<Stmt, TapeEntry> entries, Variable target, Expr index) {
    return new Stmt.Pop(tape, entries.get(s), target, index);
  }

  /**
   * A counted loop runs as written and backwards from its last index, needing no record of its
   * trips. Any other loop counts its trips, and the backward sweep runs its body that many times.
   */
  private void forwardLoop(Stmt.Loop l, boolean inLoop, List<Stmt> out) {
    CountedLoop counted = CountedLoop.of(l);
    if (counted != null) {
      recomputed.put(l, Recomputation.recomputable(l.body()));
      List<Stmt> body = new ArrayList<>();
      l.body().forEach(t -> forward(t, false, true, body));
      out.add(l.withBody(body));
      return;
    }
    recomputed.put(l, Recomputation.recomputable(bodyWithUpdate(l)));
    for (Stmt init : l.init()) {
      forward(init, false, inLoop, out);
    }
    Variable trips = new Variable("iterations", Type.INT, Role.TEMP);
    tripCounts.put(l, trips);
    out.add(new Assign(trips, new Expr.IntLit(0, Type.INT)));
    List<Stmt> body = new ArrayList<>();
    body.add(new Assign(trips, Exprs.plusInt(ref(trips), new Expr.IntLit(1, Type.INT))));
    bodyWithUpdate(l).forEach(t -> forward(t, false, true, body));
    out.add(new Stmt.Loop(List.of(), l.condition(), List.of(), body, l.testFirst()));
    if (inLoop) {
      out.add(record(l, recordedTrips, ref(trips)));
    }
  }

  private void backwardLoop(Stmt.Loop l, boolean inLoop, List<Stmt> out) {
    CountedLoop counted = CountedLoop.of(l);
    List<Stmt> body = new ArrayList<>();
    List<Assign> again = recomputed.get(l);
    if (!again.isEmpty()) {
      body.add(new Comment("this iteration's values, computed again"));
      for (Assign a : again) {
        if (differentiates(a)) {
          // Computed with the locals its partials share, which its backward step reuses.
          Plan plan = plan(a, true);
          recomputedPlans.put(a, plan);
          body.addAll(plan.primalTemps());
          body.add(new Assign(a.target(), plan.primal(), a.declares()));
        } else {
          body.add(a);
        }
      }
    }
    if (counted != null) {
      backward(l.body(), false, true, body);
      out.add(counted.reversed(body));
      return;
    }
    Variable trips = tripCounts.get(l);
    if (inLoop) {
      out.add(takeBack(l, recordedTrips, trips, null));
    }
    backward(bodyWithUpdate(l), false, true, body);
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
    backward(l.init(), false, inLoop, out);
  }

  /**
   * The body of a loop with its update at the end of every path that goes on to the next
   * iteration, not after a {@code break}. Computed once per loop, so the forward and backward
   * sweeps see the same statements.
   */
  private List<Stmt> bodyWithUpdate(Stmt.Loop l) {
    return withUpdates.computeIfAbsent(l, k -> LoopExits.appendToFallthrough(l.body(), l.update(), source.notes()));
  }

  private final Map<Stmt, List<Stmt>> withUpdates = new IdentityHashMap<>();

  private void backward(List<Stmt> block, boolean sameBlock, boolean inLoop, List<Stmt> out) {
    for (int k = block.size() - 1; k >= 0; k--) {
      Stmt s = block.get(k);
      if (s instanceof Assign a && a.target().type().isArray()) {
        continue;
      } else if (s instanceof Assign a) {
        backwardAssign(a, sameBlock && !inLoop, inLoop, out);
      } else if (s instanceof Stmt.ArrayStore st) {
        backwardStore(st, inLoop, out);
      } else if (s instanceof If i) {
        Variable decision = decisions.get(i);
        Expr condition = decision != null ? ref(decision) : i.condition();
        if (decision != null && inLoop) {
          out.add(takeBack(i, recorded, decision, null));
        }
        List<Stmt> thenOut = new ArrayList<>();
        List<Stmt> elseOut = new ArrayList<>();
        backward(i.thenBlock(), false, inLoop, thenOut);
        backward(i.elseBlock(), false, inLoop, elseOut);
        out.add(new If(condition, thenOut, elseOut));
      } else if (s instanceof Stmt.Loop l) {
        SourceNote note = source.noteOf(l);
        if (note != null) {
          out.add(new Comment(note.comment()));
        }
        backwardLoop(l, inLoop, out);
      }
    }
  }

  /**
   * {@code a[i] = e} backwards: the element's adjoint moves to what {@code e} read, and the element
   * gets back its old value. The adjoint is taken and cleared first, so an {@code e} that reads
   * the same element (whatever its index expression) adds to it afresh.
   */
  private void backwardStore(Stmt.ArrayStore st, boolean inLoop, List<Stmt> out) {
    comment(st, out);
    Variable a = st.array();
    Stmt restore =
        inLoop
            ? new Stmt.Pop(tape, recorded.get(st), a, st.row(), st.index())
            : new Stmt.ArrayStore(a, st.row(), st.index(), ref(saved.get(st)));
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
    out.add(new Stmt.ArrayStore(aBar, st.row(), st.index(), lit(0.0)));
    if (readsItself) {
      out.add(restore);
    }
    // Until it is restored the element holds this statement's value, which rules such as tanh
    // reuse instead of computing it again.
    Expr rootValue = readsItself ? null : elementOf(a, st.row(), st.index());
    Map<Variable, Expr> coefficients = linearizer.coefficients(st.value(), rootValue);
    SharedSubexpressions.Plan shared =
        SharedSubexpressions.plan(null, List.copyOf(coefficients.values()), elementBar);
    out.addAll(shared.derivedTemps());
    int k = 0;
    for (Variable u : coefficients.keySet()) {
      out.add(accumulate(u, Fold.simplify(mul(ref(elementBar), shared.derived().get(k++)))));
    }
    if (!readsItself) {
      out.add(restore);
    }
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

  private void backwardAssign(Assign a, boolean sameBlock, boolean inLoop, List<Stmt> out) {
    comment(a, out);
    if (inLoop && passesArrays(a.value()) && activity.isActive(a.target())) {
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
    backwardAssign(a, sameBlock, inLoop, restoreOf(a, inLoop), steps);
    out.addAll(steps);
    if (inLoop && recordedPartials.containsKey(a)) {
      // The partials of the call one iteration earlier.
      Variable partials = ((Expr.DiffCall) a.value()).gradient();
      out.add(takeBack(a, recordedPartials, partials, null));
    }
  }

  private Stmt restoreOf(Assign a, boolean inLoop) {
    if (isRecomputed(a)) {
      return null;
    }
    Expr inverse = Recomputation.inverse(a);
    if (inLoop && inverse != null) {
      return new Assign(a.target(), inverse);
    }
    if (inLoop) {
      return takeBack(a, recorded, a.target(), null);
    }
    Variable old = saved.get(a);
    return old == null ? null : new Assign(a.target(), ref(old));
  }

  private void backwardAssign(
      Assign a, boolean sameBlock, boolean inLoop, Stmt restore, List<Stmt> out) {
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
    Plan plan =
        sameBlock ? plans.get(a) : recomputedPlans.containsKey(a) ? recomputedPlans.get(a) : plan(a, false);
    if (plan.readsItself()) {
      // The partials need the value v had before this statement.
      addIfPresent(restore, out);
    }
    out.addAll(plan.derivedTemps());
    Expr selfPartial = null;
    for (Map.Entry<Variable, Expr> term : plan.coefficients().entrySet()) {
      Expr contribution = Fold.simplify(mul(ref(vBar), term.getValue()));
      if (term.getKey() == v) {
        selfPartial = contribution;
      } else {
        out.add(accumulate(term.getKey(), contribution));
      }
    }
    // What flowed into v before this statement only reaches the output through v's old value.
    out.add(new Assign(vBar, selfPartial != null ? selfPartial : lit(0.0)));
    if (!plan.readsItself()) {
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

  /** {@code uBar += contribution}, or for an array element its slot of the gradient. */
  private Stmt accumulate(Variable u, Expr contribution) {
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
      target = new Expr.ArrayRead(ref(arrayAdjointOf(array)), u.row());
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

  /** Whether a call passes whole arrays: its partials are recomputed, not recorded, in loops. */
  private static boolean passesArrays(Expr value) {
    return value instanceof Expr.DiffCall call
        && call.gradient() != null
        && call.args().stream().anyMatch(arg -> arg.type().isArray());
  }

  private boolean differentiates(Assign a) {
    return activity.isActive(a.target()) && activity.isActive(a.value());
  }

  private Plan plan(Assign a, boolean withPrimal) {
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
    return new Plan(
        shared.primalTemps(), primal, shared.derivedTemps(), sharedCoefficients, readsItself);
  }

  /** Whether a branch assigns a variable its condition reads, so the condition must be saved. */
  private static boolean branchesChange(If i) {
    Set<Variable> read = new HashSet<>();
    Exprs.collectVariables(i.condition(), read);
    boolean[] changes = {false};
    for (List<Stmt> branch : List.of(i.thenBlock(), i.elseBlock())) {
      Stmts.forEach(
          branch,
          s -> {
            Variable t = Stmts.target(s);
            if (t != null && read.contains(t)) {
              changes[0] = true;
            }
            // An element written: the condition may read it.
            if (Stmts.arrayWritten(s) != null && read.contains(Stmts.arrayWritten(s))) {
              changes[0] = true;
            }
          });
    }
    return changes[0];
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
