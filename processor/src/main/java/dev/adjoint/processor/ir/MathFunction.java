package dev.adjoint.processor.ir;

import java.util.Optional;

/**
 * The functions of {@code java.lang.Math} and {@code java.lang.StrictMath} that have a derivative
 * rule. A call is resolved to one of these once, when it is read, from javac's element for it; later
 * stages compare constants, never names.
 */
public enum MathFunction {
  SIN("sin", 1),
  COS("cos", 1),
  TAN("tan", 1),
  ASIN("asin", 1),
  ACOS("acos", 1),
  ATAN("atan", 1),
  ATAN2("atan2", 2),
  SINH("sinh", 1),
  COSH("cosh", 1),
  TANH("tanh", 1),
  EXP("exp", 1),
  EXPM1("expm1", 1),
  LOG("log", 1),
  LOG10("log10", 1),
  LOG1P("log1p", 1),
  SQRT("sqrt", 1),
  CBRT("cbrt", 1),
  POW("pow", 2),
  HYPOT("hypot", 2),
  ABS("abs", 1),
  MAX("max", 2),
  MIN("min", 2),
  SIGNUM("signum", 1),
  FLOOR("floor", 1),
  CEIL("ceil", 1),
  RINT("rint", 1),
  ROUND("round", 1),
  TO_RADIANS("toRadians", 1),
  TO_DEGREES("toDegrees", 1);

  private final String javaName;
  private final int arity;

  MathFunction(String javaName, int arity) {
    this.javaName = javaName;
    this.arity = arity;
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
