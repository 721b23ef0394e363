package dev.adjoint.processor.read;

import dev.adjoint.processor.check.FieldWrites;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.SourceNote;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads each field a call with effects may change into a local, at the point of the original read.
 *
 * <p>Derivative code reads the values of a statement again where it needs them: the backward
 * sweep long after the forward one, tangents and partials in copies of the statement. A field is
 * not a value of the method: a helper called as a statement, a differentiable call with effects or
 * a helper computing data that writes fields ({@code int next() { n--; return n; }}) may assign it
 * in between, and the copy would then read the new value. Where the method makes such a call,
 * every read of a field that is not final, and every element of a field's array (final or not)
 * that a call of the method may write ({@link FieldWrites}), becomes a local assigned just before
 * the statement that reads it; derivative code then reads the local, saved and restored like any other local that a
 * loop overwrites. A method without such a call is left as it is.
 *
 * <p>A read that follows, in the same statement, a call with effects must see what the call did:
 * the call is then computed into a local first (as {@code diff/CallSites} would), and the read
 * taken after it, as Java evaluates them. Left alone: a read in a loop's condition or in an update
 * of an integer (data no derivative flows through, evaluated where the original evaluates it).
 * Refused for a field a call of the method may change, as no place before the statement reads
 * what the original reads: a read that follows a
 * call with effects evaluated only on some paths ({@code c ? next() : 0}, {@code a && g(x) > 0};
 * ADJ085), an element read only on some paths, which read early could throw (ADJ086), and a
 * number computed from such a field in a loop's update (ADJ087).
 */
final class FieldSnapshots {
  /** The field reads that may change: reads of fields that are not final. */
  private final Set<Expr> changeable;

  /**
   * The field reads that a call of the method may change ({@link FieldWrites}), or the elements
   * of whose arrays: where a read cannot be kept where the original makes it, only these are
   * refused, and only these arrays' elements are read into locals.
   */
  private final Set<Expr> written;

  /**
   * The array parameters whose elements a call of the method may change: the caller may have
   * passed a field's array that the call writes. Their elements are read into locals like those
   * of a field's array.
   */
  private final Set<Variable> parameterArrays;

  private final Map<Stmt, SourceNote> notes;

  /** The class of each changeable read that holds a String or an enum, for its local. */
  private final Map<Expr, dev.adjoint.processor.ir.ClassRef> objectClasses;

  private FieldSnapshots(
      Set<Expr> changeable,
      Set<Expr> written,
      Set<Variable> parameterArrays,
      Map<Expr, dev.adjoint.processor.ir.ClassRef> objectClasses,
      Map<Stmt, SourceNote> notes) {
    this.changeable = changeable;
    this.written = written;
    this.parameterArrays = parameterArrays;
    this.objectClasses = objectClasses;
    this.notes = notes;
  }

