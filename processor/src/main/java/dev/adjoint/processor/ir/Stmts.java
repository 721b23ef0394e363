package dev.adjoint.processor.ir;

import dev.adjoint.processor.ir.Stmt.Accumulate;
import dev.adjoint.processor.ir.Stmt.ArrayStore;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmt.Declare;
import dev.adjoint.processor.ir.Stmt.If;
import dev.adjoint.processor.ir.Stmt.Return;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Traversals of statement lists. */
public final class Stmts {
  private Stmts() {}

  /** The expressions a statement evaluates itself (not those of nested blocks). */
  public static List<Expr> ownExpressions(Stmt s) {
    if (s instanceof Assign a) {
      return List.of(a.value());
    } else if (s instanceof Accumulate a) {
      return List.of(a.value());
    } else if (s instanceof Declare d) {
      return List.of(d.init());
    } else if (s instanceof If i) {
      return List.of(i.condition());
    } else if (s instanceof Return r) {
      // A void method's return has none.
      return r.value() == null ? List.of() : List.of(r.value());
    } else if (s instanceof ArrayStore a) {
      return a.row() == null ? List.of(a.index(), a.value()) : List.of(a.row(), a.index(), a.value());
    } else if (s instanceof Stmt.ArrayAccumulate a) {
      return a.row() == null ? List.of(a.index(), a.value()) : List.of(a.row(), a.index(), a.value());
    } else if (s instanceof Stmt.Zero z) {
      return List.of(z.from(), z.to());
    } else if (s instanceof Stmt.Eval e) {
      return List.of(e.call());
    } else if (s instanceof Stmt.Loop l) {
      return List.of(l.condition());
    } else if (s instanceof Stmt.Push p) {
      return List.of(new Expr.VarRef(p.tape()), p.value());
    } else if (s instanceof Stmt.Pop p) {
      if (p.index() == null) {
        return List.of(new Expr.VarRef(p.tape()));
      }
      return p.row() == null
          ? List.of(new Expr.VarRef(p.tape()), p.index())
          : List.of(new Expr.VarRef(p.tape()), p.row(), p.index());
    }
    return List.of();
  }

  /** The variable a statement writes, or null. */
  public static Variable target(Stmt s) {
    if (s instanceof Assign a) {
      return a.target();
    } else if (s instanceof Accumulate a) {
      return a.target();
    } else if (s instanceof Declare d) {
      return d.variable();
    } else if (s instanceof Stmt.Pop p && p.index() == null && !p.target().type().isArray()) {
      return p.target();
    }
    return null;
  }

  /** The array a statement writes elements of, or null. */
  public static Variable arrayWritten(Stmt s) {
    if (s instanceof ArrayStore a) {
      return a.array();
    } else if (s instanceof Stmt.ArrayAccumulate a) {
      return a.array();
    } else if (s instanceof Stmt.Zero z) {
      return z.array();
    } else if (s instanceof Stmt.Pop p && (p.index() != null || p.target().type().isArray())) {
      return p.target();
    }
    return null;
  }

  /** The nested blocks of a statement, in the order they first run. */
  public static List<List<Stmt>> blocks(Stmt s) {
    if (s instanceof If i) {
      return List.of(i.thenBlock(), i.elseBlock());
    } else if (s instanceof Stmt.Loop l) {
      return List.of(l.init(), l.body(), l.update());
    } else if (s instanceof Stmt.TryFinally t) {
      return List.of(t.body(), t.finallyBlock());
    }
    return List.of();
  }

  /**
   * Whether running {@code block} may change a field or a field's array: it makes a call as a
   * statement (not an {@code assert}, a {@code throw} or a library check such as {@code
   * Objects.requireNonNull}), or a call with effects anywhere ({@link Effects}).
   */
  public static boolean mayChangeFields(List<Stmt> block) {
    boolean[] found = {false};
    forEach(
        block,
        s -> {
          found[0] |=
              s instanceof Stmt.Eval e
                  && e.call() instanceof Expr.Call c
                  && c.target() instanceof CallTarget.Data d
                  && !d.pure();
          for (Expr e : ownExpressions(s)) {
            found[0] |= Effects.possibleIn(e);
          }
        });
    return found[0];
  }

