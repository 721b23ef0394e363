package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose derivatives Adjoint generates at compile time.
 *
 * <p>For a class {@code p.Foo}, the annotation processor writes {@code p.FooDerivatives} with, for a
 * method {@code double m(...)}, the gradient {@code mGradient} (reverse mode), the directional
 * derivative {@code mDerivative} (forward mode), and, unless {@link #order()} is 1, the
 * Hessian-vector product {@code mHessianVector} (forward mode over the gradient) and the dense
 * Hessian {@code mHessian}. The derivative is taken with respect to the
 * parameters named in {@link #wrt()}, or every {@code double} parameter when it is empty.
 *
 * <p>The method's body is read at compile time, so it must be written in the subset of Java that
 * Adjoint differentiates (see the project README); anything else is a compile error on its line.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * The names of the parameters to differentiate with respect to, in any order (the gradient follows
   * declaration order). Empty means every {@code double} parameter. Parameters not named are data:
   * they are read, never differentiated.
   *
   * @return the parameters differentiated, or empty for every {@code double} one
   */
  String[] wrt() default {};

  /**
   * The highest order of derivatives to generate: 2 (the default) for gradients and Hessians, or 1
   * for the gradient and directional derivative only. Order 1 is for methods that call a function
   * whose custom derivative ({@link GradientOf}) gives no second derivatives.
   *
   * @return 1 or 2
   */
  int order() default 2;

  /**
   * How the sparse Hessian {@code mHessianSparse} computes its values: {@link HessianRoute#AUTO}
   * (the default) lets it choose between colouring and edge pushing when it makes the matrix;
   * {@link HessianRoute#COLORING} or {@link HessianRoute#EDGE_PUSHING} forces one. Forcing edge
   * pushing on a method that cannot have it is a compile error that says why.
   *
   * @return the route of the sparse Hessian
   */
  HessianRoute hessian() default HessianRoute.AUTO;
}
