package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Regression (random-program test, seed 1003, Gen9.m9, minimised): the companion of a method
 * returning {@code double[]} whose parameter is named like its class does not compile: {@code
 * mJacobian} calls the original for the number of outputs by the class's simple name, which the
 * parameter obscures.
 *
 * <p>Expected: the compilation succeeds (the original compiles; the other kinds rename or qualify
 * what a parameter obscures, as {@code ProgramGenerator}'s FIXED {@code AVOID_OBSCURING_NAMES}
 * says). Actual: {@code ERROR ... CDerivatives.java: double cannot be dereferenced} on
 *
 * <pre>
 * public static double[][] fJacobian(double C, double b) {
 *     return DenseDerivatives.jacobian(
 *             C.f(C, b).length,
 * </pre>
 *
 * <p>Root cause: {@code emit/JacobianMethods.java:118}, {@code CodeBlock.of("$T.$L($L)", owner,
 * m.name(), ...)}: JavaPoet writes {@code owner} by its simple name, and nothing checks it against
 * the parameters' names (the names the other emitters avoid, {@code NameAllocator}/{@code
 * Scopes}, are not consulted for the owner here). Right: give the generated parameter another
 * name where it clashes with the owner's simple name (as {@code grad} becomes {@code grad2}), or
 * write the owner fully qualified there. Severity: uncompilable generated code (the user's build
 * fails). Found by the generator's odd parameter names ({@code ODD_PARAM_NAMES} via {@code
 * oddName}), now that methods may return {@code double[]}; guard in {@code ProgramGenerator.method}, KNOWN BUG.
 */
class VectorMethodParameterNamedLikeItsClassTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        @Differentiable
        static double[] f(double C, double b) {
          double[] r = new double[2];
          r[0] = C * b;
          r[1] = C + b;
          return r;
        }
      }
      """;

  @Test
  void theCompanionCompiles() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    assertEquals(
        "",
        compilation.errors().stream()
            .map(Diagnostic::toString)
            .reduce("", (a, b) -> a + b + "\n"));
  }
}
