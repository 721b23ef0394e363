package dev.adjoint.processor.ir;

/**
 * Whether calling a method may do more than compute its value, decided once by the reader from
 * the method's body. Generated code may call a method without effects again, or not at all,
 * where nothing but its value is at stake; a call that may have effects runs exactly where and
 * as often as the original runs it.
 */
public enum Effects {
  /**
   * Nothing but its value: a {@code @Differentiable} method whose body, and the bodies of the
   * differentiable methods it calls, make no call as a statement; or a method computing data,
   * called for its value whose body (and those of the methods with source it calls) makes no call
   * as a statement and writes no field; one without source is taken to be a pure function, as
   * README says.
   */
  NONE,
  /** Its body, or that of a differentiable method it calls, makes a call as a statement. */
  CALLS_AS_STATEMENTS,
  /**
   * Its body, or that of a method with source it calls, assigns a field or an element of an array
   * it may not have made itself (a helper computing data, whose body nothing checks, such as
   * {@code int next() { n = n - 1; return n; }}).
   */
  WRITES_FIELDS,
  /**
   * Its body cannot be read (a {@code @Differentiable} method compiled earlier, in a library), so
   * it is taken to have effects where that decides whether it runs at all.
   */
  UNKNOWN;

  /** Whether a call may do more than compute its value. */
  public boolean possible() {
    return this != NONE;
  }

  /** The effects of a method that does what either does. */
  public Effects and(Effects other) {
    return ordinal() >= other.ordinal() ? this : other;
  }

  /** The effects of calling what {@code e} calls; none if it is not a call. */
  public static Effects ofCall(Expr e) {
    if (e instanceof Expr.DiffCall c) {
      return c.callee().effects();
    }
    return e instanceof Expr.Call c ? c.target().effects() : NONE;
  }

  /** Whether evaluating {@code e} may do more than compute its value: a call in it may. */
  public static boolean possibleIn(Expr e) {
    boolean[] found = {false};
    Exprs.forEachNode(e, n -> found[0] |= ofCall(n).possible());
    return found[0];
  }
}
