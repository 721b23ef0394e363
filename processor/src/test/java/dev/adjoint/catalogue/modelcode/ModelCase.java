package dev.adjoint.catalogue.modelcode;

import java.util.List;
import java.util.Set;

/**
 * How the test uses one class of the corpus: which class holds the annotated methods (a binary
 * name, {@code Outer$Inner} for a nested class), the receiver's constructor arguments (ignored for
 * static methods), the annotated methods, which parameters each differentiates (their positions;
 * the default, every {@code double}, {@code double[]} and {@code double[][]} parameter, when
 * empty), two argument lists inside the functions' domain, and the constructs the class uses.
 *
 * @param file the source file's name in {@code model-code/}
 */
record ModelCase(
    String file,
    String type,
    Object[] constructorArguments,
    List<String> methods,
    int[] wrt,
    List<Object[]> points,
    Set<Construct> constructs) {

  /** An enum constant as a constructor argument, resolved against the parameter's enum type. */
  record EnumConstant(String name) {}
}
