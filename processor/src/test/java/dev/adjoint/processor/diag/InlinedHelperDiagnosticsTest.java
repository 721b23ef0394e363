package dev.adjoint.processor.diag;

import static dev.adjoint.processor.diag.DiagnosticSources.expectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Helpers returning {@code double[]} read in place of their call ({@code check.InlinedCalls}):
 * the calls that cannot be read so are ADJ038 at the call, saying why; a helper whose body cannot
 * be differentiated has its errors at its own lines, once, and ADJ084 at each call.
 */
class InlinedHelperDiagnosticsTest {

  @Test
  void callsThatCannotBeReadInPlaceSayWhy() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static double[] twoReturns(double[] v) {
                double[] r = new double[v.length];
                if (v.length == 0) {
                  return r;
                }
                r[0] = v[0];
                return r;
              }

              private static double[] assignsParameter(double[] v, double a) {
                double[] r = new double[v.length];
                a = a * 2;
                r[0] = a * v[0];
                return r;
              }

              static double[] copied(double[] v) {
                double[] r = new double[v.length];
                r[0] = v[0];
                return r;
              }

              private static double[] selfCalling(double[] v) {
                double[] r = new double[v.length];
                double[] deeper = selfCalling(v);  //! ADJ038
                r[0] = v[0] + deeper[0];
                return r;
              }

              private static double[] ping(double[] v) {
                double[] r = pong(v);  //! ADJ084
                return r;
              }

              private static double[] pong(double[] v) {
                double[] r = ping(v);  //! ADJ038
                return r;
              }

              private static double[] returnsParameter(double[] v) {
                return v;
              }

