package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.GradientLayout;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Hessian's pattern written at compile time: {@code void mHessianPattern(SparsityTracer t,
 * P...)} records each pair of inputs that meet with {@code t.meet(i, j)}, in loops that mirror the
 * method's own data control, O(nnz), with no sets. Made by abstract interpretation of the source:
 * each {@code double} holds, at compile time, the list of {@link Term}s it depends on (an element
 * {@code x[e]} of a differentiated parameter with its index as written, or what a loop accumulated
 * into a variable, replayed as that loop when it meets something). Each operation whose second
 * derivative is not zero (the rule of {@link SparsityTracing}) writes the meets of its operands'
 * terms at that point of the code; a branch on a value contributes both sides, each index read on
 * a side checked against its array's length before it is recorded.
 *
 * <p>Where it cannot be sure, it refuses with a {@link Refusal} and the sparse kinds trace the
 * pattern instead ({@code mSparsity}).
 */
public final class WrittenPatterns {
  /** Why a method's pattern is not written at compile time. */
  public enum Refusal {
    NOT_STATIC_SCALAR("the method is an instance method or differentiates a matrix"),
    LOCAL_ARRAY("it keeps numbers in a local array"),
    CALL("it calls a differentiable method or a helper"),
    FIELD_OR_DATA_METHOD("its control or indices read another object's field or call a data method"),
    LOOP_ON_VALUE("a loop's trip count depends on a value"),
    INDEX_ON_VALUE("an array index depends on a value"),
    EXIT_ON_VALUE("a loop or the method is left on a value, or a return lies in a loop"),
    CARRIED_VALUE_MET("a value carried from one iteration to the next meets another nonlinearly"),
    TOO_LARGE("its pairs written out would make too large a method"),
    NOT_FOLLOWED("it uses a construct the written pattern does not follow yet");

    private final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }

