package dev.adjoint.processor.ir;

import java.util.List;

/**
 * Expressions of the IR. They are immutable records, so structurally equal expressions are
 * {@code equals}: that is what shared-subexpression detection relies on. Variables compare by
 * identity.
 */
public sealed interface Expr {
  Type type();

  /** A {@code double} literal. */
  record DoubleLit(double value) implements Expr {
    public static final DoubleLit ZERO = new DoubleLit(0.0);
    public static final DoubleLit ONE = new DoubleLit(1.0);

    @Override
    public Type type() {
      return Type.DOUBLE;
    }

    @Override
    public boolean equals(Object o) {
      // Distinguishes 0.0 from -0.0, unlike ==.
      return o instanceof DoubleLit d && Double.compare(d.value, value) == 0;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  /** An {@code int} or {@code long} literal. */
  record IntLit(long value, Type type) implements Expr {}

  /** A {@code boolean} literal. */
  record BoolLit(boolean value) implements Expr {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }
  }

  /**
   * A read of a static field, such as {@code Math.PI} or a user's {@code static final} constant.
   *
   * @param owner the class that declares it
   * @param access how the companion reads it
   * @param constness whether its value is the same at every call
   */
  record FieldRef(ClassRef owner, String name, Type type, Access access, Constness constness)
      implements Expr {
    /** A constant the companion names directly: a library's, the runtime's, an enum constant. */
    public FieldRef(ClassRef owner, String name, Type type) {
      this(owner, name, type, Access.DIRECT, Constness.CONSTANT);
    }
  }

  /**
   * A read of a field of the receiver of an instance method, {@code self.name}: data.
   *
   * @param owner the class that declares it: the receiver's class or a superclass
   * @param access how the companion reads it
   * @param constness whether its value is the same at every call ({@code final int n = 3})
   */
  record InstanceField(
      Variable receiver, ClassRef owner, String name, Type type, Access access, Constness constness)
      implements Expr {}

  /** A read of a local variable or parameter. */
  record VarRef(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  record Unary(UnaryOp op, Expr operand) implements Expr {
    @Override
    public Type type() {
      return op == UnaryOp.NOT ? Type.BOOLEAN : operand.type();
    }
  }

  record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, Type type) implements Expr {}

  /**
   * A conversion. {@code implicit} marks one Java applies without being asked (an int in a double
   * assignment or sum), which the printer leaves out where the context converts anyway.
   */
  record Cast(Type type, Expr operand, boolean implicit) implements Expr {
    public Cast(Type type, Expr operand) {
      this(type, operand, false);
    }
  }

  /**
   * A plain call: a {@code Math} function with a derivative rule, a method computing data, or a
   * runtime helper of generated code. What it is was decided once, in its {@code target}.
   */
  record Call(CallTarget target, List<Expr> args, Type type) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    /** The class the call names: for printing. */
    public ClassRef owner() {
      return target.owner();
    }

    /** The method the call names: for printing and for naming temporaries. */
    public String name() {
      return target.name();
    }

    public Call withArgs(List<Expr> newArgs) {
      return new Call(target, newArgs, type);
    }
  }

