package dev.adjoint.processor.ir;

import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Small constructors and traversals of expressions, so rules and passes read like math. */
public final class Exprs {
  private Exprs() {}

  /**
   * Whether {@code e} reads a field, directly or through its handle: a value a call with effects
   * may change. A private constant's named copy is not such a read.
   */
  public static boolean isFieldRead(Expr e) {
    return e instanceof Expr.InstanceField
        || e instanceof Expr.FieldRef f && !(f.access() instanceof Access.Copied);
  }

  /** An array parameter: the caller may have passed a field's array, which a call may change. */
  public static boolean isArrayParameter(Variable v) {
    return v.role() == Variable.Role.PARAMETER && v.type().isArray();
  }

  public static DoubleLit lit(double value) {
    return new DoubleLit(value);
  }

  /** The int literal 0. */
  public static Expr.IntLit lit0() {
    return new Expr.IntLit(0, Type.INT);
  }

  public static VarRef ref(Variable v) {
    return new VarRef(v);
  }

  public static Expr add(Expr a, Expr b) {
    return new Binary(BinaryOp.ADD, a, b, Type.DOUBLE);
  }

  public static Expr sub(Expr a, Expr b) {
    return new Binary(BinaryOp.SUB, a, b, Type.DOUBLE);
  }

  public static Expr mul(Expr a, Expr b) {
    return new Binary(BinaryOp.MUL, a, b, Type.DOUBLE);
  }

  public static Expr div(Expr a, Expr b) {
    return new Binary(BinaryOp.DIV, a, b, Type.DOUBLE);
  }

  public static Expr neg(Expr a) {
    return new Unary(UnaryOp.NEG, a);
  }

  public static Expr compare(BinaryOp op, Expr a, Expr b) {
    return new Binary(op, a, b, Type.BOOLEAN);
  }

  public static Expr cond(Expr c, Expr a, Expr b) {
    return new Conditional(c, a, b, Type.DOUBLE);
  }

  /** {@code Math.function(args)}, a double. */
  public static Expr call(MathFunction function, Expr... args) {
    return call(function, ClassRef.MATH, args);
  }

  /** {@code library.function(args)}, a double. */
  public static Expr call(MathFunction function, ClassRef library, Expr... args) {
    return new Call(new CallTarget.Primitive(function, library), List.of(args), Type.DOUBLE);
  }

  public static boolean isZero(Expr e) {
    return e instanceof DoubleLit d && d.value() == 0.0;
  }

  public static boolean isOne(Expr e) {
    return e instanceof DoubleLit d && d.value() == 1.0;
  }

  /** The direct children of an expression, in evaluation order. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Unary u) {
      return List.of(u.operand());
    } else if (e instanceof Binary b) {
      return List.of(b.left(), b.right());
    } else if (e instanceof Conditional c) {
      return List.of(c.condition(), c.ifTrue(), c.ifFalse());
    } else if (e instanceof Cast c) {
      return List.of(c.operand());
    } else if (e instanceof Call c) {
      return c.args();
    } else if (e instanceof Expr.ArrayRead a) {
      return List.of(a.array(), a.index());
    } else if (e instanceof Expr.DiffCall c) {
      return c.args();
    } else if (e instanceof Expr.ArrayLength l) {
      return List.of(l.array());
    } else if (e instanceof Expr.NewDoubleArray n) {
      return n.columns() == null ? List.of(n.length()) : List.of(n.length(), n.columns());
    }
    return List.of();
  }

  /** Visits every node of {@code e}, parents before children. */
  public static void forEachNode(Expr e, Consumer<Expr> action) {
    action.accept(e);
    for (Expr child : children(e)) {
      forEachNode(child, action);
    }
  }

