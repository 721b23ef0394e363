package dev.adjoint.processor.diff;

import static dev.adjoint.processor.ir.Exprs.ref;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RuntimeHelper;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The keys of the elements of active {@code double[][]}s in {@code mHessianEdges}: each matrix has
 * a table of its rows' first keys, an {@code int[]} local ({@code mRowKeys}), and the key of {@code
 * m[i][j]} is {@code mRowKeys[i] + j}. A differentiated matrix parameter's table is made once,
 * before the first statement, by {@code edges.inputRowKeys(m, offset)} from its offset in the
 * gradient: row after row, rows of any length, as the gradient lays it out, so each element's key
 * is its index in the gradient. A local matrix's table is made where the matrix is (with new keys
 * for all its elements), again each time it is made in a loop.
 *
 * <p>Only a table's rows are read at a row index, so an index out of range throws what the
 * method's own {@code m[i]} throws (the table is as long as the matrix); a column index out of
 * range gives a key the method's statement, run right after its record, throws on.
 */
final class MatrixKeys {
  private final EdgeTaping taping;
  private final Map<Variable, Variable> tables = new IdentityHashMap<>();

  MatrixKeys(EdgeTaping taping) {
    this.taping = taping;
  }

  /** {@code int[] mRowKeys = edges.inputRowKeys(m, offset);} for a differentiated matrix. */
  Stmt ofParameter(Variable matrix, Expr offset) {
    return new Stmt.Assign(
        tableOf(matrix), taping.edgesCall("inputRowKeys", Type.INT_ARRAY, ref(matrix), offset));
  }

  /** Whether {@code value}, assigned to the local matrix {@code m}, makes it (all zeros). */
  static boolean makes(Variable m, Expr value) {
    return value instanceof Expr.NewDoubleArray n && n.columns() != null
        || value instanceof Expr.Call c
            && (c.target().is(RuntimeHelper.EMPTY_MATRIX_BUFFER) || c.target().is(RuntimeHelper.GROWN_MATRIX))
            && (c.args().isEmpty() || c.args().get(0) instanceof Expr.VarRef r && r.variable() == m);
  }

  /**
   * Whether {@code s} replaces a row ({@code m[i] = r}) of an active matrix or with an active
   * array: the table would no longer hold the row's keys (the reader refuses it today; never
   * silently wrong should that change).
   */
  static boolean replacesRow(Stmt s, Activity activity) {
    return s instanceof Stmt.ArrayStore st
        && st.array().type() == Type.DOUBLE_MATRIX
        && st.row() == null
        && (activity.isActive(st.array()) || activity.isActiveArray(st.value()));
  }

  /** {@code mRowKeys = edges.rowKeys(m);}, right after {@code m} is made. */
  Stmt ofMade(Variable matrix) {
    return new Stmt.Assign(tableOf(matrix), taping.edgesCall("rowKeys", Type.INT_ARRAY, ref(matrix)));
  }

  /** The key of {@code matrix[row][index]}: {@code mRowKeys[row] + index}; null if it has no table. */
  Expr keyOf(Variable matrix, Expr row, Expr index) {
    Variable table = tables.get(matrix);
    if (table == null) {
      return null;
    }
    return Exprs.plusInt(new Expr.ArrayRead(ref(table), row), index);
  }

  /** The table of {@code matrix}'s row keys, or null if it has none. */
  Expr table(Variable matrix) {
    Variable table = tables.get(matrix);
    return table == null ? null : ref(table);
  }

  private Variable tableOf(Variable matrix) {
    return tables.computeIfAbsent(
        matrix, m -> new Variable(m.baseName() + "RowKeys", Type.INT_ARRAY, Variable.Role.TEMP));
  }
}
