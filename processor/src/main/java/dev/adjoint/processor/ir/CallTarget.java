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
