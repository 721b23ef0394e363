package dev.adjoint.catalogue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where {@link CatalogueTest} samples a {@link Catalogue} function, and what it differentiates.
 *
 * <p>Every catalogue method carries this annotation; it is how the test finds them, because
 * {@code @Differentiable} has class retention and is invisible to reflection.
 *
 * <ul>
 *   <li>Each {@code double} parameter is drawn uniformly from {@code [lo, hi]}, or, when {@link
 *       #lows()} and {@link #highs()} are given, from its own interval (one entry per {@code double}
 *       parameter, in declaration order). Choose intervals where the function is smooth, with a
 *       margin of about {@code 0.01 * max(1, |x|)} for the finite-difference stencil.
 *   <li>{@code int}, {@code long} and {@code boolean} parameters take fixed values from {@link
 *       #ints()}, {@link #longs()} and {@link #booleans()}, consumed in declaration order. An array
 *       may hold several complete sets back to back; the test uses set {@code p % sets} at sample
 *       point {@code p}, so one function can be checked on several branches.
 *   <li>{@link #wrt()} mirrors {@code @Differentiable(wrt = ...)}: it lists the 0-based positions, in
 *       the full parameter list, of the parameters named there, ascending. Empty means every {@code
 *       double} parameter, like {@code @Differentiable}'s default. (Positions rather than names,
 *       because the test sources are compiled without {@code -parameters}.) The test asserts that
 *       the generated gradient has exactly this many entries, and checks each entry against a finite
 *       difference along the parameter named here, so a mismatch fails loudly.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Domain {
  /** Lower end of the sampling interval shared by all {@code double} parameters. */
  double lo() default -2;

  /** Upper end of the sampling interval shared by all {@code double} parameters. */
  double hi() default 2;

  /** Per-parameter lower ends, one per {@code double} parameter; overrides {@link #lo()}. */
  double[] lows() default {};

  /** Per-parameter upper ends, one per {@code double} parameter; overrides {@link #hi()}. */
  double[] highs() default {};

  /** Positions (in the full parameter list) of the differentiated parameters; empty = all doubles. */
  int[] wrt() default {};

  /** Values of the {@code int} parameters, in declaration order; may repeat in whole sets. */
  int[] ints() default {};

  /** Values of the {@code long} parameters, in declaration order; may repeat in whole sets. */
  long[] longs() default {};

  /** Values of the {@code boolean} parameters, in declaration order; may repeat in whole sets. */
  boolean[] booleans() default {};
}
