package dev.adjoint.runtime;

/** Argument checks that generated derivative methods call before they write to caller arrays. */
public final class Checks {
  private Checks() {}

  /**
   * Throws unless {@code array} has at least {@code needed} elements.
   *
   * @param array the caller's array
   * @param needed how many elements the generated method reads or writes
   * @param name the parameter's name, for the message
   * @throws NullPointerException if {@code array} is null
   * @throws IllegalArgumentException if {@code array} is shorter than {@code needed}
   */
  public static void requireLength(double[] array, int needed, String name) {
    if (array == null) {
      throw new NullPointerException(name + " is null; it needs length " + needed);
    }
    if (array.length < needed) {
      throw new IllegalArgumentException(
          name + " has length " + array.length + " but needs length " + needed);
    }
  }

  /**
   * Throws {@code exception}. Generated code calls this where the original method throws: the
   * same exception, made at the same point, written as a call so that the statements the
   * generated method keeps after that point still compile.
   *
   * @param exception what the original throws there
   * @throws RuntimeException always: {@code exception}
   */
  public static void raise(RuntimeException exception) {
    throw exception;
  }

  /**
   * Throws {@code exception}, as {@link #raise} does, written as a value: generated code returns
   * this where the original method's path ends in a {@code throw}, so that the path still ends in a
   * return.
   *
   * @param exception what the original throws there
   * @return never
   * @throws RuntimeException always: {@code exception}
   */
  public static double raised(RuntimeException exception) {
    throw exception;
  }

  /**
   * Throws where reading element {@code index} of an array of length {@code length} throws: the
   * same exception and message as Java's. Generated code calls this where the original reads an
   * element whose value no derivative needs, so that it still fails where the original fails.
   *
   * @param index the element's index
   * @param length the array's length
   * @throws ArrayIndexOutOfBoundsException unless {@code 0 <= index < length}
   */
  public static void index(int index, int length) {
    inBounds(index, length);
  }

  /**
   * {@code index}, where it is an element of an array of length {@code length}; otherwise throws
   * what reading that element throws, the same exception with the same message as Java's.
   * Generated code indexes with this an array made in a loop, which lives in a buffer that may be
   * longer than the iteration's array.
   *
   * @param index the element's index
   * @param length the array's length
   * @return {@code index}
   * @throws ArrayIndexOutOfBoundsException unless {@code 0 <= index < length}
   */
  public static int inBounds(int index, int length) {
    if (index < 0 || index >= length) {
      throw new ArrayIndexOutOfBoundsException(
          "Index " + index + " out of bounds for length " + length);
    }
    return index;
  }
}
