package dev.adjoint.processor.simplify;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Comment;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.TapeEntry;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes assignments whose value is never read (dead adjoints, restores nobody needs, saves of
 * values never restored, primal values a derivative does not use), branches left empty, and
 * comments left with nothing to describe. An unread assignment goes unless its value makes a call
 * that may have effects ({@link Effects}): that call still runs, once, where the original runs
 * it, its value discarded. (Every other expression is free of effects; a companion call made again
 * only for its partials goes when they are unread.) A value of the user's that reads elements
 * leaves a check of each index ({@link ElementChecks}): Java throws there past an array's end.
 */
public final class DeadCode {
  private DeadCode() {}

  public static List<Stmt> run(List<Stmt> body) {
    return dropOrphanComments(
        ElementChecks.withoutCovered(new DeadCode().block(body, new HashSet<>(), null)));
  }

  /** The tape entries whose pop is kept: their pushes stay, all others go with their pops. */
  private final Set<TapeEntry> poppedEntries = new HashSet<>();

  /** Whether the block is a loop's update, whose statements stay assignments (no checks there). */
  private boolean inUpdate;

  /** What is live where the innermost loop's {@code break} and {@code continue} go. */
  private record Exits(Set<Variable> atBreak, Set<Variable> atContinue) {}

  /** Rewrites {@code body} given the variables live after it; leaves {@code live} as live before. */
  private List<Stmt> block(List<Stmt> body, Set<Variable> live, Exits exits) {
    List<Stmt> kept = new ArrayList<>();
    for (int k = body.size() - 1; k >= 0; k--) {
      Stmt s = body.get(k);
      if (s instanceof Stmt.Break) {
        live.clear();
        live.addAll(exits.atBreak());
        kept.add(s);
      } else if (s instanceof Stmt.Continue) {
        live.clear();
        live.addAll(exits.atContinue());
        kept.add(s);
      } else if (s instanceof Stmt.Loop l) {
        Stmt.Loop rewritten = loop(l, live, exits);
        if (rewritten != null) {
          kept.add(rewritten);
        }
      } else if (s instanceof Stmt.Pop p) {
        boolean wholeValue = p.index() == null && !p.target().type().isArray();
        if (live.contains(p.target())) {
          poppedEntries.add(p.entry());
          if (wholeValue) {
            live.remove(p.target());
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            reads(e, live);
          }
          kept.add(s);
        }
      } else if (s instanceof Stmt.Push p) {
        if (poppedEntries.contains(p.entry())) {
          for (Expr e : Stmts.ownExpressions(s)) {
            reads(e, live);
          }
          kept.add(s);
        }
      } else if (s instanceof Return r) {
        live.clear();
        reads(r.value(), live);
        kept.add(s);
      } else if (s instanceof ArrayStore a) {
        live.add(a.array());
        for (Expr e : Stmts.ownExpressions(s)) {
          reads(e, live);
        }
        kept.add(s);
      } else if ((s instanceof Accumulate a && Exprs.isZero(a.value()))
          || (s instanceof Stmt.ArrayAccumulate e && Exprs.isZero(e.value()))) {
        // Adding zero does nothing.
        continue;
      } else if (s instanceof Stmt.ArrayAccumulate || s instanceof Stmt.Zero) {
        // Writes to an output array: always kept.
        live.add(Stmts.target(s) != null ? Stmts.target(s) : arrayOf(s));
        for (Expr e : Stmts.ownExpressions(s)) {
          reads(e, live);
        }
        kept.add(s);
      } else if (s instanceof Assign a
          && a.value() instanceof Expr.VarRef r
          && r.variable() == a.target()) {
        // x = x does nothing.
        continue;
      } else if (s instanceof Assign || s instanceof Declare) {
        Variable t = Stmts.target(s);
        Expr value = Stmts.ownExpressions(s).get(0);
        if (live.contains(t) || mayThrow(s)) {
          live.remove(t);
          reads(value, live);
          kept.add(s);
        } else if (Effects.possibleIn(value)) {
          // The original makes this call for what it does, too: it runs, its value discarded.
          Stmt call = fillsLive(value, live) ? s : discarded(s, value);
          for (Expr e : Stmts.ownExpressions(call)) {
            reads(e, live);
          }
          kept.add(call);
        } else if (fillsLive(value, live)) {
          // Only the partials the call leaves behind are used, not its value.
          reads(value, live);
          kept.add(new Stmt.Eval(value));
        } else if (t.role().isPrimal()) {
          // The original reads these elements and throws past an array's end: checks stay.
          List<Stmt> checks = inUpdate ? null : ElementChecks.of(value);
          if (checks == null) {
            reads(value, live);
            kept.add(s);
          } else {
            for (int c = checks.size() - 1; c >= 0; c--) {
              reads(((Stmt.Eval) checks.get(c)).call(), live);
              kept.add(checks.get(c));
            }
          }
        }
      } else if (s instanceof Stmt.Eval e && !(e.call() instanceof Expr.DiffCall)) {
        // A runtime helper that writes an output array.
        reads(e.call(), live);
        kept.add(s);
      } else if (s instanceof Stmt.Eval e) {
        // A companion call kept for the partials it leaves, or a plain call kept for its effects
        // (a call for partials alone, such as the backward sweep's, goes when they are unread).
        boolean forEffects = ((Expr.DiffCall) e.call()).gradient() == null;
        if (fillsLive(e.call(), live) || (forEffects && Effects.possibleIn(e.call()))) {
          reads(e.call(), live);
          kept.add(s);
        }
      } else if (s instanceof Accumulate a) {
        if (live.contains(a.target())) {
          reads(a.value(), live);
          kept.add(s);
        }
      } else if (s instanceof If i) {
        Set<Variable> thenLive = new HashSet<>(live);
        Set<Variable> elseLive = new HashSet<>(live);
        List<Stmt> thenBlock = block(i.thenBlock(), thenLive, exits);
        List<Stmt> elseBlock = block(i.elseBlock(), elseLive, exits);
        if (hasCode(thenBlock) || hasCode(elseBlock)) {
          // Live before the if: what either branch needs, and what its condition reads.
          live.clear();
          live.addAll(thenLive);
          live.addAll(elseLive);
          reads(i.condition(), live);
          kept.add(new If(i.condition(), thenBlock, elseBlock));
        } else if (Effects.possibleIn(i.condition())) {
          // Both branches are dead, but the condition makes a call for what it does: it runs,
          // as written (&& and || included), its value discarded.
          reads(i.condition(), live);
          Variable condition = new Variable("condition", Type.BOOLEAN, Variable.Role.TEMP);
          kept.add(new Assign(condition, i.condition()));
        }
      } else if (s instanceof Comment) {
        kept.add(s);
      } else {
        throw new IllegalStateException("unknown statement " + s);
      }
    }
    Collections.reverse(kept);
    return kept;
  }

