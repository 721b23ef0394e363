package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A loop {@code for (int i = first; i < end; i += step)} (also {@code <=}, {@code i + c < end},
 * {@code i++}) with a constant positive step, whose body changes neither {@code i} nor what
 * {@code first} and {@code end} read, and never breaks; {@code first} and {@code end} call no
 * method, which must run only as often as the source runs it, and read no field that a call in
 * the loop may change. Its backward sweep runs the same
 * indices downwards, {@code for (int i = last; i >= first; i -= step)}: they are recomputed, not
 * recorded.
 */
record CountedLoop(Variable index, Expr first, Expr last, long step, Loop loop) {
  /** The counted form of {@code l}, or null when it is not a counted loop. */
  static CountedLoop of(Loop l) {
    if (!l.testFirst()
        || l.init().size() != 1
        || !(l.init().get(0) instanceof Assign init)
        || !init.declares()
        || init.target().type() != Type.INT
        || l.update().size() != 1
        || !(l.condition() instanceof Binary cond)
        || !(cond.op() == BinaryOp.LT || cond.op() == BinaryOp.LE)
        || cond.right().type() != Type.INT
        || LoopExits.mayBreak(l.body())) {
      return null;
    }
    Variable i = init.target();
    // i < end, or i + c < end, which is i < end - c.
    long offset;
    if (cond.left() instanceof VarRef r && r.variable() == i) {
      offset = 0;
    } else if (cond.left() instanceof Binary plus
        && plus.op() == BinaryOp.ADD
        && plus.type() == Type.INT
        && plus.left() instanceof VarRef r
        && r.variable() == i
        && plus.right() instanceof IntLit c) {
      offset = c.value();
    } else {
      return null;
    }
    long step = stepOf(l.update().get(0), i);
    if (step <= 0) {
      return null;
    }
    if (Exprs.callsMethod(init.value()) || Exprs.callsMethod(cond.right())) {
      // The backward loop would call it again: such a loop counts its trips instead.
      return null;
    }
    if ((readsFields(init.value()) || readsFields(cond.right()))
        && (Stmts.mayChangeFields(l.body()) || Stmts.mayChangeFields(l.update()))) {
      // A call in the loop may change the field (or its array) from one trip to the next: the
      // backward loop would start from the bound as it is after the last trip.
      return null;
    }
    Set<Variable> bounds = new HashSet<>();
    boundInputs(init.value(), bounds);
    boundInputs(cond.right(), bounds);
    if (bounds.contains(i)) {
      return null;
    }
    Set<Variable> changed = Stmts.assigned(l.body());
    if (changed.contains(i) || changed.stream().anyMatch(bounds::contains)) {
      return null;
    }
    // The indices run while i < bound (exclusive).
    long exclusive = (cond.op() == BinaryOp.LE ? 1 : 0) - offset;
    Expr first = init.value();
    Expr last;
    // The bound as the loop sees it, never below first: then bound - 1 cannot overflow (for a
    // first of any sane size), and a loop that runs no trip runs none backwards either.
    Expr bound = cond.right();
    if (!nonNegative(bound)) {
      bound = RuntimeHelper.INT_MAX.call(Type.INT, bound, plus(first, -exclusive));
    }
    Expr lastBelowBound = plus(bound, exclusive - 1);
    if (step == 1) {
      last = lastBelowBound;
    } else {
      // first + floorDiv(bound - 1 - first, step) * step: below first when there is no trip.
      Expr span =
          first instanceof IntLit zero && zero.value() == 0
              ? lastBelowBound
              : new Binary(BinaryOp.SUB, lastBelowBound, first, Type.INT);
      Expr trips =
          RuntimeHelper.FLOOR_DIV.call(Type.INT, span, new IntLit(step, Type.INT));
      last =
          Exprs.plusInt(first, new Binary(BinaryOp.MUL, trips, new IntLit(step, Type.INT), Type.INT));
    }
    return new CountedLoop(i, first, last, step, l);
  }

  /**
   * The variables a bound reads, except arrays whose length alone it reads: writing elements
   * never changes a length, and array variables are never reassigned.
   */
  private static void boundInputs(Expr e, Set<Variable> into) {
    if (e instanceof Expr.ArrayLength l && l.array() instanceof VarRef) {
      return;
    }
    if (e instanceof VarRef r) {
      into.add(r.variable());
      return;
    }
    if (e instanceof Expr.InstanceField f) {
      into.add(f.receiver());
      return;
    }
    for (Expr child : Exprs.children(e)) {
      boundInputs(child, into);
    }
  }

  /**
   * Whether e reads a field (a named constant's copy aside), or an element or length of one, or an
   * element of an array parameter, which may hold a field's array.
   */
  private static boolean readsFields(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(
        e,
        n ->
            found[0] |=
                Exprs.isFieldRead(n)
                    || (n instanceof Expr.ArrayRead r
                        && r.array() instanceof VarRef v
                        && Exprs.isArrayParameter(v.variable())));
    return found[0];
  }

  /** Whether an int expression is an array length or a literal at least zero. */
  private static boolean nonNegative(Expr e) {
    return e instanceof Expr.ArrayLength || (e instanceof IntLit n && n.value() >= 0);
  }

  /** {@code e + c}, written {@code e - 1} rather than {@code e + -1}. */
  private static Expr plus(Expr e, long c) {
    if (e instanceof IntLit n) {
      return new IntLit(n.value() + c, Type.INT);
    }
    if (c < 0) {
      return new Binary(BinaryOp.SUB, e, new IntLit(-c, Type.INT), Type.INT);
    }
    return Exprs.plusInt(e, new IntLit(c, Type.INT));
  }

  /** The constant {@code s} of an update {@code i = i + s}, or 0. */
  private static long stepOf(Stmt update, Variable i) {
    if (update instanceof Assign step
        && step.target() == i
        && step.value() instanceof Binary plus
        && plus.op() == BinaryOp.ADD
        && plus.left() instanceof VarRef stepped
        && stepped.variable() == i
        && plus.right() instanceof IntLit s) {
      return s.value();
    }
    return 0;
  }

  /** {@code for (int i = last; i >= first; i -= step) body}. */
  Stmt reversed(List<Stmt> body) {
    return new Loop(
        List.of(new Assign(index, last, true)),
        new Binary(BinaryOp.GE, Exprs.ref(index), first, Type.BOOLEAN),
        List.of(
            new Assign(
                index,
                new Binary(BinaryOp.SUB, Exprs.ref(index), new IntLit(step, Type.INT), Type.INT))),
        body,
        true);
  }
}
