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
 * FIXED (found reading the code, each failing before its fix): calls that run a different number
 * of times in generated methods than in the original.
 *
 * <ul>
 *   <li>Methods calling each other: {@code b} calls {@code a}, which makes a call as a statement
 *       and calls {@code b}. Deciding {@code a} first decided {@code b} on the way, from {@code
 *       a}'s provisional "no effects", and kept that, so an unread {@code b(x, 2)} was dropped. {@code read/CalleeEffects} now
 *       walks such methods again until nothing changes.
 *   <li>A loop whose body is dead but whose update makes a call with effects was dropped whole
 *       ({@code simplify/DeadCode}).
 *   <li>{@code w[idx(k)] += v} ran {@code idx} twice, once for the element read and once for the
 *       store ({@code diff/CallSites} made a local for each); the read now uses the store's.
 * </ul>
 */
class CallsWithEffectsFoundInReviewTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public static int touched;

        static void touch(int k) {
          touched++;
        }

        static int idx(int k) {
          touched++;
          return k;
        }

        @Differentiable
        static double b(double x, int n) {
          return n <= 0 ? x : 2 * a(x, n);
        }

        @Differentiable
        static double a(double x, int n) {
          touch(1);
          return b(x, n - 1) + x;
        }

        @Differentiable
        static double tick(double t) {
          touch(1);
          return t + 1;
        }

        @Differentiable
        static double recursive(double x) {
          double first = a(x, 1);
          double unused = b(x, 2);
          return x * first;
        }

        @Differentiable
        static double loop(double x) {
          for (double t = 0; t < 3; t = tick(t)) {
            double unused = t;
          }
          return x * x;
        }

        @Differentiable
        static double element(double x, int k) {
          double[] w = new double[3];
          w[idx(k)] += x * x;
          return w[k] * x;
        }
      }
      """;

  @Test
  void methodsCallingEachOther() throws Exception {
    expectSameRuns("recursive", 0.4);
  }

  @Test
  void aDeadLoopWhoseUpdateHasEffects() throws Exception {
    expectSameRuns("loop", 0.4);
  }

  @Test
  void anElementAddedToThroughACalledIndex() throws Exception {
    expectSameRuns("element", 0.4, 1);
  }

  private static void expectSameRuns(String name, Object... args) throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    expectSameRuns(c.getField("touched"), c, d, name, args);
  }

  private static void expectSameRuns(
      Field touched, Class<?> c, Class<?> d, String name, Object[] args) throws Exception {
    touched.setInt(null, 0);
    method(c, name, args.length).invoke(null, args);
    int runs = touched.getInt(null);
    assertEquals(true, runs > 0, name + " runs its calls");

    touched.setInt(null, 0);
    method(d, name + "Gradient", args.length + 1).invoke(null, with(args, new double[1]));
    assertEquals(runs, touched.getInt(null), name + "Gradient");

    touched.setInt(null, 0);
    method(d, name + "Derivative", args.length + 1).invoke(null, with(args, new double[] {1}));
    assertEquals(runs, touched.getInt(null), name + "Derivative");

    touched.setInt(null, 0);
    method(d, name + "HessianVector", args.length + 3)
        .invoke(null, with(args, new double[] {1}, new double[1], new double[1]));
    assertEquals(runs, touched.getInt(null), name + "HessianVector");
  }

  private static Object[] with(Object[] args, Object... more) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
