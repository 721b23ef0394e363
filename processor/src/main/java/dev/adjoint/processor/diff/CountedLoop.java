package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
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
 * A loop {@code for (int i = first; i < end; i++)} (or {@code <=}) whose body changes neither
 * {@code i} nor what {@code first} and {@code end} read, and never breaks. Its backward sweep is
 * {@code for (int i = end - 1; i >= first; i--)}: the indices are recomputed, not recorded.
 */
record CountedLoop(Variable index, Expr first, Expr last, Loop loop) {
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
        || !(cond.left() instanceof VarRef r)
        || r.variable() != init.target()
        || cond.right().type() != Type.INT
        || LoopExits.mayBreak(l.body())) {
      return null;
    }
    Variable i = init.target();
    if (!(l.update().get(0) instanceof Assign step
        && step.target() == i
        && step.value() instanceof Binary plus
        && plus.op() == BinaryOp.ADD
        && plus.left() instanceof VarRef stepped
        && stepped.variable() == i
        && plus.right() instanceof IntLit one
        && one.value() == 1)) {
      return null;
    }
    Set<Variable> bounds = new HashSet<>();
    Exprs.collectVariables(init.value(), bounds);
    Exprs.collectVariables(cond.right(), bounds);
    if (bounds.contains(i) || bounds.contains(null)) {
      return null;
    }
    Set<Variable> changed = Stmts.assigned(l.body());
    if (changed.contains(i) || changed.stream().anyMatch(bounds::contains)) {
      return null;
    }
    Expr last =
        cond.op() == BinaryOp.LE
            ? cond.right()
            : minusOne(cond.right());
    return new CountedLoop(i, init.value(), last, l);
  }

  private static Expr minusOne(Expr e) {
    if (e instanceof IntLit || (e instanceof Binary b && b.op() == BinaryOp.ADD && b.right() instanceof IntLit)) {
      return Exprs.plusInt(e, new IntLit(-1, Type.INT));
    }
    return new Binary(BinaryOp.SUB, e, new IntLit(1, Type.INT), Type.INT);
  }

  /** {@code for (int i = last; i >= first; i--) body}. */
  Stmt reversed(List<Stmt> body) {
    return new Loop(
        List.of(new Assign(index, last, true)),
        new Binary(BinaryOp.GE, Exprs.ref(index), first, Type.BOOLEAN),
        List.of(
            new Assign(
                index,
                new Binary(BinaryOp.SUB, Exprs.ref(index), new IntLit(1, Type.INT), Type.INT))),
        body,
        true);
  }
}
