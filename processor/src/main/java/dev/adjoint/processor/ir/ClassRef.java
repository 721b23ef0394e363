package dev.adjoint.processor.ir;

import java.util.List;

/** A class named by generated code, such as {@code java.lang.Math} or the user's class. */
public record ClassRef(String packageName, List<String> simpleNames) {
  public static final ClassRef MATH = new ClassRef("java.lang", List.of("Math"));
  public static final ClassRef STRICT_MATH = new ClassRef("java.lang", List.of("StrictMath"));

  public ClassRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /** The name as written in source, e.g. {@code Outer.Inner}. */
  public String simpleName() {
    return String.join(".", simpleNames);
  }

  @Override
  public String toString() {
    return packageName.isEmpty() ? simpleName() : packageName + "." + simpleName();
  }
}
