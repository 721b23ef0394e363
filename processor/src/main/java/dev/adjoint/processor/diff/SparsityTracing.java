package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Callee;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Constness;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracing sweep {@code mSparsity}: the method run over index sets instead of numbers. Each
 * {@code double} the method computes becomes an {@code int} handle ({@code xSet}) of the set of
 * inputs it depends on, each {@code double[]} an {@code int[]} of handles; each operation whose
 * second derivative is not zero records, in the {@code SparsityTracer}, which inputs meet in it
 * (products cross their operands' sets, {@code exp} squares its operand's, see {@link
 * dev.adjoint.processor.ir.MathFunction.Curvature}). What decides the method's control and indices
 * from data ({@code int}s, {@code int[]} elements, lengths, booleans) is kept as written, so the
 * sweep follows the method exactly; a branch on a value runs both sides, one after the other, and
 * each handle written by either ends as the union of both. The pattern it records therefore holds
 * for every input of the same shapes and data.
 *
 * <p>What cannot be traced so is refused with a {@link Refusal}: a loop, an index or an exit that
 * depends on a value (a {@code double}, or anything computed from one).
 */
public final class SparsityTracing {
  /** Why a method's pattern cannot be traced from shapes and data alone. */
  public enum Refusal {
    LOOP_ON_VALUE("a loop's trip count depends on a value"),
    INDEX_ON_VALUE("an array index depends on a value"),
    EXIT_ON_VALUE("a loop is left early (break, continue or return) on a value"),
    INTEGER_FROM_VALUE("an integer computed from a value decides a call's data"),
    ARRAY_CHOSEN_ON_VALUE("which array a variable holds depends on a value"),
    /**
     * A method of the user's computing data decides control or indices: what it returns may
     * depend on state (fields, other objects) that a refill's key cannot check.
     */
    DATA_HELPER("a method computing data decides the pattern, and the key cannot check what it returns"),
    /**
     * A call made for its effect that may change what the sweep reads (given an array, or in a
     * method whose sweep reads fields), or a write to an array parameter: made in the sweep it
     * would run twice, left out the pattern could miss what it changes.
     */
    CALL_WITH_EFFECTS("a call made for its effect would run again in the tracing sweep"),
    /**
     * A differentiable method it calls may read fields (its receiver's, static ones) or data
     * methods in its own pattern: the caller's key holds neither.
     */
    CALLEE_READS_STATE("a method it calls has a pattern that may depend on fields the key cannot check"),
    /** A field holding something the key cannot hold (an object whose methods are called) decides it. */
    FIELD_NOT_KEYED("a field the key cannot hold decides the pattern"),
    NOT_TRACED("it uses a construct the tracing sweep does not follow yet");

    private final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }

