package dev.adjoint.processor.ir;

/**
 * What a plain call ({@link Expr.Call}) calls, decided once where javac's elements are at hand (the
 * reader) or by the stage that creates the call. Later stages ask this, never the call's name.
 */
public sealed interface CallTarget {
  /** The class the call names in generated code. */
  ClassRef owner();

  /** The method's name in generated code: for printing only. */
  String name();

  /** A function of {@code Math} or {@code StrictMath} with a derivative rule. */
  record Primitive(MathFunction function, ClassRef library) implements CallTarget {
    @Override
    public ClassRef owner() {
      return library;
    }

    @Override
    public String name() {
      return function.javaName();
    }
  }

  /**
   * A method whose value is data to the derivative: a user's or a library's method called with
   * arguments that carry no derivative, or returning an integer or boolean, or called as a
   * statement for its effect alone.
   *
   * @param effects those of a differentiable method taken for data here (its value carries no
   *     derivative); any other method called for its value is taken to be a pure function, which
   *     generated code may leave out where nothing reads its value
   * @param pure whether it is a function of {@code Math} or {@code StrictMath} (such as {@code
   *     Math.floorMod}), so cheap and free of effects that generated code may evaluate it again;
   *     any other method runs at most as often as in the source
   * @param onReceiver whether it is an instance method called on its first argument, the receiver
   * @param access how the companion calls it: by name, or through a handle when it cannot name it
   */
  record Data(
      ClassRef owner, String name, Effects effects, boolean pure, boolean onReceiver, Access access)
      implements CallTarget {
    /** A method the companion names, on its receiver or static. */
    public Data(ClassRef owner, String name, Effects effects, boolean pure, boolean onReceiver) {
      this(owner, name, effects, pure, onReceiver, Access.DIRECT);
    }

    /** A static method, reached as {@code access} says. */
    public Data(ClassRef owner, String name, Effects effects, boolean pure, Access access) {
      this(owner, name, effects, pure, false, access);
    }

    /** A static method computing data, or one called for its effect alone. */
    public Data(ClassRef owner, String name) {
      this(owner, name, Effects.NONE, false, false);
    }

    /** A static method. */
    public Data(ClassRef owner, String name, Effects effects, boolean pure) {
      this(owner, name, effects, pure, false);
    }
  }

  /** A method of Adjoint's runtime or the JDK that generated code calls. */
  record Helper(RuntimeHelper helper) implements CallTarget {
    @Override
    public ClassRef owner() {
      return helper.owner();
    }

    @Override
    public String name() {
      return helper.javaName();
    }
  }

  /**
   * {@code new type(args)}: the exception a {@code throw} of the original throws, made where it
   * makes it. Data: nothing flows from it into a derivative.
   */
  record Construct(ClassRef type) implements CallTarget {
    @Override
    public ClassRef owner() {
      return type;
    }

    @Override
    public String name() {
      return "new";
    }
  }

  /**
   * A string concatenation {@code a + b + ...} of an exception's message, its parts in order; the
   * first two include a string, so Java concatenates from the first. Numbers among the parts are
   * read as values.
   */
  record Concat() implements CallTarget {
    @Override
    public ClassRef owner() {
      return new ClassRef("java.lang", java.util.List.of("String"));
    }

    @Override
    public String name() {
      return "concat";
    }
  }

  /**
   * {@code assert condition : message}, its args the condition and the message, if any: made as
   * a statement, in the forward sweep, where the original asserts; printed as Java's {@code
   * assert}, so both are evaluated only when assertions are enabled, once.
   */
  record Assertion() implements CallTarget {
    @Override
    public ClassRef owner() {
      return RuntimeHelper.CHECKS;
    }

    @Override
    public String name() {
      return "assert";
    }
  }