              @Differentiable
              static double f(double[] x) {
                double[] a = twoReturns(x);  //! ADJ038
                double[] b = assignsParameter(x, x[0]);  //! ADJ038
                double[] c = selfCalling(x);  //! ADJ084
                double[] d = ping(x);  //! ADJ084
                double[] e = returnsParameter(x);  //! ADJ038
                return a[0] + b[0] + c[0] + d[0] + e[0] + Other.helper(x)[0];  //! ADJ038
              }
            }

            class Other {
              static double[] helper(double[] v) {
                double[] r = new double[1];
                r[0] = v[0];
                return r;
              }

              @Differentiable
              static double g(double[] x) {
                double[] r = Foo.copied(x);
                return r[0];
              }
            }
            """);
    String listing = DiagnosticSources.listing(c);
    assertContainsOnce(listing, "its body does not end in its only return, of one of its local arrays by name", 2);
    assertContainsOnce(listing, "it assigns its parameter a", 1);
    assertContainsOnce(listing, "it calls itself, directly or through the helpers it calls", 2);
    assertContainsOnce(listing, "its result is used other than to declare a local", 1);
  }

  /**
   * The body of a helper read in place is checked where it is read: its errors once, at its own
   * lines, and ADJ084 at each call; one without errors ({@code summed}, whose array goes whole to
   * a call, also where it is read inside a loop) is read in place with no error.
   */
  @Test
  void helperBodyErrorsAtItsLinesAndTheCall() {
    expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              private static double[] noisy(double[] v) {
                double[] r = new double[v.length];
                r[0] = v[0] * Math.random();  //! ADJ036
                return r;
              }

              private static double sum(double[] v) {
                double s = 0;
                for (double t : v) {
                  s += t;
                }
                return s;
              }

              private static double[] summed(double[] v) {
                double[] r = new double[v.length];
                r[0] = v[0];
                r[1] = sum(r);
                return r;
              }

              @Differentiable
              static double f(double[] x) {
                double[] a = noisy(x);  //! ADJ084
                double[] b = noisy(x);  //! ADJ084
                double total = a[0] + b[0];
                for (int i = 0; i < 3; i++) {
                  double[] c = summed(x);
                  total += c[1];
                }
                double[] d = summed(x);
                return total + d[1];
              }
            }
            """);
  }

  /**
   * A helper of another class is read in place only when static and when its body reads no state
   * of that class the generated class cannot reach or that may change: a private field, a private
   * helper, a field that is not a constant. Each is ADJ038 at the call, naming what it reads.
   */
  @Test
  void helpersOfAnotherClassThatCannotBeReadInPlaceSayWhy() {
    Compilation c =
        expectErrors(
            "p.Foo",
            """
            package p;
            import dev.adjoint.Differentiable;
            class Foo {
              @Differentiable
              static double f(double[] x) {
                double[] a = Vectors.scaledBySecret(x);  //! ADJ038
                double[] b = Vectors.viaPrivateHelper(x);  //! ADJ038
                double[] c = Vectors.scaledByCounter(x);  //! ADJ038
                double[] d = new Vectors().instanceCopy(x);  //! ADJ038
                double[] e = Vectors.scaledByConstant(x);
                return a[0] + b[0] + c[0] + d[0] + e[0];
              }
            }

            class Vectors {
              private static final double SECRET = 2;
              static final double SCALE = 3;
              static double counter = 1;

              static double[] scaledBySecret(double[] v) {
                double[] r = new double[v.length];
                r[0] = SECRET * v[0];
                return r;
              }

              static double[] viaPrivateHelper(double[] v) {
                double[] r = new double[v.length];
                r[0] = square(v[0]);
                return r;
              }

              private static double square(double t) {
                return t * t;
              }

              static double[] scaledByCounter(double[] v) {
                double[] r = new double[v.length];
                r[0] = counter * v[0];
                return r;
              }

              static double[] scaledByConstant(double[] v) {
                double[] r = new double[v.length];
                r[0] = SCALE * v[0];
                return r;
              }

              double[] instanceCopy(double[] v) {
                double[] r = new double[v.length];
                r[0] = v[0];
                return r;
              }
            }
            """);
    String listing = DiagnosticSources.listing(c);
    assertContainsOnce(listing, "its body reads the private field Vectors.SECRET", 1);
    assertContainsOnce(listing, "its body reads the private method Vectors.square", 1);
    assertContainsOnce(listing, "its body reads the field Vectors.counter, which is not a constant", 1);
    assertContainsOnce(listing, "it is an instance method of another class", 1);
  }

  /**
   * The body of a helper of another file read in place is checked where it is read, its errors
   * at its own lines in its own file, and ADJ084 at the call in the caller's file.
   */
  @Test
  void helperOfAnotherFileHasItsErrorsInItsFile() {
    String model =
        """
        package p;
        import dev.adjoint.Differentiable;
        class Model {
          @Differentiable
          static double f(double[] x) {
            double[] a = Noisy.shaken(x);
            return a[0];
          }
        }
        """;
    String noisy =
        """
        package p;
        final class Noisy {
          static double[] shaken(double[] v) {
            double[] r = new double[v.length];
            r[0] = v[0] * Math.random();
            return r;
          }
        }
        """;
    javax.tools.JavaFileObject modelFile = DiagnosticSources.source("p.Model", model);
    javax.tools.JavaFileObject noisyFile = DiagnosticSources.source("p.Noisy", noisy);
    Compilation c = DiagnosticSources.compile(modelFile, noisyFile);
    com.google.testing.compile.CompilationSubject.assertThat(c)
        .hadErrorContaining("[ADJ084]")
        .inFile(modelFile)
        .onLine(DiagnosticSources.lineOf(model, "Noisy.shaken(x)"));
    com.google.testing.compile.CompilationSubject.assertThat(c)
        .hadErrorContaining("[ADJ036]")
        .inFile(noisyFile)
        .onLine(DiagnosticSources.lineOf(noisy, "Math.random()"));
    com.google.testing.compile.CompilationSubject.assertThat(c).hadErrorCount(2);
  }

  private static void assertContainsOnce(String listing, String text, int times) {
    int count = listing.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    assertEquals(times, count, "\"" + text + "\" in\n" + listing);
  }
}
