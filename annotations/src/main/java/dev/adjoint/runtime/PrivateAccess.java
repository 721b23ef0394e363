package dev.adjoint.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Handles to the private fields and methods a model reads, made once by generated companion
 * classes (in their static initialisers, as {@code private static final} fields, which the JIT
 * treats as constants, so a read through one costs what the field read costs). The companion is a
 * top-level class of the model's package; Java lets it name what is package-private, and it
 * reaches the rest through these, with {@link MethodHandles#privateLookupIn} on the model's class.
 *
 * <p>A failure is an {@link IllegalStateException} that names the member: it means the model's
 * class changed after its companion was generated, or a module does not open its package.
 */
public final class PrivateAccess {
  private PrivateAccess() {}

  /**
   * A handle to the instance field {@code owner.name} of type {@code type}.
   *
   * @param companion the companion's own lookup, {@code MethodHandles.lookup()}
   */
  public static VarHandle field(
      MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw failure("field", owner, name, e);
    }
  }

  /** A handle to the static field {@code owner.name} of type {@code type}. */
  public static VarHandle staticField(
      MethodHandles.Lookup companion, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, companion).findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw failure("static field", owner, name, e);
    }
  }

  /**
   * A handle to the static method {@code owner.name} that returns {@code returns} and takes
   * {@code parameters}.
   */
  public static MethodHandle staticMethod(
      MethodHandles.Lookup companion,
      Class<?> owner,
      String name,
      Class<?> returns,
      Class<?>... parameters) {
    try {
      return MethodHandles.privateLookupIn(owner, companion)
          .findStatic(owner, name, MethodType.methodType(returns, parameters));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw failure("static method", owner, name, e);
    }
  }

  /**
   * A handle to the instance method {@code owner.name} that returns {@code returns} and takes
   * {@code parameters}; the handle takes the receiver first. Private methods are not overridden,
   * so the handle calls the method written in {@code owner}.
   */
  public static MethodHandle method(
      MethodHandles.Lookup companion,
      Class<?> owner,
      String name,
      Class<?> returns,
      Class<?>... parameters) {
    try {
      return MethodHandles.privateLookupIn(owner, companion)
          .findVirtual(owner, name, MethodType.methodType(returns, parameters));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw failure("method", owner, name, e);
    }
  }

  /**
   * Throws {@code t} as it is: what a method called through a handle throws reaches the caller
   * unchanged, checked or not. Declared to return an exception so that callers can write {@code
   * throw PrivateAccess.rethrow(t)}.
   */
  public static RuntimeException rethrow(Throwable t) {
    throw PrivateAccess.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static IllegalStateException failure(
      String what, Class<?> owner, String name, Exception cause) {
    return new IllegalStateException(
        "Adjoint's generated code cannot reach the "
            + what
            + " "
            + owner.getName()
            + "."
            + name
            + " ("
            + cause
            + "); recompile "
            + owner.getSimpleName()
            + " with the Adjoint processor; if it is in another named module than the model,"
            + " open its package to the model's module",
        cause);
  }
}