  /**
   * {@code body}, with its reads of {@code changeable} fields taken once into locals if it makes a
   * call with effects; the snapshots take the notes of the statements that read them.
   */
  static List<Stmt> taken(
      List<Stmt> body,
      Set<Expr> changeable,
      Set<Expr> written,
      Set<Variable> parameterArrays,
      Map<Expr, dev.adjoint.processor.ir.ClassRef> objectClasses,
      Map<Stmt, SourceNote> notes) {
    if (!Stmts.mayChangeFields(body)) {
      return body;
    }
    return new FieldSnapshots(changeable, written, parameterArrays, objectClasses, notes)
        .block(body);
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      statement(s, out);
    }
    return out;
  }

  /** How many loops enclose the statement being read. */
  private int loopDepth;

  /** The note of the statement being read, for an error. */
  private SourceNote current;

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Loop l) {
      loopDepth++;
      current = notes.get(s) != null ? notes.get(s) : current;
      SourceNote loopNote = current;
      List<Stmt> body;
      try {
        body = block(l.body());
      } finally {
        loopDepth--;
      }
      refuseUpdateReadingChangedFields(l, loopNote);
      Stmt loop = new Stmt.Loop(block(l.init()), l.condition(), l.update(), body, l.testFirst());
      moveNote(s, loop);
      out.add(loop);
      return;
    }
    current = notes.get(s) != null ? notes.get(s) : current;
    List<Stmt> before = new ArrayList<>();
    Stmt rewritten =
        s instanceof Stmt.If i
            ? new Stmt.If(taken(i.condition(), before), block(i.thenBlock()), block(i.elseBlock()))
            : Stmts.mapExpressions(s, e -> taken(e, before));
    SourceNote note = notes.get(s);
    for (Stmt read : before) {
      if (note != null) {
        notes.put(read, note);
      }
      out.add(read);
    }
    moveNote(s, rewritten);
    out.add(rewritten);
  }

  /**
   * An update that computes a number with a field a call may change ({@code y = y * d}) is refused:
   * the update has no place for a local to read the field into, and the backward sweep would read
   * the field as the last call left it. Updates of integers (a loop index) carry no derivative.
   */
  private void refuseUpdateReadingChangedFields(Stmt.Loop l, SourceNote loopNote) {
    for (Stmt u : l.update()) {
      if (!(u instanceof Stmt.Assign a) || a.target().type() != dev.adjoint.processor.ir.Type.DOUBLE) {
        continue;
      }
      Expr[] field = {null};
      Exprs.forEachNode(
          a.value(),
          n -> {
            if (field[0] == null && (written.contains(n) || isFieldElement(n))) {
              field[0] = n instanceof Expr.ArrayRead ? root(n) : n;
            }
          });
      if (field[0] != null) {
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            loopNote,
            dev.adjoint.processor.diag.Message.FIELD_READ_IN_LOOP_UPDATE,
            fieldName(field[0]));
      }
    }
  }

  private void moveNote(Stmt from, Stmt to) {
    if (from != to && notes.containsKey(from)) {
      notes.put(to, notes.get(from));
    }
  }

  /** What reading one expression of a statement needs before the statement, in order. */
  private static final class Reads {
    final List<Stmt> before;
    /** Whether calls with effects are computed into locals first: a field read follows one. */
    final boolean hoistCalls;
    /** The fields read into locals since the last call with effects. */
    final Map<Expr, Variable> taken = new java.util.HashMap<>();
    /** Whether a call with effects left in place has been evaluated: later reads must see it. */
    boolean afterCallInPlace;

    Reads(List<Stmt> before, boolean hoistCalls) {
      this.before = before;
      this.hoistCalls = hoistCalls;
    }
  }

  /**
   * {@code e} reading locals instead of changeable fields; the reads (and, where a field read
   * follows a call with effects, that call, if it is always evaluated) are added to {@code
   * before} in the order Java evaluates them. A read that follows a call evaluated only on some
   * paths ({@code ?:}, {@code &&}) stays in place.
   */
  private Expr taken(Expr e, List<Stmt> before) {
    return take(e, false, new Reads(before, readAfterCall(e)));
  }

  private Expr take(Expr e, boolean conditional, Reads reads) {
    if (isElementIndexedByCallWithEffects(e)) {
      // w[next()]: the call is computed into a local first (readAfterCall), then the element.
      Expr indexed = takeIndices(e, conditional, reads);
      if (!isFieldElement(indexed)) {
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            current, dev.adjoint.processor.diag.Message.FIELD_ELEMENT_READ_ON_SOME_PATHS,
            fieldName(root(e)));
      }
      e = indexed;
    }
    if (isFieldElement(e)) {
      if (reads.afterCallInPlace) {
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            current,
            dev.adjoint.processor.diag.Message.FIELD_READ_AFTER_CONDITIONAL_CALL,
            fieldName(root(e)));
      }
      if (conditional) {
        // Read before the statement it could throw where the original does not (an index past
        // the end that its condition guards); read in place, derivative code would read it again.
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            current, dev.adjoint.processor.diag.Message.FIELD_ELEMENT_READ_ON_SOME_PATHS,
            fieldName(root(e)));
      }
      Variable local =
          reads.taken.computeIfAbsent(
              e,
              f -> {
                Variable v = new Variable(arrayName(root(f)) + "Element", f.type(), Variable.Role.LOCAL);
                reads.before.add(new Stmt.Assign(v, f, true));
                return v;
              });
      return new Expr.VarRef(local);
    }
    if (changeable.contains(e)) {
      if (reads.afterCallInPlace && !written.contains(e)) {
        // No call of the method changes it: read in place, as it always reads the same.
        return e;
      }
      if (reads.afterCallInPlace) {
        // The call runs on some paths only: no single place before the statement sees the field
        // as the read does, and derivative code reading it again would see later changes.
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            current,
            dev.adjoint.processor.diag.Message.FIELD_READ_AFTER_CONDITIONAL_CALL,
            fieldName(e));
      }
      if (loopDepth > 0 && !isNumberOrArray(e.type()) && !written.contains(e)) {
        // No call of the method changes it (a model's setting): read in place, as on every trip.
        return e;
      }
      if (loopDepth > 0 && !isNumberOrArray(e.type())) {
        // A loop's backward sweep restores what an iteration overwrote from the tape, which holds
        // numbers: an object read afresh there would be the value after the last iteration.
        throw new dev.adjoint.processor.diff.NotDifferentiable(
            current,
            dev.adjoint.processor.diag.Message.UNSUPPORTED_EXPRESSION,
            "Reading field "
                + fieldName(e)
                + ", a String, enum or object that a call made for its effect may change, inside a"
                + " loop");
      }
      Variable local =
          reads.taken.computeIfAbsent(
              e,
              f -> {
                Variable v =
                    objectClasses.containsKey(f)
                        ? Variable.object(
                            fieldName(f), f.type(), objectClasses.get(f), Variable.Role.LOCAL)
                        : new Variable(fieldName(f), f.type(), Variable.Role.LOCAL);
                reads.before.add(new Stmt.Assign(v, f, true));
                return v;
              });
      return new Expr.VarRef(local);
    }
    Expr rebuilt;
    if (e instanceof Expr.Conditional c) {
      Expr condition = take(c.condition(), conditional, reads);
      rebuilt =
          new Expr.Conditional(
              condition, take(c.ifTrue(), true, reads), take(c.ifFalse(), true, reads), c.type());
    } else if (e instanceof Expr.Binary b
        && (b.op() == dev.adjoint.processor.ir.BinaryOp.AND
            || b.op() == dev.adjoint.processor.ir.BinaryOp.OR)) {
      Expr left = take(b.left(), conditional, reads);
      rebuilt = new Expr.Binary(b.op(), left, take(b.right(), true, reads), b.type());
    } else {
      rebuilt = Exprs.mapChildren(e, child -> take(child, conditional, reads));
    }
    if (sameChildren(e, rebuilt)) {
      // Nothing read inside: keep the object, which later stages may share between the index
      // of an element stored and the element read (a[idx(k)] += v, diff/CallSites).
      rebuilt = e;
    }
    if (!Effects.ofCall(rebuilt).possible()) {
      return rebuilt;
    }
    if (reads.hoistCalls && !conditional && isCall(rebuilt)) {
      Variable value = new Variable(callName(rebuilt), rebuilt.type(), Variable.Role.LOCAL);
      reads.before.add(new Stmt.Assign(value, rebuilt, true));
      reads.taken.clear();
      return new Expr.VarRef(value);
    }
    reads.afterCallInPlace = true;
    return rebuilt;
  }

  /**
   * Whether e is a number in an array a field holds ({@code w[i]}, {@code m[i][j]}), its indices
   * calling no method with effects (one without, {@code w[idx(k)]}, is read with it early): a
   * call with effects may change it, final field or not.
   */
  private boolean isFieldElement(Expr e) {
    return e instanceof Expr.ArrayRead
        && !e.type().isArray()
        && mayBeWritten(root(e))
        && !Effects.possibleIn(e);
  }

  /** An element of a field's array that a call may change, at an index a call with effects computes. */
  private boolean isElementIndexedByCallWithEffects(Expr e) {
    return e instanceof Expr.ArrayRead
        && !e.type().isArray()
        && mayBeWritten(root(e))
        && Effects.possibleIn(e);
  }

  /** Whether a call of the method may write elements of the array {@code root}. */
  private boolean mayBeWritten(Expr root) {
    return written.contains(root)
        || (root instanceof Expr.VarRef v && parameterArrays.contains(v.variable()));
  }

  /** The element read with its indices taken (their calls computed into locals), not its array. */
  private Expr takeIndices(Expr e, boolean conditional, Reads reads) {
    if (!(e instanceof Expr.ArrayRead a)) {
      return e;
    }
    Expr array = takeIndices(a.array(), conditional, reads);
    return new Expr.ArrayRead(array, take(a.index(), conditional, reads));
  }

  /** The array expression an element read starts from: {@code m} of {@code m[i][j]}. */
  private static Expr root(Expr e) {
    Expr r = e;
    while (r instanceof Expr.ArrayRead a) {
      r = a.array();
    }
    return r;
  }

  private static boolean sameChildren(Expr e, Expr rebuilt) {
    List<Expr> before = Exprs.children(e);
    List<Expr> after = Exprs.children(rebuilt);
    if (before.size() != after.size()) {
      return false;
    }
    for (int k = 0; k < before.size(); k++) {
      if (before.get(k) != after.get(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether e is a call: a differentiable one, or a helper's computing data. */
  private static boolean isCall(Expr e) {
    return e instanceof Expr.DiffCall || e instanceof Expr.Call;
  }

  private static String callName(Expr call) {
    return call instanceof Expr.DiffCall d ? d.name() : ((Expr.Call) call).target().name();
  }

  /** Whether a changeable field is read, in evaluation order, after a call with effects in e. */
  private boolean readAfterCall(Expr e) {
    boolean[] afterCall = {false};
    boolean[] found = {false};
    Exprs.rewrite(
        e,
        n -> {
          found[0] |=
              (afterCall[0] && (changeable.contains(n) || isFieldElement(n)))
                  || isElementIndexedByCallWithEffects(n);
          afterCall[0] |= Effects.ofCall(n).possible();
          return n;
        });
    return found[0];
  }

  private static boolean isNumberOrArray(dev.adjoint.processor.ir.Type type) {
    return type == dev.adjoint.processor.ir.Type.DOUBLE
        || type.isIntegral()
        || type == dev.adjoint.processor.ir.Type.BOOLEAN
        || type.isArray();
  }

  /** The name of the field or parameter holding the array, for the local an element is read into. */
  private static String arrayName(Expr array) {
    return array instanceof Expr.VarRef v ? v.variable().baseName() : fieldName(array);
  }

  private static String fieldName(Expr field) {
    if (field instanceof Expr.VarRef v) {
      return v.variable().baseName() + " (a parameter, which may hold such a field's array)";
    }
    return field instanceof Expr.FieldRef f ? f.name() : ((Expr.InstanceField) field).name();
  }
}
