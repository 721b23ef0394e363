package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.lit;
import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.RuntimeHelper;
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
import java.util.function.UnaryOperator;

/**
 * The kind {@code double mHessianEdges(EdgePushing edges, P...)}: the method run forward exactly as
 * written (its loops, branches, breaks and returns kept), recording in {@code edges}, before each
 * write of an active double, one statement {@code out = φ(u1..uk)}: the key of what it writes,
 * each operand's key with its first partial, and each second partial that is not zero (see {@link
 * StatementPartials}). Edge pushing's reverse sweep (the runtime's {@code EdgePushing.finish}) then
 * runs over what was recorded.
 *
 * <p>Keys are {@code int}s: the inputs are {@code 0..n-1} in the gradient's layout, read at the
 * start through {@code edges.input(slot, key)}, so that in a call from another recording they are
 * the caller's keys of the arguments (see {@link EdgeCalls}); an active local
 * {@code double} gets one key for the whole run ({@code edges.key()}), reused by every write (each
 * write is recorded, so the reverse sweep ends the older value's edges there); an active local
 * array gets consecutive keys where it is made ({@code edges.keys(length)}); a {@code double[][]}'s
 * elements are keyed through a table of its rows' first keys ({@link MatrixKeys}). A differentiated
 * {@code double} parameter the method writes is first copied to a key of its own, as inputs must
 * never be written.
 *
 * <p>What this first version does not record is refused with a {@link Refusal}; the method then
 * has no {@code mHessianEdges}, and its sparse Hessian the colouring route only.
 */
public final class EdgeTaping {
  /** Why a method gets no {@code mHessianEdges}. */
  public enum Refusal {
    DIFFERENTIABLE_CALL(
        "it calls a method with a custom derivative, one returning a vector, or one without a"
            + " recording of its own"),
    MATRIX_PASSED("it passes a double[][], or a row of one, to a differentiable method"),
    MATRIX_ROW_REPLACED("a row of an active double[][] is replaced"),
    VECTOR_VALUED("it returns a vector"),
    ARRAY_ALIAS("an active array is another array's name or made by a call"),
    PARAMETER_ARRAY_WRITTEN("it writes an element of an array parameter"),
    CALL_WITH_EFFECTS("a recorded statement makes a call that may have effects, or passes an active array to a call"),
    LOOP_HEADER_WRITES_VALUE("a loop's header writes an active value"),
    NOT_TWICE_DIFFERENTIABLE("a first partial holds what cannot be differentiated again"),
    TOO_LARGE("the recording would be too large a method"),
    NOT_RECORDED("it uses a construct the recording does not follow yet");

    private final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }

