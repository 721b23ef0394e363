package dev.adjoint.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * FIXED (found running the model-code corpus on integrate at ae86482: {@code SpringChain} and
 * {@code StandardTestFunction} compile and their companions fail to load): a private field of an
 * enum type, read by a {@code @Differentiable} method (here to switch on it), gets a {@code
 * VarHandle} looked up with type {@code Enum.class} instead of its enum class, so the companion's
 * static initializer throws ({@code NoSuchFieldException: no such field: p.Foo.kind/java.lang.Enum})
 * and every generated method fails with {@code ExceptionInInitializerError}. Compiled here under
 * {@code -Xlint:all}, the same cause shows first: the generated code declares the field's local as
 * the raw type {@code Enum} ("found raw type: java.lang.Enum").
 *
 * <p>Root cause: emit/CompanionMembers writes the handle's type as {@code h.returns().javaName()};
 * {@code Access.Handle} keeps only the {@link dev.adjoint.processor.ir.Type} ({@code ENUM}, also
 * {@code STRING}/{@code OBJECT}), not the field's class ({@code Variable.objectClass}). Severity: no
 * wrong number, but code that compiles cleanly fails at its first call.
 */
class PrivateEnumFieldHandleTypedAsEnumTest {
  private static final String SOURCE =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
        enum Kind { LINEAR, SQUARE }

        private final Kind kind = Kind.SQUARE;

        @Differentiable
        double g(double x) {
          return switch (kind) {
            case LINEAR -> x;
            default -> x * x * x;
          };
        }
      }
      """;

  @Test
  void gradientOfAMethodReadingAPrivateEnumFieldRuns() throws Exception {
    Compilation c = DiagnosticSources.expectClean("p.Foo", SOURCE);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    Constructor<?> make = foo.getDeclaredConstructor();
    make.setAccessible(true);
    Object model = make.newInstance();
    Method g = foo.getDeclaredMethod("g", double.class);
    g.setAccessible(true);
    Method gradient =
        Arrays.stream(loader.loadClass("p.FooDerivatives").getDeclaredMethods())
            .filter(m -> m.getName().equals("gGradient") && m.getParameterCount() == 3)
            .findFirst()
            .orElseThrow();
    gradient.setAccessible(true);
    double x = 0.7;
    double h = 1e-6;
    double difference =
        ((Double) g.invoke(model, x + h) - (Double) g.invoke(model, x - h)) / (2 * h);
    double[] grad = new double[1];
    double value = (Double) gradient.invoke(null, model, x, grad);
    assertEquals((Double) g.invoke(model, x), value, 0.0);
    assertEquals(difference, grad[0], 1e-6);
  }
}
