package dev.adjoint.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a generated gradient method with the positions of the original method's parameters it
 * differentiates, in gradient order. Adjoint reads it from compiled companions, where parameter
 * names may be gone, to differentiate calls into libraries compiled earlier.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface WithRespectTo {
  /** Zero-based positions in the original method's parameter list (the receiver not counted). */
  int[] value();
}
