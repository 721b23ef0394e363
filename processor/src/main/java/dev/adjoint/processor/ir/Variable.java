package dev.adjoint.processor.ir;

/**
 * A local variable or parameter of a method in the IR. Variables are compared by identity: two
 * user variables with the same name in sibling blocks are two objects. Java names are given at the
 * end of the pipeline, by the emitter's name allocator, from {@link #baseName()}.
 */
public final class Variable {
  /** What a variable is for, which decides how passes may treat it. */
  public enum Role {
    /** A parameter of the original method. */
    PARAMETER,
    /** A local variable of the original method. */
    LOCAL,
    /** The function value a gradient returns. */
    RESULT,
    /** The adjoint of a primal variable ({@code xBar}); zero until first written. */
    ADJOINT,
    /** The tangent of a primal variable ({@code xDot}); zero until first written. */
    TANGENT,
    /** A shared subexpression, computed once. */
    TEMP,
    /** A value saved by the forward sweep before it is overwritten, restored by the reverse sweep. */
    SAVED,
    /** A branch decision saved by the forward sweep for the reverse sweep. */
    FLAG,
    /** An array parameter the generated method adds ({@code grad}, {@code direction}). */
    GENERATED_PARAMETER,
    /**
     * One element of an active array, {@code origin[index]}: a key of the chain rule's
     * coefficients, never a variable of generated code.
     */
    ELEMENT,
    /**
     * A whole array passed to a differentiable call, {@code origin} (or its row {@code row}): a
     * key of the chain rule whose partials are {@code length} elements of {@code partials} from
     * {@code index}, never a variable of generated code.
     */
    SLICE;

    /** Whether the variable holds zero until it is first written (so a first {@code +=} is a {@code =}). */
    public boolean startsAtZero() {
      return this == ADJOINT || this == TANGENT;
    }

    /** Whether the variable belongs to the user's computation rather than to its derivative. */
    public boolean isPrimal() {
      return this == PARAMETER || this == LOCAL || this == RESULT;
    }
  }

  private final String baseName;
  private final Type type;
  private final Role role;
  private final Variable origin;
  private final Expr index;

  public Variable(String baseName, Type type, Role role) {
    this(baseName, type, role, null);
  }

  private Variable(Variable array, Expr row, Expr index) {
    this(array.baseName() + "[]", Type.DOUBLE, Role.ELEMENT, array, index);
    this.row = row;
  }

  private Variable(String baseName, Type type, Role role, Variable origin, Expr index) {
    this.baseName = baseName;
    this.type = type;
    this.role = role;
    this.origin = origin;
    this.index = index;
  }

  /**
   * The class of a variable holding an object ({@link Type#OBJECT}, {@link Type#ENUM}, {@link
   * Type#STRING}); null for any other variable.
   */
  private ClassRef objectClass;

  /** A parameter holding a {@code String} or an enum value, of class {@code objectClass}: data. */
  public static Variable object(String baseName, Type type, ClassRef objectClass, Role role) {
    Variable v = new Variable(baseName, type, role, null, null);
    v.objectClass = objectClass;
    return v;
  }

  /** A parameter holding an object of class {@code type}, data that methods are called on. */
  public static Variable object(String baseName, ClassRef type) {
    return object(baseName, Type.OBJECT, type, Role.PARAMETER);
  }

  /** The class of the object the variable holds; null for a variable holding no object. */
  public ClassRef objectClass() {
    return objectClass;
  }

  /** The row of an element of a {@code double[][]}, {@code origin[row][index]}; else null. */
  private Expr row;

  private Variable partials;
  private Expr length;

  /** A whole array argument of a call: its partials are {@code partials[offset..offset+length)}. */
  public static Variable slice(
      Variable array, Expr row, Variable partials, Expr offset, Expr length) {
    Variable v = new Variable(array.baseName() + "[]", Type.DOUBLE, Role.SLICE, array, offset);
    v.row = row;
    v.partials = partials;
    v.length = length;
    return v;
  }

  /** The array of partial derivatives of a {@link Role#SLICE}. */
  public Variable partials() {
    return partials;
  }

  /** The number of elements of a {@link Role#SLICE}. */
  public Expr length() {
    return length;
  }

  public Expr row() {
    return row;
  }

  public static Variable element(Variable matrix, Expr row, Expr index) {
    return new Variable(matrix, row, index);
  }

  /** The key for {@code array[index]} in the chain rule's coefficients. */
  public static Variable element(Variable array, Expr index) {
    return new Variable(array, null, index);
  }

  /** The index of an {@link Role#ELEMENT}, or null. */
  public Expr index() {
    return index;
  }

  /**
   * @param origin the primal variable an adjoint or tangent belongs to, whose final name its own
   *     name follows ({@code t2} gives {@code t2Bar}); null otherwise
   */
  public Variable(String baseName, Type type, Role role, Variable origin) {
    this(baseName, type, role, origin, null);
  }

  /** Whether forward mode made this variable to hold tangents (see {@link #isTangent}). */
  private boolean holdsTangents;

  /**
   * Marks a variable forward mode made to hold tangents that is not itself a {@link
   * Role#TANGENT}: the tangents of an array, a callee's direction, the direction and product
   * parameters. Returns this variable.
   */
  public Variable markTangents() {
    holdsTangents = true;
    return this;
  }

  /**
   * Whether the variable holds tangents, decided where forward mode made it: a {@link
   * Role#TANGENT}, or one {@link #markTangents marked}. Many directions at once give each such
   * variable one value per direction.
   */
  public boolean isTangent() {
    return role == Role.TANGENT || holdsTangents;
  }

  /** The primal variable of an adjoint or tangent, or null. */
  public Variable origin() {
    return origin;
  }

  /** The name the variable would like; the emitter makes it unique. */
  public String baseName() {
    return baseName;
  }

  public Type type() {
    return type;
  }

  public Role role() {
    return role;
  }

  @Override
  public String toString() {
    return baseName;
  }
}
