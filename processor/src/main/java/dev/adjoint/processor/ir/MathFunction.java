package dev.adjoint.processor.ir;

import java.util.Optional;

/**
 * The functions of {@code java.lang.Math} and {@code java.lang.StrictMath} that have a derivative
 * rule. A call is resolved to one of these once, when it is read, from javac's element for it; later
 * stages compare constants, never names.
 */
public enum MathFunction {
SIN("sin", 1, Curvature.NONLINEAR),
COS("cos", 1, Curvature.NONLINEAR),
TAN("tan", 1, Curvature.NONLINEAR),
ASIN("asin", 1, Curvature.NONLINEAR),
ACOS("acos", 1, Curvature.NONLINEAR),
ATAN("atan", 1, Curvature.NONLINEAR),
ATAN2("atan2", 2, Curvature.NONLINEAR_JOINTLY),
SINH("sinh", 1, Curvature.NONLINEAR),
COSH("cosh", 1, Curvature.NONLINEAR),
TANH("tanh", 1, Curvature.NONLINEAR),
EXP("exp", 1, Curvature.NONLINEAR),
EXPM1("expm1", 1, Curvature.NONLINEAR),
LOG("log", 1, Curvature.NONLINEAR),
LOG10("log10", 1, Curvature.NONLINEAR),
LOG1P("log1p", 1, Curvature.NONLINEAR),
SQRT("sqrt", 1, Curvature.NONLINEAR),
CBRT("cbrt", 1, Curvature.NONLINEAR),
POW("pow", 2, Curvature.NONLINEAR_JOINTLY),
HYPOT("hypot", 2, Curvature.NONLINEAR_JOINTLY),
ABS("abs", 1, Curvature.PIECEWISE_LINEAR),
MAX("max", 2, Curvature.PIECEWISE_LINEAR),
MIN("min", 2, Curvature.PIECEWISE_LINEAR),
SIGNUM("signum", 1, Curvature.PIECEWISE_CONSTANT),
FLOOR("floor", 1, Curvature.PIECEWISE_CONSTANT),
CEIL("ceil", 1, Curvature.PIECEWISE_CONSTANT),
RINT("rint", 1, Curvature.PIECEWISE_CONSTANT),
ROUND("round", 1, Curvature.PIECEWISE_CONSTANT),
TO_RADIANS("toRadians", 1, Curvature.LINEAR),
TO_DEGREES("toDegrees", 1, Curvature.LINEAR);

  /**
   * Where a function's second derivative is not identically zero, which decides the pairs of
   * inputs it makes meet in a Hessian's pattern (see {@code diff.SparsityTracing}). Piecewise
   * functions count as their pieces: their second derivative is zero wherever derivatives are
   * computed.
   */
  public enum Curvature {
    /** Linear: no second derivative ({@code toRadians}). */
    LINEAR,
    /** Linear on each piece ({@code abs}, {@code max}, {@code min}). */
    PIECEWISE_LINEAR,
    /** Constant on each piece, no derivative at all ({@code floor}, {@code signum}). */
    PIECEWISE_CONSTANT,
    /** Nonlinear in its one operand ({@code exp}, {@code sin}, {@code sqrt}). */
    NONLINEAR,
    /**
     * Nonlinear in its operands together, with mixed second derivatives ({@code pow}, {@code
     * atan2}, {@code hypot}).
     */
    NONLINEAR_JOINTLY
  }

  private final String javaName;
  private final int arity;
  private final Curvature curvature;

  MathFunction(String javaName, int arity, Curvature curvature) {
    this.javaName = javaName;
    this.arity = arity;
    this.curvature = curvature;
  }

  /** Where its second derivative is not zero. */
  public Curvature curvature() {
    return curvature;
  }

  /** The method's name in {@code Math}. */
  public String javaName() {
    return javaName;
  }

  public int arity() {
    return arity;
  }

  /**
   * The function a method of {@code Math} or {@code StrictMath} named {@code name} with {@code
   * arity} parameters is. For the resolver and the language fence only, which have the method's
   * element at hand and know its owner is one of those two classes.
   */
  public static Optional<MathFunction> of(String name, int arity) {
    for (MathFunction f : values()) {
      if (f.javaName.equals(name) && f.arity == arity) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
