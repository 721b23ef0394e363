package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.diff.WrittenPatterns.Atom;
import dev.adjoint.processor.diff.WrittenPatterns.Branch;
import dev.adjoint.processor.diff.WrittenPatterns.Contribute;
import dev.adjoint.processor.diff.WrittenPatterns.Copy;
import dev.adjoint.processor.diff.WrittenPatterns.Generated;
import dev.adjoint.processor.diff.WrittenPatterns.Meet;
import dev.adjoint.processor.diff.WrittenPatterns.Refusal;
import dev.adjoint.processor.diff.WrittenPatterns.Refused;
import dev.adjoint.processor.diff.WrittenPatterns.Repeat;
import dev.adjoint.processor.diff.WrittenPatterns.Step;
import dev.adjoint.processor.diff.WrittenPatterns.Term;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the steps of a {@link WrittenPatterns} analysis as statements: data control as the method
 * has it, a {@code t.meet(i, j)} for each pair of elements that meet, and, where what a loop
 * accumulated meets something, that loop replayed (its variables renamed) around the meets.
 */
final class PatternWriter {
  /** Records the pairs of {@code atom} with what it meets, into {@code out}. */
  private interface AtomAction {
    void accept(Atom atom, List<Stmt> out);
  }

  private final WrittenPatterns analysis;
  /** Each pair of elements recorded, for {@link PatternStructure}. */
  final List<Atom[]> pairs = new ArrayList<>();

  PatternWriter(WrittenPatterns analysis) {
    this.analysis = analysis;
  }

