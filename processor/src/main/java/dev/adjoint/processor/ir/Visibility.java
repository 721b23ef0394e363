package dev.adjoint.processor.ir;

/**
 * Who may call a generated method: public for a public method of a public class, private for the
 * derivatives of a helper differentiated implicitly that only its own class's methods need.
 */
public enum Visibility {
  PUBLIC,
  PACKAGE,
  PRIVATE
}
