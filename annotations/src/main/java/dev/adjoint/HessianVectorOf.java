package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Supplies the second derivatives of a method that has a {@link GradientOf} method, so that the
 * Hessians of {@code @Differentiable} methods calling it can be generated. Without one, such a
 * caller must be {@code @Differentiable(order = 1)}.
 *
 * <p>For a method {@code static double f(P...)} in the same class, the annotated method must be
 * {@code static double anyName(P..., double[] v, double[] grad, double[] hv)}: it returns {@code f}'s
 * value, writes the gradient with respect to {@code f}'s {@code double} parameters into
 * {@code grad[0..k)} and the Hessian times {@code v} into {@code hv[0..k)}.
 *
 * <pre>{@code
 * @HessianVectorOf("logGamma")
 * static double logGammaHessianVector(double x, double[] v, double[] grad, double[] hv) {
 *   grad[0] = Gamma.digamma(x);
 *   hv[0] = Gamma.trigamma(x) * v[0];
 *   return Gamma.logGamma(x);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface HessianVectorOf {
  /**
   * {@return the name of the method, in the same class, whose Hessian-vector product this is}
   */
  String value();
}
