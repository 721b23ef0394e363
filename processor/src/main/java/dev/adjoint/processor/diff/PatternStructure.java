package dev.adjoint.processor.diff;

import dev.adjoint.processor.diff.WrittenPatterns.Atom;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reader can check of a written pattern: each pair of elements recorded ({@link Site}),
 * classed by how its two indices relate across the loops: a constant offset (a band), an offset
 * read from data such as a row length (a stencil), one side fixed (an arrowhead), an index read
 * from an {@code int[]} (from data), or none of these.
 */
public record PatternStructure(List<Site> sites) {
  /** How the two indices of a pair relate. */
  public enum Shape {
    /** Same parameter, indices a constant apart: {@link Site#offset}. */
    OFFSET,
    /** Same parameter, indices apart by data fixed across the loops: {@link Site#difference}. */
    DATA_OFFSET,
    /** One side fixed across the loops, the other varying: {@link Site#a} is the fixed one. */
    HUB,
    /** An index read from an {@code int[]}: {@link Site#data}. */
    FROM_DATA,
    /** Anything else: the pair as written. */
    OTHER
  }

  /** One pair of elements the pattern records, as written, with its shape. */
  public record Site(Atom a, Atom b, Shape shape, long offset, Expr difference, Variable data) {}

  /** Each written function's structure; equal functions have the same. */
  private static final Map<dev.adjoint.processor.ir.Function, PatternStructure> OF =
      Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The structure of a pattern {@link WrittenPatterns#write} made, or null. */
  public static PatternStructure of(dev.adjoint.processor.ir.Function written) {
    return written == null ? null : OF.get(written);
  }

  static void record(dev.adjoint.processor.ir.Function written, List<Atom[]> pairs) {
    Set<Variable> varying = varying(written.body());
    Ranges ranges = new Ranges(written.body());
    List<Site> sites = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Atom[] p : pairs) {
      Site s = classify(p[0], p[1], varying, ranges);
      String a = s.a().param() + "[" + s.a().index() + "]";
      String b = s.b().param() + "[" + s.b().index() + "]";
      // Each pair once, whichever side was written first.
      if (seen.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a)) {
        sites.add(s);
      }
    }
    OF.put(written, new PatternStructure(List.copyOf(sites)));
  }

  /** The variables declared or changed within a loop: they take many values. */
  private static Set<Variable> varying(List<Stmt> body) {
    Set<Variable> out = Collections.newSetFromMap(new IdentityHashMap<>());
    Stmts.forEach(
        body,
        s -> {
          if (s instanceof Stmt.Loop l) {
            List<Stmt> all = new ArrayList<>(l.init());
            all.addAll(l.body());
            all.addAll(l.update());
            out.addAll(Stmts.assigned(all));
          }
        });
    return out;
  }

  private static boolean varies(Atom a, Set<Variable> varying) {
    if (a.index() == null) {
      return false;
    }
    Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
    Exprs.collectVariables(a.index(), read);
    read.retainAll(varying);
    return !read.isEmpty();
  }

  private static Variable dataArray(Atom a) {
    if (a.index() == null) {
      return null;
    }
    Variable[] found = {null};
    Exprs.forEachNode(
        a.index(),
        n -> {
          if (n instanceof Expr.ArrayRead r
              && r.type() == Type.INT
              && r.array() instanceof Expr.VarRef v) {
            found[0] = v.variable();
          }
        });
    return found[0];
  }

  private static Site classify(Atom a, Atom b, Set<Variable> varying, Ranges ranges) {
    Variable data = dataArray(a) != null ? dataArray(a) : dataArray(b);
    if (data != null) {
      return new Site(a, b, Shape.FROM_DATA, 0, null, data);
    }
    if (a.param() == b.param() && a.index() != null && b.index() != null) {
      // Indices in loops whose bounds follow one variable: a band as wide as they can be apart.
      Ranges.Range ra = ranges.of(a.index());
      Ranges.Range rb = ranges.of(b.index());
      if (ra != null && rb != null && ra.anchor() == rb.anchor() && (ra.hi() > ra.lo() || rb.hi() > rb.lo())) {
        long width = Math.max(Math.abs(rb.lo() - ra.hi()), Math.abs(rb.hi() - ra.lo()));
        return new Site(a, b, Shape.OFFSET, width, null, null);
      }
    }
    // Offsets name a band or a stencil only where the pair moves along the loops; a pair of fixed
    // elements, as x[0] with x[1], is listed as written.
    if (a.param() == b.param() && a.index() != null && b.index() != null
        && (varies(a, varying) || varies(b, varying))) {
      Map<Expr, Long> d = Affine.difference(b.index(), a.index());
      if (d != null) {
        long constant = d.getOrDefault(Affine.ONE, 0L);
        if (d.size() == (d.containsKey(Affine.ONE) ? 1 : 0)) {
          return new Site(a, b, Shape.OFFSET, Math.abs(constant), null, null);
        }
        boolean fixed = true;
        for (Expr k : d.keySet()) {
          Set<Variable> read = Collections.newSetFromMap(new IdentityHashMap<>());
          Exprs.collectVariables(k, read);
          read.retainAll(varying);
          fixed &= read.isEmpty();
        }
        if (fixed) {
          return new Site(a, b, Shape.DATA_OFFSET, 0, Affine.expression(d), null);
        }
      }
    }
    boolean av = varies(a, varying);
    boolean bv = varies(b, varying);
    if (av != bv) {
      return av ? new Site(b, a, Shape.HUB, 0, null, null) : new Site(a, b, Shape.HUB, 0, null, null);
    }
    return new Site(a, b, Shape.OTHER, 0, null, null);
  }

  /**
   * Where an index lies relative to one variable: a loop counter whose start and end follow
   * another variable ({@code for (j = Math.max(0, i - 5); j <= Math.min(n - 1, i + 1); j++)} lies
   * within {@code i - 5 .. i + 1}), or a variable itself.
   */
  static final class Ranges {
    record Range(Variable anchor, long lo, long hi) {}

    private final Map<Variable, Stmt.Loop> counters = new IdentityHashMap<>();
    private final Map<Variable, Expr> definitions = new IdentityHashMap<>();

    Ranges(List<Stmt> body) {
      Set<Variable> shared = Collections.newSetFromMap(new IdentityHashMap<>());
      Map<Variable, Integer> writes = new IdentityHashMap<>();
      Stmts.forEach(
          body,
          s -> {
            Variable t = Stmts.target(s);
            if (t != null) {
              writes.merge(t, 1, Integer::sum);
            }
            if (s instanceof Stmt.Loop l && l.init().size() == 1 && Stmts.target(l.init().get(0)) != null) {
              Variable counter = Stmts.target(l.init().get(0));
              if (counters.containsKey(counter)) {
                // Counted by two loops (declared outside both): which bounds hold where is not known.
                shared.add(counter);
              }
              counters.put(counter, l);
            }
          });
      counters.keySet().removeAll(shared);
      Stmts.forEach(
          body,
          s -> {
            if (s instanceof Stmt.Assign a && writes.get(a.target()) == 1) {
              definitions.put(a.target(), a.value());
            } else if (s instanceof Stmt.Declare d && d.init() != null && writes.getOrDefault(d.variable(), 0) <= 1) {
              definitions.put(d.variable(), d.init());
            }
          });
    }

    /** The range of an index {@code v + c}, or null. */
    Range of(Expr index) {
      Map<Expr, Long> affine = Affine.of(index);
      long c = affine.getOrDefault(Affine.ONE, 0L);
      affine.remove(Affine.ONE);
      if (affine.size() != 1
          || !(affine.keySet().iterator().next() instanceof Expr.VarRef r)
          || affine.values().iterator().next() != 1) {
        return null;
      }
      Range v = counter(r.variable());
      return v == null ? new Range(r.variable(), c, c) : new Range(v.anchor(), v.lo() + c, v.hi() + c);
    }

    /** A counter counting up by one between bounds that follow one other variable, or null. */
    private Range counter(Variable v) {
      Stmt.Loop l = counters.get(v);
      if (l == null
          || l.update().size() != 1
          || !countsUpByOne(l.update().get(0), v)
          || !(l.condition() instanceof Expr.Binary cond)
          || !(cond.left() instanceof Expr.VarRef left && left.variable() == v)
          || cond.op() != BinaryOp.LE && cond.op() != BinaryOp.LT) {
        return null;
      }
      Range lo = bound(Stmts.ownExpressions(l.init().get(0)).get(0), true, 2);
      Range hi = bound(cond.right(), false, 2);
      if (lo == null || hi == null || lo.anchor() != hi.anchor() || lo.anchor() == v) {
        return null;
      }
      Set<Variable> changedInBody = Stmts.assigned(l.body());
      if (changedInBody.contains(v) || changedInBody.contains(lo.anchor())) {
        // The body moves the counter (or its anchor) past the bounds the header names.
        return null;
      }
      return new Range(lo.anchor(), lo.lo(), hi.hi() - (cond.op() == BinaryOp.LT ? 1 : 0));
    }

    /** {@code v += 1} or {@code v = v + 1}. */
    private static boolean countsUpByOne(Stmt s, Variable v) {
      if (s instanceof Stmt.Accumulate up) {
        return up.target() == v && Affine.ONE.equals(up.value());
      }
      return s instanceof Stmt.Assign a
          && a.target() == v
          && a.value() instanceof Expr.Binary b
          && b.op() == BinaryOp.ADD
          && b.left() instanceof Expr.VarRef r
          && r.variable() == v
          && Affine.ONE.equals(b.right());
    }

    /** {@code e} as at least ({@code low}) or at most {@code anchor + c}, or null. */
    private Range bound(Expr e, boolean low, int depth) {
      if (depth < 0) {
        return null;
      }
      if (e instanceof Expr.Call c
          && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Data d
          && d.owner().packageName().equals("java.lang")
          && d.name().equals(low ? "max" : "min")) {
        // max(a, b) is at least either; min(a, b) at most either.
        for (Expr arg : c.args()) {
          Range r = bound(arg, low, depth);
          if (r != null) {
            return r;
          }
        }
        return null;
      }
      if (e instanceof Expr.VarRef r && definitions.containsKey(r.variable()) && !counters.containsKey(r.variable())) {
        return bound(definitions.get(r.variable()), low, depth - 1);
      }
      Map<Expr, Long> affine = Affine.of(e);
      long c = affine.getOrDefault(Affine.ONE, 0L);
      affine.remove(Affine.ONE);
      if (affine.size() == 1
          && affine.keySet().iterator().next() instanceof Expr.VarRef r
          && affine.values().iterator().next() == 1
          && !definitions.containsKey(r.variable())) {
        return new Range(r.variable(), c, c);
      }
      return null;
    }
  }

  /** Integer expressions as sums of terms times constants, where they are. */
  static final class Affine {
    static final Expr ONE = new Expr.IntLit(1, Type.INT);

    static Map<Expr, Long> difference(Expr x, Expr y) {
      Map<Expr, Long> a = of(x);
      Map<Expr, Long> b = of(y);
      if (a == null || b == null) {
        return null;
      }
      Map<Expr, Long> out = new LinkedHashMap<>(a);
      b.forEach((k, v) -> out.merge(k, -v, Long::sum));
      out.values().removeIf(v -> v == 0);
      return out;
    }

    /** The sum back as an int expression, each term with its sign; a negative one leads with a minus. */
    static Expr expression(Map<Expr, Long> sum) {
      Expr out = null;
      for (Map.Entry<Expr, Long> t : sum.entrySet()) {
        long c = t.getValue();
        Expr term =
            t.getKey().equals(ONE)
                ? new Expr.IntLit(Math.abs(c), Type.INT)
                : Math.abs(c) == 1
                    ? t.getKey()
                    : new Expr.Binary(BinaryOp.MUL, new Expr.IntLit(Math.abs(c), Type.INT), t.getKey(), Type.INT);
        if (out == null) {
          out = c < 0 ? new Expr.Unary(UnaryOp.NEG, term) : term;
        } else {
          out = new Expr.Binary(c < 0 ? BinaryOp.SUB : BinaryOp.ADD, out, term, Type.INT);
        }
      }
      return out;
    }

    static Map<Expr, Long> of(Expr e) {
      Map<Expr, Long> out = new LinkedHashMap<>();
      return add(e, 1, out) ? out : null;
    }

    private static boolean add(Expr e, long times, Map<Expr, Long> out) {
      if (e instanceof Expr.IntLit l) {
        out.merge(ONE, times * l.value(), Long::sum);
        return true;
      }
      if (e instanceof Expr.Binary b && b.op() == BinaryOp.ADD) {
        return add(b.left(), times, out) && add(b.right(), times, out);
      }
      if (e instanceof Expr.Binary b && b.op() == BinaryOp.SUB) {
        return add(b.left(), times, out) && add(b.right(), -times, out);
      }
      if (e instanceof Expr.Binary b && b.op() == BinaryOp.MUL && b.left() instanceof Expr.IntLit l) {
        return add(b.right(), times * l.value(), out);
      }
      if (e instanceof Expr.Binary b && b.op() == BinaryOp.MUL && b.right() instanceof Expr.IntLit l) {
        return add(b.left(), times * l.value(), out);
      }
      if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
        return add(u.operand(), -times, out);
      }
      out.merge(e, times, Long::sum);
      return true;
    }
  }
}
