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

  /**
   * {@code for (init; condition; update) body}, or {@code while (condition) body} when init and
   * update are empty; with {@code testFirst} false, {@code do body while (condition)} (no init or
   * update).
   */
  record Loop(
      List<Stmt> init, Expr condition, List<Stmt> update, List<Stmt> body, boolean testFirst)
      implements Stmt {
    public Loop {
      init = List.copyOf(init);
      update = List.copyOf(update);
      body = List.copyOf(body);
    }

    public Loop withBody(List<Stmt> newBody) {
      return new Loop(init, condition, update, newBody, testFirst);
    }
  }

  /** {@code break;} out of the innermost loop. */
  record Break() implements Stmt {}

  /** {@code continue;} with the next iteration of the innermost loop. */
  record Continue() implements Stmt {}

  /**
   * {@code tape.push(value)}: a value the backward sweep needs again, popped by the {@link Pop}
   * with the same {@code entry}. A {@code double[]} value pushes all its elements.
   */
  record Push(Variable tape, TapeEntry entry, Expr value) implements Stmt {}

  /**
   * {@code target = tape.pop()}, or {@code target[index] = ...} when {@code index} is not null; an
   * array target without index takes back all its elements.
   */
  record Pop(Variable tape, TapeEntry entry, Variable target, Expr row, Expr index)
      implements Stmt {
    public Pop(Variable tape, TapeEntry entry, Variable target, Expr index) {
      this(tape, entry, target, null, index);
    }
  }

  /** {@code array[index] = value}, or {@code array[row][index] = value} when row is not null. */
  record ArrayStore(Variable array, Expr row, Expr index, Expr value) implements Stmt {
    public ArrayStore(Variable array, Expr index, Expr value) {
      this(array, null, index, value);
    }
  }

  /** {@code array[index] += value}, or {@code array[row][index] += value}. */
  record ArrayAccumulate(Variable array, Expr row, Expr index, Expr value) implements Stmt {
    public ArrayAccumulate(Variable array, Expr index, Expr value) {
      this(array, null, index, value);
    }
  }

  /** {@code Arrays.fill(array, from, to, 0.0)}: clears the part of an output array that accumulates. */
  record Zero(Variable array, Expr from, Expr to) implements Stmt {}

  /** A call evaluated for what it writes into an array, its value unused. */
  record Eval(Expr call) implements Stmt {}

  /**
   * {@code try { body } finally { finallyBlock }}: the body of a method that uses the thread's
   * workspace or tape, with the one call that puts them back however the body ends. Made last,
   * by {@code WorkspaceArrays}, on the method as generated.
   */
  record TryFinally(List<Stmt> body, List<Stmt> finallyBlock) implements Stmt {
    public TryFinally {
      body = List.copyOf(body);
      finallyBlock = List.copyOf(finallyBlock);
    }
  }

  /** A line comment that ties the statements after it to the source. */
  record Comment(String text) implements Stmt {}
}
