package dev.adjoint.processor.ir;

import java.util.List;

/**
 * How generated code reaches a user's field or method, decided once by the reader (which has
 * javac's elements) and carried on the IR node; later stages and the printer only read it.
 *
 * <p>The companion is a top-level class of the same package: it names what is public, or
 * package-private (or protected) in its package, directly. Anything else (private members, or
 * protected ones of a superclass in another package) it reaches through a handle it makes once,
 * with {@code MethodHandles.privateLookupIn} on the member's class. A private compile-time
 * constant is copied into a named constant of the companion.
 */
public sealed interface Access {
  /** The companion names the member: {@code Owner.f}, {@code self.f}, {@code Owner.m(...)}. */
  Access DIRECT = new Direct();

  record Direct() implements Access {}

  /**
   * Through a {@code private static final} handle of the companion: a {@code VarHandle} for a
   * field, a {@code MethodHandle} for a method, called with its exact types.
   *
   * @param returns the field's type, or the method's return type ({@link Type#VOID} for a method
   *     that returns nothing)
   * @param parameters the method's parameter types, in order (empty for a field); an instance
   *     method's receiver is not among them
   * @param change when a field's value may change under a running generated method (for a
   *     method, {@link Change#BY_CALLS})
   * @param objectClass the class of the object a field holds, whose methods are called ({@code
   *     returns} is then {@link Type#RECEIVER}); null for any other member
   */
  record Handle(Type returns, List<Type> parameters, Change change, ClassRef objectClass)
      implements Access {
    public Handle {
      parameters = List.copyOf(parameters);
    }

    /** The handle of a method. */
    public Handle(Type returns, List<Type> parameters, Change change) {
      this(returns, parameters, change, null);
    }

    /** The handle of a field of type {@code type}. */
    public static Handle field(Type type, Change change) {
      return new Handle(type, List.of(), change);
    }

    /** The handle of a field holding an object of class {@code objectClass}. */
    public static Handle objectField(ClassRef objectClass, Change change) {
      return new Handle(Type.RECEIVER, List.of(), change, objectClass);
    }
  }

  /** When a field may change while a generated method that reads it runs. */
  enum Change {
    /** Never: it is final. */
    NEVER,
    /** Only by a method the generated one calls (another thread's writes need not be seen). */
    BY_CALLS,
    /** At any time: it is volatile. */
    ANY_TIME
  }

  /**
   * A compile-time constant the companion cannot name: a named constant of the companion holds a
   * copy of its value, so generated code still reads it by (nearly) its name.
   *
   * @param value its value, as a literal
   */
  record Copied(Expr value) implements Access {}
}