  /**
   * A {@code @Differentiable} method returning {@code double[]} that is called, not read in place:
   * through its value and its companion's Jacobian products, so that a callee compiled in another
   * jar, or an instance method of another object, composes. The reader makes {@code double[] y =
   * g(args);} into the value in a temporary, {@code y} made as long, and {@link Product#RESULT}
   * copying the value into {@code y}: that statement is the call to the differentiators, which
   * make its derivatives the callee's {@code gJacobianVector} (forward) and {@code
   * gVectorJacobian} (backward) with the same arguments.
   *
   * @param callee the method, its parameters and {@code wrt} as for a scalar callee
   * @param product what this call computes
   */
  record VectorCall(Callee callee, Product product) implements CallTarget {
    /** What a call of a vector callee computes, and the arguments it takes. */
    public enum Product {
      /** {@code g(args...)}: the value alone, a new array. */
      VALUE(null),
      /**
       * The value, computed before into an array {@code value}, copied into {@code y}: args are
       * {@code value, y, length, args...}, {@code length} the value's length as the rest of the
       * method reads it (in a loop, the int local of the iteration's array: {@code value} is the
       * last iteration's); printed as {@code System.arraycopy(value, 0, y, 0, value.length)}.
       */
      RESULT(null),
      /** {@code gJacobianVector(args..., v, jv)}. */
      JACOBIAN_VECTOR(Kind.JACOBIAN_VECTOR),
      /** {@code gJacobianVectors(args..., vs, jvs)}: many directions in one sweep. */
      JACOBIAN_VECTORS(Kind.JACOBIAN_VECTORS),
      /** {@code gVectorJacobian(args..., u, vj)}. */
      VECTOR_JACOBIAN(Kind.VECTOR_JACOBIAN),
      /** {@code gVectorHessianVector(args..., u, v, vj, uhv)}. */
      VECTOR_HESSIAN_VECTOR(Kind.VECTOR_HESSIAN_VECTOR);

      private final Kind kind;

      Product(Kind kind) {
        this.kind = kind;
      }

      /**
       * The position in a call {@code c} of the array this product writes: the copy's {@code y},
       * a product's last array; -1 for the value, which writes none.
       */
      public int outputIndex(Expr.Call c) {
        return this == VALUE ? -1 : this == RESULT ? 1 : c.args().size() - 1;
      }

      /** The companion method's kind, or null for the value and its copy. */
      public Kind kind() {
        return kind;
      }
    }

    /** The arguments of {@link Product#RESULT} before the callee's own: value, y, length. */
    private static final int RESULT_PREFIX = 3;

    @Override
    public ClassRef owner() {
      return product.kind == null ? callee.owner() : callee.derivativeOwner();
    }

    @Override
    public String name() {
      return product.kind == null ? callee.name() : product.kind.methodName(callee.name());
    }

    /** The callee's own arguments of a call {@code c} with this target. */
    public java.util.List<Expr> calleeArgs(Expr.Call c) {
      java.util.List<Expr> args = c.args();
      int extras = product.kind == null ? 0 : product.kind.extras().size();
      int from = product == Product.RESULT ? RESULT_PREFIX : 0;
      return args.subList(from, args.size() - extras);
    }

    /** The call of {@code product} with the callee's {@code args} and the kind's {@code extras}. */
    public static Expr.Call of(
        Callee callee, Product product, java.util.List<Expr> args, java.util.List<Expr> extras) {
      java.util.List<Expr> all = new java.util.ArrayList<>(args);
      all.addAll(extras);
      return new Expr.Call(new VectorCall(callee, product), all, Type.DOUBLE_ARRAY);
    }
  }

  /** Whether calling it may do more than compute its value. */
  default Effects effects() {
    return Effects.NONE;
  }

  /** Whether this is {@code helper}. */
  default boolean is(RuntimeHelper helper) {
    return this instanceof Helper h && h.helper() == helper;
  }

  /** Whether this is the primitive {@code function}. */
  default boolean is(MathFunction function) {
    return this instanceof Primitive p && p.function() == function;
  }
}