  /** Rebuilds {@code e} bottom-up, applying {@code f} to each node after its children. */
  public static Expr rewrite(Expr e, UnaryOperator<Expr> f) {
    Expr rebuilt;
    if (e instanceof Unary u) {
      rebuilt = new Unary(u.op(), rewrite(u.operand(), f));
    } else if (e instanceof Binary b) {
      rebuilt = new Binary(b.op(), rewrite(b.left(), f), rewrite(b.right(), f), b.type());
    } else if (e instanceof Conditional c) {
      rebuilt =
          new Conditional(
              rewrite(c.condition(), f), rewrite(c.ifTrue(), f), rewrite(c.ifFalse(), f), c.type());
    } else if (e instanceof Cast c) {
      rebuilt = new Cast(c.type(), rewrite(c.operand(), f), c.implicit());
    } else if (e instanceof Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(rewrite(a, f));
      }
      rebuilt = c.withArgs(args);
    } else if (e instanceof Expr.ArrayRead a) {
      rebuilt = new Expr.ArrayRead(rewrite(a.array(), f), rewrite(a.index(), f));
    } else if (e instanceof Expr.DiffCall c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(rewrite(a, f));
      }
      rebuilt = c.withArgs(args);
    } else if (e instanceof Expr.ArrayLength l) {
      rebuilt = new Expr.ArrayLength(rewrite(l.array(), f));
    } else if (e instanceof Expr.NewDoubleArray n) {
      rebuilt =
          new Expr.NewDoubleArray(
              rewrite(n.length(), f), n.columns() == null ? null : rewrite(n.columns(), f));
    } else {
      rebuilt = e;
    }
    return f.apply(rebuilt);
  }

  /**
   * A copy of the user's computation, for derivative arithmetic: each outermost double sum in it
   * is wrapped in an implicit {@code (double)}, which prints as nothing and tells the simplifier to
   * leave the sum as computed ({@code (c + 1e16) - 1e16} is not c). Products of copies need no
   * mark (regrouping them rounds differently, but only as much), nor do conditions, arguments of
   * calls and indices, which the simplifier never rewrites inexactly.
   */
  public static Expr copied(Expr e) {
    if (e.type() != Type.DOUBLE || isCopied(e)) {
      return e;
    }
    if (e instanceof Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      return new Cast(Type.DOUBLE, e, true);
    }
    if (e instanceof Binary b && (b.op() == BinaryOp.MUL || b.op() == BinaryOp.DIV)) {
      return new Binary(b.op(), copied(b.left()), copied(b.right()), b.type());
    }
    if (e instanceof Unary u) {
      return new Unary(u.op(), copied(u.operand()));
    }
    if (e instanceof Conditional c) {
      return new Conditional(c.condition(), copied(c.ifTrue()), copied(c.ifFalse()), c.type());
    }
    return e;
  }

  /** Whether {@code e} is a mark of {@link #copied}: a double "converted" to double. */
  public static boolean isCopied(Expr e) {
    return e instanceof Cast c
        && c.implicit()
        && c.type() == Type.DOUBLE
        && c.operand().type() == Type.DOUBLE;
  }

  /** {@code e} without the marks of {@link #copied}. */
  public static Expr withoutCopyMarks(Expr e) {
    return rewrite(e, n -> isCopied(n) ? ((Cast) n).operand() : n);
  }

  /** {@code e} with every direct child {@code c} replaced by {@code f(c)}, branches included. */
  public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
    if (e instanceof Unary u) {
      return new Unary(u.op(), f.apply(u.operand()));
    } else if (e instanceof Binary b) {
      return new Binary(b.op(), f.apply(b.left()), f.apply(b.right()), b.type());
    } else if (e instanceof Conditional c) {
      return new Conditional(
          f.apply(c.condition()), f.apply(c.ifTrue()), f.apply(c.ifFalse()), c.type());
    } else if (e instanceof Cast c) {
      return new Cast(c.type(), f.apply(c.operand()), c.implicit());
    } else if (e instanceof Call c) {
      return c.withArgs(c.args().stream().map(f).toList());
    } else if (e instanceof Expr.ArrayRead a) {
      return new Expr.ArrayRead(f.apply(a.array()), f.apply(a.index()));
    } else if (e instanceof Expr.DiffCall c) {
      return c.withArgs(c.args().stream().map(f).toList());
    } else if (e instanceof Expr.ArrayLength l) {
      return new Expr.ArrayLength(f.apply(l.array()));
    } else if (e instanceof Expr.NewDoubleArray n) {
      return new Expr.NewDoubleArray(
          f.apply(n.length()), n.columns() == null ? null : f.apply(n.columns()));
    }
    return e;
  }

  /** {@code e} with each direct child replaced by {@code f} of it (not applied to {@code e}). */
  public static Expr rewriteChildren(Expr e, UnaryOperator<Expr> f) {
    if (e instanceof Unary u) {
      return new Unary(u.op(), f.apply(u.operand()));
    } else if (e instanceof Binary b) {
      return new Binary(b.op(), f.apply(b.left()), f.apply(b.right()), b.type());
    } else if (e instanceof Conditional c) {
      // The branches are evaluated only when taken: nothing is moved out of them.
      return e;
    } else if (e instanceof Cast c) {
      return new Cast(c.type(), f.apply(c.operand()), c.implicit());
    } else if (e instanceof Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(f.apply(a));
      }
      return c.withArgs(args);
    } else if (e instanceof Expr.DiffCall c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(f.apply(a));
      }
      return c.withArgs(args);
    }
    return e;
  }

  /**
   * The array a whole array argument passes: the argument itself ({@code a}, a row {@code m[i]}),
   * or, for an array made in a loop, the buffer whose prefix {@link RuntimeHelper#PREFIX} passes.
   * The chain rule keys the argument's partials by this array, whose adjoints and tangents share
   * the buffer's layout.
   */
  public static Expr passedArray(Expr arg) {
    return isPrefix(arg) ? ((Call) arg).args().get(0) : arg;
  }

  /** Whether {@code arg} is an array made in a loop passed whole, {@code Vectors.prefix(p, n)}. */
  public static boolean isPrefix(Expr arg) {
    return arg instanceof Call c && c.target().is(RuntimeHelper.PREFIX);
  }

  /** {@code Checks.requireLength(array, length, "array")}: an output array long enough. */
  public static Stmt requireLength(Variable array, Expr length) {
    return new Stmt.Eval(
        RuntimeHelper.REQUIRE_LENGTH.call(Type.INT, ref(array), length, new Expr.NameOf(array)));
  }

  /** {@code System.arraycopy(from, fromIndex, to, toIndex, length)} as a statement. */
  public static Stmt arraycopy(Expr from, Expr fromIndex, Expr to, Expr toIndex, Expr length) {
    return new Stmt.Eval(
        RuntimeHelper.ARRAYCOPY.call(Type.INT, from, fromIndex, to, toIndex, length));
  }

  /** {@code a + b} in int arithmetic, without a {@code 0 +}. */
  public static Expr plusInt(Expr a, Expr b) {
    if (a instanceof Expr.IntLit x && x.value() == 0) {
      return b;
    }
    if (b instanceof Expr.IntLit y && y.value() == 0) {
      return a;
    }
    if (a instanceof Expr.IntLit x && b instanceof Expr.IntLit y) {
      return new Expr.IntLit(x.value() + y.value(), Type.INT);
    }
    if (a instanceof Binary s
        && s.op() == BinaryOp.ADD
        && s.type() == Type.INT
        && s.right() instanceof Expr.IntLit x
        && b instanceof Expr.IntLit y) {
      // (n + 1) + 1 is n + 2.
      return plusInt(s.left(), new Expr.IntLit(x.value() + y.value(), Type.INT));
    }
    return new Binary(BinaryOp.ADD, a, b, Type.INT);
  }

  /** Replaces every occurrence of {@code from} (structurally) with {@code to}. */
  public static Expr replace(Expr e, Expr from, Expr to) {
    if (e.equals(from)) {
      return to;
    }
    return rewrite(e, node -> node.equals(from) ? to : node);
  }

  /** Adds the variables {@code e} reads to {@code into}. */
  public static void collectVariables(Expr e, Set<Variable> into) {
    forEachNode(
        e,
        node -> {
          if (node instanceof VarRef r) {
            into.add(r.variable());
          } else if (node instanceof Expr.InstanceField f) {
            into.add(f.receiver());
          } else if (node instanceof Expr.DiffCall c) {
            // The companion call fills these arrays, so they must exist there.
            into.addAll(c.filled());
            if (c.direction() != null) {
              into.add(c.direction());
            }
          }
        });
  }

  public static boolean reads(Expr e, Variable v) {
    boolean[] found = {false};
    forEachNode(
        e,
        node -> {
          if (node instanceof VarRef r && r.variable() == v) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /**
   * Whether {@code e} calls a method of the user's or a library's: a differentiable method, or one
   * computing data. Such a call may have effects, so generated code must run it exactly where and
   * as often as the source does; a {@code Math} function (with a derivative rule or not) or a
   * runtime helper it may run again.
   */
  public static boolean callsMethod(Expr e) {
    boolean[] found = {false};
    forEachNode(
        e,
        n ->
            found[0] |=
                n instanceof Expr.DiffCall
                    || (n instanceof Call c && c.target() instanceof CallTarget.Data d && !d.pure()));
    return found[0];
  }

  /** The number of nodes in {@code e}. */
  public static int size(Expr e) {
    int[] n = {0};
    forEachNode(e, node -> n[0]++);
    return n[0];
  }
}
