package dev.adjoint.processor.ir;

/** The value types a differentiable method computes with. Only {@code DOUBLE} values carry derivatives. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
  INT_ARRAY("int[]"),
  /** {@code boolean[]}: data, such as the outcomes of a binary model. */
  BOOLEAN_ARRAY("boolean[]"),
  /** {@code double[][]}: rows of {@code double[]}. */
  DOUBLE_MATRIX("double[][]"),
  /** {@code int[][]}: the index-set handles of a matrix, in a tracing sweep. */
  INT_MATRIX("int[][]"),
  /** The runtime's {@code dev.adjoint.runtime.Tape}, which the gradient of a loop records on. */
  TAPE("Tape"),
  /** The runtime's {@code Checkpoints}: the schedule and snapshots of a checkpointed loop. */
  CHECKPOINTS("Checkpoints"),
  /**
   * A string: the names of generated parameters, for the messages of length checks, and the
   * messages of exceptions the method throws.
   */
  STRING("String"),
  /**
   * An enum value: data, compared with {@code ==} and switched on; its class is the parameter's
   * {@link Variable#objectClass()} or the constant's owner.
   */
  ENUM("Enum"),
  /** An object the method makes and throws: an exception, with its class in its {@code new}. */
  EXCEPTION("RuntimeException"),
  /** The receiver of an instance method; its type is the method's class. */
  RECEIVER("Object"),
  /**
   * An object parameter, data that methods are called on; its class is the variable's {@link
   * Variable#objectClass()}.
   */
  OBJECT("Object"),
  /** What a call made as a statement gives: its value, if it has one, is discarded. */
  VOID("void");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  /** The type of an array's elements, or null for a type that is not an array. */
  public Type elementType() {
    return switch (this) {
      case DOUBLE_ARRAY -> DOUBLE;
      case INT_ARRAY -> INT;
      case BOOLEAN_ARRAY -> BOOLEAN;
      case DOUBLE_MATRIX -> DOUBLE_ARRAY;
      case INT_MATRIX -> INT_ARRAY;
      default -> null;
    };
  }

  /** True for array types. */
  public boolean isArray() {
    return elementType() != null;
  }

  /** True for the integral types, whose arithmetic is exact and never differentiated. */
  public boolean isIntegral() {
    return this == INT || this == LONG;
  }
}
