package dev.adjoint.catalogue.modelcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.diag.DiagnosticSources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPEN (found in review of issue 16's integrate at 8bc6366; not caused by it): a local that reads
 * an array element and is never used ({@code double u = x[7];}) is dropped from the gradient with
 * the ArrayIndexOutOfBoundsException Java throws there, so the gradient returns where f throws;
 * the same holds for an argument of a helper read in place that the helper never reads. The
 * simplifier treats an element read as free of effects; it can throw. Move this file to
 * processor/src/test/java/dev/adjoint/catalogue/modelcode/ with the fix.
 */
class UnusedElementReadDroppedWithItsExceptionTest {
  @Test
  void gradientThrowsWhereTheOriginalDoes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Probes.java");
    Files.writeString(
        file,
        """
        package probes;

        import dev.adjoint.Differentiable;

        public class Probes {
          @Differentiable
          public static double unread(double[] x) {
            double u = x[7];
            return x[0] * x[0];
          }
        }
        """);
    Compilation compilation = ModelCodeSources.compile(file);
    assertEquals(Compilation.Status.SUCCESS, compilation.status());
    Class<?> companion =
        DiagnosticSources.classes(compilation).loadClass("probes.ProbesDerivatives");
    Method gradient = null;
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals("unreadGradient")) {
        gradient = m;
      }
    }
    Method g = gradient;
    Object[] args = new Object[g.getParameterCount()];
    args[0] = new double[] {0.3, 0.4};
    for (int k = 1; k < args.length; k++) {
      args[k] = new double[2];
    }
    InvocationTargetException thrown =
        assertThrows(InvocationTargetException.class, () -> g.invoke(null, args));
    assertInstanceOf(ArrayIndexOutOfBoundsException.class, thrown.getCause());
  }
}
