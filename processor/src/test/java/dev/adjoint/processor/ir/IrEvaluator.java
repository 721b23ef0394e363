package dev.adjoint.processor.ir;

import dev.adjoint.processor.ir.Expr.Binary;
import dev.adjoint.processor.ir.Expr.BoolLit;
import dev.adjoint.processor.ir.Expr.Call;
import dev.adjoint.processor.ir.Expr.Cast;
import dev.adjoint.processor.ir.Expr.Conditional;
import dev.adjoint.processor.ir.Expr.DoubleLit;
import dev.adjoint.processor.ir.Expr.IntLit;
import dev.adjoint.processor.ir.Expr.Unary;
import dev.adjoint.processor.ir.Expr.VarRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A tiny interpreter of IR expressions, for tests: it evaluates an expression the way the Java the
 * emitter prints for it would. In particular arithmetic is integral exactly when both operands are
 * integral (Java's binary numeric promotion), whatever type the {@link Binary} node claims, so an
 * IR rewrite that loses a widening shows up as a different value.
 */
public final class IrEvaluator {
  private final Map<Variable, Double> env = new IdentityHashMap<>();

  public IrEvaluator bind(Variable v, double value) {
    env.put(v, value);
    return this;
  }

  public static IrEvaluator with(Object... variablesAndValues) {
    IrEvaluator e = new IrEvaluator();
    for (int k = 0; k < variablesAndValues.length; k += 2) {
      e.bind((Variable) variablesAndValues[k], ((Number) variablesAndValues[k + 1]).doubleValue());
    }
    return e;
  }

  /** The numeric value of {@code e}. */
  public double eval(Expr e) {
    if (e instanceof DoubleLit d) {
      return d.value();
    } else if (e instanceof IntLit i) {
      return i.value();
    } else if (e instanceof VarRef r) {
      Double v = env.get(r.variable());
      if (v == null) {
        throw new IllegalArgumentException("unbound variable " + r.variable());
      }
      return r.variable().type().isIntegral() ? (long) v.doubleValue() : v;
    } else if (e instanceof Unary u && u.op() == UnaryOp.NEG) {
      return -eval(u.operand());
    } else if (e instanceof Cast c) {
      double v = eval(c.operand());
      switch (c.type()) {
        case INT:
          return (int) v;
        case LONG:
          return (long) v;
        default:
          return v;
      }
    } else if (e instanceof Binary b) {
      // The IR type decides: a double-typed node is double arithmetic, however its operands print.
      boolean integral = b.type().isIntegral();
      double l = eval(b.left());
      double r = eval(b.right());
      if (integral) {
        long x = (long) l;
        long y = (long) r;
        long v;
        switch (b.op()) {
          case ADD:
            v = x + y;
            break;
          case SUB:
            v = x - y;
            break;
          case MUL:
            v = x * y;
            break;
          case DIV:
            v = x / y;
            break;
          case REM:
            v = x % y;
            break;
          default:
            throw new IllegalArgumentException("not numeric: " + e);
        }
        // int arithmetic wraps at 32 bits, unless an operand is a long.
        boolean isLong = b.left().type() == Type.LONG || b.right().type() == Type.LONG;
        return isLong ? v : (int) v;
      } else {
        switch (b.op()) {
          case ADD:
            return l + r;
          case SUB:
            return l - r;
          case MUL:
            return l * r;
          case DIV:
            return l / r;
          case REM:
            return l % r;
          default:
            break;
        }
      }
      throw new IllegalArgumentException("not numeric: " + e);
    } else if (e instanceof Conditional c) {
      return test(c.condition()) ? eval(c.ifTrue()) : eval(c.ifFalse());
    } else if (e instanceof Call c) {
      return call(c);
    }
    throw new IllegalArgumentException("cannot evaluate " + e);
  }

  /** The truth value of a boolean expression. */
  public boolean test(Expr e) {
    if (e instanceof BoolLit b) {
      return b.value();
    } else if (e instanceof Unary u && u.op() == UnaryOp.NOT) {
      return !test(u.operand());
    } else if (e instanceof Binary b) {
      switch (b.op()) {
        case AND:
          return test(b.left()) && test(b.right());
        case OR:
          return test(b.left()) || test(b.right());
        default:
          break;
      }
      double l = eval(b.left());
      double r = eval(b.right());
      switch (b.op()) {
        case LT:
          return l < r;
        case LE:
          return l <= r;
        case GT:
          return l > r;
        case GE:
          return l >= r;
        case EQ:
          return l == r;
        case NE:
          return l != r;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("not a condition: " + e);
  }

  private double call(Call c) {
    double[] args = new double[c.args().size()];
    for (int k = 0; k < args.length; k++) {
      args[k] = eval(c.args().get(k));
    }
    if (c.target().is(RuntimeHelper.TIMES)) {
      return dev.adjoint.runtime.Chain.times(args[0], args[1]);
    }
    return callMath(c.owner(), c.name(), args);
  }

  /** Calls {@code owner.name(double...)} of {@code java.lang.Math} or {@code StrictMath}. */
  public static double callMath(ClassRef owner, String name, double... args) {
    Class<?> cls = owner.equals(ClassRef.STRICT_MATH) ? StrictMath.class : Math.class;
    if (!owner.equals(ClassRef.MATH) && !owner.equals(ClassRef.STRICT_MATH)) {
      throw new IllegalArgumentException("not a Math call: " + owner + "." + name);
    }
    Class<?>[] types = new Class<?>[args.length];
    Arrays.fill(types, double.class);
    Object[] boxed = new Object[args.length];
    for (int k = 0; k < args.length; k++) {
      boxed[k] = args[k];
    }
    try {
      Method m = cls.getMethod(name, types);
      return ((Number) m.invoke(null, boxed)).doubleValue();
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException ex) {
      throw new IllegalArgumentException("cannot call " + cls.getSimpleName() + "." + name, ex);
    }
  }
}
