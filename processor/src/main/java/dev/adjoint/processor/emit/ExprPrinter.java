package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.Access;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ClassRef;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Expr.ArrayRead;
import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.FieldRef;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Member;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Type;
import java.util.List;

/**
 * Prints expressions as Java with the fewest parentheses that keep the tree's meaning. The tree is
 * the evaluation order, so the user's expressions print to the same floating-point operations.
 */
final class ExprPrinter {
  private static final int PRIMARY = 16;
  private static final int UNARY = 14;
  private static final int CONDITIONAL = 2;

  private final NameAllocator names;

  ExprPrinter(NameAllocator names) {
    this.names = names;
  }

  CodeBlock print(Expr e) {
    CodeBlock.Builder b = CodeBlock.builder();
    // The simplifier's marks on copied sums are no conversions; parentheses follow the tree.
    write(withoutConstantGuards(Exprs.withoutCopyMarks(e)), b);
    return b.build();
  }

  /**
   * {@code Chain.times(k, p)} with a literal k other than 0 is {@code k * p}: the call only marks
   * p, for the forward-over-reverse pass, as a partial that may be infinite.
   */
  private static Expr withoutConstantGuards(Expr e) {
    return Exprs.rewrite(
        e,
        n -> {
          if (n instanceof Call c
              && c.target().is(RuntimeHelper.TIMES)
              && c.args().get(0) instanceof DoubleLit k
              && k.value() != 0.0) {
            Expr partial = c.args().get(1);
            return k.value() == 1.0
                ? partial
                : k.value() == -1.0 ? Exprs.neg(partial) : Exprs.mul(k, partial);
          }
          return n;
        });
  }

