package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Loop;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a loop's backward sweep inside its forward sweep when no iteration of the backward sweep
 * needs the loop to have finished: a sum such as {@code sum += f(x[i])} whose adjoint does not
 * depend on the sum. The gradient then makes one pass over the data, as a hand-written one would.
 *
 * <p>Only a counted loop of the method's own block, together with the loop that reverses it,
 * qualifies, and only when the backward iteration reads nothing but its index, the inputs, values
 * it computes again itself and constants; writes only its own locals and sums of adjoints that
 * nothing in the two loops reads; and records nothing on the tape, but a local of the iteration
 * taped only for the backward iteration before ({@link #carriedPushes}), which fused needs no
 * tape. The sums then get the same
 * terms in the other order (rounding may differ in the last bits).
 */
public final class LoopFusion {
  private LoopFusion() {}

  public static Function fuse(Function gradient) {
    List<Stmt> body = new ArrayList<>(gradient.body());
    boolean changed = false;
    for (int p = 0; p < body.size(); p++) {
      if (!(body.get(p) instanceof Loop forward) || CountedLoop.of(forward) == null) {
        continue;
      }
      for (int q = p + 1; q < body.size(); q++) {
        if (body.get(q) instanceof Loop backward && reverses(backward, forward)) {
          List<Stmt> fused = fused(body, p, q);
          if (fused != null) {
            body = fused;
            changed = true;
          }
          break;
        }
      }
    }
    return changed ? gradient.withBody(body) : gradient;
  }

  /** Whether {@code backward} runs {@code forward}'s indices downwards, as reverse mode made it. */
  private static boolean reverses(Loop backward, Loop forward) {
    Stmt header = CountedLoop.of(forward).reversed(List.of());
    Loop expected = (Loop) header;
    return backward.init().equals(expected.init())
        && backward.condition().equals(expected.condition())
        && backward.update().equals(expected.update());
  }

  /** The body with the two loops fused, or null when they may not be. */
  private static List<Stmt> fused(List<Stmt> body, int p, int q) {
    Loop forward = (Loop) body.get(p);
    Loop backward = (Loop) body.get(q);
    Set<Variable> carried = new HashSet<>();
    for (Stmt.Push push : carriedPushes(forward, backward)) {
      Variable v = ((Expr.VarRef) push.value()).variable();
      if (readOutside(v, body, p, q)) {
        continue;
      }
      carried.add(v);
      forward = forward.withBody(without(forward.body(), push));
      backward = backward.withBody(without(backward.body(), popOf(backward.body(), push)));
    }
    if (!plain(forward.body()) || !plain(backward.body())) {
      return null;
    }
    Set<Variable> forwardWrites = Stmts.assigned(forward.body());
    Set<Variable> forwardReads = reads(forward.body());
    Set<Variable> backwardWrites = Stmts.assigned(backward.body());
    Set<Variable> backwardReads = reads(backward.body());
    for (Variable v : backwardReads) {
      // A value of the forward loop: only if each backward iteration computes it again first, or
      // finds it as the forward iteration just left it (a carried local it does not change).
      boolean leftByForward = carried.contains(v) && !backwardWrites.contains(v);
      if (forwardWrites.contains(v) && !local(v, backward.body()) && !leftByForward) {
        return null;
      }
    }
    for (Variable v : backwardWrites) {
      boolean local = local(v, backward.body());
      if (forwardReads.contains(v) && !(local && local(v, forward.body()))) {
        return null;
      }
      if (!local && !sum(v, backward.body(), backwardReads, forwardWrites)) {
        return null;
      }
    }
    // Between the loops: what the backward loop needs moves before the forward one; the rest
    // must not touch what it reads or writes.
    List<Stmt> before = new ArrayList<>();
    List<Stmt> between = new ArrayList<>();
    for (Stmt s : body.subList(p + 1, q)) {
      Set<Variable> writes = Stmts.assigned(List.of(s));
      Set<Variable> sReads = reads(List.of(s));
      boolean feedsBackward = writes.stream().anyMatch(v -> backwardReads.contains(v) || backwardWrites.contains(v));
      if (feedsBackward) {
        Set<Variable> betweenReads = reads(between);
        boolean movable =
            !(s instanceof Loop)
                && !(s instanceof Stmt.If)
                && sReads.stream().noneMatch(v -> forwardWrites.contains(v) || writtenBy(between, v))
                && writes.stream()
                    .noneMatch(
                        v ->
                            forwardReads.contains(v)
                                || forwardWrites.contains(v)
                                || betweenReads.contains(v)
                                || writtenBy(between, v));
        if (!movable) {
          return null;
        }
        before.add(s);
      } else if (sReads.stream().anyMatch(backwardWrites::contains)) {
        return null;
      } else {
        between.add(s);
      }
    }
    // After the loops, only the sums of the backward loop may be read, not its last locals.
    Set<Variable> laterReads = reads(body.subList(q + 1, body.size()));
    for (Variable v : backwardWrites) {
      if (laterReads.contains(v) && local(v, backward.body())) {
        return null;
      }
    }
    List<Stmt> loopBody = new ArrayList<>(forward.body());
    boolean marked = false;
    for (Stmt s : backward.body()) {
      // The fused iteration computes its values once: no heading announces them again.
      if (RecomputedValues.isHeading(s)
          || (s instanceof Stmt.Assign a && alreadyComputed(a, forward.body()))) {
        continue;
      }
      if (!marked && s instanceof Stmt.Comment c) {
        // Where the backward step starts, for a reader.
        s = new Stmt.Comment("backward, in the same pass: " + c.text());
        marked = true;
      }
      loopBody.add(s);
    }
    List<Stmt> out = new ArrayList<>(body.subList(0, p));
    out.addAll(before);
    out.add(forward.withBody(loopBody));
    out.addAll(between);
    out.addAll(body.subList(q + 1, body.size()));
    return out;
  }

  /**
   * The pushes of scalars that the forward iteration tapes before it first assigns them, assigning
   * them before it reads them, and that the backward iteration pops last: a local of the iteration
   * (declared in the body), taped only so that the backward iteration before finds the value its
   * forward iteration left. Fused, the backward iteration runs right after that forward iteration,
   * which left the value there: push and pop go.
   */
  private static List<Stmt.Push> carriedPushes(Loop forward, Loop backward) {
    List<Stmt.Push> out = new ArrayList<>();
    for (Stmt s : forward.body()) {
      if (!(s instanceof Stmt.Push push)
          || !(push.value() instanceof Expr.VarRef r)
          || r.variable().type().isArray()) {
        continue;
      }
      Variable v = r.variable();
      Stmt.Pop pop = popOf(backward.body(), push);
      List<Stmt> rest = without(forward.body(), push);
      if (pop != null
          && pop.target() == v
          && pop.row() == null
          && pop.index() == null
          && firstMentioning(forward.body(), v) == push
          && lastMentioning(backward.body(), v) == pop
          && assignsFirst(rest, v)) {
        out.add(push);
      }
    }
    return out;
  }

  /** The pop of {@code push}'s entry among the statements of {@code body}'s own block, or null. */
  private static Stmt.Pop popOf(List<Stmt> body, Stmt.Push push) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Pop pop && pop.entry() == push.entry()) {
        return pop;
      }
    }
    return null;
  }

  /** Whether the first statement of {@code body} that mentions {@code v} assigns it (not from itself). */
  private static boolean assignsFirst(List<Stmt> body, Variable v) {
    Stmt first = firstMentioning(body, v);
    return first instanceof Stmt.Assign a && a.target() == v && !Exprs.reads(a.value(), v);
  }

  private static Stmt firstMentioning(List<Stmt> body, Variable v) {
    for (Stmt s : body) {
      if (mentions(s, v)) {
        return s;
      }
    }
    return null;
  }

  private static Stmt lastMentioning(List<Stmt> body, Variable v) {
    for (int k = body.size() - 1; k >= 0; k--) {
      if (mentions(body.get(k), v)) {
        return body.get(k);
      }
    }
    return null;
  }

  private static boolean mentions(Stmt s, Variable v) {
    return reads(List.of(s)).contains(v) || Stmts.assigned(List.of(s)).contains(v);
  }

  /**
   * Whether anything after the forward loop but the backward loop reads {@code v}: unfused, the
   * last pop gives it back the value it had before the loop, which fused it no longer has.
   */
  private static boolean readOutside(Variable v, List<Stmt> body, int p, int q) {
    List<Stmt> others = new ArrayList<>(body.subList(p + 1, q));
    others.addAll(body.subList(q + 1, body.size()));
    return reads(others).contains(v);
  }

  /** {@code block} without {@code s} (by identity). */
  private static List<Stmt> without(List<Stmt> block, Stmt s) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt t : block) {
      if (t != s) {
        out.add(t);
      }
    }
    return out;
  }

  /** No tape, calls, exits or returns: statements whose effect is their assignments. */
  private static boolean plain(List<Stmt> block) {
    boolean[] plain = {true};
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Push
              || s instanceof Stmt.Pop
              || s instanceof Stmt.Eval
              || s instanceof Stmt.Break
              || s instanceof Stmt.Continue
              || s instanceof Stmt.Return) {
            plain[0] = false;
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(e, n -> plain[0] &= !(n instanceof Expr.DiffCall));
          }
        });
    return plain[0];
  }

  /** The variables a block reads. */
  private static Set<Variable> reads(List<Stmt> block) {
    Set<Variable> out = new HashSet<>();
    Stmts.forEach(block, s -> Stmts.ownExpressions(s).forEach(e -> Exprs.collectVariables(e, out)));
    return out;
  }

  /**
   * Whether each iteration assigns the scalar {@code v} (not from itself) before it reads it: its
   * value never crosses iterations.
   */
  private static boolean local(Variable v, List<Stmt> body) {
    if (v.type().isArray()) {
      return false;
    }
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      if (s instanceof Stmt.Comment || !mentions(s, v)) {
        continue;
      }
      if (s instanceof Stmt.If i) {
        // Assigned first in both branches (tBar = ... on either side of a ?:), or a temporary of
        // one branch or both (exp = Math.exp(-z) where z > 0) that each branch assigns before
        // reading it and nothing after the if reads.
        Set<Variable> inCondition = new HashSet<>();
        Exprs.collectVariables(i.condition(), inCondition);
        boolean bothAssign = assignsFirst(i.thenBlock(), v) && assignsFirst(i.elseBlock(), v);
        return !inCondition.contains(v)
            && (bothAssign
                || (local(v, i.thenBlock())
                    && local(v, i.elseBlock())
                    && body.subList(k + 1, body.size()).stream().noneMatch(t -> mentions(t, v))));
      }
      return assignsFresh(s, v);
    }
    return true;
  }

  /**
   * Whether {@code s} gives {@code v} a value that does not read it before anything reads it: an
   * assignment, or a nested loop whose init does (its own index).
   */
  private static boolean assignsFresh(Stmt s, Variable v) {
    if (s instanceof Loop l && !l.init().isEmpty()) {
      return assignsFresh(l.init().get(0), v);
    }
    return s instanceof Stmt.Assign a && a.target() == v && !Exprs.reads(a.value(), v);
  }

  /**
   * Whether {@code v} only sums: {@code v += e} (or, for an array, elements added to) with nothing
   * in either loop reading it.
   */
  private static boolean sum(
      Variable v, List<Stmt> backward, Set<Variable> backwardReads, Set<Variable> forwardWrites) {
    if (backwardReads.contains(v) || forwardWrites.contains(v)) {
      return false;
    }
    boolean[] onlyAdds = {true};
    Stmts.forEach(
        backward,
        s -> {
          if (Stmts.assigned(List.of(s)).contains(v)
              && !(s instanceof Stmt.Accumulate)
              && !(s instanceof Stmt.ArrayAccumulate)
              && !(s instanceof Loop)
              && !(s instanceof Stmt.If)) {
            onlyAdds[0] = false;
          }
        });
    return onlyAdds[0];
  }

  private static boolean writtenBy(List<Stmt> block, Variable v) {
    return Stmts.assigned(block).contains(v);
  }

  /**
   * Whether the forward body computes {@code a} already as a statement of its own block, with
   * nothing after it changing its target or inputs.
   */
  private static boolean alreadyComputed(Stmt.Assign a, List<Stmt> forward) {
    int at = forward.indexOf(a);
    if (at < 0) {
      return false;
    }
    Set<Variable> inputs = new HashSet<>();
    Exprs.collectVariables(a.value(), inputs);
    inputs.add(a.target());
    Set<Variable> later = Stmts.assigned(forward.subList(at + 1, forward.size()));
    return inputs.stream().noneMatch(later::contains);
  }
}
