package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Declares every local in the narrowest block that holds all its uses, turning its first assignment
 * there into the declaration when it can ({@code double xBar = ...}) and otherwise declaring it just
 * before its first use with the value it holds until written (zero for adjoints and tangents).
 */
public final class Placement {
  private Placement() {}

  public static List<Stmt> run(List<Stmt> body, Set<Variable> parameters) {
    Set<Variable> locals = new LinkedHashSet<>();
    Stmts.forEach(
        body,
        s -> {
          Variable t = Stmts.target(s);
          if (t != null) {
            locals.add(t);
          }
          if (Stmts.arrayWritten(s) != null) {
            locals.add(Stmts.arrayWritten(s));
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.collectVariables(e, locals);
          }
        });
    locals.removeAll(parameters);
    return block(body, locals);
  }

  private static List<Stmt> block(List<Stmt> body, Set<Variable> toPlace) {
    List<Stmt> out = new ArrayList<>(body);
    List<Set<Variable>> pushedThen = new ArrayList<>();
    List<Set<Variable>> pushedElse = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      pushedThen.add(new LinkedHashSet<>());
      pushedElse.add(new LinkedHashSet<>());
    }
    List<Variable> declareHere = new ArrayList<>();
    List<Set<Variable>> pushedInit = new ArrayList<>();
    List<Set<Variable>> pushedBody = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      pushedInit.add(new LinkedHashSet<>());
      pushedBody.add(new LinkedHashSet<>());
    }
    for (Variable v : toPlace) {
      List<Integer> users = new ArrayList<>();
      for (int k = 0; k < out.size(); k++) {
        if (mentions(out.get(k), v)) {
          users.add(k);
        }
      }
      if (users.isEmpty()) {
        continue;
      }
      if (users.stream().allMatch(k -> out.get(k) instanceof Loop l && loopScope(l, v) != null)) {
        // Each loop starts v afresh: it is declared in each, in its header or body.
        for (int k : users) {
          (loopScope((Loop) out.get(k), v) == LoopScope.INIT ? pushedInit : pushedBody)
              .get(k)
              .add(v);
        }
        continue;
      }
      int first = users.get(0);
      if (users.size() == 1 && out.get(first) instanceof If i && !Exprs.reads(i.condition(), v)) {
        boolean inThen = mentions(i.thenBlock(), v);
        boolean inElse = mentions(i.elseBlock(), v);
        if (inThen != inElse) {
          (inThen ? pushedThen : pushedElse).get(first).add(v);
          continue;
        }
      }
      declareHere.add(v);
    }
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k) instanceof Loop l) {
        out.set(k, placeInLoop(l, pushedInit.get(k), pushedBody.get(k), toPlace));
      }
      if (out.get(k) instanceof If i) {
        out.set(
            k,
            new If(
                i.condition(),
                block(i.thenBlock(), pushedThen.get(k)),
                block(i.elseBlock(), pushedElse.get(k))));
      }
    }
    for (Variable v : declareHere) {
      int first = 0;
      while (!mentions(out.get(first), v)) {
        first++;
      }
      Stmt s = out.get(first);
      if (s instanceof Assign a && a.target() == v && !Exprs.reads(a.value(), v)) {
        out.set(first, new Declare(v, a.value()));
      } else if (v.type().isArray()) {
        // An array is allocated where it is declared: its allocation moves up from the branch,
        // where it means the same there. A buffer that grows where it is used starts empty, as
        // does an array whose allocation stays in its branch.
        Expr[] allocation = {null};
        List<Stmt> rest = new ArrayList<>(out.subList(first, out.size()));
        for (int k = 0; k < rest.size(); k++) {
          rest.set(k, withoutAllocation(rest.get(k), v, allocation));
        }
        if (allocation[0] != null && !canMoveUp((Expr.NewDoubleArray) allocation[0], rest)) {
          rest = out.subList(first, out.size());
          allocation[0] = null;
        }
        if (allocation[0] != null) {
          for (int k = 0; k < rest.size(); k++) {
            out.set(first + k, rest.get(k));
          }
          out.add(first, new Declare(v, allocation[0]));
        } else {
          out.add(
              first,
              new Declare(
                  v,
                  v.type() == Type.DOUBLE_ARRAY
                      ? emptyArray(v, rest)
                      : v.type() == Type.DOUBLE_MATRIX
                          ? new Expr.NewDoubleArray(new IntLit(0, Type.INT), new IntLit(0, Type.INT))
                          : new Expr.NullLit(v.type())));
        }
      } else {
        out.add(first, new Declare(v, initialValue(v)));
      }
    }
    return out;
  }

  /**
   * What array {@code v} holds before {@code rest} makes it: the buffer that {@code
   * Vectors.atLeast} grows where {@code v} is used (one from the workspace, so that it keeps the
   * length it grew to for the next call), or, for an array whose allocation stays in its branch,
   * the shared empty array.
   */
  private static Expr emptyArray(Variable v, List<Stmt> rest) {
    boolean[] grown = {false};
    Stmts.forEach(
        rest,
        s ->
            grown[0] |=
                s instanceof Assign a
                    && a.target() == v
                    && a.value() instanceof Expr.Call c
                    && c.target().is(dev.adjoint.processor.ir.RuntimeHelper.AT_LEAST));
    return grown[0]
        ? dev.adjoint.processor.ir.RuntimeHelper.EMPTY_BUFFER.call(Type.DOUBLE_ARRAY)
        : new Expr.FieldRef(
            dev.adjoint.processor.ir.RuntimeHelper.AT_LEAST.owner(), "EMPTY", Type.DOUBLE_ARRAY);
  }

  /**
   * Whether {@code allocation}, found in {@code rest}, can be made before it instead: its sizes are
   * never negative (made where its branch is not taken, new double[n - 1] could throw) and read
   * only lengths of arrays that {@code rest} does not make (so they are in scope and made
   * already). A length the branch computes, new double[n], stays where n has its value.
   */
  private static boolean canMoveUp(Expr.NewDoubleArray allocation, List<Stmt> rest) {
    Set<Variable> made = new LinkedHashSet<>();
    Stmts.forEach(
        rest,
        s -> {
          if (Stmts.target(s) != null) {
            made.add(Stmts.target(s));
          }
        });
    List<Expr> sizes = new ArrayList<>();
    sizes.add(allocation.length());
    if (allocation.columns() != null) {
      sizes.add(allocation.columns());
    }
    for (Expr size : sizes) {
      if (!isLengthOfMadeArrays(size, made)) {
        return false;
      }
    }
    return true;
  }

  /** Literals, sums and lengths of arrays already made: never negative, the same everywhere. */
  private static boolean isLengthOfMadeArrays(Expr e, Set<Variable> madeLater) {
    if (e instanceof IntLit i) {
      return i.value() >= 0;
    }
    if (e instanceof Expr.ArrayLength l) {
      return l.array() instanceof Expr.VarRef r && !madeLater.contains(r.variable());
    }
    return e instanceof Expr.Binary b
        && b.op() == dev.adjoint.processor.ir.BinaryOp.ADD
        && isLengthOfMadeArrays(b.left(), madeLater)
        && isLengthOfMadeArrays(b.right(), madeLater);
  }

  /** {@code s} without the allocation {@code v = new double[n]}, which goes to {@code found}. */
  private static Stmt withoutAllocation(Stmt s, Variable v, Expr[] found) {
    return Stmts.mapBlocks(s, block -> withoutAllocation(block, v, found));
  }

  private enum LoopScope {
    INIT,
    BODY
  }

  /**
   * Where a loop can declare {@code v} so that no value flows into it from before the loop or from
   * one iteration to the next: in its header, when the header's first statement that mentions v
   * assigns it afresh; in its body, when only the body mentions v and its first statement that
   * does assigns it afresh. Null when neither holds.
   */
  private static LoopScope loopScope(Loop l, Variable v) {
    Stmt firstInit = firstMention(l.init(), v);
    if (firstInit != null) {
      return startsAfresh(firstInit, v) ? LoopScope.INIT : null;
    }
    if (Exprs.reads(l.condition(), v) || mentions(l.update(), v)) {
      return null;
    }
    Stmt firstInBody = firstMention(l.body(), v);
    if (firstInBody == null) {
      return null;
    }
    boolean innerLoopsOnly =
        l.body().stream()
            .filter(s -> mentions(s, v))
            .allMatch(s -> s instanceof Loop inner && loopScope(inner, v) != null);
    return startsAfresh(firstInBody, v) || innerLoopsOnly ? LoopScope.BODY : null;
  }

  private static Stmt firstMention(List<Stmt> block, Variable v) {
    for (Stmt s : block) {
      if (mentions(s, v)) {
        return s;
      }
    }
    return null;
  }

  private static boolean startsAfresh(Stmt s, Variable v) {
    return s instanceof Assign a
        && a.target() == v
        && !Exprs.reads(a.value(), v)
        && (!v.type().isArray() || isHandles(v));
  }

  /** A tracing sweep's handles, copied whole where they are assigned: no buffer to keep. */
  private static boolean isHandles(Variable v) {
    return v.role() == Variable.Role.TEMP
        && (v.type() == Type.INT_ARRAY || v.type() == Type.INT_MATRIX);
  }

  private static Loop placeInLoop(
      Loop l, Set<Variable> inInit, Set<Variable> inBody, Set<Variable> all) {
    List<Stmt> init = new ArrayList<>(l.init());
    for (int k = 0; k < init.size(); k++) {
      if (init.get(k) instanceof Assign a && inInit.contains(a.target()) && firstMention(init, a.target()) == a) {
        init.set(k, new Declare(a.target(), a.value()));
      }
    }
    // The body and update of a loop are blocks of their own for what the loop declares inside.
    Set<Variable> bodyPlace = new LinkedHashSet<>(inBody);
    return new Loop(init, l.condition(), l.update(), block(l.body(), bodyPlace), l.testFirst());
  }

  private static List<Stmt> withoutAllocation(List<Stmt> block, Variable v, Expr[] found) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Assign a && a.target() == v && a.value() instanceof Expr.NewDoubleArray) {
        found[0] = a.value();
      } else {
        out.add(withoutAllocation(s, v, found));
      }
    }
    return out;
  }

  private static Expr initialValue(Variable v) {
    switch (v.type()) {
      case INT:
      case LONG:
        return new IntLit(0, v.type());
      case BOOLEAN:
        return new BoolLit(false);
      case DOUBLE:
        return DoubleLit.ZERO;
      default:
        // A String, enum or object: a snapshot of a field, made in the branch.
        return new Expr.NullLit(v.type());
    }
  }

  private static boolean mentions(List<Stmt> block, Variable v) {
    for (Stmt s : block) {
      if (mentions(s, v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Stmt s, Variable v) {
    boolean[] found = {false};
    Stmts.forEach(
        List.of(s),
        t -> {
          if (Stmts.target(t) == v || Stmts.arrayWritten(t) == v) {
            found[0] = true;
          }
          for (Expr e : Stmts.ownExpressions(t)) {
            if (Exprs.reads(e, v)) {
              found[0] = true;
            }
          }
        });
    return found[0];
  }
}
