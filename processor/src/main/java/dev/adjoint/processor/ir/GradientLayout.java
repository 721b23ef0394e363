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
    Expr offset = new Expr.IntLit(0, Type.INT);
    for (Variable w : wrt) {
      if (w == v) {
        return offset;
      }
      offset = Exprs.plusInt(offset, size(w));
    }
    throw new IllegalArgumentException(v + " is not differentiated");
  }

  /** The gradient's length N. */
  public static Expr length(List<Variable> wrt) {
    Expr n = new Expr.IntLit(0, Type.INT);
    for (Variable w : wrt) {
      n = Exprs.plusInt(n, size(w));
    }
    return n;
  }

  /** The runtime's {@code dev.adjoint.runtime.Shapes}, which measures and copies matrices. */
  public static final ClassRef SHAPES = new ClassRef("dev.adjoint.runtime", List.of("Shapes"));

  private static Expr size(Variable w) {
    return switch (w.type()) {
      case DOUBLE_ARRAY -> new Expr.ArrayLength(Exprs.ref(w));
      case DOUBLE_MATRIX -> new Expr.Call(SHAPES, "size", List.of(Exprs.ref(w)), Type.INT);
      default -> new Expr.IntLit(1, Type.INT);
    };
  }
}
