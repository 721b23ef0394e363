package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

/**
 * One diagnostic's advice, followed: {@code before} gets the error (marked as {@link
 * DiagnosticSources} reads markers, so its id and line are pinned) and its text contains {@code
 * advice}; {@code after} is the same code changed as that text says, and must compile cleanly.
 * Where {@code after} declares {@code static double f(double x)} in {@code p.Foo} ({@code
 * computes}), its gradient is checked against finite differences too.
 *
 * @param name what the case shows, for the test's name
 * @param id the diagnostic's id
 * @param advice a phrase of the message that advises the change made in {@code after}
 */
record Advice(String name, String id, String advice, String before, String after, boolean computes) {

  static Advice of(String name, String id, String advice, String before, String after) {
    return new Advice(name, id, advice, before, after, false);
  }

  /** As {@link #of}, and {@code after}'s {@code f(double x)} is checked against differences. */
  static Advice computing(String name, String id, String advice, String before, String after) {
    return new Advice(name, id, advice, before, after, true);
  }

  /** {@code members} in {@code class Foo} of package {@code p}, with Adjoint's annotations imported. */
  static String foo(String members) {
    return "package p;\nimport dev.adjoint.*;\nclass Foo {\n" + members + "}\n";
  }

  @Override
  public String toString() {
    return id + ": " + name;
  }

  /** Checks the case: the error with its advice before, a clean compilation after. */
  void check() throws ReflectiveOperationException {
    Compilation refused = expectErrors("p.Foo", before);
    List<String> texts =
        refused.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(t -> t.startsWith("[" + id + "] "))
            .toList();
    assertTrue(
        texts.stream().anyMatch(t -> t.contains(advice)),
        "no " + id + " message says \"" + advice + "\": " + texts);
    Compilation accepted = expectClean("p.Foo", after);
    if (computes) {
      checkGradientOfF(accepted);
    }
  }

  static void checkGradientOfF(Compilation c) throws ReflectiveOperationException {
    ClassLoader loader = DiagnosticSources.classes(c);
    Method f = loader.loadClass("p.Foo").getDeclaredMethod("f", double.class);
    Method gradient =
        loader.loadClass("p.FooDerivatives").getDeclaredMethod("fGradient", double.class, double[].class);
    f.setAccessible(true);
    gradient.setAccessible(true);
    for (double x : new double[] {0.71, 1.29}) {
      double[] grad = new double[1];
      assertEquals(invoke(f, x), invoke(gradient, x, grad), 0.0, "the gradient returns f's value");
      GradientCheck.defaults()
          .checkEachCoordinate(y -> invoke(f, y[0]), (y, g) -> invoke(gradient, y[0], g), new double[] {x})
          .assertPassed();
    }
  }

  private static double invoke(Method m, Object... args) {
    try {
      return (Double) m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
