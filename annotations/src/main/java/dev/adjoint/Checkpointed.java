package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds the tape of a long loop in the gradient of a {@link Differentiable} method by binomial
 * checkpointing (Griewank and Walther's revolve): instead of recording every iteration, the
 * gradient keeps at most {@link #snapshots()} copies of the loop's state and runs iterations
 * again from them, recording one iteration at a time.
 *
 * <pre>
 * &#64;Differentiable
 * &#64;Checkpointed(snapshots = 20)
 * static double energy(double[] q0, double dt, int n) {
 *   double[] q = new double[2];
 *   ...
 *   for (int step = 0; step &lt; n; step++) {   // the method's one loop, or name it: steps: for ...
 *     ...
 *   }
 *   return ...;
 * }
 * </pre>
 *
 * <p>With s snapshots and n iterations, the gradient keeps s copies of the state (each scalar and
 * whole array the loop writes and that was set before it) and the tape of one iteration, instead of
 * the tape of n iterations; it runs r·n − C(s + r, s + 1) iterations again, r the smallest number
 * with C(s + r, s) ≥ n: with 20 snapshots, 10⁶ iterations are run 6.8 times more (r = 8),
 * with 10 snapshots, 1000 iterations 3.6 times more (r = 4). No schedule with s snapshots runs
 * fewer. Each iteration is computed with the same values in the same
 * order as without checkpointing, so the gradient is the same, to the last bit unless the
 * gradient without checkpointing runs the loop's two sweeps in one pass (a loop that records
 * nothing, which needs no checkpointing).
 *
 * <p>The loop must be a statement of the method's own block (not inside a branch or another loop),
 * counted ({@code for (int i = a; i < b; i++)}, or {@code <=}, or {@code i += c}) with bounds
 * fixed when it starts, without {@code break}. Its iterations run more than once, so a call made
 * in it as a statement, for its effect, runs more than once too, as does every method it calls,
 * differentiable or not.
 *
 * <p>Only the gradient and the vector-Jacobian product are checkpointed. The directional
 * derivative (forward mode) records nothing; the Hessian-vector product and the Hessian keep the
 * ordinary tape of every iteration.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Checkpointed {
  /** {@return how many copies of the loop's state the gradient keeps at most: one or more} */
  int snapshots();

  /**
   * The label of the loop to checkpoint ({@code steps: for (...)}); empty for the method's only
   * loop in its own block.
   *
   * @return the loop's label, or empty
   */
  String loop() default "";
}
