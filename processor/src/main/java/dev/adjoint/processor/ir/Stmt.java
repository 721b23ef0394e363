package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Statements of the IR. The differentiators emit plain assignments to generated variables without
 * declarations; the placement pass adds {@link Declare}s at the narrowest scope that javac accepts.
 */
public sealed interface Stmt {
  /**
   * {@code target = value}. {@code declares} marks the assignment that a source declaration
   * made ({@code double z = ...}), so the differentiators know no earlier value is overwritten.
   */
  record Assign(Variable target, Expr value, boolean declares) implements Stmt {
    public Assign(Variable target, Expr value) {
      this(target, value, false);
    }
  }

  /** {@code target += value}. */
  record Accumulate(Variable target, Expr value) implements Stmt {}

  /** {@code T variable = init;} (only the placement pass makes these). */
  record Declare(Variable variable, Expr init) implements Stmt {}

  record If(Expr condition, List<Stmt> thenBlock, List<Stmt> elseBlock) implements Stmt {
    public If {
      thenBlock = List.copyOf(thenBlock);
      elseBlock = List.copyOf(elseBlock);
    }
  }

  record Return(Expr value) implements Stmt {}

  /** {@code array[index] = value}. */
  record ArrayStore(Variable array, Expr index, Expr value) implements Stmt {}

  /** {@code array[index] += value}. */
  record ArrayAccumulate(Variable array, Expr index, Expr value) implements Stmt {}

  /** {@code Arrays.fill(array, from, to, 0.0)}: clears the part of an output array that accumulates. */
  record Zero(Variable array, Expr from, Expr to) implements Stmt {}

  /** A call evaluated for what it writes into an array, its value unused. */
  record Eval(Expr call) implements Stmt {}

  /** A line comment that ties the statements after it to the source. */
  record Comment(String text) implements Stmt {}
}
