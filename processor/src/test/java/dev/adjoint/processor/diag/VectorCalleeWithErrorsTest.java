package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * A vector-valued {@code @Differentiable} method called through its companion whose own body
 * cannot be differentiated: its errors at its lines, and its caller, whose generated code would
 * call the companion methods that are not generated, refused on its declaration (ADJ034).
 */
class VectorCalleeWithErrorsTest {
  @Test
  void theCallerOfAFailedVectorCalleeIsRefused() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.*;
            class Foo {
              static final class Pair {
                @Differentiable
                double[] of(double x) {
                  double[] r = new double[2];
                  float h = 0.5f;  //! ADJ037 ADJ037
                  r[0] = h * x;  //! ADJ037
                  r[1] = x;
                  return r;
                }
              }

              private final Pair pair = new Pair();

              @Differentiable
              double f(double x) {  //! ADJ034
                double[] p = pair.of(x);
                return p[0] * p[1];
              }
            }
            """);
    assertTrue(
        DiagnosticSources.message(c, "ADJ034").contains("it has errors of its own"),
        DiagnosticSources.message(c, "ADJ034"));
  }
}