  /**
   * A loop given what is live after it. What is live at its head is found by iterating to a fixed
   * point over the back edge; then the body is rewritten once with that.
   */
  private Stmt.Loop loop(Stmt.Loop l, Set<Variable> live, Exits outer) {
    Set<Variable> after = new HashSet<>(live);
    Set<Variable> condition = new HashSet<>();
    reads(l.condition(), condition);
    Set<Variable> head = new HashSet<>(after);
    head.addAll(condition);
    while (true) {
      Set<Variable> next = headOf(l, after, condition, head);
      if (next.equals(head)) {
        break;
      }
      head = next;
    }
    List<Stmt> body;
    List<Stmt> update;
    Set<Variable> bodyIn;
    if (l.testFirst()) {
      Set<Variable> updateIn = new HashSet<>(head);
      update = update(this, l.update(), updateIn, outer);
      bodyIn = new HashSet<>(updateIn);
      body = block(l.body(), bodyIn, new Exits(after, updateIn));
    } else {
      Set<Variable> test = new HashSet<>(after);
      test.addAll(condition);
      test.addAll(head);
      update = l.update();
      bodyIn = new HashSet<>(test);
      body = block(l.body(), bodyIn, new Exits(after, test));
    }
    if (!hasCode(body)
        && !changesLive(update, after)
        && !hasCode(init(l, after))
        && !Effects.possibleIn(l.condition())
        && !makesCallsWithEffects(l.init())
        && !makesCallsWithEffects(l.update())) {
      // Nothing it computes is used, and its head makes no call with effects: the loop goes (live
      // stays as after it).
      return null;
    }
    Set<Variable> initIn = new HashSet<>(l.testFirst() ? head : bodyIn);
    List<Stmt> init = block(l.init(), initIn, outer);
    live.clear();
    live.addAll(initIn);
    return new Stmt.Loop(init, l.condition(), update, body, l.testFirst());
  }

  private static List<Stmt> update(DeadCode d, List<Stmt> update, Set<Variable> live, Exits exits) {
    boolean outer = d.inUpdate;
    d.inUpdate = true;
    List<Stmt> out = d.block(update, live, exits);
    d.inUpdate = outer;
    return out;
  }

  /** The gradient's closing {@code return result}, which no source statement describes. */
  private static boolean returnsResult(Stmt s) {
    return s instanceof Return r
        && r.value() instanceof Expr.VarRef v
        && v.variable().role() == Variable.Role.RESULT;
  }

