package dev.adjoint.processor.rules;

import dev.adjoint.processor.ir.Expr;

/**
 * The derivative of one primitive: its partial derivative with respect to each argument, as an
 * expression over the arguments and the primitive's own value. One rule serves both modes: forward
 * mode forms the tangent {@code ẏ = Σ ∂ᵢ·ẋᵢ}, reverse mode the adjoints {@code x̄ᵢ += ȳ·∂ᵢ}.
 */
@FunctionalInterface
public interface Rule {
  /** {@code ∂f/∂xᵢ} at the point {@code site} describes, or null where it is identically zero. */
  Expr partial(int i, Site site);

  /**
   * Whether partial {@code i} may be infinite or NaN at {@code site} where the primitive's value is
   * finite ({@code sqrt} and {@code cbrt} at 0, {@code asin} at ±1, {@code hypot} at (0, 0)). The
   * differentiators then multiply by it with {@code Chain.times}, so that it contributes nothing
   * where its adjoint or tangent is exactly zero; other partials are multiplied plainly.
   */
  default boolean unbounded(int i, Site site) {
    return false;
  }

  /** {@code partials}, every one of them {@link #unbounded}. */
  static Rule unbounded(Rule partials) {
    return new Unbounded(partials, (i, site) -> true);
  }

  /** {@code partials}, {@link #unbounded} where {@code where} says so. */
  static Rule unbounded(Rule partials, Where where) {
    return new Unbounded(partials, where);
  }

  /** The sites and arguments where a rule's partial may be unbounded. */
  @FunctionalInterface
  interface Where {
    boolean test(int i, Site site);
  }

  /** A rule whose partials may be infinite or NaN where its value is finite. */
  record Unbounded(Rule partials, Where where) implements Rule {
    @Override
    public Expr partial(int i, Site site) {
      return partials.partial(i, site);
    }

    @Override
    public boolean unbounded(int i, Site site) {
      return where.test(i, site);
    }
  }

  /** The primitive's arguments and value at one place it is used. */
  interface Site {
    Expr arg(int i);

    /** The primitive's value there (an expression or the variable it was stored in). */
    Expr value();

    /** A call of another function of the same library ({@code Math} or {@code StrictMath}). */
    Expr call(dev.adjoint.processor.ir.MathFunction function, Expr... args);
  }

  /** The rule of a primitive whose derivative is zero wherever it exists (floor, signum, ...). */
  Rule ZERO = (i, site) -> null;
}
