package dev.adjoint.processor.ir;

/** The kinds of method a companion holds for a differentiable method {@code m}. */
public enum Kind {
  GRADIENT("Gradient"),
  DERIVATIVE("Derivative"),
  HESSIAN_VECTOR("HessianVector"),
  HESSIAN("Hessian"),
  VECTOR_JACOBIAN("VectorJacobian"),
  JACOBIAN_VECTOR("JacobianVector"),
  JACOBIAN("Jacobian");

  private final String suffix;

  Kind(String suffix) {
    this.suffix = suffix;
  }

  /** The companion method's name for the original method {@code original}. */
  public String methodName(String original) {
    return original + suffix;
  }
}
