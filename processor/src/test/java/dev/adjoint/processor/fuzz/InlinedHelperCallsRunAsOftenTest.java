package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.fuzz.Repro.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A helper returning {@code double[]} read in place of its call brings its calls made as
 * statements into the caller: they run as often in every generated method as in the original,
 * also when the caller is itself called for a value nobody reads ({@code read/CalleeEffects}
 * counts the helper's effects as the caller's) and when the helper is read into a loop.
 */
class InlinedHelperCallsRunAsOftenTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class D {
        public static int touched;

        static void touch() {
          touched++;
        }

        private static double[] touching(double x) {
          double[] r = new double[2];
          touch();
          r[0] = x * x;
          r[1] = 3 * x;
          return r;
        }

        @Differentiable
        static double f(double x) {
          double[] r = touching(x);
          return r[0] + r[1];
        }

        @Differentiable
        static double unusedCall(double x) {
          double unused = f(x);
          return x * x;
        }

        @Differentiable
        static double inLoop(double x) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            double[] r = touching(x * i);
            s += r[0] * r[1];
          }
          return s;
        }
      }
      """;

  @ParameterizedTest
  @ValueSource(strings = {"f", "unusedCall", "inLoop"})
  void callsRunAsInTheOriginal(String name) throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.D", SOURCE));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), compilation.errors().toString());
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.D");
    Class<?> d = loader.loadClass("repro.DDerivatives");
    Field touched = c.getField("touched");
    touched.setInt(null, 0);
    method(c, name, 1).invoke(null, 0.4);
    int runs = touched.getInt(null);
    assertTrue(runs > 0, name + " runs its calls");
    touched.setInt(null, 0);
    method(d, name + "Gradient", 2).invoke(null, 0.4, new double[1]);
    assertEquals(runs, touched.getInt(null), name + "Gradient");
    touched.setInt(null, 0);
    method(d, name + "Derivative", 2).invoke(null, 0.4, new double[] {1});
    assertEquals(runs, touched.getInt(null), name + "Derivative");
    touched.setInt(null, 0);
    method(d, name + "HessianVector", 4)
        .invoke(null, 0.4, new double[] {1}, new double[1], new double[1]);
    assertEquals(runs, touched.getInt(null), name + "HessianVector");
  }
}
