package dev.adjoint.processor.diff;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Stmt.Assign;
import dev.adjoint.processor.ir.Stmts;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the backward sweep of a loop can get back without the tape: values it can compute again
 * from the iteration's inputs, and integer steps it can undo.
 */
final class Recomputation {
  private Recomputation() {}

  /**
   * The statements of a loop body whose values the backward sweep computes again at the start of
   * each iteration instead of recording them: a declaration {@code double v = e} at the top of
   * the body (so it runs in every iteration), the only assignment of v in the loop, calling no
   * method (which must run once), not a field read (nor an element of a field's array where a call
   * may change it), and whose inputs nothing after it in the iteration changes. Its
   * value at the end of the iteration, where the backward sweep starts, is then e once more, bit
   * for bit.
   */
  static List<Assign> recomputable(List<Stmt> body, boolean fieldsMayChange) {
    List<Assign> out = new ArrayList<>();
    // The value of a vector callee is a new array in each iteration, which nothing restores.
    Set<Variable> newEachIteration = new HashSet<>();
    Stmts.forEach(
        body,
        s -> {
          if (s instanceof Assign a
              && a.value() instanceof Expr.Call c
              && c.target() instanceof dev.adjoint.processor.ir.CallTarget.VectorCall) {
            newEachIteration.add(a.target());
          }
        });
    for (int k = 0; k < body.size(); k++) {
      if (!(body.get(k) instanceof Assign a)
          || !a.declares()
          || a.target().type().isArray()
          || Exprs.callsMethod(a.value())
          || isFieldRead(a.value())
          || (fieldsMayChange && isFieldElement(a.value()))) {
        continue;
      }
      Set<Variable> inputs = new HashSet<>();
      Exprs.collectVariables(a.value(), inputs);
      if (inputs.contains(a.target()) || inputs.stream().anyMatch(newEachIteration::contains)) {
        continue;
      }
      List<Stmt> after = body.subList(k + 1, body.size());
      Set<Variable> changedAfter = Stmts.assigned(after);
      long definitions =
          Stmts.assigned(body).contains(a.target()) ? countAssignments(body, a.target()) : 0;
      if (definitions == 1 && changedAfter.stream().noneMatch(inputs::contains)) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * A field read into a local: where the reader makes one (read/FieldSnapshots), a call with
   * effects may change the field before the backward sweep, so the value read is recorded. So is
   * an element of a field's array ({@link #isFieldElement}) in a method whose calls may change it,
   * and an element of an array parameter there, which may hold a field's array.
   */
  private static boolean isFieldElement(Expr value) {
    return value instanceof Expr.ArrayRead a
        && (isFieldRead(a.array())
            || a.array() instanceof Expr.VarRef v && Exprs.isArrayParameter(v.variable())
            || isFieldElement(a.array()));
  }

  /** A value read from a field; an enum setting read through its handle is not recorded. */
  private static boolean isFieldRead(Expr value) {
    return value instanceof Expr.InstanceField
        || Exprs.isFieldRead(value) && value.type() != dev.adjoint.processor.ir.Type.ENUM;
  }

  private static long countAssignments(List<Stmt> body, Variable v) {
    long[] n = {0};
    Stmts.forEach(
        body,
        s -> {
          if (Stmts.target(s) == v) {
            n[0]++;
          }
        });
    return n[0];
  }

  /**
   * {@code v - c} for an integer step {@code v = v + c} (or {@code v + c} for {@code v - c}): the
   * exact value before it, with nothing recorded. Null for any other assignment.
   */
  static Expr inverse(Assign a) {
    if (a.target().type().isIntegral()
        && !a.declares()
        && a.value() instanceof Expr.Binary step
        && (step.op() == dev.adjoint.processor.ir.BinaryOp.ADD
            || step.op() == dev.adjoint.processor.ir.BinaryOp.SUB)
        && step.type() == a.target().type()
        && step.left() instanceof Expr.VarRef self
        && self.variable() == a.target()
        && step.right() instanceof Expr.IntLit c) {
      dev.adjoint.processor.ir.BinaryOp undo =
          step.op() == dev.adjoint.processor.ir.BinaryOp.ADD
              ? dev.adjoint.processor.ir.BinaryOp.SUB
              : dev.adjoint.processor.ir.BinaryOp.ADD;
      return new Expr.Binary(undo, Exprs.ref(a.target()), c, a.target().type());
    }
    return null;
  }

}
