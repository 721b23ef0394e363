package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The element reads of a value of the user's that {@link DeadCode} drops. Java throws
 * ArrayIndexOutOfBoundsException at {@code x[7]} past x's end, so each read leaves a check of its
 * index where it was ({@code Checks.index(7, x.length)}), in the order Java reads them. A check of
 * an element already read on the way there (the derivative's own use of {@code x[i]}, or inside
 * {@code for (i = 0; i < x.length; i++)}, or the backward sweep's {@code for (i = x.length - 1;
 * i >= 0; i--)}) goes: that read would have thrown first, or the loop keeps i in range.
 */
final class ElementChecks {
  private ElementChecks() {}

  /**
   * The checks standing for {@code value}'s element reads, in evaluation order; null when a read
   * runs only on some paths ({@code ?:}, {@code &&}, {@code ||}) or its array or index makes a
   * call, where the value stays whole instead.
   */
  static List<Stmt> of(Expr value) {
    List<Expr.ArrayRead> reads = new ArrayList<>();
    if (!alwaysRead(value, reads)) {
      return null;
    }
    List<Stmt> checks = new ArrayList<>();
    for (Expr.ArrayRead read : reads) {
      if (makesCall(read)) {
        return null;
      }
      checks.add(
          new Stmt.Eval(
              RuntimeHelper.CHECK_INDEX.call(
                  Type.INT, read.index(), new Expr.ArrayLength(read.array()))));
    }
    return checks;
  }

  /** {@code body} without the checks of elements read before them. */
  static List<Stmt> withoutCovered(List<Stmt> body) {
    return block(body, new HashSet<>());
  }

  /**
   * Adds the element reads {@code e} makes on every path to {@code reads}, in evaluation order;
   * false if it makes others only on some paths.
   */
  private static boolean alwaysRead(Expr e, List<Expr.ArrayRead> reads) {
    if (e instanceof Expr.Conditional c) {
      return alwaysRead(c.condition(), reads) && !hasRead(c.ifTrue()) && !hasRead(c.ifFalse());
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
      return alwaysRead(b.left(), reads) && !hasRead(b.right());
    }
    boolean all = true;
    for (Expr child : Exprs.children(e)) {
      all &= alwaysRead(child, reads);
    }
    if (e instanceof Expr.ArrayRead a) {
      reads.add(a);
    }
    return all;
  }

