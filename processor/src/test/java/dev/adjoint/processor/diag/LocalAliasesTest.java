package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: locals of type {@code String}, enum or a model object's class, initialised with a
 * parameter, a final field, a constant or another such local ({@code String mode = loss;}, {@code
 * Kind k = kind;}, {@code Bond b = bond; b.energy(x)}), were refused (ADJ037, ADJ080). They are
 * another name for what they name, read (or called on) where they are used; every generated kind
 * is checked against differences of the original for each mode. A local that names anything else,
 * or is assigned again, is ADJ088 on its line.
 */
class LocalAliasesTest {
  private static final String MODEL =
      """
      package p;
      import dev.adjoint.*;
      class Foo {
        enum Kind { A, B }
        static final class Bond {
          final double k;
          Bond(double k) { this.k = k; }
          double energy(double x) { return k * x * x * x; }
        }
        private final Bond held = new Bond(2);
        private final Kind preferred;
        private static final String DEFAULT = "abs";
        Foo(Kind preferred) { this.preferred = preferred; }

        @Differentiable(wrt = "x")
        double f(double x, String loss, Kind kind, Bond bond) {
          String mode = loss;
          String fallback = DEFAULT;
          String literal = "sq";
          Kind k = kind;
          Kind p = this.preferred;
          Bond b = bond;
          Bond h = held;
          Bond again = b;
          double s = b.energy(x) + h.energy(Math.sin(x)) + again.energy(x * x);
          if (k == Kind.A || p == Kind.B) {
            s += Math.exp(x);
          }
          switch (k) {
            case A -> s += x * s;
            case B -> s -= x;
          }
          switch (mode) {
            case "sq" -> s += x * x;
            default -> s -= Math.cosh(x);
          }
          if (k == Kind.B) {
            switch (literal) {
              case "sq" -> s *= 1.5;
              default -> s = -s;
            }
          }
          s += switch (fallback) {
            case "abs" -> 2 * x;
            default -> -x;
          };
          return s;
        }
      }
      """;

  @Test
  void aliasesComputeAsWhatTheyNameInEveryKind() throws Exception {
    Compilation c = expectClean("p.Foo", MODEL);
    ClassLoader loader = DiagnosticSources.classes(c);
    Class<?> foo = loader.loadClass("p.Foo");
    Class<?> kindClass = loader.loadClass("p.Foo$Kind");
    Class<?> bondClass = loader.loadClass("p.Foo$Bond");
    Class<?> companion = loader.loadClass("p.FooDerivatives");
    Constructor<?> makeFoo = foo.getDeclaredConstructor(kindClass);
    Constructor<?> makeBond = bondClass.getDeclaredConstructor(double.class);
    makeFoo.setAccessible(true);
    makeBond.setAccessible(true);
    Method f = foo.getDeclaredMethod("f", double.class, String.class, kindClass, bondClass);
    Method gradient = find(companion, "fGradient", 6);
    Method derivative = find(companion, "fDerivative", 6);
    Method hessianVector = find(companion, "fHessianVector", 8);
    f.setAccessible(true);
    Object[] kinds = kindClass.getEnumConstants();
    for (Object preferred : kinds) {
      for (Object kind : kinds) {
        for (String loss : new String[] {"sq", "huber"}) {
          Object self = makeFoo.newInstance(preferred);
          Object bond = makeBond.newInstance(0.7);
          GradientCheck.Function value = x -> (Double) call(f, self, x[0], loss, kind, bond);
          GradientCheck.Gradient grad =
              (x, g) -> (Double) call(gradient, null, self, x[0], loss, kind, bond, g);
          double[] at = {0.63};
          double[] g = new double[1];
          assertEquals(value.value(at), grad.valueAndGradient(at, g), 0.0, "the gradient returns f");
          GradientCheck.defaults().checkEachCoordinate(value, grad, at).assertPassed();
          assertEquals(
              g[0] * 0.5,
              (Double) call(derivative, null, self, 0.63, loss, kind, bond, new double[] {0.5}),
              1e-12,
              "forward mode against the gradient");
          GradientCheck.defaults()
              .checkHessianVector(
                  grad,
                  (x, v, gr, hv) -> (Double) call(hessianVector, null, self, x[0], loss, kind, bond, v, gr, hv),
                  at,
                  new double[] {1.0})
              .assertPassed();
        }
      }
    }
  }

  @Test
  void localsThatNameSomethingElseOrAreAssignedAgainAreRefused() {
    expectErrors(
        "p.Foo",
        """
        package p;
        import dev.adjoint.*;
        class Foo {
          enum Kind { A, B }
          static final class Bond {
            double energy(double x) { return x * x; }
          }
          private Kind changeable = Kind.A;
          static String name() { return "sq"; }

          @Differentiable(wrt = "x")
          double f(double x, String loss, Kind kind) {
            String mode = loss;
            Kind k = changeable;  //! ADJ088
            String n = name();  //! ADJ088 ADJ033
            Bond b = new Bond();  //! ADJ088 ADJ030
            mode = "abs";  //! ADJ088
            return x;
          }
        }
        """);
  }

  private static Method find(Class<?> c, String name, int parameters) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new AssertionError("no " + name + " with " + parameters + " parameters");
  }

  private static Object call(Method m, Object receiver, Object... args) {
    try {
      return m.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