  /**
   * Whether, once {@code s} in {@code block} has run, a statement that may change a field
   * ({@link #mayChangeFields}) may run before the method returns: one after it in its blocks, a
   * {@code finally} around it, or any of a loop around it. True when {@code s} is not in {@code
   * block}, as nothing is then known.
   */
  public static boolean mayChangeFieldsAfter(List<Stmt> block, Stmt s) {
    Boolean after = changesAfter(block, s);
    return after == null ? mayChangeFields(block) : after;
  }

  /** As {@link #mayChangeFieldsAfter}, or null if {@code s} is not in {@code block}. */
  private static Boolean changesAfter(List<Stmt> block, Stmt s) {
    for (int k = 0; k < block.size(); k++) {
      Stmt t = block.get(k);
      Boolean inside = t == s ? Boolean.FALSE : null;
      for (List<Stmt> nested : blocks(t)) {
        if (inside == null) {
          inside = changesAfter(nested, s);
        }
      }
      if (inside != null) {
        return inside
            || mayChangeFields(block.subList(k + 1, block.size()))
            || (t != s && t instanceof Stmt.Loop && mayChangeFields(List.of(t)))
            || (t instanceof Stmt.TryFinally f && mayChangeFields(f.finallyBlock()));
      }
    }
    return null;
  }

  /** Visits every statement, nested ones included, parents first. */
  public static void forEach(List<Stmt> block, Consumer<Stmt> action) {
    for (Stmt s : block) {
      action.accept(s);
      for (List<Stmt> nested : blocks(s)) {
        forEach(nested, action);
      }
    }
  }

  /** Rewrites every expression of every statement, nested blocks included. */
  public static List<Stmt> mapExpressions(List<Stmt> block, UnaryOperator<Expr> f) {
    List<Stmt> out = new ArrayList<>(block.size());
    for (Stmt s : block) {
      out.add(mapExpressions(s, f));
    }
    return out;
  }

