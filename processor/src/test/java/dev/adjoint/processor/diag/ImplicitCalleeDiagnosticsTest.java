package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectClean;
import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static dev.adjoint.processor.diag.DiagnosticSources.message;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * The errors of helpers differentiated without an annotation (ADJ080–ADJ083): those of a helper's
 * body at its own lines, all in one compilation, and one at each call that needs its derivative;
 * nothing for a helper only called with data; and the calls Adjoint cannot differentiate.
 */
class ImplicitCalleeDiagnosticsTest {

  @Test
  void adj083HelperThatCannotBeDifferentiatedIsReportedAtItsLinesAndAtEachCallThatNeedsIt() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              static int calls;

              private static double bad(double x) {
                calls++;  //! ADJ032
                double r = Math.random();  //! ADJ036
                return x * r;
              }

              private static double indirect(double x) {
                return 2 * bad(x);  //! ADJ083
              }

              @Differentiable
              static double f(double x) {
                double a = bad(x) + bad(x * x);  //! ADJ083 ADJ083
                return a + indirect(x);  //! ADJ083
              }

              @Differentiable
              static double fine(double x) {
                return x * x;
              }
            }
            """);
    assertTrue(
        DiagnosticSources.listing(c).contains("Fix it as reported, give it a @GradientOf method beside it,"
            + " or pass it only values that do not depend on the differentiated parameters"),
        DiagnosticSources.listing(c));
  }

  /** A helper called with data only is a plain call: nothing about its body is reported. */
  @Test
  void helperCalledWithDataOnlyIsNotDifferentiated() {
    expectClean(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        class Foo {
          static int calls;

          static double counted(double x) {
            calls++;
            return x * Math.random();
          }

          @Differentiable(wrt = "x")
          static double f(double x, double data, int n) {
            return x * counted(data) + counted(2.0) * counted(n);
          }
        }
        """);
  }

  @Test
  void adj080To082CallsThatCannotBeDifferentiated() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              double open(double x) {
                return x * x;
              }

              @Differentiable
              double f(double x) {
                double a = new Foo().open(x);  //! ADJ080
                double b = Math.log(Double.sum(x, 1));  //! ADJ081
                return a + b + open(x) + open(2.0);  //! ADJ082
              }
            }
            """);
    assertTrue(message(c, "ADJ080").contains("Call it on a field or parameter holding the object"), DiagnosticSources.listing(c));
    assertTrue(
        message(c, "ADJ081").contains("Call it from a static method of yours and give that wrapper a"
            + " @GradientOf method beside it"),
        DiagnosticSources.listing(c));
    assertTrue(message(c, "ADJ082").contains("Make the method final or private"), DiagnosticSources.listing(c));
  }

  /** ADJ082's advice, followed, compiles; and so does ADJ081's wrapper with a @GradientOf. */
  @Test
  void adviceOfAdj081AndAdj082Followed() {
    expectClean(
        "p.Foo",
        """
        package p;
        import dev.adjoint.Differentiable;
        import dev.adjoint.GradientOf;
        class Foo {
          final double open(double x) {
            return x * x;
          }

          static double sum(double a, double b) {
            return Double.sum(a, b);
          }

          @GradientOf("sum")
          static double sumGradient(double a, double b, double[] grad) {
            grad[0] = 1;
            grad[1] = 1;
            return Double.sum(a, b);
          }

          @Differentiable(order = 1)
          double f(double x) {
            return Math.log(sum(x, 1)) + open(x) + open(2.0);
          }
        }
        """);
  }
}
