package dev.adjoint.processor.ir;

/** The value types a differentiable method computes with. Only {@code DOUBLE} values carry derivatives. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
  /** The receiver of an instance method; its type is the method's class. */
  RECEIVER("Object");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  /** True for the integral types, whose arithmetic is exact and never differentiated. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }
}
