package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Where each differentiated parameter sits in the flattened gradient: in declaration order, a
 * {@code double} takes one slot and a {@code double[]} its length, so offsets after an array are
 * known only at run time.
 */
public final class GradientLayout {
  private GradientLayout() {}

  /** The index of {@code v}'s first slot, as an int expression. */
  public static Expr offsetOf(List<Variable> wrt, Variable v) {
    return offsetOf(wrt, v, java.util.Map.of());
  }

  /**
   * The index of {@code v}'s first slot, reading the size of each matrix before it from the local
   * {@code sizes} gives (computed once, as a matrix's size takes a pass over its rows).
   */
  public static Expr offsetOf(List<Variable> wrt, Variable v, java.util.Map<Variable, Variable> sizes) {
    Expr offset = new Expr.IntLit(0, Type.INT);
    for (Variable w : wrt) {
      if (w == v) {
        return offset;
      }
      offset = Exprs.plusInt(offset, sizes.containsKey(w) ? Exprs.ref(sizes.get(w)) : size(w));
    }
    throw new IllegalArgumentException(v + " is not differentiated");
  }

  /**
   * For each differentiated matrix followed by another differentiated parameter, a local to hold
   * its size, with the statement that computes it.
   */
  public static java.util.Map<Variable, Variable> matrixSizes(List<Variable> wrt, List<Stmt> out) {
    java.util.Map<Variable, Variable> sizes = new java.util.LinkedHashMap<>();
    for (int k = 0; k + 1 < wrt.size(); k++) {
      Variable w = wrt.get(k);
      if (w.type() == Type.DOUBLE_MATRIX) {
        Variable size = new Variable(w.baseName() + "Size", Type.INT, Variable.Role.TEMP);
        sizes.put(w, size);
        out.add(new Stmt.Assign(size, size(w), true));
      }
    }
    return sizes;
  }

  /** The gradient's length N. */
  public static Expr length(List<Variable> wrt) {
    Expr n = new Expr.IntLit(0, Type.INT);
    for (Variable w : wrt) {
      n = Exprs.plusInt(n, size(w));
    }
    return n;
  }

  private static Expr size(Variable w) {
    return switch (w.type()) {
      case DOUBLE_ARRAY -> new Expr.ArrayLength(Exprs.ref(w));
      case DOUBLE_MATRIX -> RuntimeHelper.SIZE.call(Type.INT, Exprs.ref(w));
      default -> new Expr.IntLit(1, Type.INT);
    };
  }
}