  private void write(Expr e, CodeBlock.Builder b) {
    if (e instanceof DoubleLit d) {
      b.add("$L", doubleLiteral(d.value()));
    } else if (e instanceof IntLit i) {
      b.add("$L", intLiteral(i));
    } else if (e instanceof BoolLit bool) {
      b.add("$L", bool.value());
    } else if (e instanceof VarRef r) {
      b.add("$L", names.nameOf(r.variable()));
    } else if (Member.of(e) != null && names.nameOf(Member.of(e)) != null) {
      indirect(e, Member.of(e), b);
    } else if (e instanceof Expr.InstanceField f) {
      b.add("$L.$L", names.nameOf(f.receiver()), f.name());
    } else if (e instanceof FieldRef f) {
      b.add("$L.$L", type(f.owner()), f.name());
    } else if (e instanceof Expr.StringLit str) {
      b.add("$S", str.value());
    } else if (e instanceof Expr.NullLit) {
      b.add("null");
    } else if (e instanceof Call c
        && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Concat) {
      for (int k = 0; k < c.args().size(); k++) {
        if (k > 0) {
          b.add(" + ");
        }
        // A sum among the parts is a number added first, as in the source: (a + b).
        operand(c.args().get(k), BinaryOp.ADD.precedence() + 1, b);
      }
    } else if (e instanceof Call c
        && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Assertion) {
      // Only ever a statement of its own: printed as the statement assert.
      b.add("assert ");
      write(c.args().get(0), b);
      if (c.args().size() > 1) {
        b.add(" : ");
        write(c.args().get(1), b);
      }
    } else if (e instanceof Call c
        && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Construct made) {
      b.add("new $L(", type(made.type()));
      for (int k = 0; k < c.args().size(); k++) {
        b.add(k > 0 ? ", " : "");
        write(c.args().get(k), b);
      }
      b.add(")");
    } else if (e instanceof Call c
        && c.target() instanceof dev.adjoint.processor.ir.CallTarget.VectorCall vc
        && vc.product().kind() == null) {
      // The value as the source calls it, or that value copied into the caller's array.
      List<Expr> own = vc.calleeArgs(c);
      if (vc.product() == dev.adjoint.processor.ir.CallTarget.VectorCall.Product.VALUE) {
        write(vc.callee().plainCall(own, Type.DOUBLE_ARRAY), b);
      } else {
        Expr value = c.args().get(0);
        Expr zero = new Expr.IntLit(0, Type.INT);
        write(
            dev.adjoint.processor.ir.RuntimeHelper.ARRAYCOPY.call(
                Type.INT, value, zero, c.args().get(1), zero, new Expr.ArrayLength(value)),
            b);
      }
    } else if (e instanceof Call c) {
      List<Expr> args = c.args();
      int first = 0;
      if (c.target() instanceof dev.adjoint.processor.ir.CallTarget.Helper h
              && h.helper().isCalledOnFirstArgument()
          || c.target() instanceof dev.adjoint.processor.ir.CallTarget.Data d && d.onReceiver()) {
        operand(args.get(0), PRIMARY, b);
        b.add(".$L(", c.name());
        first = 1;
      } else {
        b.add("$L.$L(", type(c.owner()), c.name());
      }
      for (int k = first; k < args.size(); k++) {
        if (k > first) {
          b.add(", ");
        }
        write(args.get(k), b);
      }
      b.add(")");
    } else if (e instanceof Expr.DiffCall c && c.kind() == null) {
      write(c.callee().plainCall(c.args()), b);
    } else if (e instanceof Expr.DiffCall c) {
      String method = c.callee().methodFor(c.kind());
      if (method == null) {
        throw new IllegalStateException(c.name() + " has no " + c.kind());
      }
      b.add("$L.$L(", type(c.callee().derivativeOwner()), method);
      for (int k = 0; k < c.args().size(); k++) {
        if (k > 0) {
          b.add(", ");
        }
        write(c.args().get(k), b);
      }
      if (c.gradientTangent() != null) {
        b.add(c.args().isEmpty() ? "$L" : ", $L", names.nameOf(c.direction()));
        b.add(", $L, $L", names.nameOf(c.gradient()), names.nameOf(c.gradientTangent()));
      } else if (c.gradient() != null) {
        b.add(c.args().isEmpty() ? "$L" : ", $L", names.nameOf(c.gradient()));
      }
      b.add(")");
    } else if (e instanceof Expr.NewDoubleArray n) {
      b.add("new double[");
      write(n.length(), b);
      b.add("]");
      if (n.columns() != null) {
        b.add("[");
        write(n.columns(), b);
        b.add("]");
      }
    } else if (e instanceof Expr.NameOf n) {
      b.add("$S", names.nameOf(n.variable()));
    } else if (e instanceof Expr.ArrayLength l) {
      operand(l.array(), PRIMARY, b);
      b.add(".length");
    } else if (e instanceof ArrayRead a) {
      operand(a.array(), PRIMARY, b);
      b.add("[");
      write(a.index(), b);
      b.add("]");
    } else if (e instanceof Unary u) {
      b.add("$L", u.op().symbol());
      boolean sameSign = startsWithMinus(u.operand()) && u.op().symbol().equals("-");
      if (sameSign || precedence(u.operand()) < UNARY) {
        parenthesized(u.operand(), b);
      } else {
        write(u.operand(), b);
      }
    } else if (e instanceof Cast c) {
      b.add("($L) ", c.type().javaName());
      operand(c.operand(), UNARY, b);
    } else if (e instanceof Binary bin) {
      int p = bin.op().precedence();
      Expr left = promoted(bin.left(), bin.right(), bin.type());
      Expr right = promoted(bin.right(), bin.left(), bin.type());
      if (bin.type() == Type.DOUBLE && left.type().isIntegral() && right.type().isIntegral()) {
        // The IR says double arithmetic; two integer operands would print as integer arithmetic.
        b.add("(double) ");
        operand(left, UNARY, b);
      } else {
        operand(left, p, b);
      }
      b.add(" $L ", bin.op().symbol());
      boolean minusAfterSign =
          (bin.op() == BinaryOp.ADD || bin.op() == BinaryOp.SUB) && startsWithMinus(right);
      if (minusAfterSign || precedence(right) <= p) {
        parenthesized(right, b);
      } else {
        write(right, b);
      }
    } else if (e instanceof Conditional c) {
      operand(c.condition(), CONDITIONAL + 1, b);
      b.add(" ? ");
      operand(c.ifTrue(), CONDITIONAL + 1, b);
      b.add(" : ");
      operand(c.ifFalse(), CONDITIONAL + 1, b);
    } else {
      throw new IllegalStateException("cannot print " + e);
    }
  }

  /**
   * A member the companion reaches indirectly: a copied constant by its name, a field through its
   * handle with the exact type ({@code (double[]) DATA.get(self)}, so that the JIT folds it like a
   * field read), a method through the companion's method that calls its handle, an instance
   * method's receiver its first argument: {@code size(self)}.
   */
  private void indirect(Expr e, Member member, CodeBlock.Builder b) {
    String name = names.nameOf(member);
    if (member.access() instanceof Access.Copied) {
      b.add("$L", name);
    } else if (e instanceof Expr.InstanceField f
        && member.access() instanceof Access.Handle h
        && h.objectClass() != null) {
      b.add("($T) $L.get($L)", className(h.objectClass()), name, names.nameOf(f.receiver()));
    } else if (e instanceof Expr.InstanceField f) {
      b.add("($L) $L.get($L)", f.type().javaName(), name, names.nameOf(f.receiver()));
    } else if (e instanceof FieldRef
        && member.access() instanceof Access.Handle h
        && h.objectClass() != null) {
      b.add("($T) $L.get()", className(h.objectClass()), name);
    } else if (e instanceof FieldRef f) {
      b.add("($L) $L.get()", f.type().javaName(), name);
    } else {
      Call c = (Call) e;
      b.add("$L(", name);
      for (int k = 0; k < c.args().size(); k++) {
        b.add(k > 0 ? ", " : "");
        write(c.args().get(k), b);
      }
      b.add(")");
    }
  }

