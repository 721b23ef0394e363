package dev.adjoint.processor.read;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arrays made in each iteration of a loop, {@code double[] p = new double[k]} in a loop body. Each
 * is read as one buffer, made before the method's first statement, that an iteration grows to its
 * length if it must and clears, element by element, where Java would make a new array: its
 * elements are then overwritten, not made anew, and the differentiators record and restore them
 * as they do any overwritten element, so the backward sweep sees each iteration's array as that
 * iteration left it. The buffer may be longer than the iteration's array, so its length is an
 * {@code int} local set where the array is made, which {@code p.length} reads.
 */
final class LoopArrays {
  /** The lengths of one array made in a loop: its rows and, for a matrix, its columns. */
  private record Lengths(Variable length, Variable columns) {}

  private final Map<Variable, Lengths> lengths = new IdentityHashMap<>();
  private final List<Stmt> buffers = new ArrayList<>();

  /** Whether the declaration at {@code path} runs once per iteration of a loop around it. */
  static boolean inLoopBody(TreePath path) {
    for (TreePath p = path; p.getParentPath() != null; p = p.getParentPath()) {
      Tree child = p.getLeaf();
      Tree parent = p.getParentPath().getLeaf();
      if (parent instanceof MethodTree) {
        return false;
      }
      if ((parent instanceof ForLoopTree f && f.getStatement() == child)
          || (parent instanceof WhileLoopTree w && w.getStatement() == child)
          || (parent instanceof DoWhileLoopTree d && d.getStatement() == child)
          || (parent instanceof EnhancedForLoopTree e && e.getStatement() == child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The statements of {@code array = new double[length]} (or {@code [length][columns]}) in an
   * iteration: the lengths, the buffer grown to them, its elements cleared. The buffer's first
   * value goes to {@link #buffers()}.
   */
  List<Stmt> made(Variable array, Expr length, Expr columns) {
    boolean matrix = array.type() == Type.DOUBLE_MATRIX;
    buffers.add(
        new Stmt.Assign(
            array,
            (matrix ? RuntimeHelper.EMPTY_MATRIX_BUFFER : RuntimeHelper.EMPTY_BUFFER)
                .call(array.type()),
            true));
    Variable rows = new Variable(array.baseName() + (matrix ? "Rows" : "Length"), Type.INT, Variable.Role.LOCAL);
    Variable width =
        matrix ? new Variable(array.baseName() + "Columns", Type.INT, Variable.Role.LOCAL) : null;
    lengths.put(array, new Lengths(rows, width));
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Assign(rows, length, true));
    if (matrix) {
      out.add(new Stmt.Assign(width, columns, true));
    }
    Expr buffer = new Expr.VarRef(array);
    out.add(
        new Stmt.Assign(
            array,
            matrix
                ? RuntimeHelper.GROWN_MATRIX.call(
                    array.type(), buffer, new Expr.VarRef(rows), new Expr.VarRef(width))
                : RuntimeHelper.GROWN.call(array.type(), buffer, new Expr.VarRef(rows))));
    Variable i = new Variable("i", Type.INT, Variable.Role.LOCAL);
    if (matrix) {
      Variable j = new Variable("j", Type.INT, Variable.Role.LOCAL);
      Stmt clearRow =
          countedLoop(
              j,
              width,
              new Stmt.ArrayStore(
                  array, new Expr.VarRef(i), new Expr.VarRef(j), new Expr.DoubleLit(0.0)));
      out.add(countedLoop(i, rows, clearRow));
    } else {
      out.add(
          countedLoop(
              i, rows, new Stmt.ArrayStore(array, new Expr.VarRef(i), new Expr.DoubleLit(0.0))));
    }
    return out;
  }

  /** The first values of the buffers, for the top of the method. */
  List<Stmt> buffers() {
    return buffers;
  }

  /**
   * The length of {@code array} as an iteration made it, for an array made in a loop or a row of
   * a matrix made in a loop; else null.
   */
  Expr lengthOf(Expr array) {
    if (array instanceof Expr.VarRef r && lengths.containsKey(r.variable())) {
      return new Expr.VarRef(lengths.get(r.variable()).length());
    }
    if (array instanceof Expr.ArrayRead row
        && row.array() instanceof Expr.VarRef r
        && lengths.containsKey(r.variable())
        && lengths.get(r.variable()).columns() != null) {
      return new Expr.VarRef(lengths.get(r.variable()).columns());
    }
    return null;
  }

  /** {@code for (int i = 0; i < bound; i++) body}. */
  private static Stmt.Loop countedLoop(Variable i, Variable bound, Stmt body) {
    Expr index = new Expr.VarRef(i);
    return new Stmt.Loop(
        List.of(new Stmt.Assign(i, new Expr.IntLit(0, Type.INT), true)),
        new Expr.Binary(BinaryOp.LT, index, new Expr.VarRef(bound), Type.BOOLEAN),
        List.of(
            new Stmt.Assign(
                i, new Expr.Binary(BinaryOp.ADD, index, new Expr.IntLit(1, Type.INT), Type.INT))),
        List.of(body),
        true);
  }
}