    /** Why, in words, for Javadoc and messages. */
    public String reason() {
      return reason;
    }
  }

  /** Thrown where the method cannot be traced; carries why and where. */
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

  static final ClassRef TRACER = new ClassRef("dev.adjoint.runtime", List.of("SparsityTracer"));
  static final ClassRef SETS = new ClassRef("dev.adjoint.runtime", List.of("SparsitySets"));
  private static final ClassRef OBJECT = new ClassRef("java.lang", List.of("Object"));
  private static final Expr NONE = new Expr.FieldRef(TRACER, "NONE", Type.INT);

  private final Function source;
  private final Set<Variable> wrt;
  private final Variable tracer;
  private final Map<Variable, Variable> handles = new IdentityHashMap<>();
  /** Variables other than numbers whose value depends on a value: not computed by the sweep. */
  private final Set<Variable> tainted;
  /** How many statements mention each variable: what a branch declares may be read after it. */
  private final Map<Variable, Integer> mentions;
  /** The handle(s) of the value returned on a value's branch, merged; null if none returns so. */
  private Variable result;
  private final boolean vector;
  /** Open loops, innermost first: whether a branch on a value encloses the statement within it. */
  private final Deque<Boolean> loops = new ArrayDeque<>();
  private int valueBranches;
  /** For each branch on a value being traced, innermost first, the variables local to its side. */
  private final Deque<Set<Variable>> branchLocals = new ArrayDeque<>();
  /** The statement being traced, for refusals. */
  private Stmt current;
  /** A call made for its effect that the sweep leaves out, or null. */
  private String leftOut;
  /**
   * Tracer calls nested this deep are computed into a local first: javac's overload resolution
   * recurses per nesting level and overflows its stack on a few hundred ({@code x * (x * (...))}).
   */
  private static final int MAX_CALL_NESTING = 32;
  /** Locals computed for the statement being traced, put before what it writes. */
  private final List<Stmt> hoisted = new ArrayList<>();
  /** How many sides of a {@code ?:} on data enclose the handle being built (not hoisted there). */
  private int dataSides;

  private SparsityTracing(Function source, List<Variable> wrt) {
    this.source = source;
    this.wrt = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    this.wrt.addAll(wrt);
    this.tracer = Variable.object("tracer", Type.OBJECT, TRACER, Variable.Role.GENERATED_PARAMETER);
    this.vector = source.returnType() == Type.DOUBLE_ARRAY;
    this.tainted = ValueDependence.of(source.body());
    this.mentions = ValueDependence.mentions(source.body());
  }

  /**
   * The IR of {@code int <name>(SparsityTracer tracer, P'...)} for {@code original} (as read),
   * {@code P'} its parameters with each of {@code wrt} replaced by its handles.
   *
   * @throws Refused where the pattern cannot be traced from shapes and data
   */
  public static Function trace(Function original, List<Variable> wrt, String name) {
    return new SparsityTracing(original, wrt).function(name);
  }

  /** Why {@code original}'s pattern cannot be traced, or null if it can. */
  public static Refused refusal(Function original, List<Variable> wrt) {
    try {
      trace(original, wrt, "sparsity");
      return null;
    } catch (Refused e) {
      return e;
    }
  }

  private Function function(String name) {
    List<Variable> params = new ArrayList<>();
    params.add(tracer);
    Set<Variable> reassigned = dev.adjoint.processor.ir.Stmts.assigned(source.body());
    List<Stmt> body = new ArrayList<>();
    for (Variable p : source.params()) {
      if (wrt.contains(p)) {
        Variable h = handleOf(p);
        params.add(h);
      } else {
        params.add(p);
        if (isNumbers(p.type()) && reassigned.contains(p)) {
          if (p.type() != Type.DOUBLE) {
            throw refused(Refusal.NOT_TRACED, "a data array parameter written");
          }
          body.add(new Stmt.Assign(handleOf(p), NONE));
        }
      }
    }
    if (hasReturnOnValue(source.body(), false)) {
      result = new Variable("resultSet", vector ? Type.INT_ARRAY : Type.INT, Variable.Role.TEMP);
      body.add(new Stmt.Assign(result, vector ? new Expr.NullLit(Type.INT_ARRAY) : NONE));
    }
    body.addAll(block(source.body()));
    if (result != null && completesNormally(body)) {
      body.add(new Stmt.Comment("what the branches on values returned"));
      body.add(new Stmt.Return(ref(result)));
    }
    requireNoValuesRead(body);
    noteCallsWithEffects(source.body());
    requireKeyable(body);
    return new Function(name, params, vector ? Type.INT_ARRAY : Type.INT, body, Map.of());
  }

  /**
   * The fields the sweep {@code sweep} reads, each once, in the order it first reads them: all
   * data that decides its pattern besides its parameters (what it reads as a value it never
   * keeps), so a refill's key mixes their values. Compile-time constants are left out (the same at
   * every call), and so are fields holding objects: a sweep passes one only as the receiver of a
   * callee whose pattern depends on its arguments alone ({@link Refusal#CALLEE_READS_STATE}).
   * Their types are those {@link #isKeyable} accepts.
   */
  public static List<Expr> keyedFields(Function sweep) {
    Set<Expr> out = new LinkedHashSet<>();
    dev.adjoint.processor.ir.Stmts.forEach(
        sweep.body(),
        st -> {
          for (Expr e : dev.adjoint.processor.ir.Stmts.ownExpressions(st)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (isVariableField(n) && n.type() != Type.RECEIVER && n.type() != Type.OBJECT) {
                    out.add(n);
                  }
                });
          }
        });
    return List.copyOf(out);
  }

  /**
   * Whether the sweep {@code sweep} reads the elements of its data parameter {@code p} (one of its
   * parameters other than the tracer), not only its length: an element read, the array passed
   * whole (to a callee's sweep, to the JDK). A refill's key need not hold the elements of an
   * {@code int[]} the pattern never reads (counts that only scale values).
   */
  public static boolean readsElements(Function sweep, Variable p) {
    int[] uses = {0, 0};
    dev.adjoint.processor.ir.Stmts.forEach(
        sweep.body(),
        st -> {
          for (Expr e : dev.adjoint.processor.ir.Stmts.ownExpressions(st)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.VarRef r && r.variable() == p) {
                    uses[0]++;
                  } else if (n instanceof Expr.ArrayLength l
                      && l.array() instanceof Expr.VarRef r
                      && r.variable() == p) {
                    uses[1]++;
                  }
                });
          }
        });
    return uses[0] > uses[1];
  }

  private static boolean isVariableField(Expr e) {
    if (e instanceof Expr.FieldRef f) {
      return f.constness() == Constness.VARIABLE;
    }
    return e instanceof Expr.InstanceField f && f.constness() == Constness.VARIABLE;
  }

  /** Whether the key can hold a field of type {@code t}: its value, or an array's shape. */
  public static boolean isKeyable(Type t) {
    return switch (t) {
      case INT, LONG, BOOLEAN, ENUM, STRING, INT_ARRAY, BOOLEAN_ARRAY, INT_MATRIX, DOUBLE_ARRAY,
              DOUBLE_MATRIX ->
          true;
      default -> false;
    };
  }

  /**
   * Notes a call of the user's that may have effects anywhere in the method, as the sweep leaves
   * out (within a value, a branch condition on a value) or runs apart from the method: it may
   * change a field the sweep reads, so a sweep reading fields is then refused (review R10).
   */
  private void noteCallsWithEffects(List<Stmt> body) {
    dev.adjoint.processor.ir.Stmts.forEach(
        body,
        st -> {
          for (Expr e : dev.adjoint.processor.ir.Stmts.ownExpressions(st)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (leftOut == null
                      && n instanceof Expr.Call c
                      && c.target() instanceof CallTarget.Data d
                      && !isLibraryCall(c, d)
                      && Effects.ofCall(c).possible()) {
                    leftOut = d.name();
                  }
                });
          }
        });
  }

  /** Refuses a sweep that reads, as data, a field the key cannot hold. */
  private void requireKeyable(List<Stmt> body) {
    Function sweep = new Function("sweep", List.of(), Type.INT, body, Map.of());
    for (Expr f : keyedFields(sweep)) {
      if (!isKeyable(f.type())) {
        throw refused(Refusal.FIELD_NOT_KEYED, f.type().toString());
      }
      if (leftOut != null) {
        // The call left out may change this field before the method reads it.
        throw refused(Refusal.CALL_WITH_EFFECTS, leftOut);
      }
    }
  }

  /**
   * The sweep is given handles in place of the differentiated parameters: a statement that still
   * names one would read values it does not have (kept as data by mistake). Refused rather than
   * run on an empty stand-in.
   */
  private void requireNoValuesRead(List<Stmt> body) {
    Set<Variable> read = new HashSet<>();
    dev.adjoint.processor.ir.Stmts.forEach(
        body,
        st -> {
          for (Expr e : dev.adjoint.processor.ir.Stmts.ownExpressions(st)) {
            Exprs.collectVariables(e, read);
          }
        });
    for (Variable w : wrt) {
      if (read.contains(w)) {
        throw refused(Refusal.NOT_TRACED, "a statement kept as data reads " + w.baseName());
      }
    }
  }

  private static boolean isNumbers(Type t) {
    return t == Type.DOUBLE || t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX;
  }

  private static Type handleType(Type t) {
    return switch (t) {
      case DOUBLE -> Type.INT;
      case DOUBLE_ARRAY -> Type.INT_ARRAY;
      case DOUBLE_MATRIX -> Type.INT_MATRIX;
      default -> throw new IllegalArgumentException(t + " has no handles");
    };
  }

  private Variable handleOf(Variable v) {
    return handles.computeIfAbsent(
        v, x -> new Variable(x.baseName() + "Set", handleType(x.type()), Variable.Role.TEMP, x));
  }

  /** Whether {@code v} is a parameter of numbers that carry no derivative, never written. */
  private boolean isDataNumbers(Variable v) {
    return isNumbers(v.type())
        && v.role() == Variable.Role.PARAMETER
        && !wrt.contains(v)
        && !handles.containsKey(v);
  }

  private Refused refused(Refusal refusal, String detail) {
    return new Refused(refusal, current == null ? null : source.noteOf(current), detail);
  }

  // ---------------------------------------------------------------- statements

  private List<Stmt> block(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < stmts.size(); k++) {
      if (k > 0 && !loops.isEmpty() && ValueDependence.continuesOnValue(stmts.get(k - 1), false, tainted)) {
        // The rest of the iteration runs or not as a value decides: a side of a branch on a value
        // whose other side is empty, so what it writes is merged with what it found (a variable
        // it updates may keep an earlier iteration's inputs).
        Stmt.If rest = new Stmt.If(new Expr.BoolLit(true), stmts.subList(k, stmts.size()), List.of());
        out.add(new Stmt.Comment("what follows a continue on a value: as a branch on a value"));
        bothSides(rest, out);
        return out;
      }
      Stmt s = stmts.get(k);
      Stmt outer = current;
      current = s;
      statement(s, out);
      current = outer;
    }
    return out;
  }

  private void comment(Stmt s, List<Stmt> out) {
    SourceNote note = source.noteOf(s);
    if (note != null) {
      out.add(new Stmt.Comment(note.comment()));
    }
  }

  private void statement(Stmt s, List<Stmt> out) {
    int mark = out.size();
    traceStatement(s, out);
    if (!hoisted.isEmpty()) {
      out.addAll(mark, hoisted);
      hoisted.clear();
    }
  }

  private void traceStatement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Comment) {
      out.add(s);
    } else if (s instanceof Stmt.Assign a) {
      assign(a, out);
    } else if (s instanceof Stmt.Accumulate a) {
      accumulate(a, out);
    } else if (s instanceof Stmt.ArrayStore st) {
      store(st.array(), st.row(), st.index(), st.value(), false, s, out);
    } else if (s instanceof Stmt.ArrayAccumulate st) {
      store(st.array(), st.row(), st.index(), st.value(), true, s, out);
    } else if (s instanceof Stmt.If i) {
      branch(i, out);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (s instanceof Stmt.Return r) {
      ret(r, out);
    } else if (s instanceof Stmt.Continue && !loops.isEmpty() && loops.peek()) {
      // The rest of the iteration is traced too; the next iteration comes as the data decide.
      out.add(new Stmt.Comment("continue on a value: the rest of the iteration traced too"));
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      if (!loops.isEmpty() && loops.peek()) {
        throw refused(Refusal.EXIT_ON_VALUE, "break");
      }
      out.add(s);
    } else if (s instanceof Stmt.Eval e) {
      eval(e, out);
    } else {
      throw refused(Refusal.NOT_TRACED, s.getClass().getSimpleName());
    }
  }

  private void assign(Stmt.Assign a, List<Stmt> out) {
    Variable v = a.target();
    Type t = v.type();
    if (t == Type.DOUBLE) {
      Expr value = handle(a.value());
      if (!a.declares() && value.equals(ref(handleOf(v)))) {
        // Depends on the same inputs as before, such as s = -s.
        return;
      }
      comment(a, out);
      out.add(new Stmt.Assign(handleOf(v), value, a.declares()));
    } else if (t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX) {
      if (valueBranches > 0 && !branchLocals.peek().contains(v)) {
        throw refused(Refusal.ARRAY_CHOSEN_ON_VALUE, v.baseName());
      }
      comment(a, out);
      out.add(new Stmt.Assign(handleOf(v), arrayHandles(a.value()), a.declares()));
    } else if (tainted.contains(v)) {
      // Computed from values: the sweep cannot know it, and nothing it decides is kept.
    } else {
      out.add(new Stmt.Assign(v, data(a.value()), a.declares()));
    }
  }

  private void accumulate(Stmt.Accumulate a, List<Stmt> out) {
    Variable v = a.target();
    if (v.type() == Type.DOUBLE) {
      comment(a, out);
      Variable h = handleOf(v);
      out.add(new Stmt.Assign(h, union(ref(h), handle(a.value()))));
    } else if (!tainted.contains(v)) {
      out.add(new Stmt.Accumulate(v, data(a.value())));
    }
  }

  private void store(
      Variable array, Expr row, Expr index, Expr value, boolean adds, Stmt s, List<Stmt> out) {
    if (!isNumbers(array.type())) {
      if (array.role() == Variable.Role.PARAMETER) {
        // The caller's array: the sweep would change it a second time, before the method does.
        throw refused(Refusal.CALL_WITH_EFFECTS, "an array parameter written");
      }
      if (!tainted.contains(array)) {
        out.add(Stmts.mapExpressions(s, this::data));
      }
      return;
    }
    if (isDataNumbers(array)) {
      throw refused(Refusal.NOT_TRACED, "a data array written");
    }
    comment(s, out);
    Expr r = row == null ? null : index(row);
    Expr i = index(index);
    Variable h = handleOf(array);
    Expr v = handle(value);
    Expr target = r == null ? ref(h) : elementOf(ref(h), r);
    if (adds) {
      v = union(elementOf(target, i), v);
    }
    if (valueBranches > 0) {
      // On a side the point may not take, where the index may be out of range.
      out.add(new Stmt.Eval(sets("store", Type.VOID, target, i, v)));
    } else {
      out.add(new Stmt.ArrayStore(h, r, i, v));
    }
  }

  /**
   * {@code handles[i]}; on a side of a branch on a value, which the point may not take, nothing
   * where {@code i} is out of range ({@code SparsitySets.element}): every run taking the side
   * throws there, so no entry is missed, and the first call does not throw where the method
   * does not.
   */
  private Expr elementOf(Expr handles, Expr i) {
    if (valueBranches == 0) {
      return new Expr.ArrayRead(handles, i);
    }
    return sets("element", handles.type() == Type.INT_MATRIX ? Type.INT_ARRAY : Type.INT, handles, i);
  }

  private void ret(Stmt.Return r, List<Stmt> out) {
    comment(r, out);
    Expr value = vector ? arrayHandles(r.value()) : handle(r.value());
    if (valueBranches > 0) {
      if (!loops.isEmpty()) {
        throw refused(Refusal.EXIT_ON_VALUE, null);
      }
      out.add(new Stmt.Assign(result, mergedResult(value)));
    } else {
      out.add(new Stmt.Return(result == null ? value : mergedResult(value)));
    }
  }

  private Expr mergedResult(Expr value) {
    return vector ? sets("merged", Type.INT_ARRAY, ref(tracer), ref(result), value) : union(ref(result), value);
  }

  private void eval(Stmt.Eval e, List<Stmt> out) {
    if (!(e.call() instanceof Expr.Call c)) {
      throw refused(Refusal.NOT_TRACED, "a call as a statement");
    }
    if (c.target() instanceof CallTarget.Assertion) {
      return;
    }
    if (isThrow(c)) {
      // Under a branch on values the other side goes on; on data the sweep throws where m does.
      if (valueBranches == 0 && !ValueDependence.isValue(c, tainted)) {
        out.add(new Stmt.Eval(data(c)));
      }
      return;
    }
    if (c.target() instanceof CallTarget.VectorCall vc
        && vc.product() == CallTarget.VectorCall.Product.RESULT) {
      comment(e, out);
      Expr value = arrayHandles(c.args().get(0));
      Expr into = arrayHandles(c.args().get(1));
      out.add(Exprs.arraycopy(value, Exprs.lit0(), into, Exprs.lit0(), new Expr.ArrayLength(value)));
      return;
    }
    if (c.target() instanceof CallTarget.Data d) {
      // The user's, made for its effect, which the method makes when its values are computed:
      // made here too it would run twice. Left out where it cannot change what the sweep reads:
      // given no array, it can change only fields, and the sweep must then read none (checked
      // at the end). The JDK's changes no state of the user's unless given a field or an array
      // parameter; given only what the method made (Arrays.fill on its own array) or a check
      // (Objects.requireNonNull), it is made here too, on the sweep's own copy of the data.
      boolean library = isLibraryCall(c, d);
      if (!library && c.args().stream().noneMatch(a -> isArray(a.type()))) {
        comment(e, out);
        out.add(new Stmt.Comment("made for its effect: left to the method, not made again here"));
        leftOut = d.name();
        return;
      }
      if (!library || readsFields(c) || passesParameterArrays(c)) {
        throw refused(Refusal.CALL_WITH_EFFECTS, d.name());
      }
    }
    if (c.target() instanceof CallTarget.Data || c.target() instanceof CallTarget.Helper) {
      if (!ValueDependence.isValue(c, tainted) && !passesValueArrays(c)) {
        out.add(new Stmt.Eval(data(c)));
        return;
      }
      if (!Effects.ofCall(c).possible() && c.target() instanceof CallTarget.Data) {
        return;
      }
    }
    throw refused(Refusal.NOT_TRACED, "a call made for its effect on values");
  }

  private static boolean isArray(Type t) {
    return switch (t) {
      case INT_ARRAY, BOOLEAN_ARRAY, INT_MATRIX, DOUBLE_ARRAY, DOUBLE_MATRIX -> true;
      default -> false;
    };
  }

  /** Whether a call is given an array parameter of the method: the caller's, which it may change. */
  private static boolean passesParameterArrays(Expr.Call c) {
    return c.args().stream()
        .anyMatch(
            a -> a instanceof Expr.VarRef r
                && isArray(r.type())
                && r.variable().role() == Variable.Role.PARAMETER);
  }

  /** Whether a call is given a field (of the user's: the JDK's may change an array it holds). */
  private static boolean readsFields(Expr.Call c) {
    boolean[] field = {false};
    for (Expr a : c.args()) {
      Exprs.forEachNode(a, n -> field[0] |= n instanceof Expr.FieldRef || n instanceof Expr.InstanceField);
    }
    return field[0];
  }

  /**
   * Whether a call computes data without state of the user's: a function of the JDK's (on
   * numbers, strings, arrays) or of Adjoint's runtime, not a method of the user's (which may read fields or other
   * objects the key cannot check) nor one called on an object.
   */
  private static boolean isLibraryCall(Expr.Call c, CallTarget.Data d) {
    boolean onObject =
        d.onReceiver()
            && (c.args().get(0).type() == Type.RECEIVER || c.args().get(0).type() == Type.OBJECT);
    return !onObject
        && (d.pure()
            || d.owner().packageName().startsWith("java.")
            || d.owner().packageName().equals(TRACER.packageName()));
  }

  /**
   * Whether a call is given an array of differentiated values (or a row of one): the sweep has
   * only its handles, so the call is not one on data, whatever its result's type says.
   */
  private boolean passesValueArrays(Expr.Call c) {
    return c.args().stream()
        .anyMatch(a -> (a.type() == Type.DOUBLE_ARRAY || a.type() == Type.DOUBLE_MATRIX) && !isDataArray(a));
  }

  private static boolean isThrow(Expr.Call c) {
    return c.args().size() == 1
        && c.args().get(0) instanceof Expr.Call made
        && made.target() instanceof CallTarget.Construct;
  }

  private void loop(Stmt.Loop l, List<Stmt> out) {
    if (ValueDependence.isValue(l.condition(), tainted)) {
      throw refused(Refusal.LOOP_ON_VALUE, null);
    }
    List<Stmt> init = loopPart(l.init());
    List<Stmt> update = loopPart(l.update());
    loops.push(false);
    List<Stmt> body = block(l.body());
    loops.pop();
    out.add(new Stmt.Loop(init, data(l.condition()), update, body, l.testFirst()));
  }

  /** A loop's init or update: data, kept as written. */
  private List<Stmt> loopPart(List<Stmt> part) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : part) {
      Variable target = dev.adjoint.processor.ir.Stmts.target(s);
      if (target == null || isNumbers(target.type()) || tainted.contains(target)) {
        throw refused(Refusal.LOOP_ON_VALUE, "its counter");
      }
      out.add(dev.adjoint.processor.ir.Stmts.mapExpressions(s, this::data));
    }
    return out;
  }

  private void branch(Stmt.If i, List<Stmt> out) {
    if (!ValueDependence.isValue(i.condition(), tainted)) {
      out.add(new Stmt.If(data(i.condition()), block(i.thenBlock()), block(i.elseBlock())));
      return;
    }
    List<Stmt> traced = new ArrayList<>();
    comment(i, traced);
    traced.add(new Stmt.Comment("both sides: the condition depends on values"));
    int header = traced.size();
    bothSides(i, traced);
    if (traced.size() > header) {
      out.addAll(traced);
    }
  }

  /** Both sides of {@code i}, one after the other, each handle they write merged after. */
  private void bothSides(Stmt.If i, List<Stmt> out) {
    boolean inLoop = !loops.isEmpty();
    boolean outer = inLoop && loops.pop();
    if (inLoop) {
      loops.push(true);
    }
    valueBranches++;
    Written thenWrites = Written.in(i.thenBlock(), mentions);
    Written elseWrites = Written.in(i.elseBlock(), mentions);
    Set<Variable> all = new LinkedHashSet<>(thenWrites.variables);
    all.addAll(elseWrites.variables);
    Map<Variable, Variable> before = new IdentityHashMap<>();
    Map<Variable, Variable> afterThen = new IdentityHashMap<>();
    for (Variable v : all) {
      Variable h = handleOf(v);
      Variable saved = new Variable(v.baseName() + "SetBefore", h.type(), Variable.Role.TEMP, v);
      before.put(v, saved);
      out.add(new Stmt.Assign(saved, copyOf(h)));
    }
    branchLocals.push(ValueDependence.localTo(i.thenBlock(), mentions));
    out.addAll(block(i.thenBlock()));
    branchLocals.pop();
    for (Variable v : all) {
      Variable h = handleOf(v);
      if (elseWrites.variables.contains(v)) {
        Variable then = new Variable(v.baseName() + "SetThen", h.type(), Variable.Role.TEMP, v);
        afterThen.put(v, then);
        out.add(new Stmt.Assign(then, copyOf(h)));
        out.add(restore(h, before.get(v)));
      } else {
        out.add(merge(h, before.get(v)));
      }
    }
    branchLocals.push(ValueDependence.localTo(i.elseBlock(), mentions));
    List<Stmt> otherSide = block(i.elseBlock());
    branchLocals.pop();
    if (!otherSide.isEmpty()) {
      out.add(new Stmt.Comment("and the other side"));
      out.addAll(otherSide);
    }
    for (Variable v : all) {
      if (elseWrites.variables.contains(v)) {
        Variable h = handleOf(v);
        Variable other = afterThen.containsKey(v) ? afterThen.get(v) : before.get(v);
        out.add(merge(h, other));
      }
    }
    valueBranches--;
    if (inLoop) {
      loops.pop();
      loops.push(outer);
    }
  }

  private Expr copyOf(Variable h) {
    return switch (h.type()) {
      case INT -> ref(h);
      case INT_ARRAY ->
          new Expr.Call(new CallTarget.Data(OBJECT, "clone", Effects.NONE, false, true), List.of(ref(h)), Type.INT_ARRAY);
      default -> sets("copy", h.type(), ref(h));
    };
  }

  private Stmt restore(Variable h, Variable saved) {
    return switch (h.type()) {
      case INT -> new Stmt.Assign(h, ref(saved));
      case INT_ARRAY ->
          Exprs.arraycopy(ref(saved), Exprs.lit0(), ref(h), Exprs.lit0(), new Expr.ArrayLength(ref(h)));
      default -> new Stmt.Eval(sets("restore", Type.VOID, ref(h), ref(saved)));
    };
  }

  /** {@code h} becomes, for each element, the union of its sets and {@code other}'s. */
  private Stmt merge(Variable h, Variable other) {
    if (h.type() == Type.INT) {
      return new Stmt.Assign(h, union(ref(other), ref(h)));
    }
    return new Stmt.Eval(sets("merge", Type.VOID, ref(tracer), ref(h), ref(other)));
  }

  /** The numbers and arrays of numbers a block writes that were declared before it. */
  private record Written(Set<Variable> variables) {
    static Written in(List<Stmt> block, Map<Variable, Integer> mentionsInMethod) {
      Set<Variable> declared = ValueDependence.localTo(block, mentionsInMethod);
      Set<Variable> written = new LinkedHashSet<>();
      dev.adjoint.processor.ir.Stmts.forEach(
          block,
          s -> {
            Variable t = dev.adjoint.processor.ir.Stmts.target(s);
            if (t != null && t.type() == Type.DOUBLE) {
              written.add(t);
            }
            Variable array = dev.adjoint.processor.ir.Stmts.arrayWritten(s);
            if (array != null && isNumbers(array.type())) {
              written.add(array);
            }
            if (s instanceof Stmt.Eval e
                && e.call() instanceof Expr.Call c
                && c.target() instanceof CallTarget.VectorCall vc
                && vc.product() == CallTarget.VectorCall.Product.RESULT
                && c.args().get(1) instanceof Expr.VarRef into) {
              written.add(into.variable());
            }
          });
      written.removeAll(declared);
      return new Written(written);
    }
  }

  // ---------------------------------------------------------------- expressions

  /**
   * A data expression as the sweep computes it: the lengths of arrays of numbers from their
   * handles. A call of the user's method computing data is refused: the key cannot check what it
   * returns.
   */
  private Expr data(Expr e) {
    Exprs.forEachNode(
        e,
        n -> {
          if (n instanceof Expr.Call c && c.target() instanceof CallTarget.Data d && !isLibraryCall(c, d)) {
            throw refused(Refusal.DATA_HELPER, d.name());
          }
        });
    return Exprs.rewrite(
        e,
        n -> {
          if (n instanceof Expr.ArrayLength l && isNumbers(l.array().type()) && !isDataArray(l.array())) {
            return new Expr.ArrayLength(arrayHandles(l.array()));
          }
          return n;
        });
  }

  /** An index: data, or the method is refused. */
  private Expr index(Expr e) {
    if (ValueDependence.isValue(e, tainted)) {
      throw refused(Refusal.INDEX_ON_VALUE, null);
    }
    return data(e);
  }

  /** Whether {@code e} is an array of numbers that carry no derivative (a field's, a data parameter's). */
  private boolean isDataArray(Expr e) {
    if (e instanceof Expr.VarRef r) {
      return isDataNumbers(r.variable());
    }
    if (e instanceof Expr.ArrayRead row) {
      return isDataArray(row.array());
    }
    return e instanceof Expr.FieldRef
        || e instanceof Expr.InstanceField
        || e instanceof Expr.Call c && c.target() instanceof CallTarget.Data;
  }

  /** The handles of an array (or matrix) of numbers. */
  private Expr arrayHandles(Expr e) {
    if (isDataArray(e)) {
      Expr shape = data(e);
      return e.type() == Type.DOUBLE_MATRIX
          ? sets("none", Type.INT_MATRIX, shape)
          : sets("none", Type.INT_ARRAY, new Expr.ArrayLength(shape));
    }
    if (e instanceof Expr.VarRef r) {
      return ref(handleOf(r.variable()));
    }
    if (e instanceof Expr.ArrayRead row) {
      return elementOf(arrayHandles(row.array()), index(row.index()));
    }
    if (e instanceof Expr.NewDoubleArray n) {
      Expr length = index(n.length());
      return n.columns() == null
          ? sets("none", Type.INT_ARRAY, length)
          : sets("none", Type.INT_MATRIX, length, index(n.columns()));
    }
    if (e instanceof Expr.Call c && c.target() instanceof CallTarget.Helper helper) {
      // An array made in each iteration of a loop: the reader's buffer, made anew here.
      List<Expr> args = c.args();
      switch (helper.helper()) {
        case EMPTY_BUFFER:
          return sets("none", Type.INT_ARRAY, Exprs.lit0());
        case EMPTY_MATRIX_BUFFER:
          return sets("none", Type.INT_MATRIX, Exprs.lit0(), Exprs.lit0());
        case GROWN:
          return sets("none", Type.INT_ARRAY, index(args.get(1)));
        case GROWN_MATRIX:
          return sets("none", Type.INT_MATRIX, index(args.get(1)), index(args.get(2)));
        case PREFIX:
          return arrayHandles(args.get(0));
        default:
          break;
      }
    }
    if (e instanceof Expr.Call c
        && c.target() instanceof CallTarget.VectorCall vc
        && vc.product() == CallTarget.VectorCall.Product.VALUE) {
      return calleeSparsity(vc.callee(), vc.calleeArgs(c), Type.INT_ARRAY);
    }
    throw refused(Refusal.NOT_TRACED, "an array made by " + e.getClass().getSimpleName());
  }

  /** The handle of the set of inputs the number {@code e} depends on, recording where they meet. */
  private Expr handle(Expr e) {
    if (e.type() != Type.DOUBLE) {
      // An integer converted, a comparison: no derivative flows through it.
      return NONE;
    }
    if (e instanceof Expr.DoubleLit || e instanceof Expr.FieldRef || e instanceof Expr.InstanceField) {
      return NONE;
    }
    if (e instanceof Expr.VarRef r) {
      Variable v = r.variable();
      return isDataNumbers(v) ? NONE : ref(handleOf(v));
    }
    if (e instanceof Expr.ArrayRead a) {
      if (isDataArray(a.array())) {
        return NONE;
      }
      return elementOf(arrayHandles(a.array()), index(a.index()));
    }
    if (e instanceof Expr.Cast c) {
      return handle(c.operand());
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return handle(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Conditional c) {
      if (ValueDependence.isValue(c.condition(), tainted)) {
        // Both sides, as those of a branch on a value.
        valueBranches++;
        Expr either = union(handle(c.ifTrue()), handle(c.ifFalse()));
        valueBranches--;
        return either;
      }
      dataSides++;
      Expr t = handle(c.ifTrue());
      Expr f = handle(c.ifFalse());
      dataSides--;
      return t.equals(f) ? t : new Expr.Conditional(data(c.condition()), t, f, Type.INT);
    }
    if (e instanceof Expr.Call c && c.target() instanceof CallTarget.Primitive p) {
      return primitive(p, c.args());
    }
    if (e instanceof Expr.Call c && c.target() instanceof CallTarget.Data) {
      // A method computing data: its arguments carry no derivative (else it would be a DiffCall).
      return NONE;
    }
    if (e instanceof Expr.DiffCall c) {
      return calleeSparsity(c.callee(), c.args(), Type.INT);
    }
    throw refused(Refusal.NOT_TRACED, e.getClass().getSimpleName());
  }

  private Expr binary(Expr.Binary b) {
    Expr l = handle(b.left());
    Expr r = handle(b.right());
    return switch (b.op()) {
      case ADD, SUB, REM -> union(l, r);
      case MUL -> product(l, r);
      // a / b: a meets b, b meets itself.
      case DIV -> product(l, nonlinear(r));
      default -> throw refused(Refusal.NOT_TRACED, "operator " + b.op().symbol());
    };
  }

  private Expr primitive(CallTarget.Primitive p, List<Expr> args) {
    List<Expr> sets = new ArrayList<>();
    for (Expr a : args) {
      sets.add(handle(a));
    }
    Expr all = sets.get(0);
    for (int k = 1; k < sets.size(); k++) {
      all = union(all, sets.get(k));
    }
    return switch (p.function().curvature()) {
      case LINEAR, PIECEWISE_LINEAR -> all;
      case PIECEWISE_CONSTANT -> NONE;
      case NONLINEAR -> nonlinear(all);
      case NONLINEAR_JOINTLY ->
          sets.size() == 2 && !isNone(sets.get(0)) && !isNone(sets.get(1))
              ? tracerCall("nonlinear", Type.INT, sets.get(0), sets.get(1))
              : nonlinear(all);
    };
  }

  /**
   * A call of a differentiable method: its companion's {@code mSparsity} with the handles of the
   * differentiated arguments; where it has none (a custom derivative, a companion compiled
   * before the kind), every input of every argument meets every other.
   */
  private Expr calleeSparsity(Callee callee, List<Expr> args, Type returns) {
    List<Boolean> calleeWrt = callee.wrt();
    String method = calleeMethod(callee);
    if (method != null
        && callee.derivatives() instanceof Callee.Generated g
        && g.pattern() == Callee.PatternInputs.STATE) {
      throw refused(Refusal.CALLEE_READS_STATE, callee.name());
    }
    if (method == null) {
      if (returns != Type.INT) {
        throw refused(Refusal.NOT_TRACED, "a vector callee without mSparsity");
      }
      Expr all = NONE;
      for (int k = 0; k < args.size(); k++) {
        if (calleeWrt.get(k)) {
          Expr a = args.get(k);
          Expr h =
              a.type() == Type.DOUBLE
                  ? handle(a)
                  : sets("all", Type.INT, ref(tracer), arrayHandles(Exprs.passedArray(a)));
          all = union(all, h);
        }
      }
      return nonlinear(all);
    }
    List<Expr> out = new ArrayList<>();
    out.add(ref(tracer));
    for (int k = 0; k < args.size(); k++) {
      Expr a = args.get(k);
      if (calleeWrt.get(k)) {
        out.add(a.type() == Type.DOUBLE ? handle(a) : arrayHandles(Exprs.passedArray(a)));
      } else if (!ValueDependence.isValue(a, tainted)
          || a instanceof Expr.VarRef r && isDataNumbers(r.variable())) {
        out.add(data(a));
      } else if (a.type() == Type.DOUBLE) {
        // A number the callee does not differentiate: its tracing sweep never reads it.
        out.add(Exprs.lit(0.0));
      } else if (a.type() == Type.DOUBLE_ARRAY) {
        out.add(new Expr.NewDoubleArray(new Expr.ArrayLength(arrayHandles(a))));
      } else {
        throw refused(Refusal.INTEGER_FROM_VALUE, callee.name());
      }
    }
    return new Expr.Call(
        new CallTarget.Data(callee.derivativeOwner(), method, Effects.CALLS_AS_STATEMENTS, false),
        out,
        returns);
  }

  private static String calleeMethod(Callee callee) {
    if (callee.derivatives() instanceof Callee.Generated g && !g.absent().contains(Kind.SPARSITY)) {
      return Kind.SPARSITY.methodName(callee.name());
    }
    return null;
  }

  // ---------------------------------------------------------------- tracer calls

  private static boolean isNone(Expr e) {
    return e.equals(NONE);
  }

  private Expr union(Expr a, Expr b) {
    if (isNone(a) || a.equals(b)) {
      return b;
    }
    if (isNone(b)) {
      return a;
    }
    return tracerCall("union", Type.INT, a, b);
  }

  private Expr product(Expr a, Expr b) {
    if (isNone(a)) {
      return b;
    }
    if (isNone(b)) {
      return a;
    }
    return tracerCall("product", Type.INT, a, b);
  }

  private Expr nonlinear(Expr a) {
    return isNone(a) ? NONE : tracerCall("nonlinear", Type.INT, a);
  }

  private Expr tracerCall(String method, Type type, Expr... args) {
    List<Expr> all = new ArrayList<>();
    all.add(ref(tracer));
    for (Expr a : args) {
      all.add(dataSides == 0 && callNesting(a) >= MAX_CALL_NESTING ? hoist(a) : a);
    }
    return new Expr.Call(
        new CallTarget.Data(TRACER, method, Effects.CALLS_AS_STATEMENTS, false, true), all, type);
  }

  /** A local holding {@code e}, computed before the statement being traced. */
  private Expr hoist(Expr e) {
    Variable local = new Variable("nested", e.type(), Variable.Role.TEMP);
    hoisted.add(new Stmt.Assign(local, e, true));
    return ref(local);
  }

  /** How deeply calls nest in {@code e}. */
  private static int callNesting(Expr e) {
    int deepest = 0;
    for (Expr child : Exprs.children(e)) {
      deepest = Math.max(deepest, callNesting(child));
    }
    return e instanceof Expr.Call ? deepest + 1 : deepest;
  }

  private static Expr sets(String method, Type type, Expr... args) {
    return new Expr.Call(
        new CallTarget.Data(SETS, method, Effects.CALLS_AS_STATEMENTS, false), List.of(args), type);
  }

  // ---------------------------------------------------------------- control

  /** Whether some {@code return} of {@code body} lies under a branch on a value. */
  private boolean hasReturnOnValue(List<Stmt> body, boolean underValue) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Return && underValue) {
        return true;
      }
      if (s instanceof Stmt.If i) {
        boolean v = underValue || ValueDependence.isValue(i.condition(), tainted);
        if (hasReturnOnValue(i.thenBlock(), v) || hasReturnOnValue(i.elseBlock(), v)) {
          return true;
        }
      } else if (s instanceof Stmt.Loop l && hasReturnOnValue(l.body(), underValue)) {
        return true;
      }
    }
    return false;
  }

  /** Whether control may reach the end of {@code body} (as javac decides it, approximately). */
  private static boolean completesNormally(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Return
          || s instanceof Stmt.Eval e && e.call() instanceof Expr.Call c && isThrow(c)) {
        return false;
      }
      if (s instanceof Stmt.If i
          && !completesNormally(i.thenBlock())
          && !completesNormally(i.elseBlock())) {
        return false;
      }
    }
    return true;
  }

  /** Statement rewriting, shared with the IR's helpers. */
  private static final class Stmts {
    static Stmt mapExpressions(Stmt s, java.util.function.UnaryOperator<Expr> f) {
      return dev.adjoint.processor.ir.Stmts.mapExpressions(s, f);
    }
  }
}
