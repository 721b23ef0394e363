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
