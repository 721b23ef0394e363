package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.fuzz.Repro.method;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * FIXED (random-program test, seed 3006, Gen11.m5, minimised): a call of a {@code @Differentiable}
 * method whose arguments carry no derivative, in a branch of a {@code ?:} whose value does, was
 * evaluated by the derivative code where the source does not evaluate it, and again where it
 * does: its calls made as statements (here {@code touch}) ran in {@code fGradient} when the branch
 * was not taken (1 run for 0), and not at all in {@code fDerivative} when it was; with a call also in the condition, after {@code ||}, {@code
 * hGradient} ran them 3 times and {@code hHessianVector} 5 times where {@code h} runs them once.
 *
 * <p>What was wrong: the partials of {@code sin(c < b ? g(b) : a * a)} copy the {@code ?:} with
 * its call ({@code cos(c < b ? g(b) : a * a) * (c < b ? 0 : 2a)}), and the locals shared among
 * the partials ({@code SharedSubexpressions}) were computed before them, outside the branch. Now
 * {@code CallSites} computes every call of a method in a differentiated statement once into a
 * local where the source computes it (a {@code ?:} with a call in a branch becomes an if/else, a
 * condition with a call a boolean local), so the copies read locals and hold no call.
 */
class CallInBranchOfConditionalEvaluatedAgainTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static int touched;

        static void touch(int k) {
          touched++;
        }

        @Differentiable
        static double g(double x) {
          touch(1);
          return x * x;
        }

        @Differentiable(wrt = "a")
        static double f(double a, double b, double c) {
          return Math.sin(c < b ? g(b) : a * a);
        }

        @Differentiable(wrt = "a")
        static double h(double a, double b, double c) {
          return Math.sin((c < b || g(c) < b) ? g(b) : a * a);
        }
      }
      """;

  @Test
  void theCallInTheBranchRunsOnlyWhereTheSourceRunsIt() throws Exception {
    Kinds kinds = compile();
    // c < b: the branch with the call is taken; else not.
    for (double b : new double[] {-1.0, 1.0}) {
      int expected = kinds.original("f", b);
      assertEquals(b > 0.2 ? 1 : 0, expected);
      kinds.expectEachKindRuns("f", b, expected);
    }
  }

  @Test
  void callsInTheConditionAndTheBranchRunOnceEach() throws Exception {
    Kinds kinds = compile();
    for (double b : new double[] {1.0, -1.0, 0.05}) {
      kinds.expectEachKindRuns("h", b, kinds.original("h", b));
    }
  }

  private static Kinds compile() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    return new Kinds(loader.loadClass("repro.C"), loader.loadClass("repro.CDerivatives"));
  }

  /** Runs a method and its generated kinds at a = 0.3, c = 0.2, counting the callee's effects. */
  private record Kinds(Class<?> original, Class<?> derivatives) {
    int original(String name, double b) throws Exception {
      return touches(() -> method(original, name, 3).invoke(null, 0.3, b, 0.2));
    }

    void expectEachKindRuns(String name, double b, int expected) throws Exception {
      assertEquals(
          expected,
          touches(() -> method(derivatives, name + "Gradient", 4).invoke(null, 0.3, b, 0.2, new double[1])),
          name + "Gradient at b = " + b);
      assertEquals(
          expected,
          touches(() -> method(derivatives, name + "Derivative", 4).invoke(null, 0.3, b, 0.2, new double[] {1})),
          name + "Derivative at b = " + b);
      assertEquals(
          expected,
          touches(
              () ->
                  method(derivatives, name + "HessianVector", 6)
                      .invoke(null, 0.3, b, 0.2, new double[] {1}, new double[1], new double[1])),
          name + "HessianVector at b = " + b);
    }

    private int touches(Call call) throws Exception {
      Field touched = original.getField("touched");
      touched.setInt(null, 0);
      call.run();
      return touched.getInt(null);
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }
}