  public static Stmt mapExpressions(Stmt s, UnaryOperator<Expr> f) {
    if (s instanceof Assign a) {
      return new Assign(a.target(), f.apply(a.value()), a.declares());
    } else if (s instanceof Accumulate a) {
      return new Accumulate(a.target(), f.apply(a.value()));
    } else if (s instanceof Declare d) {
      return new Declare(d.variable(), f.apply(d.init()));
    } else if (s instanceof If i) {
      return new If(
          f.apply(i.condition()),
          mapExpressions(i.thenBlock(), f),
          mapExpressions(i.elseBlock(), f));
    } else if (s instanceof Return r) {
      return r.value() == null ? r : new Return(f.apply(r.value()));
    } else if (s instanceof ArrayStore a) {
      return new ArrayStore(a.array(), mapRow(a.row(), f), f.apply(a.index()), f.apply(a.value()));
    } else if (s instanceof Stmt.ArrayAccumulate a) {
      return new Stmt.ArrayAccumulate(
          a.array(), mapRow(a.row(), f), f.apply(a.index()), f.apply(a.value()));
    } else if (s instanceof Stmt.Zero z) {
      return new Stmt.Zero(z.array(), f.apply(z.from()), f.apply(z.to()));
    } else if (s instanceof Stmt.Eval e) {
      return new Stmt.Eval(f.apply(e.call()));
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          mapExpressions(l.init(), f),
          f.apply(l.condition()),
          mapExpressions(l.update(), f),
          mapExpressions(l.body(), f),
          l.testFirst());
    } else if (s instanceof Stmt.TryFinally t) {
      return new Stmt.TryFinally(mapExpressions(t.body(), f), mapExpressions(t.finallyBlock(), f));
    } else if (s instanceof Stmt.Push p) {
      return new Stmt.Push(p.tape(), p.entry(), f.apply(p.value()));
    } else if (s instanceof Stmt.Pop p) {
      return p.index() == null
          ? p
          : new Stmt.Pop(p.tape(), p.entry(), p.target(), mapRow(p.row(), f), f.apply(p.index()));
    }
    return s;
  }

  private static Expr mapRow(Expr row, UnaryOperator<Expr> f) {
    return row == null ? null : f.apply(row);
  }

  /** Whether every path through {@code block} ends in a return. */
  public static boolean alwaysReturns(List<Stmt> block) {
    for (Stmt s : block) {
      if (s instanceof Return) {
        return true;
      }
      if (s instanceof If i && alwaysReturns(i.thenBlock()) && alwaysReturns(i.elseBlock())) {
        return true;
      }
      if (s instanceof Stmt.TryFinally t && alwaysReturns(t.body())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fresh copies of statements, nested ones included, with the source notes of the originals.
   * Passes key what they record by statement identity, so a statement placed in two branches
   * must be two objects.
   */
  public static List<Stmt> copy(List<Stmt> block, java.util.Map<Stmt, SourceNote> notes) {
    List<Stmt> out = new ArrayList<>(block.size());
    for (Stmt s : block) {
      Stmt c = mapExpressions(mapBlocks(s, b -> copy(b, notes)), e -> e);
      if (c == s) {
        c = freshCopy(s);
      }
      if (notes.containsKey(s)) {
        notes.put(c, notes.get(s));
      }
      out.add(c);
    }
    return out;
  }

  /** A new object equal to {@code s}, for the statements mapExpressions returns unchanged. */
  private static Stmt freshCopy(Stmt s) {
    if (s instanceof Stmt.Break) {
      return new Stmt.Break();
    } else if (s instanceof Stmt.Continue) {
      return new Stmt.Continue();
    } else if (s instanceof Stmt.Comment c) {
      return new Stmt.Comment(c.text());
    } else if (s instanceof Stmt.Pop p) {
      return new Stmt.Pop(p.tape(), p.entry(), p.target(), p.row(), p.index());
    }
    return s;
  }

  /** {@code s} with each nested block replaced by {@code f} of it. */
  public static Stmt mapBlocks(Stmt s, UnaryOperator<List<Stmt>> f) {
    if (s instanceof If i) {
      return new If(i.condition(), f.apply(i.thenBlock()), f.apply(i.elseBlock()));
    } else if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          f.apply(l.init()), l.condition(), f.apply(l.update()), f.apply(l.body()), l.testFirst());
    } else if (s instanceof Stmt.TryFinally t) {
      return new Stmt.TryFinally(f.apply(t.body()), f.apply(t.finallyBlock()));
    }
    return s;
  }

  /** Whether a block holds a loop anywhere. */
  public static boolean hasLoop(List<Stmt> block) {
    boolean[] found = {false};
    forEach(
        block,
        s -> {
          if (s instanceof Stmt.Loop) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /** The differentiable calls anywhere in a block, nested blocks included, in reading order. */
  public static List<Expr.DiffCall> diffCalls(List<Stmt> block) {
    List<Expr.DiffCall> out = new ArrayList<>();
    forEach(
        block,
        s -> {
          for (Expr e : ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.DiffCall c) {
                    out.add(c);
                  }
                });
          }
        });
    return out;
  }

  /** The variables a block assigns anywhere, nested blocks included. */
  public static java.util.Set<Variable> assigned(List<Stmt> block) {
    java.util.Set<Variable> out = new java.util.LinkedHashSet<>();
    forEach(
        block,
        s -> {
          if (target(s) != null) {
            out.add(target(s));
          }
          if (arrayWritten(s) != null) {
            out.add(arrayWritten(s));
          }
          for (Expr e : ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                n -> {
                  if (n instanceof Expr.DiffCall c) {
                    out.addAll(c.filled());
                  }
                });
          }
          if (s instanceof Stmt.Eval e && e.call() instanceof Expr.Call c) {
            Expr written = runtimeDestination(c);
            if (written != null) {
              Expr base = written instanceof Expr.ArrayRead row ? row.array() : written;
              if (base instanceof Expr.VarRef r) {
                out.add(r.variable());
              }
            }
          }
        });
    return out;
  }

  /**
   * The array a runtime helper called as a statement writes into: {@code Vectors.addScaled}'s
   * target, {@code System.arraycopy}'s destination, {@code Shapes.flatten}'s; else null.
   */
  public static Expr runtimeDestination(Expr.Call c) {
    if (!(c.target() instanceof CallTarget.Helper h) || h.helper().writtenArgument() < 0) {
      return null;
    }
    return c.args().get(h.helper().writtenArgument());
  }

  /** Whether some path through {@code block} returns. */
  public static boolean mayReturn(List<Stmt> block) {
    boolean[] found = {false};
    forEach(
        block,
        s -> {
          if (s instanceof Return) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /** Counts statements and expression nodes: a proxy for generated bytecode size. */
  public static long weight(List<Stmt> block) {
    long[] n = {0};
    forEach(
        block,
        s -> {
          n[0] += 2;
          for (Expr e : ownExpressions(s)) {
            n[0] += Exprs.size(e);
          }
        });
    return n[0];
  }
}
