package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Supplies the derivative of a method Adjoint cannot differentiate itself (one that calls a special
 * function from a library, loops, or is a hand-tuned kernel), so that {@code @Differentiable}
 * methods may call it.
 *
 * <p>For a method {@code static double f(P...)} in the same class, the annotated method must be
 * {@code static double anyName(P..., double[] grad)}: it returns {@code f}'s value and writes the
 * partial derivatives with respect to {@code f}'s {@code double} parameters, in order, into
 * {@code grad[0..k)}. Adjoint checks the signature at compile time.
 *
 * <pre>{@code
 * static double logGamma(double x) { return Gamma.logGamma(x); }
 *
 * @GradientOf("logGamma")
 * static double logGammaGradient(double x, double[] grad) {
 *   grad[0] = Gamma.digamma(x);
 *   return Gamma.logGamma(x);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GradientOf {
  /** {@return the name of the method, in the same class, whose gradient this is} */
  String value();
}
