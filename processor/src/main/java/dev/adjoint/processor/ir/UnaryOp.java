package dev.adjoint.processor.ir;

/** Unary operators. */
public enum UnaryOp {
  NEG("-"),
  NOT("!"),
  BIT_NOT("~");

  private final String symbol;

  UnaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
