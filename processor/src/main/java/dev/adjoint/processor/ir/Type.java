package dev.adjoint.processor.ir;

/** The value types a differentiable method computes with. Only {@code DOUBLE} values carry derivatives. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
  INT_ARRAY("int[]"),
  /** The receiver of an instance method; its type is the method's class. */
  RECEIVER("Object");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  /** The type of an array's elements, or null for a type that is not an array. */
  public Type elementType() {
    return this == DOUBLE_ARRAY ? DOUBLE : this == INT_ARRAY ? INT : null;
  }

  /** True for the integral types, whose arithmetic is exact and never differentiated. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }
}