  private static boolean makesCallsWithEffects(List<Stmt> statements) {
    for (Stmt s : statements) {
      if (Stmts.ownExpressions(s).stream().anyMatch(Effects::possibleIn)) {
        return true;
      }
    }
    return false;
  }

  private static boolean changesLive(List<Stmt> update, Set<Variable> after) {
    for (Stmt s : update) {
      if (after.contains(Stmts.target(s))) {
        return true;
      }
    }
    return false;
  }

  /** The loop's initialisation statements whose targets are used after the loop. */
  private static List<Stmt> init(Stmt.Loop l, Set<Variable> after) {
    List<Stmt> used = new ArrayList<>();
    for (Stmt s : l.init()) {
      if (after.contains(Stmts.target(s))) {
        used.add(s);
      }
    }
    return used;
  }

  /** One step of the fixed point: what is live at the loop's head given a guess. */
  private Set<Variable> headOf(
      Stmt.Loop l, Set<Variable> after, Set<Variable> condition, Set<Variable> guess) {
    // The analysis runs on copies; the tape entries it sees are settled by the final pass.
    DeadCode scratch = new DeadCode();
    scratch.poppedEntries.addAll(poppedEntries);
    if (l.testFirst()) {
      Set<Variable> updateIn = new HashSet<>(guess);
      update(scratch, l.update(), updateIn, null);
      Set<Variable> bodyIn = new HashSet<>(updateIn);
      scratch.block(l.body(), bodyIn, new Exits(after, updateIn));
      Set<Variable> head = new HashSet<>(after);
      head.addAll(condition);
      head.addAll(bodyIn);
      head.addAll(guess);
      return head;
    }
    Set<Variable> test = new HashSet<>(after);
    test.addAll(condition);
    test.addAll(guess);
    Set<Variable> bodyIn = new HashSet<>(test);
    scratch.block(l.body(), bodyIn, new Exits(after, test));
    bodyIn.addAll(guess);
    return bodyIn;
  }

  /**
   * Whether a statement of the user's may throw (integer division by zero): it stays, so the
   * generated method fails where the original does instead of returning a number.
   */
  private static boolean mayThrow(Stmt s) {
    Variable t = Stmts.target(s);
    if (t == null || !t.role().isPrimal()) {
      return false;
    }
    boolean[] found = {false};
    Exprs.forEachNode(
        Stmts.ownExpressions(s).get(0),
        n -> {
          if (n instanceof Expr.Binary b
              && b.type().isIntegral()
              && (b.op() == dev.adjoint.processor.ir.BinaryOp.DIV
                  || b.op() == dev.adjoint.processor.ir.BinaryOp.REM)) {
            found[0] = true;
          }
        });
    return found[0];
  }

  private static Variable arrayOf(Stmt s) {
    return s instanceof Stmt.ArrayAccumulate a ? a.array() : ((Stmt.Zero) s).array();
  }

  /**
   * An unread assignment whose value makes calls with effects, as the statement that still makes
   * them: a call alone becomes a call made as a statement (a companion call its plain call, as
   * nothing reads its partials, a data call itself); any other value stays assigned, as it was.
   */
  private static Stmt discarded(Stmt s, Expr value) {
    if (value instanceof Expr.DiffCall c) {
      return new Stmt.Eval(new Expr.DiffCall(c.callee(), c.args()));
    }
    // Only a data call stands alone as a statement; around any other (Math.toRadians(g(x))) the
    // calls with effects are arguments, so the assignment stays.
    return value instanceof Expr.Call c && c.target() instanceof CallTarget.Data
        ? new Stmt.Eval(value)
        : s;
  }

  /** Whether {@code value} is a companion call that fills an array read later. */
  private static boolean fillsLive(Expr value, Set<Variable> live) {
    return value instanceof Expr.DiffCall c && c.filled().stream().anyMatch(live::contains);
  }

  private static void reads(Expr e, Set<Variable> live) {
    Exprs.collectVariables(e, live);
  }

  private static boolean hasCode(List<Stmt> block) {
    for (Stmt s : block) {
      if (!(s instanceof Comment)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Drops comments followed by no code before the next comment or the end of their block, and a
   * comment that repeats the one before it in the block (the parts of a split statement).
   */
  static List<Stmt> dropOrphanComments(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    Stmt previous = null;
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      if (s instanceof Comment) {
        boolean describesCode =
            k + 1 < body.size()
                && !(body.get(k + 1) instanceof Comment)
                && !returnsResult(body.get(k + 1));
        if (describesCode && !s.equals(previous)) {
          out.add(s);
          previous = s;
        }
      } else if (s instanceof If || s instanceof Stmt.Loop) {
        out.add(Stmts.mapBlocks(s, DeadCode::dropOrphanComments));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
