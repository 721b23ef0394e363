/**
 * Adjoint's annotations ({@code @Differentiable} and the others a user writes) and the small
 * runtime that generated companion classes call. A modular project {@code requires dev.adjoint};
 * the runtime needs no other module.
 */
module dev.adjoint {
  exports dev.adjoint;
  exports dev.adjoint.runtime;
}
