package dev.adjoint.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a generated gradient method whose original method makes a call as a statement, itself or
 * through the differentiable methods it calls. Adjoint reads it from compiled companions: a caller
 * compiled later runs such a callee exactly as often as the caller's original does, never again
 * in a backward sweep (except that a {@code @Checkpointed} loop runs its iterations, calls
 * included, again). A compiled gradient without it belongs to a method without effects.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface HasEffects {}