  private static boolean hasRead(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= n instanceof Expr.ArrayRead);
    return found[0];
  }

  private static boolean makesCall(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= n instanceof Expr.Call || n instanceof Expr.DiffCall);
    return found[0];
  }

  /** Rewrites {@code block} given the elements known in range before it; updates {@code known}. */
  private static List<Stmt> block(List<Stmt> block, Set<Expr.ArrayRead> known) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      Expr.ArrayRead checked = checkedRead(s);
      if (checked != null) {
        if (known.add(checked)) {
          out.add(s);
        }
      } else if (s instanceof Stmt.If i) {
        learn(i.condition(), known);
        List<Stmt> thenBlock = block(i.thenBlock(), new HashSet<>(known));
        List<Stmt> elseBlock = block(i.elseBlock(), new HashSet<>(known));
        out.add(new Stmt.If(i.condition(), thenBlock, elseBlock));
        forgetChanged(known, s);
      } else if (s instanceof Stmt.Loop l) {
        Set<Variable> changed = Stmts.assigned(List.of(s));
        forget(known, changed);
        Set<Expr.ArrayRead> inBody = new HashSet<>(known);
        Expr.ArrayRead counted = countedRead(l, changed);
        if (counted == null) {
          counted = countedDownRead(l, changed);
        }
        if (counted != null) {
          inBody.add(counted);
        }
        out.add(
            new Stmt.Loop(
                l.init(), l.condition(), l.update(), block(l.body(), inBody), l.testFirst()));
        forgetChanged(known, s);
      } else if (!Stmts.blocks(s).isEmpty()) {
        out.add(Stmts.mapBlocks(s, b -> block(b, new HashSet<>())));
        known.clear();
      } else {
        out.add(s);
        Stmts.ownExpressions(s).forEach(e -> learn(e, known));
        Set<Variable> changed = new HashSet<>();
        if (Stmts.target(s) != null) {
          changed.add(Stmts.target(s));
        }
        if (Stmts.arrayWritten(s) != null) {
          changed.add(Stmts.arrayWritten(s));
        }
        forget(known, changed);
        if (Stmts.ownExpressions(s).stream().anyMatch(Effects::possibleIn)) {
          // A call with effects may give a field a new array.
          known.clear();
        }
      }
    }
    return out;
  }

  /** The element a check statement checks, or null if {@code s} is no check. */
  private static Expr.ArrayRead checkedRead(Stmt s) {
    if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target().is(RuntimeHelper.CHECK_INDEX)
        && c.args().get(1) instanceof Expr.ArrayLength length) {
      return new Expr.ArrayRead(length.array(), c.args().get(0));
    }
    return null;
  }

  /** Adds the elements {@code e} reads on every path: once it is evaluated, they are in range. */
  private static void learn(Expr e, Set<Expr.ArrayRead> known) {
    List<Expr.ArrayRead> reads = new ArrayList<>();
    alwaysRead(e, reads);
    known.addAll(reads);
  }

  /**
   * {@code x[i]} in the body of {@code for (i = c; i < x.length; i += d)} with constants c, d >= 0,
   * where the body changes neither i nor x; else null.
   */
  private static Expr.ArrayRead countedRead(Stmt.Loop l, Set<Variable> changedInLoop) {
    if (!l.testFirst()
        || !(l.condition() instanceof Expr.Binary b)
        || b.op() != BinaryOp.LT
        || !(b.left() instanceof Expr.VarRef index)
        || !(b.right() instanceof Expr.ArrayLength length)) {
      return null;
    }
    Variable i = index.variable();
    Set<Variable> arrayVariables = new HashSet<>();
    Exprs.collectVariables(length.array(), arrayVariables);
    if (Stmts.assigned(l.body()).contains(i)
        || arrayVariables.stream().anyMatch(changedInLoop::contains)
        || Stmts.mayChangeFields(l.body())
        || !startsNonNegative(code(l.init()), i)
        || !countsUp(code(l.update()), i)) {
      return null;
    }
    return new Expr.ArrayRead(length.array(), index);
  }

  /**
   * {@code x[i]} in the body of {@code for (i = x.length - k; i >= c; i -= d)} with constants k >= 1,
   * c >= 0 (or {@code i > c}, c >= -1) and d >= 0, where the body changes neither i nor x: a
   * backward sweep over the iterations of a counted loop, whose index starts at or below x's last
   * element and stays at or above its first. Else null.
   */
  private static Expr.ArrayRead countedDownRead(Stmt.Loop l, Set<Variable> changedInLoop) {
    if (!l.testFirst()
        || !(l.condition() instanceof Expr.Binary b)
        || !(b.left() instanceof Expr.VarRef index)
        || !(b.right() instanceof Expr.IntLit bound)
        || !(b.op() == BinaryOp.GE && bound.value() >= 0
            || b.op() == BinaryOp.GT && bound.value() >= -1)) {
      return null;
    }
    Variable i = index.variable();
    List<Stmt> init = code(l.init());
    if (init.size() != 1
        || Stmts.target(init.get(0)) != i
        || !(Stmts.ownExpressions(init.get(0)).get(0) instanceof Expr.Binary start)
        || start.op() != BinaryOp.SUB
        || !(start.left() instanceof Expr.ArrayLength length)
        || !(start.right() instanceof Expr.IntLit below)
        || below.value() < 1) {
      return null;
    }
    Set<Variable> arrayVariables = new HashSet<>();
    Exprs.collectVariables(length.array(), arrayVariables);
    if (Stmts.assigned(l.body()).contains(i)
        || arrayVariables.stream().anyMatch(changedInLoop::contains)
        || Stmts.mayChangeFields(l.body())
        || !countsDown(code(l.update()), i)) {
      return null;
    }
    return new Expr.ArrayRead(length.array(), index);
  }

  private static boolean countsDown(List<Stmt> update, Variable i) {
    return update.size() == 1
        && update.get(0) instanceof Stmt.Assign a
        && a.target() == i
        && a.value() instanceof Expr.Binary difference
        && difference.op() == BinaryOp.SUB
        && difference.left() instanceof Expr.VarRef r
        && r.variable() == i
        && difference.right() instanceof Expr.IntLit step
        && step.value() >= 0;
  }

  private static List<Stmt> code(List<Stmt> block) {
    return block.stream().filter(s -> !(s instanceof Stmt.Comment)).toList();
  }

  private static boolean startsNonNegative(List<Stmt> init, Variable i) {
    return init.size() == 1
        && Stmts.target(init.get(0)) == i
        && Stmts.ownExpressions(init.get(0)).get(0) instanceof Expr.IntLit start
        && start.value() >= 0;
  }

  private static boolean countsUp(List<Stmt> update, Variable i) {
    return update.size() == 1
        && update.get(0) instanceof Stmt.Assign a
        && a.target() == i
        && a.value() instanceof Expr.Binary sum
        && sum.op() == BinaryOp.ADD
        && sum.left() instanceof Expr.VarRef r
        && r.variable() == i
        && sum.right() instanceof Expr.IntLit step
        && step.value() >= 0;
  }

  /** Drops what {@code s}, an if or a loop, may change. */
  private static void forgetChanged(Set<Expr.ArrayRead> known, Stmt s) {
    forget(known, Stmts.assigned(List.of(s)));
    if (Stmts.mayChangeFields(List.of(s))) {
      known.clear();
    }
  }

  /** Drops what is known about elements whose array or index reads a changed variable. */
  private static void forget(Set<Expr.ArrayRead> known, Set<Variable> changed) {
    known.removeIf(
        read -> {
          Set<Variable> used = new HashSet<>();
          Exprs.collectVariables(read, used);
          return used.stream().anyMatch(changed::contains);
        });
  }
}
