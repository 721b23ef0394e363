package dev.adjoint.processor.fuzz;

import static dev.adjoint.processor.fuzz.Repro.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Regression (random-program test, every seed with vector-valued methods): a Jacobian product given
 * an output-sized array that is too short ({@code jv} to {@code mJacobianVector}, {@code u} to
 * {@code mVectorJacobian}) throws the documented {@code IllegalArgumentException}, but only after
 * its forward sweep took workspace arrays and (reverse mode, in loops) pushed on the thread's
 * tape, and it gives back neither: the thread's {@link Workspace} mark and {@link Tape} stay
 * where they were left. README: "Each gradient pops exactly what it pushed".
 *
 * <p>Expected: after each rejected call, {@code Tape.get().size()} and {@code Workspace.mark()}
 * are what they were before (0 on a fresh thread). Actual: {@code fJacobianVector} with a short
 * {@code jv} leaves the workspace at 1 (one array, {@code rDot}); {@code fVectorJacobian} with a
 * short {@code u} leaves the tape at 2 entries (the loop's pushes) and the workspace at 2 ({@code
 * r}, {@code rBar}). Later calls on the thread still work (each marks and releases from where it
 * starts), but the tape and workspace keep what was left for the life of the thread.
 *
 * <p>Root cause: the length of the output is known only at the return, so {@code
 * diff/ForwardMode.java:271} ({@code returnTangents}: {@code Exprs.requireLength(jv, length)})
 * and {@code diff/ReverseMode.java:590} (575 on main at 05eb4d5; {@code returning}: {@code Exprs.requireLength(seed,
 * length)}) check there, after the forward sweep, and the emitted {@code Workspace.release} and
 * the backward sweep's pops never run when the check throws. Right: release the workspace and
 * unwind the tape to its size at entry before throwing (e.g. {@code Checks.requireLength}
 * wrapped by a helper that first does {@code tape.truncate(start); Workspace.release(mark);}),
 * or a try/finally around the body, or check the output length first by running nothing else
 * (the output array's {@code new double[n]} length expression, when it depends only on inputs).
 * Harness tolerance: {@code RandomProgramsTest.expectIllegalArgument}, KNOWN BUG.
 */
class JacobianProductShortOutputArrayLeavesTapeAndWorkspaceTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        @Differentiable
        static double[] f(double a, double b) {
          double[] r = new double[2];
          double s = a;
          for (int i = 0; i < 2; i++) {
            s = Math.sin(s * b);
          }
          r[0] = s;
          r[1] = a * b;
          return r;
        }
      }
      """;

  @Test
  void aRejectedOutputArrayLeavesTheTapeAndWorkspaceAsTheyWere() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> d = loader.loadClass("repro.CDerivatives");
    Method jacobianVector = method(d, "fJacobianVector", 4);
    Method vectorJacobian = method(d, "fVectorJacobian", 4);
    Throwable[] failure = new Throwable[1];
    Thread thread =
        new Thread(
            () -> {
              try {
                Throwable e =
                    assertThrows(
                        InvocationTargetException.class,
                        () -> jacobianVector.invoke(null, 0.3, 0.2, new double[2], new double[1]));
                assertEquals(IllegalArgumentException.class, e.getCause().getClass());
                assertEquals(0, workspaceLevel(), "workspace after mJacobianVector");
                e =
                    assertThrows(
                        InvocationTargetException.class,
                        () -> vectorJacobian.invoke(null, 0.3, 0.2, new double[1], new double[2]));
                assertEquals(IllegalArgumentException.class, e.getCause().getClass());
                assertEquals(0, Tape.get().size(), "tape after mVectorJacobian");
                assertEquals(0, workspaceLevel(), "workspace after mVectorJacobian");
              } catch (Throwable t) {
                failure[0] = t;
              }
            });
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }


  /** The thread's workspace level, measured by a mark released at once. */
  private static int workspaceLevel() {
    int level = Workspace.mark();
    Workspace.release(level);
    return level;
  }
}
