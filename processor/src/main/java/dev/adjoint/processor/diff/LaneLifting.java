package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Effects;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.TapeEntry;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many directions in one sweep: lifts a Hessian-vector product (forward mode over the gradient,
 * simplified, declarations placed) to {@code mHessianVectors}. Every tangent there is linear in the
 * direction with coefficients made of primal values, so each tangent gets one value per direction,
 * its lanes: a scalar tangent {@code xDot} becomes a {@code double[k]}, and the tangents of an
 * array {@code aDot[i]} become {@code aDot[i * k + l]} (lanes innermost, contiguous). A run of
 * statements that assign tangents becomes one loop over the lanes, their primal coefficients
 * computed once where each statement stood, the primal statements between them run before it; the
 * primal values, the tape, branch decisions and loop control are computed once.
 *
 * <p>Which variables hold tangents was decided when forward mode made them ({@link
 * Variable#isTangent}); a variable the simplifier introduced holds tangents when its value reads
 * one (tangents never flow into primal values). What this pass does not lift (tangents of
 * matrices, arrays made in loops, a condition or index reading a tangent) is {@link Refused}: the
 * kind is then emitted as one Hessian-vector product per direction.
 */
public final class LaneLifting {
  /** The product holds something this pass does not lift: the caller falls back. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /** Each scalar tangent's lanes. */
  private final Map<Variable, Variable> scalarLanes = new LinkedHashMap<>();
  /** The arrays of tangents, each now in lanes. */
  private final Set<Variable> laneArrays = new HashSet<>();
  /** The matrices of tangents, each row now in lanes. */
  private final Set<Variable> laneMatrices = new HashSet<>();
  /** How many loops the statement being lifted is in. */
  private int loopDepth;
  /** The tape entries popped back into tangents, now in lanes: k values each (or k per element). */
  private final Set<TapeEntry> poppedIntoLanes = new HashSet<>();
  /** For a callee's direction and products arrays, the rows the callee reads and writes. */
  private final Map<Variable, Variable> calleeRows = new IdentityHashMap<>();

  private final Variable k = new Variable("k", Type.INT, Variable.Role.TEMP);
  /** Where the products go: a Hessian-vector product's lanes, or a Jacobian-vector product's rows. */
  private final Products products;

  private LaneLifting(Products products) {
    this.products = products;
  }

  /**
   * The two sweeps lifted. Forward over reverse ({@code mHessianVectors}): the products are the
   * lanes of {@code hv}, scattered into {@code hvs} where the method returns. Forward only ({@code
   * mJacobianVectors}): the product parameter {@code jv} is written only where the method returns,
   * by copying the returned array's tangents into it (or zeroing it), so those statements write
   * row l of {@code jvs} from lane l instead.
   */
  private record Products(Variable hv, Variable jv, Variable out) {
    boolean forwardOnly() {
      return jv != null;
    }
  }

  /**
   * The IR of {@code double <name>(params..., double[][] vs, double[] grad, double[][] hvs)} from
   * that of {@code double mHessianVector(params..., double[] v, double[] grad, double[] hv)}.
   *
   * @throws Refused if the product holds something this pass does not lift
   */
  public static Function lift(Function hessianVector, List<Variable> wrt, String name) {
    List<Variable> params = hessianVector.params();
    int size = params.size();
    Variable v = params.get(size - 3);
    Variable grad = params.get(size - 2);
    Variable hv = params.get(size - 1);
    Variable vs = new Variable("vs", Type.DOUBLE_MATRIX, Variable.Role.GENERATED_PARAMETER);
    Variable hvs = new Variable("hvs", Type.DOUBLE_MATRIX, Variable.Role.GENERATED_PARAMETER);
    refuseVectorCallees(hessianVector.body());
    LaneLifting lifting = new LaneLifting(new Products(hv, null, hvs));
    lifting.findLanes(hessianVector.body(), List.of(v, hv));
    Stmts.forEach(
        hessianVector.body(),
        t -> {
          if (t instanceof Stmt.Pop p && lifting.isLaneTarget(p.target())) {
            lifting.poppedIntoLanes.add(p.entry());
          }
        });
    List<Stmt> body = new ArrayList<>();
    Expr n = dev.adjoint.processor.ir.GradientLayout.length(wrt);
    body.add(new Stmt.Declare(lifting.k, new Expr.ArrayLength(ref(vs))));
    body.add(new Stmt.Comment("the directions in lanes: element i of direction l at [i * k + l]"));
    body.add(new Stmt.Declare(v, new Expr.NewDoubleArray(lifting.times(n))));
    body.add(new Stmt.Eval(RuntimeHelper.LANES_GATHER.call(Type.INT, ref(vs), ref(v))));
    body.add(new Stmt.Declare(hv, new Expr.NewDoubleArray(lifting.times(n))));
    for (Variable lanes : lifting.scalarLanes.values()) {
      body.add(new Stmt.Declare(lanes, new Expr.NewDoubleArray(ref(lifting.k))));
    }
    body.addAll(lifting.block(withoutFirstZero(hv, hessianVector.body())));
    List<Variable> lifted = new ArrayList<>(params.subList(0, size - 3));
    lifted.add(vs);
    lifted.add(grad);
    lifted.add(hvs);
    return new Function(name, lifted, Type.DOUBLE, body, Map.of());
  }

  /**
   * The body without its first statement touching {@code products} when that clears it: in
   * lanes the products come zeroed from the workspace, and clearing them again costs a pass over
   * n * k elements, as much as the rest of a cheap sweep's per-element work.
   */
  private static List<Stmt> withoutFirstZero(Variable products, List<Stmt> body) {
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      if (s instanceof Stmt.Zero z && z.array() == products) {
        List<Stmt> rest = new ArrayList<>(body);
        rest.remove(i);
        return rest;
      }
      if (mentions(s, products)) {
        return body;
      }
    }
    return body;
  }

  private static boolean mentions(Stmt s, Variable x) {
    boolean[] found = {false};
    Stmts.forEach(
        List.of(s),
        t -> {
          found[0] |=
              t instanceof Stmt.Zero z && z.array() == x
                  || t instanceof Stmt.ArrayStore st && st.array() == x
                  || t instanceof Stmt.ArrayAccumulate acc && acc.array() == x
                  || t instanceof Stmt.Pop p && p.target() == x
                  || Stmts.target(t) == x;
          Set<Variable> read = new HashSet<>();
          Stmts.ownExpressions(t).forEach(e -> Exprs.collectVariables(e, read));
          found[0] |= read.contains(x);
        });
    return found[0];
  }

  /**
   * The IR of {@code double[] <name>(params..., double[][] vs, double[][] jvs)} from that of
   * {@code double[] mJacobianVector(params..., double[] v, double[] jv)}: {@code jvs[j]} = J
   * {@code vs[j]}, one forward sweep for all directions. A vector callee is called through its own
   * {@code gJacobianVectors}.
   *
   * @throws Refused if the product holds something this pass does not lift
   */
  public static Function liftJacobianVector(Function jacobianVector, List<Variable> wrt, String name) {
    List<Variable> params = jacobianVector.params();
    int size = params.size();
    Variable v = params.get(size - 2);
    Variable jv = params.get(size - 1);
    Variable vs = new Variable("vs", Type.DOUBLE_MATRIX, Variable.Role.GENERATED_PARAMETER);
    Variable jvs = new Variable("jvs", Type.DOUBLE_MATRIX, Variable.Role.GENERATED_PARAMETER);
    LaneLifting lifting = new LaneLifting(new Products(null, jv, jvs));
    lifting.findLanes(jacobianVector.body(), List.of(v));
    List<Stmt> body = new ArrayList<>();
    Expr n = dev.adjoint.processor.ir.GradientLayout.length(wrt);
    body.add(new Stmt.Declare(lifting.k, new Expr.ArrayLength(ref(vs))));
    body.add(new Stmt.Comment("the directions in lanes: element i of direction l at [i * k + l]"));
    body.add(new Stmt.Declare(v, new Expr.NewDoubleArray(lifting.times(n))));
    body.add(new Stmt.Eval(RuntimeHelper.LANES_GATHER.call(Type.INT, ref(vs), ref(v))));
    for (Variable lanes : lifting.scalarLanes.values()) {
      body.add(new Stmt.Declare(lanes, new Expr.NewDoubleArray(ref(lifting.k))));
    }
    body.addAll(lifting.block(jacobianVector.body()));
    Stmts.forEach(
        body,
        s -> {
          if (lifting.writesProduct(s)) {
            throw new Refused("the product written as " + s);
          }
        });
    List<Variable> lifted = new ArrayList<>(params.subList(0, size - 2));
    lifted.add(vs);
    lifted.add(jvs);
    return new Function(name, lifted, Type.DOUBLE_ARRAY, body, Map.of());
  }

  /**
   * A vector callee's products take one direction each ({@code gJacobianVector},
   * {@code gVectorHessianVector}): there is no form of them over lanes yet, so the method falls
   * back to one product per direction.
   */
  private static void refuseVectorCallees(List<Stmt> body) {
    Stmts.forEach(
        body,
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                node -> {
                  if (node instanceof Expr.Call c
                      && c.target() instanceof dev.adjoint.processor.ir.CallTarget.VectorCall vc) {
                    throw new Refused("a call of the vector method " + vc.callee().name());
                  }
                });
          }
        });
  }

  /** The tangents: those forward mode made, and every variable whose value reads one. */
  private void findLanes(List<Stmt> body, List<Variable> parameters) {
    // In the order the body first names them, so the output is the same on every run.
    Set<Variable> lanes = new java.util.LinkedHashSet<>(parameters);
    Stmts.forEach(
        body,
        s -> {
          Variable t = Stmts.target(s);
          if (t != null && t.isTangent()) {
            lanes.add(t);
          }
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                node -> {
                  if (node instanceof Expr.VarRef r && r.variable().isTangent()) {
                    lanes.add(r.variable());
                  }
                });
          }
        });
    boolean changed = true;
    while (changed) {
      changed = false;
      List<Stmt> all = new ArrayList<>();
      Stmts.forEach(body, all::add);
      for (Stmt s : all) {
        Variable t = Stmts.target(s);
        if (t != null && !lanes.contains(t) && Stmts.ownExpressions(s).stream().anyMatch(e -> reads(e, lanes))) {
          lanes.add(t);
          changed = true;
        }
      }
    }
    for (Variable x : lanes) {
      if (x.type() == Type.DOUBLE) {
        scalarLanes.put(x, new Variable(x.baseName(), Type.DOUBLE_ARRAY, Variable.Role.TEMP, x.origin()));
      } else if (x.type() == Type.DOUBLE_ARRAY) {
        laneArrays.add(x);
      } else if (x.type() == Type.DOUBLE_MATRIX) {
        laneMatrices.add(x);
      } else {
        throw new Refused("tangents of type " + x.type() + ": " + x);
      }
    }
    // A callee's direction and products get rows, one per lane, where their lanes are made.
    Stmts.forEach(
        body,
        s -> {
          for (Expr e : Stmts.ownExpressions(s)) {
            Exprs.forEachNode(
                e,
                node -> {
                  if (node instanceof Expr.DiffCall c && c.direction() != null) {
                    rowsOf(c.direction());
                    rowsOf(c.gradientTangent());
                  }
                  if (node instanceof Expr.Call c
                      && c.target() instanceof CallTarget.VectorCall vc
                      && vc.product() == CallTarget.VectorCall.Product.JACOBIAN_VECTOR) {
                    int size = c.args().size();
                    rowsOf(arrayNamed(c.args().get(size - 2)));
                    rowsOf(arrayNamed(c.args().get(size - 1)));
                  }
                });
          }
        });
  }

  private static Variable arrayNamed(Expr e) {
    if (e instanceof Expr.VarRef r) {
      return r.variable();
    }
    throw new Refused("a callee's tangents in " + e);
  }

  private void rowsOf(Variable lanes) {
    if (!laneArrays.contains(lanes)) {
      throw new Refused("a callee's tangents not in lanes: " + lanes);
    }
    calleeRows.computeIfAbsent(
        lanes, a -> new Variable(a.baseName() + "Rows", Type.DOUBLE_MATRIX, Variable.Role.TEMP));
  }

  private boolean reads(Expr e, Set<Variable> lanes) {
    boolean[] found = {false};
    Exprs.forEachNode(
        e, node -> found[0] |= node instanceof Expr.VarRef r && lanes.contains(r.variable()));
    return found[0];
  }

  /** Whether {@code e} reads a tangent. */
  private boolean readsLanes(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(
        e,
        node ->
            found[0] |=
                node instanceof Expr.VarRef r
                    && (scalarLanes.containsKey(r.variable())
                        || laneArrays.contains(r.variable())
                        || laneMatrices.contains(r.variable())));
    return found[0];
  }

  /** Whether {@code e} is an array of tangents in lanes: one, or a row of a matrix of them. */
  private boolean isLaneArray(Expr e) {
    if (e instanceof Expr.VarRef r) {
      return laneArrays.contains(r.variable());
    }
    return e instanceof Expr.ArrayRead row
        && row.array() instanceof Expr.VarRef m
        && laneMatrices.contains(m.variable())
        && !readsLanes(row.index());
  }

  /** Whether {@code e} is an array of tangents, or a matrix of them. */
  private boolean isLaneArrayOrMatrix(Expr e) {
    return isLaneArray(e) || e instanceof Expr.VarRef r && laneMatrices.contains(r.variable());
  }

  private void requirePrimal(Expr e, String what) {
    if (readsLanes(e)) {
      throw new Refused(what + " reads a tangent: " + e);
    }
  }

  private Expr times(Expr n) {
    if (n instanceof Expr.IntLit one && one.value() == 1) {
      return ref(k);
    }
    if (n instanceof Expr.IntLit zero && zero.value() == 0) {
      return n;
    }
    return new Expr.Binary(BinaryOp.MUL, n, ref(k), Type.INT);
  }

  // ---- statements

  /**
   * The statements of a block, each run of tangent statements in one loop over the lanes. The
   * primal statements between two tangent statements stay where they are and the loop waits for
   * them (it runs after them) when they write nothing it reads: a loop over 8 lanes does not
   * vectorise, so fewer, longer loops are what makes a sweep fast ({@code benchmarks/LaneShapes}).
   */
  private List<Stmt> block(List<Stmt> in) {
    List<Stmt> out = new ArrayList<>();
    LaneLoop loop = null;
    for (Stmt s : in) {
      if (isLaneStatement(s)) {
        Variable zeroed = zeroedScalar(s);
        if (zeroed != null && loop == null) {
          out.add(new Stmt.Zero(scalarLanes.get(zeroed), Exprs.lit0(), ref(k)));
          continue;
        }
        if (loop == null) {
          loop = new LaneLoop(out);
        }
        loop.add(s);
      } else if (loop != null && s instanceof Stmt.Comment c) {
        loop.comment(c);
      } else if (loop != null && runsBefore(s, loop)) {
        loop.passed(s);
      } else {
        if (loop != null) {
          loop.close();
          loop = null;
        }
        other(s, out);
      }
    }
    if (loop != null) {
      loop.close();
    }
    return out;
  }

  /**
   * Whether {@code s}, a primal statement after some tangent statements of {@code loop}, may run
   * before their loop: it assigns a primal variable or an element of a primal array that the loop
   * does not read, reads no tangent and calls nothing that could change what the loop reads.
   */
  private boolean runsBefore(Stmt s, LaneLoop loop) {
    Variable written;
    if (s instanceof Stmt.Assign || s instanceof Stmt.Declare || s instanceof Stmt.Accumulate) {
      written = Stmts.target(s);
    } else if (s instanceof Stmt.ArrayStore st) {
      written = st.array();
    } else if (s instanceof Stmt.ArrayAccumulate acc) {
      written = acc.array();
    } else {
      return false;
    }
    if (scalarLanes.containsKey(written) || laneArrays.contains(written) || laneMatrices.contains(written)) {
      return false;
    }
    if (Stmts.ownExpressions(s).stream().anyMatch(e -> readsLanes(e) || Exprs.callsMethod(e))) {
      return false;
    }
    if (written.type().isArray() && loop.readInLoop.stream().anyMatch(this::isPrimalArray)) {
      // The loop reads a primal array's elements (a dot product's operand) that may be this one.
      return false;
    }
    return !loop.readInLoop.contains(written);
  }

  private boolean isPrimalArray(Variable x) {
    return x.type().isArray()
        && !laneArrays.contains(x)
        && !laneMatrices.contains(x)
        && !scalarLanes.containsValue(x)
        && !calleeRows.containsValue(x);
  }

  /** Whether {@code s} assigns tangents: it becomes part of a loop over the lanes. */
  private boolean isLaneStatement(Stmt s) {
    if (s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Accumulate) {
      return scalarLanes.containsKey(Stmts.target(s));
    }
    if (s instanceof Stmt.ArrayStore st) {
      return laneArrays.contains(st.array()) || laneMatrices.contains(st.array());
    }
    if (s instanceof Stmt.ArrayAccumulate acc) {
      return laneArrays.contains(acc.array()) || laneMatrices.contains(acc.array());
    }
    return s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target().is(RuntimeHelper.ADD_SCALED)
        && readsLanes(c.args().get(0));
  }

  /** The scalar tangent {@code s} sets to zero, or null. */
  private Variable zeroedScalar(Stmt s) {
    Expr value =
        s instanceof Stmt.Declare d ? d.init() : s instanceof Stmt.Assign a ? a.value() : null;
    return value != null && Exprs.isZero(value) ? Stmts.target(s) : null;
  }

  /**
   * One loop over the lanes being gathered in a block: its statements, one lane each, and their
   * primal coefficients, declared in {@code out} where the statement they come from stood.
   */
  private final class LaneLoop {
    final List<Stmt> out;
    final Variable l = new Variable("l", Type.INT, Variable.Role.LOCAL);
    final Hoisted hoisted;
    final List<Stmt> body = new ArrayList<>();
    /** The variables the loop reads inside it: no statement run before it may assign them. */
    final Set<Variable> readInLoop = new HashSet<>();
    /** The source line of the statements next added, for the loop's body; null once there. */
    Stmt.Comment line;
    /** Where the last line comment stands in {@code out}, or -1. */
    int lineAt = -1;
    /** Whether the last line comment is in the loop's body too. */
    boolean lineInLoop;

    LaneLoop(List<Stmt> out) {
      this.out = out;
      this.hoisted = new Hoisted(out);
      if (!out.isEmpty() && out.get(out.size() - 1) instanceof Stmt.Comment c) {
        // The line the first statement comes from, inside the loop too.
        line = c;
      }
    }

    void add(Stmt s) {
      if (line != null) {
        body.add(line);
        line = null;
        lineInLoop = true;
      }
      Stmt lane = perLane(s, l, hoisted);
      Stmts.ownExpressions(lane).forEach(e -> Exprs.collectVariables(e, readInLoop));
      body.add(lane);
    }

    /** A line comment: above the primal statements of its line here, and the tangent ones inside the loop. */
    void comment(Stmt.Comment c) {
      if (lineIsLast()) {
        // Its line's statements are all in the loop (or there are none).
        out.remove(lineAt);
      }
      line = c;
      lineAt = out.size();
      lineInLoop = false;
      out.add(c);
    }

    /** A primal statement run before the loop, where it stands. */
    void passed(Stmt s) {
      out.add(s);
      hoisted.forgetWhatChanges(s);
    }

    /** The loop, after the primal statements it waited for. */
    void close() {
      Stmt.Comment next = null;
      boolean last = lineIsLast();
      if (last) {
        out.remove(lineAt);
        // A line comment nothing here followed belongs to what comes after the loop.
        next = lineInLoop ? null : (Stmt.Comment) line;
      }
      if (body.stream().filter(Stmt.Comment.class::isInstance).count() == 1
          && body.get(0) instanceof Stmt.Comment only) {
        // The statements of one line: their comment above the loop says it.
        body.remove(0);
        if (last && lineInLoop) {
          out.add(only);
        }
      }
      out.add(
          new Stmt.Loop(
              List.of(new Stmt.Declare(l, Exprs.lit0())),
              new Expr.Binary(BinaryOp.LT, ref(l), ref(k), Type.BOOLEAN),
              List.of(
                  new Stmt.Assign(
                      l, new Expr.Binary(BinaryOp.ADD, ref(l), new Expr.IntLit(1, Type.INT), Type.INT))),
              body,
              true));
      if (next != null) {
        out.add(next);
      }
    }

    /** Whether the last line comment is the last statement out, nothing of its line after it. */
    private boolean lineIsLast() {
      return lineAt >= 0 && lineAt == out.size() - 1;
    }
  }

  /** The primal values a loop of lane statements reads, each computed once before it. */
  private static final class Hoisted {
    final List<Stmt> declarations;
    final Map<Expr, Variable> temps = new HashMap<>();

    Hoisted(List<Stmt> declarations) {
      this.declarations = declarations;
    }

    Expr of(Expr e) {
      if (e instanceof Expr.VarRef
          || e instanceof Expr.DoubleLit
          || e instanceof Expr.IntLit
          || e instanceof Expr.BoolLit
          || e instanceof Expr.FieldRef
          || e instanceof Expr.ArrayLength l && l.array() instanceof Expr.VarRef
          || Exprs.isCopied(e) && ((Expr.Cast) e).operand() instanceof Expr.VarRef) {
        return e;
      }
      Variable t =
          temps.computeIfAbsent(
              e,
              x -> {
                Variable temp = new Variable(nameOf(x), x.type(), Variable.Role.TEMP);
                declarations.add(new Stmt.Declare(temp, x));
                return temp;
              });
      return ref(t);
    }

    /**
     * Forgets the values {@code s}, a primal statement run before the loop, may change: those
     * reading the variable it assigns, and for an element assigned, every element read.
     */
    void forgetWhatChanges(Stmt s) {
      boolean element = s instanceof Stmt.ArrayStore || s instanceof Stmt.ArrayAccumulate;
      Variable written =
          s instanceof Stmt.ArrayStore st
              ? st.array()
              : s instanceof Stmt.ArrayAccumulate acc ? acc.array() : Stmts.target(s);
      temps
          .keySet()
          .removeIf(
              e -> {
                Set<Variable> read = new HashSet<>();
                Exprs.collectVariables(e, read);
                boolean[] readsElement = {false};
                Exprs.forEachNode(e, node -> readsElement[0] |= node instanceof Expr.ArrayRead);
                return read.contains(written) || element && readsElement[0];
              });
    }

    /**
     * A name that says what a coefficient is where one is at hand: {@code xIJ} for {@code x[i][j]},
     * {@code atJ} for where the lanes of element {@code j} start; else {@code c} (or {@code at}).
     */
    private static String nameOf(Expr e) {
      if (e instanceof Expr.Call c && c.target().is(RuntimeHelper.LANES_AT)) {
        String index = indexName(c.args().get(0));
        return index == null ? "at" : "at" + index;
      }
      StringBuilder indices = new StringBuilder();
      Expr at = e;
      while (at instanceof Expr.ArrayRead a) {
        String index = indexName(a.index());
        if (index == null) {
          break;
        }
        indices.insert(0, index);
        at = a.array();
      }
      if (at instanceof Expr.VarRef r && indices.length() > 0 && e.type() == Type.DOUBLE) {
        return r.variable().baseName() + indices;
      }
      return e.type() == Type.INT ? "at" : "c";
    }

    /** {@code I} for an index {@code i}, {@code IPlus1} for {@code i + 1}; null for others. */
    private static String indexName(Expr index) {
      if (index instanceof Expr.VarRef r) {
        String name = r.variable().baseName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
      }
      if (index instanceof Expr.Binary b
          && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
          && b.left() instanceof Expr.VarRef
          && b.right() instanceof Expr.IntLit n) {
        return indexName(b.left()) + (b.op() == BinaryOp.ADD ? "Plus" : "Minus") + n.value();
      }
      return null;
    }
  }

  private Stmt perLane(Stmt s, Variable l, Hoisted hoisted) {
    if (s instanceof Stmt.Declare d) {
      return new Stmt.ArrayStore(scalarLanes.get(d.variable()), ref(l), lane(d.init(), l, hoisted, true));
    } else if (s instanceof Stmt.Assign a) {
      if (a.value() instanceof Expr.Binary b
          && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)
          && b.left().equals(ref(a.target()))) {
        // x = x + e: x[l] += e
        Expr added = b.op() == BinaryOp.ADD ? b.right() : Exprs.neg(b.right());
        return new Stmt.ArrayAccumulate(
            scalarLanes.get(a.target()), ref(l), lane(added, l, hoisted, true));
      }
      return new Stmt.ArrayStore(scalarLanes.get(a.target()), ref(l), lane(a.value(), l, hoisted, true));
    } else if (s instanceof Stmt.Accumulate a) {
      return new Stmt.ArrayAccumulate(
          scalarLanes.get(a.target()), ref(l), lane(a.value(), l, hoisted, true));
    } else if (s instanceof Stmt.ArrayStore st) {
      Expr row = rowOf(st.array(), st.row(), hoisted);
      return new Stmt.ArrayStore(
          st.array(),
          row,
          laneIndex(elementsOf(st.array(), row), st.index(), l, hoisted),
          lane(st.value(), l, hoisted, true));
    } else if (s instanceof Stmt.ArrayAccumulate acc) {
      Expr row = rowOf(acc.array(), acc.row(), hoisted);
      return new Stmt.ArrayAccumulate(
          acc.array(),
          row,
          laneIndex(elementsOf(acc.array(), row), acc.index(), l, hoisted),
          lane(acc.value(), l, hoisted, true));
    }
    // Vectors.addScaled(target, from, scale, partials, at, n), its target in lanes.
    Expr.Call c = (Expr.Call) ((Stmt.Eval) s).call();
    List<Expr> a = c.args();
    if (!isLaneArrayOrMatrix(a.get(0))) {
      throw new Refused("tangents added to as " + a.get(0));
    }
    for (int i : new int[] {1, 4, 5}) {
      requirePrimal(a.get(i), "an offset");
    }
    RuntimeHelper helper;
    if (readsLanes(a.get(3))) {
      requirePrimal(a.get(2), "a scale");
      if (!isLaneArray(a.get(3))) {
        throw new Refused("tangents added from " + a.get(3));
      }
      helper = RuntimeHelper.LANES_ADD_SCALED_LANES;
    } else {
      helper = RuntimeHelper.LANES_ADD_SCALED;
    }
    return new Stmt.Eval(
        helper.call(
            Type.INT,
            a.get(0),
            hoisted.of(a.get(1)),
            lane(a.get(2), l, hoisted, true),
            helper == RuntimeHelper.LANES_ADD_SCALED ? hoisted.of(a.get(3)) : a.get(3),
            hoisted.of(a.get(4)),
            hoisted.of(a.get(5)),
            ref(k),
            ref(l)));
  }

  /** The array in lanes holding an element of {@code array} (at {@code row} of a matrix). */
  private static Expr elementsOf(Variable array, Expr row) {
    return row == null ? ref(array) : new Expr.ArrayRead(ref(array), row);
  }

  /** The row of an element of {@code array} in lanes: none for an array, a primal one for a matrix. */
  private Expr rowOf(Variable array, Expr row, Hoisted hoisted) {
    if ((row == null) != laneArrays.contains(array)) {
      throw new Refused("an element of " + array + " at row " + row);
    }
    if (row != null) {
      requirePrimal(row, "a row");
      return hoisted.of(row);
    }
    return null;
  }

  /** {@code index * k + l}: lane l of an element of {@code lanes}. */
  private Expr laneIndex(Expr lanes, Expr index, Variable l, Hoisted hoisted) {
    return laneIndex(lanes, index, l, hoisted, true);
  }

  /**
   * {@code index * k + l}, its start computed once before the loop over lanes where {@code hoist}
   * says so; not out of a branch of {@code ?:}, where the index may be outside the array on the
   * side not taken ({@code i > 0 ? xDot[i - 1] : 0}).
   */
  private Expr laneIndex(Expr lanes, Expr index, Variable l, Hoisted hoisted, boolean hoist) {
    requirePrimal(index, "an index");
    if (index instanceof Expr.IntLit zero && zero.value() == 0) {
      return ref(l);
    }
    Expr at = at(lanes, index);
    return new Expr.Binary(BinaryOp.ADD, hoist ? hoisted.of(at) : at, ref(l), Type.INT);
  }

  /** Where the lanes of element {@code index} of {@code lanes} start, checked as the element's index. */
  private Expr at(Expr lanes, Expr index) {
    if (index instanceof Expr.IntLit zero && zero.value() == 0) {
      return index;
    }
    return RuntimeHelper.LANES_AT.call(Type.INT, index, lanes, ref(k));
  }

  /**
   * Lane {@code l} of {@code e}: each tangent read in lane l, each primal part computed once
   * before the loop (not out of a branch of {@code ?:}, which runs only when taken).
   */
  private Expr lane(Expr e, Variable l, Hoisted hoisted, boolean hoist) {
    if (!readsLanes(e)) {
      if (hoist) {
        return hoisted.of(e);
      }
      if (Exprs.callsMethod(e)) {
        throw new Refused("a call in a branch of a tangent: " + e);
      }
      return e;
    }
    if (e instanceof Expr.VarRef r) {
      Variable lanes = scalarLanes.get(r.variable());
      if (lanes == null) {
        throw new Refused("an array of tangents read whole: " + e);
      }
      return new Expr.ArrayRead(ref(lanes), ref(l));
    }
    if (e instanceof Expr.ArrayRead a) {
      if (!isLaneArray(a.array())) {
        throw new Refused("tangents read as " + e);
      }
      Expr array = a.array();
      if (array instanceof Expr.ArrayRead row) {
        array = new Expr.ArrayRead(row.array(), hoist ? hoisted.of(row.index()) : row.index());
      }
      return new Expr.ArrayRead(array, laneIndex(array, a.index(), l, hoisted, hoist));
    }
    if (e instanceof Expr.Call c) {
      if (c.target().is(RuntimeHelper.DOT) && isLaneArrayOrMatrix(c.args().get(2))) {
        List<Expr> a = c.args();
        for (int i : new int[] {0, 1, 3, 4}) {
          requirePrimal(a.get(i), "a dot product's operand");
        }
        return RuntimeHelper.LANES_DOT.call(
            Type.DOUBLE,
            hoisted.of(a.get(0)),
            hoisted.of(a.get(1)),
            a.get(2),
            hoisted.of(a.get(3)),
            hoisted.of(a.get(4)),
            ref(k),
            ref(l));
      }
      for (Expr arg : c.args()) {
        if (arg.type() != Type.DOUBLE && readsLanes(arg)) {
          throw new Refused("tangents passed to " + c.name());
        }
      }
      return Exprs.mapChildren(e, x -> lane(x, l, hoisted, hoist));
    }
    if (e instanceof Expr.Conditional c) {
      requirePrimal(c.condition(), "a condition");
      return new Expr.Conditional(
          lane(c.condition(), l, hoisted, hoist),
          lane(c.ifTrue(), l, hoisted, false),
          lane(c.ifFalse(), l, hoisted, false),
          c.type());
    }
    if (e instanceof Expr.Binary b && b.type() != Type.DOUBLE) {
      throw new Refused("a tangent compared: " + e);
    }
    if (e instanceof Expr.Binary || e instanceof Expr.Unary || e instanceof Expr.Cast) {
      return Exprs.mapChildren(e, x -> lane(x, l, hoisted, hoist));
    }
    throw new Refused("a tangent in " + e);
  }

  /** A statement that assigns no tangent: as it is, but for arrays of tangents and calls. */
  private void other(Stmt s, List<Stmt> out) {
    if (products.forwardOnly() && writesProduct(s)) {
      jacobianProducts(s, out);
    } else if (s instanceof Stmt.Comment || s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      out.add(s);
    } else if (s instanceof Stmt.Declare d && laneMatrices.contains(d.variable())) {
      out.add(new Stmt.Declare(d.variable(), laneMatrix(d.variable(), d.init())));
    } else if (s instanceof Stmt.Assign a && laneMatrices.contains(a.target())) {
      out.add(new Stmt.Assign(a.target(), laneMatrix(a.target(), a.value()), a.declares()));
    } else if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target().is(RuntimeHelper.FLATTEN)
        && readsLanes(c)) {
      // Shapes.flatten(m, flat, offset) of tangents: the lanes of each row in one piece.
      List<Expr> a = c.args();
      if (!isLaneArrayOrMatrix(a.get(0)) || !isLaneArray(a.get(1))) {
        throw new Refused("tangents flattened from or to primal values: " + c);
      }
      requirePrimal(a.get(2), "an offset");
      out.add(
          new Stmt.Eval(RuntimeHelper.LANES_FLATTEN.call(Type.INT, a.get(0), a.get(1), a.get(2), ref(k))));
    } else if (s instanceof Stmt.Declare d && laneArrays.contains(d.variable())) {
      Expr value = laneArray(d.variable(), d.init());
      out.add(new Stmt.Declare(d.variable(), value));
      rows(d.variable(), d.init(), true, out);
    } else if (s instanceof Stmt.Assign a && laneArrays.contains(a.target())) {
      out.add(new Stmt.Assign(a.target(), laneArray(a.target(), a.value()), a.declares()));
      rows(a.target(), a.value(), a.declares(), out);
    } else if (s instanceof Stmt.Declare d && d.init() instanceof Expr.DiffCall c && c.direction() != null) {
      call(c, x -> new Stmt.Declare(d.variable(), x), out);
    } else if (s instanceof Stmt.Assign a && a.value() instanceof Expr.DiffCall c && c.direction() != null) {
      call(c, x -> new Stmt.Assign(a.target(), x, a.declares()), out);
    } else if (s instanceof Stmt.Eval e && e.call() instanceof Expr.DiffCall c && c.direction() != null) {
      call(c, Stmt.Eval::new, out);
    } else if (s instanceof Stmt.If i) {
      requirePrimal(i.condition(), "a condition");
      out.add(new Stmt.If(i.condition(), block(i.thenBlock()), block(i.elseBlock())));
    } else if (s instanceof Stmt.Loop loop) {
      requirePrimal(loop.condition(), "a loop's condition");
      for (Stmt t : loop.init()) {
        requireNoLanes(t, "a loop's start");
      }
      for (Stmt t : loop.update()) {
        requireNoLanes(t, "a loop's update");
      }
      loopDepth++;
      out.add(loop.withBody(block(loop.body())));
      loopDepth--;
    } else if (s instanceof Stmt.Push p) {
      push(p, out);
    } else if (s instanceof Stmt.Pop p) {
      pop(p, out);
    } else if (s instanceof Stmt.Zero z && laneArrays.contains(z.array())) {
      requirePrimal(z.from(), "a range");
      requirePrimal(z.to(), "a range");
      out.add(new Stmt.Zero(z.array(), times(z.from()), times(z.to())));
    } else if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target().is(RuntimeHelper.ARRAYCOPY)
        && readsLanes(c)) {
      // System.arraycopy(from, at, to, at2, n) of tangents: n elements are n * k lanes.
      List<Expr> a = c.args();
      if (!isLaneArray(a.get(0)) || !isLaneArray(a.get(2))) {
        throw new Refused("tangents copied to or from primal values: " + c);
      }
      out.add(
          new Stmt.Eval(
              c.withArgs(List.of(a.get(0), times(a.get(1)), a.get(2), times(a.get(3)), times(a.get(4))))));
    } else if (s instanceof Stmt.Return r) {
      requirePrimal(r.value(), "the value returned");
      if (!products.forwardOnly()) {
        out.add(new Stmt.Comment("the products out of lanes: hvs[l][i] = hv[i * k + l]"));
        out.add(
            new Stmt.Eval(
                RuntimeHelper.LANES_SCATTER.call(
                    Type.INT, ref(products.hv()), ref(k), ref(products.out()))));
      }
      out.add(r);
    } else if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target() instanceof CallTarget.VectorCall vc
        && vc.product() == CallTarget.VectorCall.Product.JACOBIAN_VECTOR) {
      vectorCall(c, vc, out);
    } else {
      requireNoLanes(s, "a statement");
      out.add(s);
    }
  }

  /** Whether {@code s} names the Jacobian-vector product's output {@code jv}. */
  private boolean writesProduct(Stmt s) {
    if (s instanceof Stmt.Zero z) {
      return z.array() == products.jv();
    }
    boolean[] found = {false};
    for (Expr e : Stmts.ownExpressions(s)) {
      Exprs.forEachNode(
          e, node -> found[0] |= node instanceof Expr.VarRef r && r.variable() == products.jv());
    }
    return found[0];
  }

  /**
   * Where a Jacobian-vector product returns: its check of {@code jv}'s length, then the returned
   * array's tangents copied into {@code jv} (or {@code jv} zeroed). In lanes, row l of {@code jvs}
   * gets lane l, each row's length checked as it is written.
   */
  private void jacobianProducts(Stmt s, List<Stmt> out) {
    Expr name = new Expr.NameOf(products.out());
    if (s instanceof Stmt.Eval e && e.call() instanceof Expr.Call c && c.target().is(RuntimeHelper.REQUIRE_LENGTH)) {
      // Checked by the copy below, row by row.
      return;
    }
    if (s instanceof Stmt.Zero z && isIntZero(z.from())) {
      requirePrimal(z.to(), "a length");
      out.add(new Stmt.Comment("no tangents reach the value returned: each product is zero"));
      out.add(
          new Stmt.Eval(
              RuntimeHelper.LANES_ZERO_ROWS.call(Type.INT, ref(products.out()), ref(k), z.to(), name)));
      return;
    }
    if (s instanceof Stmt.Eval e
        && e.call() instanceof Expr.Call c
        && c.target().is(RuntimeHelper.ARRAYCOPY)
        && c.args().get(2) instanceof Expr.VarRef to
        && to.variable() == products.jv()
        && isLaneArray(c.args().get(0))
        && isIntZero(c.args().get(1))
        && isIntZero(c.args().get(3))) {
      requirePrimal(c.args().get(4), "a length");
      out.add(new Stmt.Comment("the products out of lanes: row l of jvs from lane l of each element"));
      out.add(
          new Stmt.Eval(
              RuntimeHelper.LANES_SCATTER_ROWS.call(
                  Type.INT, c.args().get(0), c.args().get(4), ref(k), ref(products.out()), name)));
      return;
    }
    throw new Refused("the product written as " + s);
  }

  private static boolean isIntZero(Expr e) {
    return e instanceof Expr.IntLit zero && zero.value() == 0;
  }

  /**
   * A vector callee's Jacobian-vector product, {@code gJacobianVector(args..., direction, yDot)}:
   * its directions one row per lane, then its own {@code gJacobianVectors}, or, where its companion
   * was compiled by an earlier Adjoint without one, its {@code gJacobianVector} lane by lane (a
   * vector callee has no effects and its arguments are read once, so running it k times is
   * safe); then its products back into lanes, so libraries compose.
   */
  private void vectorCall(Expr.Call c, CallTarget.VectorCall vc, List<Stmt> out) {
    List<Expr> args = vc.calleeArgs(c);
    for (Expr arg : args) {
      requirePrimal(arg, "an argument");
    }
    Variable direction = ((Expr.VarRef) c.args().get(c.args().size() - 2)).variable();
    Variable tangents = ((Expr.VarRef) c.args().get(c.args().size() - 1)).variable();
    Variable directions = calleeRows.get(direction);
    Variable productRows = calleeRows.get(tangents);
    out.add(
        new Stmt.Eval(RuntimeHelper.LANES_TO_ROWS.call(Type.INT, ref(direction), ref(directions))));
    if (vc.callee().lacks(Kind.JACOBIAN_VECTORS)) {
      Variable l = new Variable("l", Type.INT, Variable.Role.LOCAL);
      out.add(
          new Stmt.Comment(
              vc.callee().name() + " has no mJacobianVectors: its Jacobian-vector product lane by lane"));
      out.add(
          overLanes(
              l,
              List.of(
                  new Stmt.Eval(
                      CallTarget.VectorCall.of(
                          vc.callee(),
                          CallTarget.VectorCall.Product.JACOBIAN_VECTOR,
                          args,
                          List.of(
                              new Expr.ArrayRead(ref(directions), ref(l)),
                              new Expr.ArrayRead(ref(productRows), ref(l))))))));
    } else {
      out.add(
          new Stmt.Eval(
              CallTarget.VectorCall.of(
                  vc.callee(),
                  CallTarget.VectorCall.Product.JACOBIAN_VECTORS,
                  args,
                  List.of(ref(directions), ref(productRows)))));
    }
    out.add(
        new Stmt.Eval(RuntimeHelper.LANES_FROM_ROWS.call(Type.INT, ref(productRows), ref(tangents))));
  }

  /** {@code for (int l = 0; l < k; l++) body}: a primal loop over the lanes. */
  private Stmt overLanes(Variable l, List<Stmt> body) {
    return new Stmt.Loop(
        List.of(new Stmt.Declare(l, Exprs.lit0())),
        new Expr.Binary(BinaryOp.LT, ref(l), ref(k), Type.BOOLEAN),
        List.of(
            new Stmt.Assign(
                l, new Expr.Binary(BinaryOp.ADD, ref(l), new Expr.IntLit(1, Type.INT), Type.INT))),
        body,
        true);
  }

  private void requireNoLanes(Stmt s, String what) {
    if (s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Accumulate) {
      Variable t = Stmts.target(s);
      if (scalarLanes.containsKey(t) || laneArrays.contains(t)) {
        throw new Refused(what + " assigns a tangent: " + s);
      }
    }
    for (Expr e : Stmts.ownExpressions(s)) {
      requirePrimal(e, what);
    }
    if (!Stmts.blocks(s).isEmpty()) {
      throw new Refused("a block where none was expected: " + s);
    }
  }

  /** The value of an array of tangents, now in lanes: {@code n} elements take {@code n * k}. */
  private Expr laneArray(Variable array, Expr value) {
    if (isLaneArray(value)) {
      return value;
    }
    if (value instanceof Expr.NewDoubleArray a && a.columns() == null) {
      requirePrimal(a.length(), "a length");
      return new Expr.NewDoubleArray(times(a.length()));
    }
    // The buffer of an array made in each iteration of a loop: empty, then grown to n * k.
    if (value instanceof Expr.FieldRef f && f.type() == Type.DOUBLE_ARRAY
        || value instanceof Expr.Call c && c.target().is(RuntimeHelper.EMPTY_BUFFER)) {
      return value;
    }
    if (value instanceof Expr.Call c
        && (c.target().is(RuntimeHelper.GROWN) || c.target().is(RuntimeHelper.AT_LEAST))
        && isLaneArray(c.args().get(0))) {
      requirePrimal(c.args().get(1), "a length");
      return c.withArgs(List.of(c.args().get(0), times(c.args().get(1))));
    }
    throw new Refused("tangents of " + array + " made as " + value);
  }

  /** The value of a matrix of tangents, its rows now in lanes: {@code n} elements take {@code n * k}. */
  private Expr laneMatrix(Variable matrix, Expr value) {
    if (value instanceof Expr.VarRef r && laneMatrices.contains(r.variable())) {
      return value;
    }
    if (value instanceof Expr.NewDoubleArray a && a.columns() != null) {
      requirePrimal(a.length(), "a length");
      requirePrimal(a.columns(), "a length");
      return new Expr.NewDoubleArray(a.length(), times(a.columns()));
    }
    // The buffer of a matrix made in each iteration of a loop: empty, then grown to n * k columns.
    if (value instanceof Expr.Call c && c.target().is(RuntimeHelper.EMPTY_MATRIX_BUFFER)) {
      return value;
    }
    if (value instanceof Expr.Call c
        && c.target().is(RuntimeHelper.GROWN_MATRIX)
        && c.args().get(0) instanceof Expr.VarRef r
        && laneMatrices.contains(r.variable())) {
      requirePrimal(c.args().get(1), "a length");
      requirePrimal(c.args().get(2), "a length");
      return c.withArgs(List.of(c.args().get(0), c.args().get(1), times(c.args().get(2))));
    }
    if (loopDepth == 0 && value instanceof Expr.Call c && c.target().is(RuntimeHelper.ZEROS_LIKE)) {
      requirePrimal(c.args().get(0), "a shape");
      return RuntimeHelper.LANES_ZEROS_LIKE.call(Type.DOUBLE_MATRIX, c.args().get(0), ref(k));
    }
    if (loopDepth == 0
        && value instanceof Expr.Call c
        && c.target().is(RuntimeHelper.UNFLATTEN)
        && isLaneArray(c.args().get(0))) {
      requirePrimal(c.args().get(1), "an offset");
      requirePrimal(c.args().get(2), "a shape");
      return RuntimeHelper.LANES_UNFLATTEN.call(
          Type.DOUBLE_MATRIX, c.args().get(0), c.args().get(1), c.args().get(2), ref(k));
    }
    throw new Refused("tangents of " + matrix + " made as " + value);
  }

  /** Rows for a callee's direction or products, beside their lanes. */
  private void rows(Variable array, Expr value, boolean declares, List<Stmt> out) {
    Variable rows = calleeRows.get(array);
    if (rows == null) {
      return;
    }
    Expr made;
    if (value instanceof Expr.NewDoubleArray a) {
      made = new Expr.NewDoubleArray(ref(k), a.length());
    } else if (value instanceof Expr.FieldRef
        || value instanceof Expr.Call c && c.target().is(RuntimeHelper.EMPTY_BUFFER)) {
      made = RuntimeHelper.LANES_EMPTY_ROWS.call(Type.DOUBLE_MATRIX, ref(k));
    } else if (value instanceof Expr.Call c
        && (c.target().is(RuntimeHelper.GROWN) || c.target().is(RuntimeHelper.AT_LEAST))) {
      made = RuntimeHelper.LANES_ROWS_AT_LEAST.call(Type.DOUBLE_MATRIX, ref(rows), c.args().get(1));
    } else {
      throw new Refused("a callee's tangents not made here: " + array);
    }
    out.add(declares ? new Stmt.Declare(rows, made) : new Stmt.Assign(rows, made));
  }

  /**
   * A callee's Hessian-vector products: its directions, one row per lane, then the callee's own
   * {@code mHessianVectors}; where it has none (a custom derivative, or a companion compiled by an
   * earlier Adjoint), its Hessian-vector product lane by lane and its gradient for the value; then
   * its products back into lanes.
   */
  private void call(Expr.DiffCall c, java.util.function.Function<Expr, Stmt> use, List<Stmt> out) {
    for (Expr arg : c.args()) {
      requirePrimal(arg, "an argument");
    }
    Variable directions = calleeRows.get(c.direction());
    Variable products = calleeRows.get(c.gradientTangent());
    out.add(
        new Stmt.Eval(
            RuntimeHelper.LANES_TO_ROWS.call(Type.INT, ref(c.direction()), ref(directions))));
    if (c.callee().methodFor(Kind.HESSIAN_VECTORS) != null) {
      out.add(use.apply(c.inLanes(directions, products)));
    } else {
      // Each product runs the callee again: its effects would run k + 1 times.
      if (c.callee().effects() != Effects.NONE || c.args().stream().anyMatch(Exprs::callsMethod)) {
        throw new Refused("a callee with effects called lane by lane: " + c.name());
      }
      Variable l = new Variable("l", Type.INT, Variable.Role.LOCAL);
      Variable direction = new Variable(c.name() + "Direction", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
      Variable product = new Variable(c.name() + "Product", Type.DOUBLE_ARRAY, Variable.Role.TEMP);
      out.add(new Stmt.Comment(c.name() + " has no mHessianVectors: its Hessian-vector product lane by lane"));
      out.add(
          overLanes(
              l,
              List.of(
                  new Stmt.Declare(direction, new Expr.ArrayRead(ref(directions), ref(l))),
                  new Stmt.Declare(product, new Expr.ArrayRead(ref(products), ref(l))),
                  new Stmt.Eval(c.withSecondOrder(direction, product)))));
      out.add(use.apply(c.withSecondOrder(null, null)));
    }
    out.add(
        new Stmt.Eval(
            RuntimeHelper.LANES_FROM_ROWS.call(Type.INT, ref(products), ref(c.gradientTangent()))));
  }

  private boolean isLaneTarget(Variable t) {
    return scalarLanes.containsKey(t) || laneArrays.contains(t) || laneMatrices.contains(t);
  }

  private void push(Stmt.Push p, List<Stmt> out) {
    Expr value = p.value();
    if (!readsLanes(value) && poppedIntoLanes.contains(p.entry())) {
      // A tangent the simplifier knew here (b = t0: bDot = 0) is pushed as one value, but
      // popped back into its lanes, k values: the tape would lose its balance.
      throw new Refused("a tangent recorded as a primal value: " + value);
    } else if (!readsLanes(value)) {
      out.add(p);
    } else if (value instanceof Expr.VarRef r && scalarLanes.containsKey(r.variable())) {
      out.add(new Stmt.Push(p.tape(), p.entry(), ref(scalarLanes.get(r.variable()))));
    } else if (isLaneArray(value)) {
      out.add(p);
    } else if (value instanceof Expr.ArrayRead a && isLaneArray(a.array())) {
      requirePrimal(a.index(), "an index");
      out.add(
          new Stmt.Eval(
              RuntimeHelper.LANES_PUSH.call(
                  Type.INT, ref(p.tape()), a.array(), at(a.array(), a.index()), ref(k))));
    } else {
      throw new Refused("a tangent recorded as " + value);
    }
  }

  private void pop(Stmt.Pop p, List<Stmt> out) {
    Variable t = p.target();
    if (scalarLanes.containsKey(t)) {
      out.add(new Stmt.Pop(p.tape(), p.entry(), scalarLanes.get(t), null, null));
    } else if (!laneArrays.contains(t) && !laneMatrices.contains(t)) {
      out.add(p);
    } else if (p.index() == null && p.row() == null && laneArrays.contains(t)) {
      out.add(p);
    } else if (p.index() != null && (p.row() == null) == laneArrays.contains(t)) {
      requirePrimal(p.index(), "an index");
      Expr values = p.row() == null ? ref(t) : new Expr.ArrayRead(ref(t), p.row());
      if (p.row() != null) {
        requirePrimal(p.row(), "a row");
      }
      out.add(
          new Stmt.Eval(
              RuntimeHelper.LANES_POP.call(Type.INT, ref(p.tape()), values, at(values, p.index()), ref(k))));
    } else {
      throw new Refused("tangents popped into " + p);
    }
  }
}