    /** Why, in words. */
    public String reason() {
      return reason;
    }
  }

  /** Thrown where the pattern cannot be written; carries why and where. */
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

  // ---------------------------------------------------------------- terms

  /** What a number depends on, at compile time. */
  sealed interface Term {}

  /**
   * The element {@code param[index]} of a differentiated parameter ({@code index} null for a
   * {@code double}), valid where it was read; {@code guarded}: the index may be out of range there
   * (read on a side of a branch), so it is checked before a pair is recorded.
   */
  public record Atom(Variable param, Expr index, boolean guarded) implements Term {
    Atom guard() {
      return index == null || guarded ? this : new Atom(param, index, true);
    }
  }

  /** What {@code loop} added to {@code carried} over its iterations. */
  record Generated(Repeat loop, Variable carried) implements Term {}

  /** The value a variable carried into this iteration from the ones before: used linearly only. */
  record Carried(Variable variable, Repeat loop) implements Term {}

  /** Inputs unknown here (an index changed since they were read): must meet nothing. */
  record Unknown() implements Term {}

  // ---------------------------------------------------------------- steps

  /** The pattern method's body before it is written out: data control, meets, contributions. */
  sealed interface Step {}

  /** A data statement, as written (an int assigned, a data exit, a throw on data). */
  record Copy(Stmt stmt) implements Step {}

  /** A branch on data. */
  record Branch(Expr condition, List<Step> then, List<Step> otherwise) implements Step {}

  /** A loop on data, its body's steps; identity matters (a {@link Generated} names it). */
  static final class Repeat implements Step {
    final Stmt.Loop loop;
    final List<Step> body = new ArrayList<>();
    /** The variables the loop declares (its init's and its body's). */
    final Set<Variable> declared = Collections.newSetFromMap(new IdentityHashMap<>());

    Repeat(Stmt.Loop loop) {
      this.loop = loop;
    }
  }

  /** {@code terms} are added to {@code carried} here (what a replay of the loop enumerates). */
  record Contribute(Variable carried, List<Term> terms) implements Step {}

  /** Every term of {@code a} meets every term of {@code b}. */
  record Meet(List<Term> a, List<Term> b) implements Step {}

  // ---------------------------------------------------------------- analysis state

  static final ClassRef TRACER = SparsityTracing.TRACER;
  /** The most IR nodes a written pattern may have: a tenth of what javac takes in a method. */
  private static final long MAX_NODES = 2_000;

  private final Function source;
  private final List<Variable> wrt;
  private final Set<Variable> tainted;
  private final Variable tracer;
  /** The terms of each number variable in scope. */
  private Map<Variable, List<Term>> values = new IdentityHashMap<>();
  /** Open loops, innermost first, with the depth of value branches when each was entered. */
  private final List<Repeat> loops = new ArrayList<>();
  private final List<Integer> valueDepthAtLoop = new ArrayList<>();
  private int valueDepth;
  /** Whether a return on a value came before: what follows may not run, as on a side of a branch. */
  private boolean afterValueReturn;
  private Stmt current;

  private WrittenPatterns(Function source, List<Variable> wrt) {
    this.source = source;
    this.wrt = wrt;
    this.tainted = ValueDependence.of(source.body());
    this.tracer = Variable.object("tracer", Type.OBJECT, TRACER, Variable.Role.GENERATED_PARAMETER);
  }

  /**
   * The IR of {@code void <name>(SparsityTracer t, P...)} writing {@code original}'s Hessian
   * pattern for the shapes and data of its arguments.
   *
   * @throws Refused where it cannot be written for sure
   */
  public static Function write(Function original, List<Variable> wrt, String name) {
    return write(original, wrt, name, f -> f);
  }

  /** {@link #write}, its declarations then placed by {@code place}. */
  public static Function write(
      Function original, List<Variable> wrt, String name, java.util.function.UnaryOperator<Function> place) {
    return new WrittenPatterns(original, wrt).function(name, place);
  }

  /** Why {@code original}'s pattern is not written, or null if it is. */
  public static Refused refusal(Function original, List<Variable> wrt) {
    try {
      write(original, wrt, "pattern");
      return null;
    } catch (Refused e) {
      return e;
    }
  }

  private Refused refused(Refusal refusal, String detail) {
    return new Refused(refusal, current == null ? null : source.noteOf(current), detail);
  }

  private Function function(String name, java.util.function.UnaryOperator<Function> place) {
    if (source.returnType() != Type.DOUBLE) {
      throw refused(Refusal.NOT_STATIC_SCALAR, "vector-valued");
    }
    List<Variable> params = new ArrayList<>();
    params.add(tracer);
    for (Variable p : source.params()) {
      if (p.type() == Type.RECEIVER || p.type() == Type.OBJECT || wrt.contains(p) && p.type() == Type.DOUBLE_MATRIX) {
        throw refused(Refusal.NOT_STATIC_SCALAR, p.baseName());
      }
      params.add(p);
      if (p.type() == Type.DOUBLE) {
        values.put(p, wrt.contains(p) ? List.of(new Atom(p, null, false)) : List.of());
      }
    }
    Set<Variable> assigned = Stmts.assigned(source.body());
    for (Variable p : source.params()) {
      if (assigned.contains(p) && (p.type() == Type.DOUBLE_ARRAY || p.type() == Type.DOUBLE_MATRIX)) {
        throw refused(Refusal.LOCAL_ARRAY, "a parameter array written");
      }
    }
    List<Step> steps = block(source.body());
    PatternWriter writer = new PatternWriter(this);
    List<Stmt> body = writer.write(steps);
    if (Stmts.weight(body) > MAX_NODES) {
      // Loops replayed inside loops grow with the product of the terms that meet: the traced
      // route costs the same at run time and stays small.
      throw refused(Refusal.TOO_LARGE, null);
    }
    Function written = place.apply(new Function(name, params, Type.VOID, body, Map.of()));
    PatternStructure.record(written, writer.pairs);
    return written;
  }

  Variable tracer() {
    return tracer;
  }

  /** The input number of {@code a}'s element, as an int expression. */
  Expr inputOf(Atom a, Map<Variable, Variable> rename) {
    Expr offset = GradientLayout.offsetOf(wrt, a.param());
    return a.index() == null ? offset : Exprs.plusInt(offset, renamed(a.index(), rename));
  }

  static Expr renamed(Expr e, Map<Variable, Variable> rename) {
    if (rename.isEmpty()) {
      return e;
    }
    return Exprs.rewrite(
        e, n -> n instanceof Expr.VarRef r && rename.containsKey(r.variable()) ? ref(rename.get(r.variable())) : n);
  }

  // ---------------------------------------------------------------- statements

  private List<Step> block(List<Stmt> stmts) {
    List<Step> out = new ArrayList<>();
    for (Stmt s : stmts) {
      Stmt outer = current;
      current = s;
      statement(s, out);
      current = outer;
    }
    return out;
  }

  private void statement(Stmt s, List<Step> out) {
    if (s instanceof Stmt.Comment) {
      return;
    }
    if (s instanceof Stmt.Assign a) {
      assign(a.target(), a.value(), a.declares(), false, s, out);
    } else if (s instanceof Stmt.Accumulate a) {
      assign(a.target(), a.value(), false, true, s, out);
    } else if (s instanceof Stmt.ArrayStore st) {
      dataStore(st.array(), s, out);
    } else if (s instanceof Stmt.ArrayAccumulate st) {
      dataStore(st.array(), s, out);
    } else if (s instanceof Stmt.If i) {
      branch(i, out);
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (s instanceof Stmt.Return r) {
      ret(r, out);
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      if (loops.isEmpty() || valueDepth > valueDepthAtLoop.get(0)) {
        throw refused(Refusal.EXIT_ON_VALUE, null);
      }
      out.add(new Copy(s));
    } else if (s instanceof Stmt.Eval e) {
      eval(e, out);
    } else {
      throw refused(Refusal.NOT_FOLLOWED, s.getClass().getSimpleName());
    }
  }

  private void assign(Variable v, Expr value, boolean declares, boolean adds, Stmt s, List<Step> out) {
    Type t = v.type();
    if (t == Type.DOUBLE) {
      List<Term> terms = terms(value, out);
      Repeat carriedBy = carrier(v);
      if (carriedBy != null) {
        // Added to (or replacing) what earlier iterations left: the replay of the loop adds it.
        List<Term> own = new ArrayList<>();
        for (Term term : terms) {
          if (!(term instanceof Carried c && c.variable() == v)) {
            own.add(term);
          }
        }
        out.add(new Contribute(v, own));
      }
      List<Term> now = adds ? union(values.getOrDefault(v, List.of()), terms) : terms;
      values.put(v, now);
      return;
    }
    if (t == Type.DOUBLE_ARRAY || t == Type.DOUBLE_MATRIX) {
      throw refused(Refusal.LOCAL_ARRAY, v.baseName());
    }
    invalidate(v);
    if (tainted.contains(v)) {
      // Computed from values: nothing the pattern writes may read it (indices and control are
      // checked for values where they are read).
      return;
    }
    requireCopyable(value);
    out.add(new Copy(s));
  }

  private void dataStore(Variable array, Stmt s, List<Step> out) {
    if (ValueDependence.isNumbers(array.type())) {
      throw refused(Refusal.LOCAL_ARRAY, array.baseName());
    }
    invalidate(array);
    if (tainted.contains(array)) {
      return;
    }
    if (onSide()) {
      // The store may be out of range where this side is not taken; the pattern would run it.
      throw refused(Refusal.NOT_FOLLOWED, "a data array written on a side of a branch on a value");
    }
    for (Expr e : Stmts.ownExpressions(s)) {
      requireCopyable(e);
    }
    out.add(new Copy(s));
  }

  private void ret(Stmt.Return r, List<Step> out) {
    if (!loops.isEmpty()) {
      throw refused(Refusal.EXIT_ON_VALUE, "return in a loop");
    }
    // The value returned is the function: nothing meets in it, what meets within it is recorded.
    terms(r.value(), out);
    if (onSide()) {
      // The method may go on past it: the pattern does, as if the rest were a side of a branch.
      afterValueReturn = true;
      return;
    }
    out.add(new Copy(new Stmt.Return(null)));
  }

  /** Whether the code being read runs only for some values (a side of a branch on a value). */
  private boolean onSide() {
    return valueDepth > 0 || afterValueReturn;
  }

  private void eval(Stmt.Eval e, List<Step> out) {
    if (!(e.call() instanceof Expr.Call c)) {
      throw refused(Refusal.CALL, null);
    }
    if (c.target() instanceof CallTarget.Assertion) {
      return;
    }
    if (isThrow(c)) {
      // Under a branch on a value the other side goes on; on data the pattern throws where m does.
      if (!onSide() && !ValueDependence.isValue(c, tainted)) {
        out.add(new Copy(e));
      }
      return;
    }
    throw refused(Refusal.CALL, c.target().name());
  }

  private static boolean isThrow(Expr.Call c) {
    return c.args().size() == 1
        && c.args().get(0) instanceof Expr.Call made
        && made.target() instanceof CallTarget.Construct;
  }

  private void branch(Stmt.If i, List<Step> out) {
    boolean onValue = ValueDependence.isValue(i.condition(), tainted);
    if (!onValue) {
      requireCopyable(i.condition());
    }
    Map<Variable, List<Term>> before = new IdentityHashMap<>(values);
    if (onValue) {
      valueDepth++;
    }
    List<Step> then = block(i.thenBlock());
    Map<Variable, List<Term>> afterThen = values;
    values = new IdentityHashMap<>(before);
    List<Step> otherwise = block(i.elseBlock());
    Map<Variable, List<Term>> afterElse = values;
    if (onValue) {
      valueDepth--;
    }
    values = merged(before, afterThen, afterElse);
    if (onValue) {
      // Both sides, one after the other.
      out.addAll(then);
      out.addAll(otherwise);
    } else {
      out.add(new Branch(i.condition(), then, otherwise));
    }
  }

  /**
   * After a branch: each variable known before holds the terms of either side; an element read on
   * one side may be out of range where the other is taken, so its index is checked.
   */
  private static Map<Variable, List<Term>> merged(
      Map<Variable, List<Term>> before, Map<Variable, List<Term>> a, Map<Variable, List<Term>> b) {
    Map<Variable, List<Term>> out = new IdentityHashMap<>();
    Set<Variable> keys = Collections.newSetFromMap(new IdentityHashMap<>());
    keys.addAll(a.keySet());
    keys.addAll(b.keySet());
    for (Variable v : keys) {
      List<Term> x = a.getOrDefault(v, List.of());
      List<Term> y = b.getOrDefault(v, List.of());
      if (x.equals(y) && x.equals(before.get(v))) {
        out.put(v, x);
        continue;
      }
      List<Term> all = new ArrayList<>();
      List<Term> known = before.getOrDefault(v, List.of());
      for (Term t : union(x, y)) {
        if (t instanceof Generated && !known.contains(t)) {
          // Its loop would be replayed where v meets something, outside the branch that kept it
          // from running (indices out of range, data read past its end): the trace follows it.
          throw new Refused(
              Refusal.NOT_FOLLOWED, null, "a loop inside a branch sums into a variable read after it");
        }
        all.add(t instanceof Atom atom ? atom.guard() : t);
      }
      out.put(v, union(all, List.of()));
    }
    return out;
  }

  private void loop(Stmt.Loop l, List<Step> out) {
    if (ValueDependence.isValue(l.condition(), tainted)) {
      throw refused(Refusal.LOOP_ON_VALUE, null);
    }
    requireCopyable(l.condition());
    Repeat repeat = new Repeat(l);
    Set<Variable> assignedInside = Stmts.assigned(concat(l.init(), l.body(), l.update()));
    Set<Variable> declaredInside = declaredIn(concat(l.init(), l.body()));
    repeat.declared.addAll(declaredInside);
    // What the loop changes invalidates what was read with it before (the second iteration on).
    for (Variable v : assignedInside) {
      if (v.type() != Type.DOUBLE && !declaredInside.contains(v)) {
        invalidate(v);
      }
    }
    for (Stmt s : concat(l.init(), l.update())) {
      if (!(s instanceof Stmt.Assign || s instanceof Stmt.Accumulate) || Stmts.target(s).type() == Type.DOUBLE
          || tainted.contains(Stmts.target(s))) {
        throw refused(Refusal.LOOP_ON_VALUE, "its header");
      }
      for (Expr e : Stmts.ownExpressions(s)) {
        requireCopyable(e);
      }
    }
    Map<Variable, List<Term>> before = new IdentityHashMap<>(values);
    List<Variable> carried = new ArrayList<>();
    for (Variable v : assignedInside) {
      if (v.type() == Type.DOUBLE && !declaredInside.contains(v)) {
        carried.add(v);
        values.put(v, List.of(new Carried(v, repeat)));
      }
    }
    loops.add(0, repeat);
    valueDepthAtLoop.add(0, valueDepth);
    repeat.body.addAll(block(l.body()));
    loops.remove(0);
    valueDepthAtLoop.remove(0);
    Map<Variable, List<Term>> after = new IdentityHashMap<>();
    for (Map.Entry<Variable, List<Term>> e : before.entrySet()) {
      after.put(e.getKey(), e.getValue());
    }
    for (Variable v : carried) {
      after.put(v, union(before.getOrDefault(v, List.of()), List.of(new Generated(repeat, v))));
    }
    values = after;
    out.add(repeat);
  }

  /** The loop around the code being read that {@code v} is carried through, or null. */
  private Repeat carrier(Variable v) {
    for (Repeat r : loops) {
      if (!r.declared.contains(v)) {
        return r;
      }
    }
    return null;
  }

  private static Set<Variable> declaredIn(List<Stmt> block) {
    Set<Variable> out = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Assign a && a.declares()) {
            out.add(a.target());
          }
          if (s instanceof Stmt.Declare d) {
            out.add(d.variable());
          }
        });
    return out;
  }

  @SafeVarargs
  private static List<Stmt> concat(List<Stmt>... blocks) {
    List<Stmt> out = new ArrayList<>();
    for (List<Stmt> b : blocks) {
      out.addAll(b);
    }
    return out;
  }

  /**
   * {@code v} changes: a term read with it (an element at an index that names it, a loop that
   * reads it) no longer says which inputs, so it may meet nothing from here on.
   */
  private void invalidate(Variable v) {
    for (Map.Entry<Variable, List<Term>> e : values.entrySet()) {
      List<Term> terms = e.getValue();
      List<Term> out = null;
      for (int k = 0; k < terms.size(); k++) {
        if (mentions(terms.get(k), v)) {
          if (out == null) {
            out = new ArrayList<>(terms);
          }
          out.set(k, new Unknown());
        }
      }
      if (out != null) {
        e.setValue(union(out, List.of()));
      }
    }
  }

  private static boolean mentions(Term t, Variable v) {
    if (t instanceof Atom a) {
      return a.index() != null && Exprs.reads(a.index(), v);
    }
    if (t instanceof Generated g) {
      return reads(g.loop(), v);
    }
    return false;
  }

  /** Whether a replay of {@code r} reads {@code v} (declared outside it). */
  private static boolean reads(Repeat r, Variable v) {
    if (r.declared.contains(v)) {
      return false;
    }
    Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.forEach(
        List.of(r.loop),
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.collectVariables(e, read);
          }
        });
    return read.contains(v);
  }

  // ---------------------------------------------------------------- expressions

  /**
   * Whether an expression the pattern method copies may be copied: data, without effects, and,
   * where it runs only for some values, unable to throw (the pattern runs it for every value).
   */
  private void requireCopyable(Expr e) {
    if (ValueDependence.isValue(e, tainted) && e.type() != Type.VOID) {
      throw refused(Refusal.INDEX_ON_VALUE, null);
    }
    if (onSide() && mayThrow(e)) {
      throw refused(Refusal.NOT_FOLLOWED, "data read on a side of a branch on a value may throw");
    }
    Exprs.forEachNode(
        e,
        n -> {
          if (n instanceof Expr.InstanceField) {
            throw refused(Refusal.FIELD_OR_DATA_METHOD, "a field of an object");
          }
          if (n instanceof Expr.Call c
              && !(c.target() instanceof CallTarget.Primitive)
              && !(c.target() instanceof CallTarget.Data d && d.owner().packageName().startsWith("java."))) {
            throw refused(Refusal.FIELD_OR_DATA_METHOD, c.target().name());
          }
          if (n instanceof Expr.DiffCall) {
            throw refused(Refusal.CALL, null);
          }
        });
  }

  /**
   * Whether evaluating {@code e} may throw: an element read, an integer division, a library call
   * other than {@code Math.min}, {@code max} and {@code abs}.
   */
  private static boolean mayThrow(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(
        e,
        n -> found[0] |=
            n instanceof Expr.ArrayRead
                || n instanceof Expr.Call c
                    && c.target() instanceof CallTarget.Data d
                    && !java.util.Set.of("min", "max", "abs").contains(d.name())
                || n instanceof Expr.Binary b
                    && (b.op() == dev.adjoint.processor.ir.BinaryOp.DIV || b.op() == dev.adjoint.processor.ir.BinaryOp.REM)
                    && b.type() != Type.DOUBLE
                    && !(b.right() instanceof Expr.IntLit l && l.value() != 0));
    return found[0];
  }

  /** An index: data, copyable, or the pattern is refused. */
  private Expr index(Expr e) {
    if (ValueDependence.isValue(e, tainted)) {
      throw refused(Refusal.INDEX_ON_VALUE, null);
    }
    requireCopyable(e);
    return e;
  }

  private boolean isWrt(Variable v) {
    return wrt.contains(v);
  }

  /** The terms the number {@code e} depends on, adding to {@code out} the meets it makes. */
  private List<Term> terms(Expr e, List<Step> out) {
    if (e.type() != Type.DOUBLE) {
      // An integer converted, a comparison: no derivative flows through it; its parts' meets do
      // not reach the Hessian either.
      if (e instanceof Expr.DiffCall || containsDiffCall(e)) {
        throw refused(Refusal.CALL, null);
      }
      return List.of();
    }
    if (e instanceof Expr.DoubleLit || e instanceof Expr.IntLit || e instanceof Expr.FieldRef
        || e instanceof Expr.InstanceField) {
      return List.of();
    }
    if (e instanceof Expr.VarRef r) {
      Variable v = r.variable();
      List<Term> t = values.get(v);
      if (t == null) {
        throw refused(Refusal.NOT_FOLLOWED, "a number read before it is known: " + v.baseName());
      }
      return t;
    }
    if (e instanceof Expr.ArrayRead a) {
      return element(a);
    }
    if (e instanceof Expr.Cast c) {
      return c.operand().type() == Type.DOUBLE ? terms(c.operand(), out) : List.of();
    }
    if (e instanceof Expr.Unary u) {
      return terms(u.operand(), out);
    }
    if (e instanceof Expr.Binary b) {
      List<Term> l = terms(b.left(), out);
      List<Term> r = terms(b.right(), out);
      switch (b.op()) {
        case ADD, SUB, REM -> {
          return union(l, r);
        }
        case MUL -> {
          meet(l, r, out);
          return union(l, r);
        }
        case DIV -> {
          meet(l, r, out);
          meet(r, r, out);
          return union(l, r);
        }
        default -> throw refused(Refusal.NOT_FOLLOWED, "operator " + b.op().symbol());
      }
    }
    if (e instanceof Expr.Conditional c) {
      boolean onValue = ValueDependence.isValue(c.condition(), tainted);
      if (!onValue) {
        requireCopyable(c.condition());
      }
      valueDepth++;
      List<Term> t = terms(c.ifTrue(), out);
      List<Term> f = terms(c.ifFalse(), out);
      valueDepth--;
      List<Term> all = new ArrayList<>();
      for (Term term : union(t, f)) {
        all.add(term instanceof Atom atom ? atom.guard() : term);
      }
      return union(all, List.of());
    }
    if (e instanceof Expr.Call c && c.target() instanceof CallTarget.Primitive p) {
      List<List<Term>> args = new ArrayList<>();
      List<Term> all = List.of();
      for (Expr a : c.args()) {
        List<Term> t = terms(a, out);
        args.add(t);
        all = union(all, t);
      }
      switch (p.function().curvature()) {
        case LINEAR, PIECEWISE_LINEAR -> {
          return all;
        }
        case PIECEWISE_CONSTANT -> {
          return List.of();
        }
        default -> {
          meet(all, all, out);
          return all;
        }
      }
    }
    if (e instanceof Expr.Call c && c.target() instanceof CallTarget.Data) {
      // A method computing data: its arguments carry no derivative (else it would be a DiffCall).
      return List.of();
    }
    throw refused(Refusal.CALL, e.getClass().getSimpleName());
  }

  private static boolean containsDiffCall(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= n instanceof Expr.DiffCall);
    return found[0];
  }

  private List<Term> element(Expr.ArrayRead a) {
    Expr array = a.array();
    if (array instanceof Expr.VarRef r && r.type() == Type.DOUBLE_ARRAY) {
      Variable v = r.variable();
      if (!isWrt(v)) {
        if (v.role() == Variable.Role.PARAMETER) {
          return List.of();
        }
        throw refused(Refusal.LOCAL_ARRAY, v.baseName());
      }
      Expr index = index(a.index());
      // Read on a side of a branch: may be out of range where the other side is taken.
      return List.of(new Atom(v, index, onSide()));
    }
    if (array instanceof Expr.ArrayRead row
        && row.array() instanceof Expr.VarRef r
        && r.variable().role() == Variable.Role.PARAMETER
        && !isWrt(r.variable())) {
      return List.of();
    }
    if (array instanceof Expr.FieldRef || array instanceof Expr.InstanceField) {
      return List.of();
    }
    throw refused(Refusal.LOCAL_ARRAY, "an element of " + array.getClass().getSimpleName());
  }

  /** Every term of {@code a} meets every term of {@code b}, at this point of the code. */
  private void meet(List<Term> a, List<Term> b, List<Step> out) {
    if (a.isEmpty() || b.isEmpty()) {
      return;
    }
    for (List<Term> side : List.of(a, b)) {
      for (Term t : side) {
        if (t instanceof Carried || t instanceof Unknown) {
          throw refused(Refusal.CARRIED_VALUE_MET, null);
        }
      }
    }
    Meet meet = new Meet(a, b);
    // log1p(exp(z)) meets z's terms twice in a row, at the same point: the pairs are those just
    // recorded, nothing having changed in between.
    Step last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (meet.equals(last) || new Meet(b, a).equals(last)) {
      return;
    }
    out.add(meet);
  }

  static List<Term> union(List<Term> a, List<Term> b) {
    if (b.isEmpty() && a.size() <= 1) {
      return a;
    }
    Set<Term> all = new LinkedHashSet<>(a);
    all.addAll(b);
    // One unknown stands for all.
    List<Term> out = new ArrayList<>();
    boolean unknown = false;
    for (Term t : all) {
      if (t instanceof Unknown) {
        if (unknown) {
          continue;
        }
        unknown = true;
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  /** The tracer's {@code meet(i, j)}. */
  Stmt meetCall(Expr i, Expr j) {
    return new Stmt.Eval(
        new Expr.Call(
            new CallTarget.Data(TRACER, "meet", Effects.CALLS_AS_STATEMENTS, false, true),
            List.of(ref(tracer), i, j),
            Type.VOID));
  }
}