  /**
   * An operand as it needs to be written: an implicit widening is left out when the other operand
   * already has the wider type, since Java's binary promotion then does the same conversion.
   */
  static Expr promoted(Expr operand, Expr other, Type result) {
    if (operand instanceof Cast c
        && c.implicit()
        && c.type() == result
        && other.type() == result
        && c.operand().type().isIntegral()) {
      return c.operand();
    }
    return operand;
  }

  /** An assigned value as written: Java widens an integer to the target's type by itself. */
  static Expr assigned(Expr value, Type target) {
    if (value instanceof Cast c
        && c.implicit()
        && c.type() == target
        && c.operand().type().isIntegral()
        && (target == Type.DOUBLE || (target == Type.LONG && c.operand().type() == Type.INT))) {
      return c.operand();
    }
    return value;
  }

  /** Writes {@code e}, in parentheses if it binds more loosely than {@code minimum}. */
  private void operand(Expr e, int minimum, CodeBlock.Builder b) {
    if (precedence(e) < minimum) {
      parenthesized(e, b);
    } else {
      write(e, b);
    }
  }

  private void parenthesized(Expr e, CodeBlock.Builder b) {
    b.add("(");
    write(e, b);
    b.add(")");
  }

  static int precedence(Expr e) {
    if (e instanceof Call c && c.target() instanceof dev.adjoint.processor.ir.CallTarget.Concat) {
      return BinaryOp.ADD.precedence();
    } else if (e instanceof Binary b) {
      return b.op().precedence();
    } else if (e instanceof Conditional) {
      return CONDITIONAL;
    } else if (e instanceof Unary || e instanceof Cast) {
      return UNARY;
    } else if (Member.of(e) != null && Member.of(e).access() instanceof Access.Handle
        && !(e instanceof Call)) {
      // Printed as a cast of the handle's value.
      return UNARY;
    } else if (startsWithMinus(e)) {
      return UNARY;
    }
    return PRIMARY;
  }

  private static boolean startsWithMinus(Expr e) {
    if (e instanceof DoubleLit d) {
      return d.value() < 0 || (d.value() == 0 && 1 / d.value() < 0);
    } else if (e instanceof IntLit i) {
      return i.value() < 0;
    } else if (e instanceof Unary u) {
      return u.op().symbol().equals("-");
    } else if (e instanceof Binary b) {
      // Printed as its left operand first, unless that operand needs parentheses.
      return precedence(b.left()) >= b.op().precedence() && startsWithMinus(b.left());
    } else if (e instanceof Conditional c) {
      return precedence(c.condition()) > CONDITIONAL && startsWithMinus(c.condition());
    }
    return false;
  }

  static String doubleLiteral(double v) {
    if (Double.isNaN(v)) {
      return "Double.NaN";
    } else if (v == Double.POSITIVE_INFINITY) {
      return "Double.POSITIVE_INFINITY";
    } else if (v == Double.NEGATIVE_INFINITY) {
      return "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(v);
  }

  private static String intLiteral(IntLit i) {
    if (i.type() == Type.LONG) {
      return i.value() == Long.MIN_VALUE ? "Long.MIN_VALUE" : i.value() + "L";
    }
    return i.value() == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : Long.toString(i.value());
  }

  /**
   * A class as code: imported and short, unless a user's variable of the same name would obscure
   * it, then with its package (JavaPoet qualifies imported names itself, not those of the package).
   */
  private CodeBlock type(ClassRef ref) {
    if (names.obscures(ref.simpleNames().get(0)) && !ref.packageName().isEmpty()) {
      return CodeBlock.of("$L", ref.toString());
    }
    return CodeBlock.of("$T", className(ref));
  }

  static ClassName className(ClassRef ref) {
    List<String> simple = ref.simpleNames();
    return ClassName.get(
        ref.packageName(), simple.get(0), simple.subList(1, simple.size()).toArray(new String[0]));
  }
}
