package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hand-optimised copy of a generated derivative: typically a method copied from the
 * companion into the original's class and edited. From then on the companion's method of that
 * kind calls this one (so every caller, including other generated derivatives, uses it), keeps the
 * generated version as {@code mGradientGenerated} (or {@code mDerivativeGenerated}, {@code
 * mHessianVectorGenerated}), and gains {@code verifyMGradient(...)} (and so on), which compares
 * the two and fails with a report naming what differs.
 *
 * <p>The method must be static, in the same class as the {@code @Differentiable} method {@code m}
 * it names, and have exactly the generated method's parameters: {@code m}'s parameters, then
 * {@code double[] grad} (gradient), {@code double[] direction} (derivative) or {@code double[] v,
 * double[] grad, double[] hv} (Hessian-vector product); it returns {@code m}'s value (the
 * derivative for {@link Kind#DERIVATIVE}).
 *
 * <pre>{@code
 * @DerivativeOf("rosenbrock")
 * static double rosenbrockGradientFast(double x, double y, double[] grad) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {
  /** {@return the {@code @Differentiable} method, in the same class, this is a derivative of} */
  String value();

  /** {@return which generated method this replaces} */
  Kind kind() default Kind.GRADIENT;

  /** The generated methods a hand-optimised version may replace. */
  enum Kind {
    /** {@code mGradient(P..., double[] grad)}. */
    GRADIENT,
    /** {@code mDerivative(P..., double[] direction)}. */
    DERIVATIVE,
    /** {@code mHessianVector(P..., double[] v, double[] grad, double[] hv)}. */
    HESSIAN_VECTOR
  }
}
