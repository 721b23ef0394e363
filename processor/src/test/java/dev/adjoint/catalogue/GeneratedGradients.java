package dev.adjoint.catalogue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signatures of the functions a companion class has gradients for, and of a set of catalogue
 * methods, in one form ({@code name[parameter types]}), so a catalogue test can check that the
 * two sets are the same.
 */
final class GeneratedGradients {
  private GeneratedGradients() {}

  /** {@code m[types]} for each allocating {@code double[] mGradient(types)} of the companion. */
  static Set<String> of(Class<?> derivatives) {
    Set<String> generated = new TreeSet<>();
    for (Method g : derivatives.getDeclaredMethods()) {
      if (Modifier.isStatic(g.getModifiers())
          && g.getName().endsWith("Gradient")
          && g.getReturnType() == double[].class) {
        String name = g.getName().substring(0, g.getName().length() - "Gradient".length());
        generated.add(name + Arrays.toString(g.getParameterTypes()));
      }
    }
    return generated;
  }

  /** {@code m[types]} for each method. */
  static Set<String> signaturesOf(Collection<Method> methods) {
    Set<String> out = new TreeSet<>();
    for (Method m : methods) {
      out.add(m.getName() + Arrays.toString(m.getParameterTypes()));
    }
    return out;
  }
}
