package dev.adjoint.processor.ir;

/**
 * Whether a field read always gives the same value, decided once by the reader (javac's {@code
 * VariableElement.getConstantValue()}): what a sparse pattern traced from a field must check at a
 * refill depends on it.
 */
public enum Constness {
  /** A compile-time constant or an enum constant: the same value at every call. */
  CONSTANT,
  /** Any other field: its value may differ from one call to the next. */
  VARIABLE
}
