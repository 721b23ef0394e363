package dev.adjoint.catalogue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where {@link LoopCatalogueTest} samples a {@link LoopCatalogue} function, and what it
 * differentiates.
 *
 * <p>Every loop-catalogue method carries this annotation; it is how the test finds them, because
 * {@code @Differentiable} has class retention and is invisible to reflection. The parameters may
 * be {@code double}, {@code double[]}, {@code double[][]}, {@code int[]}, {@code int}, {@code long}
 * and {@code boolean}.
 *
 * <ul>
 *   <li><b>Values.</b> A {@code double} parameter, and every element of a {@code double[]} or
 *       {@code double[][]} parameter, is drawn uniformly from {@code [lo, hi]}; or, when {@link
 *       #lows()} and {@link #highs()} are given, from its parameter's own interval (one entry per
 *       {@code double}, {@code double[]} or {@code double[][]} parameter, in declaration order; all
 *       elements of one array share its interval). Choose intervals where the function is smooth
 *       and moderate (finite, no huge magnitudes), with a margin of about {@code 0.01 * max(1,
 *       |x|)} for the finite-difference stencil.
 *   <li><b>Shapes.</b> {@link #sizes()} gives the array shapes in declaration order: one entry
 *       (the length) per {@code double[]} or {@code int[]} parameter and two entries (rows, then
 *       columns) per {@code double[][]} parameter; matrices are rectangular. Example: for {@code
 *       f(double[] w, double[][] x, double[] y)}, {@code sizes = {3, 6, 3, 6}} means w has 3
 *       elements, x is 6&times;3 and y has 6.
 *   <li><b>Integer arrays.</b> The elements of every {@code int[]} parameter are drawn uniformly
 *       from the integers in {@code [intArrayLo, intArrayHi]} (both ends included).
 *   <li><b>Fixed values.</b> {@code int}, {@code long} and {@code boolean} parameters take fixed
 *       values from {@link #ints()}, {@link #longs()} and {@link #booleans()}, consumed in
 *       declaration order.
 *   <li><b>Sets.</b> {@link #sizes()}, {@link #ints()}, {@link #longs()} and {@link #booleans()}
 *       may each hold several complete sets back to back; sample point {@code p} uses set
 *       {@code p % sets} of each. When shapes and ints must agree (an int bounded by an array
 *       length, say), give them the same number of sets.
 *   <li><b>Differentiated inputs.</b> {@link #wrt()} mirrors {@code @Differentiable(wrt = ...)}:
 *       the 0-based positions, in the full parameter list, of the parameters named there,
 *       ascending. Empty means every {@code double}, {@code double[]} and {@code double[][]}
 *       parameter, like {@code @Differentiable}'s default. The test flattens them as the generated
 *       code does (a {@code double} is one slot, a {@code double[]} its length, a {@code
 *       double[][]} its rows in order) and asserts that the generated gradient has exactly that
 *       many entries.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LoopDomain {
  /** Lower end of the interval shared by all {@code double} values and array elements. */
  double lo() default -1;

  /** Upper end of the interval shared by all {@code double} values and array elements. */
  double hi() default 1;

  /**
   * Per-parameter lower ends, one per {@code double}, {@code double[]} or {@code double[][]}
   * parameter in declaration order; overrides {@link #lo()}.
   */
  double[] lows() default {};

  /** Per-parameter upper ends, matching {@link #lows()}; overrides {@link #hi()}. */
  double[] highs() default {};

  /**
   * Array shapes in declaration order: the length of each {@code double[]} and {@code int[]}, rows
   * and columns of each {@code double[][]}; may repeat in whole sets.
   */
  int[] sizes() default {};

  /** Smallest element of every {@code int[]} parameter (included). */
  int intArrayLo() default 0;

  /** Largest element of every {@code int[]} parameter (included). */
  int intArrayHi() default 3;

  /** Values of the {@code int} parameters, in declaration order; may repeat in whole sets. */
  int[] ints() default {};

  /** Values of the {@code long} parameters, in declaration order; may repeat in whole sets. */
  long[] longs() default {};

  /** Values of the {@code boolean} parameters, in declaration order; may repeat in whole sets. */
  boolean[] booleans() default {};

  /**
   * Positions (in the full parameter list) of the differentiated parameters, ascending; empty means
   * every {@code double}, {@code double[]} and {@code double[][]} parameter.
   */
  int[] wrt() default {};
}
