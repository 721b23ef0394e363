package dev.adjoint.processor.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import dev.adjoint.processor.diag.DiagnosticSources;
import dev.adjoint.runtime.Tape;
import dev.adjoint.runtime.Workspace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code switch} on a {@code String} or enum selector that is null throws {@code
 * NullPointerException} in Java; every generated method throws it too (it used to go to {@code
 * default} and return a number), and leaves the thread's tape and workspace as it found them:
 * a switch statement, a switch expression declared whole, one inside a larger expression, in a
 * loop, and in a vector method.
 */
class NullSwitchSelectorTest {
  private static final String SOURCE =
      """
      package repro;

      import dev.adjoint.Differentiable;

      public final class C {
        public enum Mode { SQUARE, CUBE }

        @Differentiable
        public static double byName(double x, String kind) {
          switch (kind) {
            case "square":
              return x * x;
            case "cube":
              return x * x * x;
            default:
              return x;
          }
        }

        @Differentiable
        public static double byMode(double x, Mode mode) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += Math.sin(x * i);
          }
          double y = switch (mode) {
            case SQUARE -> x * x;
            default -> s;
          };
          return y * s;
        }

        @Differentiable
        public static double inExpression(double x, Mode mode) {
          return x * (1 + switch (mode) { case CUBE -> 2.0; default -> 3.0; });
        }

        @Differentiable
        public static double inLoop(double x, String kind) {
          double s = 0;
          for (int i = 0; i < 3; i++) {
            switch (kind) {
              case "a" -> s += x * x;
              default -> s += Math.exp(x);
            }
          }
          return s;
        }

        @Differentiable
        public static double[] vector(double x, Mode mode) {
          double[] out = new double[2];
          out[0] = x * x;
          switch (mode) {
            case SQUARE:
              out[1] = x;
              break;
            default:
              out[1] = 2 * x;
          }
          return out;
        }
      }
      """;

  @Test
  void everyGeneratedMethodThrowsWhereTheOriginalDoes() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forSourceString("repro.C", SOURCE));
    ClassLoader loader = DiagnosticSources.classes(compilation);
    Class<?> c = loader.loadClass("repro.C");
    Class<?> d = loader.loadClass("repro.CDerivatives");
    List<String> originals = List.of("byName", "byMode", "inExpression", "inLoop", "vector");
    for (String name : originals) {
      Method original = method(c, name);
      assertInstanceOf(NullPointerException.class, thrown(original), name);
    }
    Tape tape = Tape.get();
    tape.push(42.5);
    int tapeSize = tape.size();
    int level = workspaceLevel();
    int checked = 0;
    for (Method m : d.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())
          || !Modifier.isStatic(m.getModifiers())
          || m.getName().endsWith("Sparsity")
          || m.getName().endsWith("HessianPattern")) {
        // The tracing sweep takes handles, not values (SparsityPatternTest checks it); the written
        // pattern follows only the control that decides which pairs meet (WrittenPatternTest).
        continue;
      }
      Throwable e = thrown(m);
      assertInstanceOf(NullPointerException.class, e, m.toString());
      assertEquals(tapeSize, tape.size(), "tape entries left by " + m);
      assertEquals(level, workspaceLevel(), "workspace marks left by " + m);
      checked++;
    }
    assertEquals(42.5, tape.popDouble());
    // Gradient, derivative, Hessian-vector product and Hessian of each scalar method, at least.
    assertTrue(checked >= 4 * 4 + 2, "methods checked: " + checked);
  }

  private static Method method(Class<?> c, String name) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** What {@code m} throws, called with x = 0.7, a null selector and long enough arrays. */
  private static Throwable thrown(Method m) throws IllegalAccessException {
    List<Object> args = new ArrayList<>();
    for (Class<?> p : m.getParameterTypes()) {
      args.add(
          p == double.class
              ? (Object) 0.7
              : p == double[].class ? new double[] {1, 1, 1, 1} : p == double[][].class ? new double[4][4] : null);
    }
    try {
      m.invoke(null, args.toArray());
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  /** Where the calling thread's workspace stands: the next mark it would hand out. */
  private static int workspaceLevel() {
    int mark = Workspace.mark();
    Workspace.release(mark);
    return mark;
  }
}