  List<Stmt> write(List<Step> steps) {
    List<Stmt> out = main(steps);
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Stmt.Return) {
      out.remove(out.size() - 1);
    }
    List<Stmt> before;
    do {
      before = out;
      out = withoutUnusedLocals(prune(out));
    } while (!out.equals(before));
    return out;
  }

  // ---------------------------------------------------------------- the method's own control

  private List<Stmt> main(List<Step> steps) {
    List<Stmt> out = new ArrayList<>();
    // The meets written since the last statement that may change an index: once is enough.
    Set<Stmt> written = new java.util.HashSet<>();
    for (Step s : steps) {
      if (s instanceof Meet m) {
        List<Stmt> meets = new ArrayList<>();
        meets(m.a(), m.b(), meets);
        for (Stmt meet : meets) {
          if (written.add(meet)) {
            out.add(meet);
          }
        }
        continue;
      }
      if (!(s instanceof Contribute)) {
        written.clear();
      }
      if (s instanceof Copy c) {
        out.add(c.stmt());
      } else if (s instanceof Branch b) {
        out.add(new Stmt.If(b.condition(), main(b.then()), main(b.otherwise())));
      } else if (s instanceof Repeat r) {
        out.add(r.loop.withBody(main(r.body)));
      }
      // A contribution is what a replay of its loop enumerates; nothing here.
    }
    return out;
  }

  private void meets(List<Term> a, List<Term> b, List<Stmt> out) {
    if (a.equals(b)) {
      // Each unordered pair once.
      for (int k = 0; k < a.size(); k++) {
        for (int l = k; l < a.size(); l++) {
          pair(a.get(k), a.get(l), out);
        }
      }
      return;
    }
    for (Term x : a) {
      for (Term y : b) {
        pair(x, y, out);
      }
    }
  }

  private void pair(Term x, Term y, List<Stmt> out) {
    if (x instanceof Generated g) {
      expand(g, Map.of(), (ax, in) -> pair(ax, y, in), out);
    } else if (y instanceof Generated g) {
      expand(g, Map.of(), (ay, in) -> pair(x, ay, in), out);
    } else if (x instanceof Atom a && y instanceof Atom b) {
      meet(a, b, out);
    } else {
      throw new Refused(Refusal.CARRIED_VALUE_MET, null, null);
    }
  }

  private void meet(Atom a, Atom b, List<Stmt> out) {
    if (a.param() == b.param() && java.util.Objects.equals(a.index(), b.index())) {
      // The diagonal is in every pattern.
      return;
    }
    pairs.add(new Atom[] {a, b});
    Stmt meet = analysis.meetCall(analysis.inputOf(a, Map.of()), analysis.inputOf(b, Map.of()));
    Expr guard = null;
    for (Atom e : a.equals(b) ? List.of(a) : List.of(a, b)) {
      if (e.guarded() && e.index() != null) {
        Expr inRange =
            new Expr.Binary(
                BinaryOp.AND,
                Exprs.compare(BinaryOp.GE, e.index(), Exprs.lit0()),
                Exprs.compare(BinaryOp.LT, e.index(), new Expr.ArrayLength(ref(e.param()))),
                Type.BOOLEAN);
        guard = guard == null ? inRange : new Expr.Binary(BinaryOp.AND, guard, inRange, Type.BOOLEAN);
      }
    }
    out.add(guard == null ? meet : new Stmt.If(guard, List.of(meet), List.of()));
  }

  // ---------------------------------------------------------------- loops replayed

  /**
   * {@code g}'s loop again, its variables renamed (within {@code outer}'s renaming), calling
   * {@code action} at each element it added to its variable.
   */
  private void expand(Generated g, Map<Variable, Variable> outer, AtomAction action, List<Stmt> out) {
    Repeat r = g.loop();
    requireReplayable(r);
    Map<Variable, Variable> rename = new IdentityHashMap<>(outer);
    for (Variable v : r.declared) {
      rename.put(v, new Variable(v.baseName(), v.type(), v.role()));
    }
    List<Stmt> body = replay(r.body, g.carried(), rename, action);
    Stmt.Loop l = r.loop;
    out.add(
        new Stmt.Loop(
            renamed(l.init(), rename),
            WrittenPatterns.renamed(l.condition(), rename),
            renamed(l.update(), rename),
            body,
            l.testFirst()));
  }

  private List<Stmt> replay(
      List<Step> steps, Variable carried, Map<Variable, Variable> rename, AtomAction action) {
    List<Stmt> out = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Copy c) {
        out.add(renamed(c.stmt(), rename));
      } else if (s instanceof Branch b) {
        out.add(
            new Stmt.If(
                WrittenPatterns.renamed(b.condition(), rename),
                replay(b.then(), carried, rename, action),
                replay(b.otherwise(), carried, rename, action)));
      } else if (s instanceof Repeat r) {
        Stmt.Loop l = r.loop;
        out.add(
            new Stmt.Loop(
                renamed(l.init(), rename),
                WrittenPatterns.renamed(l.condition(), rename),
                renamed(l.update(), rename),
                replay(r.body, carried, rename, action),
                l.testFirst()));
      } else if (s instanceof Contribute c && c.carried() == carried) {
        for (Term t : c.terms()) {
          if (t instanceof Atom a) {
            Expr index = a.index() == null ? null : WrittenPatterns.renamed(a.index(), rename);
            action.accept(new Atom(a.param(), index, a.guarded()), out);
          } else if (t instanceof Generated nested) {
            expand(nested, rename, action, out);
          } else {
            throw new Refused(Refusal.CARRIED_VALUE_MET, null, "what a loop carried meets");
          }
        }
      }
    }
    return out;
  }

  /** A replay may only change what its loop declares: it runs beside the original. */
  private static void requireReplayable(Repeat r) {
    Set<Variable> assigned =
        Stmts.assigned(
            concat(r.loop.init(), copies(r.body), r.loop.update()));
    for (Variable v : assigned) {
      if (!r.declared.contains(v)) {
        throw new Refused(
            Refusal.NOT_FOLLOWED, null, "a loop replayed changes " + v.baseName() + ", declared outside it");
      }
    }
  }

  /** The statements the steps copy, nested loops' and branches' included. */
  private static List<Stmt> copies(List<Step> steps) {
    List<Stmt> out = new ArrayList<>();
    for (Step s : steps) {
      if (s instanceof Copy c) {
        out.add(c.stmt());
      } else if (s instanceof Branch b) {
        out.addAll(copies(b.then()));
        out.addAll(copies(b.otherwise()));
      } else if (s instanceof Repeat r) {
        out.addAll(r.loop.init());
        out.addAll(r.loop.update());
        out.addAll(copies(r.body));
      }
    }
    return out;
  }

  private static List<Stmt> renamed(List<Stmt> block, Map<Variable, Variable> rename) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      out.add(renamed(s, rename));
    }
    return out;
  }

  private static Stmt renamed(Stmt s, Map<Variable, Variable> rename) {
    Stmt mapped = Stmts.mapExpressions(s, e -> WrittenPatterns.renamed(e, rename));
    if (mapped instanceof Stmt.Assign a && rename.containsKey(a.target())) {
      return new Stmt.Assign(rename.get(a.target()), a.value(), a.declares());
    }
    if (mapped instanceof Stmt.Accumulate a && rename.containsKey(a.target())) {
      return new Stmt.Accumulate(rename.get(a.target()), a.value());
    }
    if (mapped instanceof Stmt.ArrayStore a && rename.containsKey(a.array())) {
      return new Stmt.ArrayStore(rename.get(a.array()), a.row(), a.index(), a.value());
    }
    if (mapped instanceof Stmt.ArrayAccumulate a && rename.containsKey(a.array())) {
      return new Stmt.ArrayAccumulate(rename.get(a.array()), a.row(), a.index(), a.value());
    }
    return mapped;
  }

  @SafeVarargs
  private static List<Stmt> concat(List<Stmt>... blocks) {
    List<Stmt> out = new ArrayList<>();
    for (List<Stmt> b : blocks) {
      out.addAll(b);
    }
    return out;
  }

  // ---------------------------------------------------------------- tidying

  /** Loops and branches that record nothing and change nothing outside them, removed. */
  private static List<Stmt> prune(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Loop l) {
        Stmt.Loop kept = l.withBody(prune(l.body()));
        if (matters(List.of(kept))) {
          out.add(kept);
        }
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = prune(i.thenBlock());
        List<Stmt> otherwise = prune(i.elseBlock());
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          out.add(new Stmt.If(i.condition(), then, otherwise));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether {@code block} records a pair, returns, throws, or changes a variable declared outside. */
  private static boolean matters(List<Stmt> block) {
    boolean[] found = {false};
    Set<Variable> declared = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.forEach(
        block,
        s -> {
          if (s instanceof Stmt.Eval || s instanceof Stmt.Return) {
            found[0] = true;
          }
          if (s instanceof Stmt.Assign a && a.declares()) {
            declared.add(a.target());
          }
        });
    for (Variable v : Stmts.assigned(block)) {
      found[0] |= !declared.contains(v);
    }
    return found[0];
  }

  /** Locals declared and never mentioned again, removed. */
  private static List<Stmt> withoutUnusedLocals(List<Stmt> body) {
    Map<Variable, Integer> mentions = ValueDependence.mentions(body);
    return dropUnused(body, mentions);
  }

  private static List<Stmt> dropUnused(List<Stmt> block, Map<Variable, Integer> mentions) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block) {
      if (s instanceof Stmt.Assign a && a.declares() && mentions.get(a.target()) == 1) {
        continue;
      }
      out.add(Stmts.mapBlocks(s, b -> dropUnused(b, mentions)));
    }
    return out;
  }
}
