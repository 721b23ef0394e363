package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A method whose derivatives differentiated code calls, resolved once by the reader: a
 * {@code @Differentiable} method (through its companion) or a method with a user's custom
 * derivative ({@code @GradientOf}, maybe {@code @HessianVectorOf}).
 *
 * @param owner the class that declares the method
 * @param name its name, for the plain call and messages
 * @param parameters its parameter names, for messages
 * @param wrt for each parameter, whether the callee differentiates with respect to it
 * @param derivatives where its derivatives are
 * @param effects whether calling it may do more than compute its value
 * @param plain how generated code computes its value alone, where no derivative flows
 * @param plainAccess how the companion makes that call: by name, or through a handle for a
 *     method private to its class
 */
public record Callee(
    ClassRef owner,
    String name,
    List<String> parameters,
    List<Boolean> wrt,
    Derivatives derivatives,
    Effects effects,
    PlainCall plain,
    Access plainAccess) {
  public Callee {
    parameters = List.copyOf(parameters);
    wrt = List.copyOf(wrt);
  }

  /** A static callee the companion can call by name. */
  public Callee(
      ClassRef owner,
      String name,
      List<String> parameters,
      List<Boolean> wrt,
      Derivatives derivatives,
      Effects effects) {
    this(owner, name, parameters, wrt, derivatives, effects, PlainCall.STATIC, Access.DIRECT);
  }

  /** A callee without effects. */
  public Callee(
      ClassRef owner, String name, List<String> parameters, List<Boolean> wrt, Derivatives derivatives) {
    this(owner, name, parameters, wrt, derivatives, Effects.NONE);
  }

  /**
   * How generated code calls the callee for its value alone. An instance method's receiver is its
   * first argument (and first parameter, never differentiated), as in its companion's methods.
   */
  public enum PlainCall {
    /** {@code Owner.name(args)}. */
    STATIC,
    /** {@code receiver.name(args)}: an instance method, its receiver the first argument. */
    ON_RECEIVER
  }

  /**
   * The call computing the callee's value alone from {@code args}, for where no derivative flows:
   * a data call, with the callee's effects.
   */
  public Expr plainCall(List<Expr> args) {
    return plainCall(args, Type.DOUBLE);
  }

  /** As {@link #plainCall(List)}, for a callee returning {@code type}. */
  public Expr plainCall(List<Expr> args, Type type) {
    return new Expr.Call(
        new CallTarget.Data(owner, name, effects, false, plain == PlainCall.ON_RECEIVER, plainAccess),
        args,
        type);
  }

  /** Where a callee's derivatives are. */
  public sealed interface Derivatives {}

  /**
   * The generated companion's methods.
   *
   * @param secondOrder whether the callee has second derivatives (it is not {@code order = 1})
   */
  public record Generated(ClassRef companion, boolean secondOrder) implements Derivatives {}

  /**
   * The user's methods in the callee's class.
   *
   * @param hessianVector the {@code @HessianVectorOf} method, or null if there is none
   */
  public record Custom(String gradient, String hessianVector) implements Derivatives {}

  /** The class whose methods compute the derivatives. */
  public ClassRef derivativeOwner() {
    return derivatives instanceof Generated g ? g.companion() : owner;
  }

  /**
   * The method a caller calls for {@code kind} of this callee, or null if it has none: a
   * {@code @Differentiable} callee's companion has every kind its order allows, named by the
   * registry; a custom derivative has its {@code @GradientOf} gradient and, if given, its
   * {@code @HessianVectorOf} product.
   */
  public String methodFor(Kind kind) {
    if (derivatives instanceof Custom c) {
      return switch (kind) {
        case GRADIENT -> c.gradient();
        case HESSIAN_VECTOR -> c.hessianVector();
        default -> null;
      };
    }
    Generated g = (Generated) derivatives;
    return kind.appliesTo(false, g.secondOrder() ? 2 : 1) ? kind.methodName(name) : null;
  }

  /** Whether the callee has a Hessian-vector product. */
  public boolean hasSecondOrder() {
    return methodFor(Kind.HESSIAN_VECTOR) != null;
  }
}