  /**
   * A call of another {@code @Differentiable} method, or of one with a custom derivative. When its
   * value carries a derivative the differentiators give it a {@code gradient} array: it is then
   * computed by the callee's gradient method ({@link Callee#methodFor}), which returns the
   * same value and leaves the partial derivatives in {@code gradient}; otherwise it is the plain
   * call {@code owner.name(args)}. In a Hessian-vector product it also gets a {@code direction} (the
   * tangents of its arguments) and a {@code gradientTangent}, and is computed by the callee's
   * Hessian-vector method, which leaves the callee's Hessian times the direction in {@code
   * gradientTangent}; in many directions at once, the direction and tangent are matrices, one row
   * per direction, for the callee's {@code mHessianVectors}.
   *
   * @param kind the callee's method the call is printed as, decided by the stage that gives the
   *     call its arrays: null for the plain call, else {@link Kind#GRADIENT}, {@link
   *     Kind#HESSIAN_VECTOR} or {@link Kind#HESSIAN_VECTORS}
   */
  record DiffCall(
      Callee callee,
      List<Expr> args,
      Variable gradient,
      Variable direction,
      Variable gradientTangent,
      Kind kind)
      implements Expr {
    public DiffCall {
      args = List.copyOf(args);
      boolean secondOrder = kind == Kind.HESSIAN_VECTOR || kind == Kind.HESSIAN_VECTORS;
      if ((kind == null) != (gradient == null)
          || secondOrder != (direction != null)
          || secondOrder != (gradientTangent != null)
          || kind != null && kind != Kind.GRADIENT && !secondOrder) {
        throw new IllegalArgumentException("a " + kind + " call of " + callee.name() + " with those arrays");
      }
    }

    /** A first-order call, not yet given its gradient array. */
    public DiffCall(Callee callee, List<Expr> args) {
      this(callee, args, null, null, null, null);
    }

    @Override
    public Type type() {
      return Type.DOUBLE;
    }

    public ClassRef owner() {
      return callee.owner();
    }

    public String name() {
      return callee.name();
    }

    public List<String> parameters() {
      return callee.parameters();
    }

    public List<Boolean> wrt() {
      return callee.wrt();
    }

    /** How many parameters the callee differentiates: the length of its gradient. */
    public int wrtCount() {
      int n = 0;
      for (boolean w : wrt()) {
        n += w ? 1 : 0;
      }
      return n;
    }

    public DiffCall withArgs(List<Expr> newArgs) {
      return new DiffCall(callee, newArgs, gradient, direction, gradientTangent, kind);
    }

    /** The call computed by the callee's gradient, which fills {@code newGradient}, or (null) its plain call. */
    public DiffCall withGradient(Variable newGradient) {
      if (newGradient == null) {
        return new DiffCall(callee, args);
      }
      return new DiffCall(
          callee, args, newGradient, direction, gradientTangent, kind == null ? Kind.GRADIENT : kind);
    }

    /**
     * The call that also leaves the callee's Hessian times {@code newDirection} in {@code tangent}
     * (its {@code mHessianVector}), or, both null, its gradient alone.
     */
    public DiffCall withSecondOrder(Variable newDirection, Variable tangent) {
      return new DiffCall(
          callee, args, gradient, newDirection, tangent, tangent == null ? Kind.GRADIENT : Kind.HESSIAN_VECTOR);
    }

    /**
     * The call of the callee's {@code mHessianVectors}: the Hessian times each row of {@code
     * directions} into the same row of {@code products}.
     */
    public DiffCall inLanes(Variable directions, Variable products) {
      return new DiffCall(callee, args, gradient, directions, products, Kind.HESSIAN_VECTORS);
    }

    /** The arrays the companion call fills: its gradient and, in second order, its tangent. */
    public List<Variable> filled() {
      if (gradient == null) {
        return List.of();
      }
      return gradientTangent == null ? List.of(gradient) : List.of(gradient, gradientTangent);
    }
  }

  /** {@code new double[length]}, or {@code new double[length][columns]} when columns is not null. */
  record NewDoubleArray(Expr length, Expr columns) implements Expr {
    public NewDoubleArray(int length) {
      this(new IntLit(length, Type.INT), null);
    }

    public NewDoubleArray(Expr length) {
      this(length, null);
    }

    @Override
    public Type type() {
      return columns == null ? Type.DOUBLE_ARRAY : Type.DOUBLE_MATRIX;
    }
  }

  /** An element of an array. */
  record ArrayRead(Expr array, Expr index) implements Expr {
    @Override
    public Type type() {
      return array.type().elementType();
    }
  }

  /** The Java name of a variable as a string literal, for the message of a length check. */
  record NameOf(Variable variable) implements Expr {
    @Override
    public Type type() {
      return Type.STRING;
    }
  }

  /** A string literal: part of the message of an exception the method throws. */
  record StringLit(String value) implements Expr {
    @Override
    public Type type() {
      return Type.STRING;
    }
  }

  /**
   * {@code null}, of a {@code String}, enum or object local declared before the branch that
   * assigns it (see {@code simplify.Placement}), which Java needs definitely assigned.
   */
  record NullLit(Type type) implements Expr {}

  /** {@code array.length}. */
  record ArrayLength(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }
}