    /** Why, in words. */
    public String reason() {
      return reason;
    }
  }

  /** Thrown where the method cannot be recorded; carries why and where. */
  public static final class Refused extends RuntimeException {
    private final Refusal refusal;
    private final transient SourceNote where;

    Refused(Refusal refusal, SourceNote where, String detail) {
      super(refusal.reason() + (detail == null ? "" : ": " + detail), null, false, false);
      this.refusal = refusal;
      this.where = where;
    }

    public Refusal refusal() {
      return refusal;
    }

    /** The source statement refused, or null. */
    public SourceNote where() {
      return where;
    }
  }

  static final ClassRef EDGE_PUSHING = new ClassRef("dev.adjoint.runtime", List.of("EdgePushing"));

  /**
   * At most this many IR nodes: well below the method size the pipeline refuses as an error, so
   * a method with many statements keeps its other kinds.
   */
  private static final long MAX_WEIGHT = 12_000;

  /** At most this many IR nodes in one recorded statement's right-hand side. */
  private static final int MAX_STATEMENT_NODES = 400;

  private final Function source;
  private final List<Variable> wrt;
  private final Activity activity;
  private final Variable edges;
  /** The key variable of each active local double, written parameter and active local array. */
  private final Map<Variable, Variable> keys = new IdentityHashMap<>();
  /** The variable holding each differentiated parameter's (first) key, where one is read. */
  private final Map<Variable, Variable> inputKeys = new IdentityHashMap<>();
  /** The gradient arrays {@link CallSites} gave calls: the recording calls recordings instead. */
  private final Set<Variable> callGradients = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /** The row keys of active matrices. */
  private final MatrixKeys matrices = new MatrixKeys(this);
  /** The size of each differentiated matrix followed by another parameter, computed once. */
  private final Map<Variable, Variable> matrixSizes = new java.util.LinkedHashMap<>();
  /** The key of the value a return computes, made at the first return that needs one. */
  private Variable valueKey;
  private Stmt current;
  /** The last source line commented, and the block it went into. */
  private SourceNote lastNote;
  private List<Stmt> lastNoteBlock;

  private EdgeTaping(Function source, List<Variable> wrt) {
    this.source = source;
    this.wrt = wrt;
    this.activity = Activity.of(source.body(), wrt);
    this.edges = Variable.object("edges", Type.OBJECT, EDGE_PUSHING, Variable.Role.GENERATED_PARAMETER);
    for (Expr.DiffCall c : Stmts.diffCalls(source.body())) {
      if (c.gradient() != null) {
        callGradients.add(c.gradient());
      }
    }
  }

  /**
   * The IR of {@code double <name>(EdgePushing edges, P...)} for {@code source}, its declarations
   * placed by {@code place}.
   *
   * @throws Refused where a statement cannot be recorded
   */
  public static Function tape(
      Function source, List<Variable> wrt, String name, UnaryOperator<Function> place) {
    Function prepared;
    try {
      // Each call of another method in a recorded statement computed once into a local, as the
      // gradient does: the partials copy parts of the statement and must not call it again.
      prepared = EdgeCalls.argumentsInLocals(CallSites.prepare(source, wrt), wrt);
    } catch (NotDifferentiable e) {
      throw new Refused(Refusal.DIFFERENTIABLE_CALL, null, e.getMessage());
    }
    try {
      return new EdgeTaping(prepared, wrt).function(name, place);
    } catch (StackOverflowError e) {
      // Second partials of a deeply nested expression (a product of hundreds of factors).
      throw new Refused(Refusal.TOO_LARGE, null, "second partials nested too deeply");
    }
  }

  /**
   * The differentiable methods whose recordings the recording of {@code source} calls: it is
   * valid only where they have theirs. (Empty where it cannot be prepared: then it is refused.)
   */
  public static Set<dev.adjoint.processor.ir.Callee> recordedCallees(
      Function source, List<Variable> wrt) {
    try {
      return EdgeCalls.recordedCallees(CallSites.prepare(source, wrt), wrt);
    } catch (NotDifferentiable e) {
      return Set.of();
    }
  }

  /** Why {@code source} gets no {@code mHessianEdges}, or null if it gets one. */
  public static Refused refusal(Function source, List<Variable> wrt) {
    try {
      tape(source, wrt, "edges", f -> f);
      return null;
    } catch (Refused e) {
      return e;
    }
  }

  /** A stage saying why {@code name} was not made: a method whose body is that comment. */
  public static Function refusedStage(String name, Refused e) {
    String where = e.where() == null ? "" : " (" + e.where().comment() + ")";
    return new Function(
        name,
        List.of(),
        Type.DOUBLE,
        List.of(new Stmt.Comment("not made: " + e.refusal() + ": " + e.getMessage() + where)),
        Map.of());
  }

  private Refused refused(Refusal refusal, String detail) {
    return new Refused(refusal, current == null ? null : source.noteOf(current), detail);
  }

  /** A refusal at the statement being recorded. */
  Refused refusedHere(Refusal refusal, String detail) {
    return refused(refusal, detail);
  }

  Activity activity() {
    return activity;
  }

  Expr edgesRef() {
    return ref(edges);
  }

  private Function function(String name, UnaryOperator<Function> place) {
    if (source.returnType() != Type.DOUBLE) {
      throw refused(Refusal.VECTOR_VALUED, null);
    }
    refuseWhatIsNotRecorded();
    List<Stmt> sizes = new ArrayList<>();
    matrixSizes.putAll(GradientLayout.matrixSizes(wrt, sizes));
    List<Stmt> tables = new ArrayList<>();
    for (Variable w : wrt) {
      if (w.type() == Type.DOUBLE_MATRIX) {
        tables.add(matrices.ofParameter(w, ref(inputKey(w))));
      }
    }
    List<Stmt> locals = keysOfLocals();
    List<Stmt> statements = block(source.body());
    List<Stmt> body = new ArrayList<>(sizes);
    body.addAll(inputKeyDeclarations());
    body.addAll(tables);
    body.addAll(locals);
    body.addAll(statements);
    if (Stmts.weight(body) > MAX_WEIGHT) {
      throw refused(Refusal.TOO_LARGE, null);
    }
    List<Variable> params = new ArrayList<>();
    params.add(edges);
    params.addAll(source.params());
    return place.apply(new Function(name, params, Type.DOUBLE, body, Map.of()));
  }

  /** The refusals that hold for the whole method: calls of differentiable methods, rows replaced. */
  private void refuseWhatIsNotRecorded() {
    Stmts.forEach(
        source.body(),
        s -> {
          current = s;
          if (MatrixKeys.replacesRow(s, activity)) {
            throw refused(Refusal.MATRIX_ROW_REPLACED, Stmts.arrayWritten(s).baseName());
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.DiffCall c) {
                    if (!(s instanceof Stmt.Assign a && a.value() == c)) {
                      throw refused(Refusal.DIFFERENTIABLE_CALL, c.name() + " inside an expression");
                    }
                    EdgeCalls.recordingOf(c.callee(), this);
                  }
                  if (n instanceof Expr.Call c && c.target() instanceof CallTarget.VectorCall v) {
                    throw refused(
                        Refusal.DIFFERENTIABLE_CALL,
                        v.callee().name() + " returns a vector, whose recording would need its Jacobian");
                  }
                  if (n instanceof Expr.Call c && passesActiveArray(c) && c.target().effects().possible()) {
                    throw refused(Refusal.CALL_WITH_EFFECTS, c.name());
                  }
                });
          }
        });
    current = null;
  }

  private boolean passesActiveArray(Expr.Call c) {
    for (Expr arg : c.args()) {
      if (arg.type().isArray() && activity.isActiveArray(arg)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code int vKey = edges.key();} for each active local double (and each written parameter,
   * whose input value is recorded as the key's first statement), before the first statement.
   */
  private List<Stmt> keysOfLocals() {
    List<Stmt> out = new ArrayList<>();
    Set<Variable> scalars = new LinkedHashSet<>();
    Set<Variable> assigned = Stmts.assigned(source.body());
    for (Variable p : source.params()) {
      if (p.type() == Type.DOUBLE && activity.isActive(p) && (assigned.contains(p) || !wrt.contains(p))) {
        scalars.add(p);
      }
    }
    Stmts.forEach(
        source.body(),
        s -> {
          Variable t = Stmts.target(s);
          if (t != null && t.type() == Type.DOUBLE && activity.isActive(t) && !source.params().contains(t)) {
            scalars.add(t);
          }
        });
    for (Variable v : scalars) {
      Variable key = keyVariable(v);
      out.add(new Stmt.Assign(key, edgesCall("key", Type.INT)));
      if (wrt.contains(v)) {
        // Inputs are never written: the parameter's value is a statement of its own key.
        out.add(new Stmt.Comment(v.baseName() + " is written: its input value goes to a key of its own"));
        out.add(new Stmt.Eval(edgesCall("statement", Type.VOID, ref(key))));
        out.add(new Stmt.Eval(edgesCall("partial", Type.VOID, ref(inputKey(v)), lit(1.0))));
      }
    }
    return out;
  }

  /**
   * {@code int xKey = edges.input(slot, offset)} for each differentiated parameter whose key the
   * recording reads, {@code offset} its key at the top level (its place in the gradient).
   */
  private List<Stmt> inputKeyDeclarations() {
    List<Stmt> out = new ArrayList<>();
    for (int slot = 0; slot < wrt.size(); slot++) {
      Variable w = wrt.get(slot);
      Variable key = inputKeys.get(w);
      if (key != null) {
        Expr topLevel = inputOffset(w);
        out.add(new Stmt.Assign(key, edgesCall("input", Type.INT, new Expr.IntLit(slot, Type.INT), topLevel)));
      }
    }
    return out;
  }

  private Variable inputKey(Variable w) {
    return inputKeys.computeIfAbsent(
        w,
        x -> {
          boolean copied = keys.containsKey(x);
          String name = x.baseName() + (copied ? "InputKey" : "Key");
          return new Variable(name, Type.INT, Variable.Role.TEMP);
        });
  }

  private Variable keyVariable(Variable v) {
    return keys.computeIfAbsent(v, x -> new Variable(x.baseName() + "Key", Type.INT, Variable.Role.TEMP));
  }

  // ---------------------------------------------------------------- statements

  private List<Stmt> block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      Stmt outer = current;
      current = s;
      statement(s, out);
      current = outer;
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Assign a) {
      assign(a, out);
    } else if (s instanceof Stmt.ArrayStore st) {
      store(st, out);
    } else if (s instanceof Stmt.If) {
      out.add(Stmts.mapBlocks(s, this::block));
    } else if (s instanceof Stmt.Loop l) {
      refuseHeaderWrites(l.init());
      refuseHeaderWrites(l.update());
      out.add(l.withBody(block(l.body())));
    } else if (s instanceof Stmt.Return r) {
      returns(r, out);
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Comment) {
      out.add(s);
    } else if (s instanceof Stmt.Eval e) {
      if (e.call() instanceof Expr.Call c && passesActiveArray(c)) {
        // Made for its effect, it could write the array's elements where nothing records them.
        throw refused(Refusal.CALL_WITH_EFFECTS, c.name());
      }
      out.add(s);
    } else {
      throw refused(Refusal.NOT_RECORDED, s.getClass().getSimpleName());
    }
  }

  private void refuseHeaderWrites(List<Stmt> header) {
    for (Stmt s : header) {
      Variable t = Stmts.target(s);
      Variable a = Stmts.arrayWritten(s);
      if (t != null && activity.isActive(t) || a != null && activity.isActive(a)) {
        throw refused(Refusal.LOOP_HEADER_WRITES_VALUE, (t != null ? t : a).baseName());
      }
    }
  }

  private void assign(Stmt.Assign a, List<Stmt> out) {
    Variable v = a.target();
    if (callGradients.contains(v)) {
      return; // a call's gradient array: its recording needs none
    }
    if (a.value() instanceof Expr.DiffCall c) {
      comment(a, out);
      EdgeCalls.record(a, c, ref(keyVariable(v)), this, out);
      return;
    }
    if (!activity.isActive(v)) {
      out.add(a);
      return;
    }
    if (v.type().isArray()) {
      madeArray(a, out);
      return;
    }
    record(ref(keyVariable(v)), a.value(), value -> new Stmt.Assign(v, value, a.declares()), out);
  }

  /**
   * {@code a = new double[n]} (or an array made in a loop, its buffer grown): new keys for its
   * elements, which start at zero and so need no statement.
   */
  private void madeArray(Stmt.Assign a, List<Stmt> out) {
    Variable v = a.target();
    if (source.params().contains(v)) {
      throw refused(Refusal.PARAMETER_ARRAY_WRITTEN, v.baseName());
    }
    Expr value = a.value();
    if (v.type() == Type.DOUBLE_MATRIX) {
      if (!MatrixKeys.makes(v, value)) {
        throw refused(Refusal.ARRAY_ALIAS, v.baseName());
      }
      comment(a, out);
      out.add(a);
      out.add(matrices.ofMade(v));
      return;
    }
    boolean made =
        value instanceof Expr.NewDoubleArray n && n.columns() == null
            || value instanceof Expr.Call c
                && (c.target().is(RuntimeHelper.EMPTY_BUFFER) || c.target().is(RuntimeHelper.GROWN))
                && (c.args().isEmpty() || c.args().get(0) instanceof Expr.VarRef r && r.variable() == v);
    if (!made) {
      throw refused(Refusal.ARRAY_ALIAS, v.baseName());
    }
    comment(a, out);
    out.add(a);
    out.add(new Stmt.Assign(keyVariable(v), edgesCall("keys", Type.INT, new Expr.ArrayLength(ref(v)))));
  }

  private void store(Stmt.ArrayStore st, List<Stmt> out) {
    Variable a = st.array();
    if (!activity.isActive(a)) {
      out.add(st);
      return;
    }
    if (source.params().contains(a)) {
      throw refused(Refusal.PARAMETER_ARRAY_WRITTEN, a.baseName());
    }
    if (Effects.possibleIn(st.index()) || st.row() != null && Effects.possibleIn(st.row())) {
      throw refused(Refusal.CALL_WITH_EFFECTS, "in the index of " + a.baseName());
    }
    Expr key =
        st.row() == null
            ? Exprs.plusInt(baseOf(a), st.index())
            : elementOfMatrix(a, st.row(), st.index());
    record(key, st.value(), value -> new Stmt.ArrayStore(a, st.row(), st.index(), value), out);
  }

  /**
   * {@code return e}: the key {@code e}'s value was last written to, or (for an expression) a
   * statement of its own writing a key of the value's.
   */
  private void returns(Stmt.Return r, List<Stmt> out) {
    Expr e = r.value();
    Expr key = null;
    if (!activity.isActive(e)) {
      key = new Expr.IntLit(-1, Type.INT);
    } else if (e instanceof Expr.VarRef ref) {
      key = keyOf(ref.variable());
    } else if (e instanceof Expr.ArrayRead read && read.array() instanceof Expr.VarRef arr
        && !Effects.possibleIn(read.index())) {
      key = Exprs.plusInt(baseOf(arr.variable()), read.index());
    }
    if (key != null) {
      comment(r, out);
      out.add(new Stmt.Eval(edgesCall("returned", Type.VOID, key)));
      out.add(r);
      return;
    }
    if (valueKey == null) {
      valueKey = new Variable("valueKey", Type.INT, Variable.Role.TEMP);
    }
    Variable value = new Variable("value", Type.DOUBLE, Variable.Role.TEMP);
    out.add(new Stmt.Assign(valueKey, edgesCall("key", Type.INT)));
    record(ref(valueKey), e, v -> new Stmt.Assign(value, v, true), out);
    out.add(new Stmt.Eval(edgesCall("returned", Type.VOID, ref(valueKey))));
    out.add(new Stmt.Return(ref(value)));
  }

  /**
   * The statement writing {@code value} to the key {@code out}: its partials recorded from the
   * values before the write, then the write ({@code write} of the value, or of the local it was
   * computed into).
   */
  private void record(
      Expr outKey, Expr value, java.util.function.Function<Expr, Stmt> write, List<Stmt> out) {
    comment(current, out);
    if (!activity.isActive(value)) {
      out.add(new Stmt.Eval(edgesCall("statement", Type.VOID, outKey)));
      out.add(write.apply(value));
      return;
    }
    if (Exprs.size(value) > MAX_STATEMENT_NODES) {
      // Its second partials would nest deeper still (a product of hundreds of factors).
      throw refused(Refusal.TOO_LARGE, "a statement of " + Exprs.size(value) + " nodes");
    }
    if (Effects.possibleIn(value)) {
      // Its partials would make the call again.
      throw refused(Refusal.CALL_WITH_EFFECTS, null);
    }
    StatementPartials partials;
    try {
      partials = StatementPartials.of(value, activity);
    } catch (StatementPartials.NotTwiceDifferentiable e) {
      throw refused(Refusal.NOT_TWICE_DIFFERENTIABLE, e.getMessage());
    } catch (StatementPartials.TooLarge e) {
      throw refused(Refusal.TOO_LARGE, e.getMessage());
    }
    new Recording(this, partials, value).emit(outKey, write, out);
  }

  // ---------------------------------------------------------------- keys

  /** The key of an operand: a variable's, or an element's (its array's first key plus its index). */
  Expr keyOf(Variable operand) {
    if (operand.role() == Variable.Role.ELEMENT) {
      if (operand.row() != null) {
        return elementOfMatrix(operand.origin(), operand.row(), operand.index());
      }
      return Exprs.plusInt(baseOf(operand.origin()), operand.index());
    }
    if (operand.role() == Variable.Role.SLICE) {
      throw refused(Refusal.DIFFERENTIABLE_CALL, operand.baseName());
    }
    if (keys.containsKey(operand)) {
      return ref(keys.get(operand));
    }
    if (wrt.contains(operand)) {
      return ref(inputKey(operand));
    }
    throw refused(Refusal.NOT_RECORDED, "no key for " + operand.baseName());
  }

  /** The first key of an active array: its offset in the gradient, or the keys made with it. */
  Expr baseOf(Variable array) {
    if (wrt.contains(array)) {
      return ref(inputKey(array));
    }
    if (keys.containsKey(array)) {
      return ref(keys.get(array));
    }
    throw refused(Refusal.ARRAY_ALIAS, array.baseName());
  }

  /** The key of {@code matrix[row][index]}, an element of an active matrix. */
  Expr elementOfMatrix(Variable matrix, Expr row, Expr index) {
    Expr key = matrices.keyOf(matrix, row, index);
    if (key == null) {
      // Every active matrix is a differentiated parameter or made before it is read.
      throw refused(Refusal.ARRAY_ALIAS, matrix.baseName());
    }
    return key;
  }

  /**
   * The first key of an active matrix, its elements' keys following row after row: a
   * differentiated matrix's input key, or a local matrix's first row key ({@code
   * edges.firstKey(mRowKeys)}, any key where it has no row).
   */
  Expr firstKeyOfMatrix(Variable matrix) {
    if (wrt.contains(matrix)) {
      return ref(inputKey(matrix));
    }
    Expr table = matrices.table(matrix);
    if (table == null) {
      throw refused(Refusal.ARRAY_ALIAS, matrix.baseName());
    }
    return edgesCall("firstKey", Type.INT, table);
  }

  /** A differentiated parameter's first key: its offset in the gradient, matrices' sizes computed once. */
  private Expr inputOffset(Variable w) {
    return GradientLayout.offsetOf(wrt, w, matrixSizes);
  }

  Expr edgesCall(String method, Type type, Expr... args) {
    List<Expr> all = new ArrayList<>();
    all.add(ref(edges));
    all.addAll(List.of(args));
    return new Expr.Call(
        new CallTarget.Data(EDGE_PUSHING, method, Effects.CALLS_AS_STATEMENTS, false, true), all, type);
  }

  /**
   * The source line of {@code s} as a comment, once for the parts of one source statement (split
   * by {@link CallSites}) that follow one another in one block.
   */
  private void comment(Stmt s, List<Stmt> out) {
    SourceNote note = s == null ? null : source.noteOf(s);
    if (note != null && !(note == lastNote && out == lastNoteBlock)) {
      out.add(new Stmt.Comment(note.comment()));
    }
    lastNote = note;
    lastNoteBlock = out;
  }
}
