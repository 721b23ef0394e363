package dev.adjoint.processor.fuzz;

import java.lang.reflect.Method;

/** What the minimised findings of the random-program test share: a generated method by name. */
final class Repro {
  private Repro() {}

  /** The method of {@code cls} called {@code name} with {@code parameters} parameters, accessible. */
  static Method method(Class<?> cls, String name, int parameters) {
    for (Method m : cls.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters");
  }
}
